// `tsx electron/cli/tempo-check.ts [--model DIR] [--json]`
// How well natural lengths follow real speakers: 2–4-word spans of the held-out LibriSpeech clips
// (training/real/librispeech_rz_test.json: forced-aligned words; audio from `training/real_corpus.py
// --source librispeech_rz_test`), each given its natural length at the tempo the engine reads around it
// (LISTEN_SECONDS either side, the span left out), against how long the speaker took. Side by side: the
// aligner's phone loop (edit/prepare.ts contextTempo, what fills use), the syllable rate of the model's
// window (durations.ts estimateSpeakingRate, the fallback) and, as the yardstick, no reading at all (the
// corpus pace, tempo 1), on each clip as recorded and in a reverberant room (the clip convolved with
// decaying noise, RT60 0.6 s). Prints the median of log(natural / said), its median size and the share
// within 15 %. Then how much of a real change of pace each reading follows: every clip played 1.25×
// faster and 0.8× as fast (tape speed: resampled), the change of its reading over the change of pace in
// log terms, median over the clips (1: follows fully; 0: not at all, as tempo 1).
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { readAudioFile } from '../engine/audio/decode'
import { resample } from '../engine/audio/resample'
import { mixDown, phonesForText } from '../engine/core'
import { modelLogMel } from '../engine/dsp/denoise'
import { logMel } from '../engine/dsp/features'
import { realFft } from '../engine/dsp/fft'
import { corpusPhoneRate, estimateSpeakingRate, naturalDurations, phoneMeans, tempoFactor } from '../engine/durations'
import { contextTempo } from '../engine/edit/prepare'
import { defaultModelDir } from '../engine/engine'
import { loadModel, releaseModel } from '../engine/model'
import type { PcmAudio } from '../engine/types'

const MANIFEST = 'training/real/librispeech_rz_test.json'
const AUDIO_DIR = 'training/data/real/librispeech_rz_test'
const WINDOW_SECONDS = 1.5 // the shipped model's context: what the syllable estimate reads

/** x in a room: convolved with exponentially decaying noise (RT60 `rt60` s) after the direct sound. */
export function reverberant(x: Float32Array, rate: number, rt60 = 0.6, seed = 7): Float32Array {
  let s = seed
  const uniform = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5
  const n = Math.round(rt60 * rate)
  const ir = Float32Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0.25 * uniform() * 10 ** ((-3 * i) / n)))
  // One FFT convolution (a direct one over 83 clips took minutes).
  let size = 4
  while (size < x.length + n) size *= 2
  const fft = realFft(size)
  const bins = size / 2 + 1
  const [xr, xi, hr, hi] = [0, 0, 0, 0].map(() => new Float64Array(bins))
  const pad = (v: Float32Array) => {
    const out = new Float64Array(size)
    out.set(v)
    return out
  }
  fft.forward(pad(x), xr, xi)
  fft.forward(pad(ir), hr, hi)
  for (let k = 0; k < bins; k++) [xr[k], xi[k]] = [xr[k] * hr[k] - xi[k] * hi[k], xr[k] * hi[k] + xi[k] * hr[k]]
  const full = new Float64Array(size)
  fft.inverse(xr, xi, full)
  const wet = Float32Array.from(full.subarray(0, x.length))
  let peak = 0
  for (const v of wet) peak = Math.max(peak, Math.abs(v))
  return wet.map((v) => (0.5 * v) / (peak || 1))
}

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { model: { type: 'string' }, json: { type: 'boolean' } } })
  const model = await loadModel(values.model ? resolve(values.model) : defaultModelDir(), { threads: 2 })
  const core = { model, spec: model.manifest.features }
  const spec = core.spec
  const clock = { sampleRate: spec.sampleRate, hop: spec.hop }
  const corpus = corpusPhoneRate(model.manifest.durations.mean, clock)
  const manifest = JSON.parse(await readFile(MANIFEST, 'utf8'))
  let seed = 5
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const errors: Record<string, number[]> = {}
  const add = (k: string, v: number) => (errors[k] ??= []).push(v)
  for (const u of manifest.utterances) {
    if (u.rejected) continue
    const name = String(u.file).split('/').pop()!.replace(/\.flac$/, '')
    const clean = await readAudioFile(resolve(AUDIO_DIR, `${name}.wav`))
    const rooms: Record<string, PcmAudio> = { recorded: clean, reverberant: { sampleRate: clean.sampleRate, channels: [reverberant(mixDown(clean.channels, 0, clean.channels[0].length), clean.sampleRate)] } }
    // Tape speed: the whole clip read by each estimate as recorded, faster and slower.
    const x = mixDown(clean.channels, 0, clean.channels[0].length)
    const whole = async (a: PcmAudio) => {
      const n = a.channels[0].length
      const mid = Math.round(n / 2)
      const loop = await contextTempo(core, a, mid, mid, n / a.sampleRate)
      const mel = modelLogMel(logMel(a.channels[0], spec), spec.nMels, spec.logFloor)
      return { loop, syllable: tempoFactor(estimateSpeakingRate(mel, spec.nMels, clock), corpus) }
    }
    const base = await whole({ sampleRate: clean.sampleRate, channels: [x] })
    for (const speed of [1.25, 0.8]) {
      // Resampled as if recorded at speed × the rate, then played at the rate: speed× faster (and higher).
      const played = { sampleRate: clean.sampleRate, channels: [await resample(x, Math.round(clean.sampleRate * speed), clean.sampleRate, 'medium')] }
      const read = await whole(played)
      const follows = (a: number | undefined, b: number | undefined) => (a && b ? Math.log(b / a) / Math.log(1 / speed) : NaN)
      add(`response phone loop`, follows(base.loop, read.loop))
      add(`response syllable rate`, follows(base.syllable, read.syllable))
    }
    const words = (u.alignment.words as [number, number, string][]).filter((w) => !w[2].startsWith('<') && !w[2].startsWith('['))
    for (let k = 0; k < 2; k++) {
      const n = 2 + Math.floor(rnd() * 3)
      if (words.length < n + 2) continue
      const i = 1 + Math.floor(rnd() * (words.length - n - 1))
      const span = words.slice(i, i + n)
      const [start, end] = [span[0][0], span[n - 1][1]]
      const { symbols } = phonesForText(core, span.map((w) => w[2]).join(' '), { leading: false, trailing: false })
      const means = phoneMeans(symbols, model.manifest.durations.mean)
      const seconds = (tempo: number) => (naturalDurations(means, tempo).reduce((a, b) => a + b, 0) * spec.hop) / spec.sampleRate
      for (const [room, audio] of Object.entries(rooms)) {
        const rate = audio.sampleRate
        const loop = await contextTempo(core, audio, Math.round(start * rate), Math.round(end * rate))
        // The syllable estimate as prepareRegion reads it: the model's window without the span, noise floor out.
        const mel = modelLogMel(logMel(mixDown(audio.channels, 0, audio.channels[0].length), spec), spec.nMels, spec.logFloor)
        const f = (t: number) => Math.max(0, Math.min(mel.length / spec.nMels, Math.round(t / (spec.hop / spec.sampleRate))))
        const ctx = new Float32Array([...mel.subarray(f(start - WINDOW_SECONDS) * spec.nMels, f(start) * spec.nMels), ...mel.subarray(f(end) * spec.nMels, f(end + WINDOW_SECONDS) * spec.nMels)])
        const syllable = tempoFactor(estimateSpeakingRate(ctx, spec.nMels, clock), corpus)
        add(`${room} phone loop`, Math.log(seconds(loop ?? syllable) / (end - start)))
        add(`${room} syllable rate`, Math.log(seconds(syllable) / (end - start)))
        add(`${room} tempo 1`, Math.log(seconds(1) / (end - start)))
      }
    }
  }
  await releaseModel(model)
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]
  const responses = Object.entries(errors).filter(([name]) => name.startsWith('response'))
  const rows = Object.entries(errors).filter(([name]) => !name.startsWith('response')).map(([name, e]) => ({
    name,
    spans: e.length,
    medianLogRatio: median(e),
    medianAbsLogRatio: median(e.map(Math.abs)),
    within15: e.filter((v) => Math.abs(v) < Math.log(1.15)).length / e.length,
  }))
  for (const r of rows) {
    console.log(`${r.name.padEnd(28)} ${r.spans} spans: median log(natural/said) ${r.medianLogRatio.toFixed(3)}, median |.| ${r.medianAbsLogRatio.toFixed(3)}, within 15 % ${(100 * r.within15).toFixed(0)} %`)
  }
  const following = responses.map(([name, e]) => ({ name, clips: e.filter(Number.isFinite).length / 2, median: median(e.filter(Number.isFinite)) }))
  for (const r of following) console.log(`${r.name.padEnd(28)} ${r.clips} clips at 1.25× and 0.8×: follows ${r.median.toFixed(2)} of the change of pace (median)`)
  if (values.json) console.log(JSON.stringify({ rows, following }))
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
