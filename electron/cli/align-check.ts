// Accuracy of the forced alignment (the model card's figures): word-boundary errors of the engine's
// aligner against known timings.
//
//   /usr/bin/python3 training/align_eval_data.py --out /tmp/align-eval
//   npx tsx electron/cli/align-check.ts --synthetic /tmp/align-eval [--librivox training/eval/librivox] [--model DIR] [--json]
//   npx tsx electron/cli/align-check.ts --long 30        # a 30-minute recording: time, peak memory, accuracy
//   … --rate 8000   # as if recorded at 8 kHz: the LibriVox audio resampled to it, the feature sets band-filled
//                   # above its Nyquist (dsp/band.ts, what the engine does with such audio)
//
// Sets: "synthetic" (the corpus' test split and held-out voices: the synthesiser's own phone times),
// "real" (held-out real recordings of the corpus: pocketsphinx's forced alignment, as
// training/real_corpus.py made it), "librivox" (training/eval/librivox: CMU's pocketsphinx alignment,
// aligned here from the audio files themselves). A boundary is a word's start or end; a word's true
// start and end come from the reference phones its own first and last phones match (a phone-level
// edit-distance alignment of the front-end's pronunciation to the reference), and boundaries whose
// phones do not match are left out. "Flagged" aligns every synthetic utterance with another one's
// transcript and counts how often the mismatch message appears. "long" repeats the aligner fixture
// (tests/fixtures/align) for --long minutes and aligns it in one call.

import { readdirSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { parseArgs } from 'node:util'
import { alignWords, type Alignment } from '../engine/align'
import { boundaryErrors } from '../engine/align/accuracy'
import { transcriptWords } from '../engine/align/transcript'
import { readAudioFile } from '../engine/audio/decode'
import { resample } from '../engine/audio/resample'
import { mixDown } from '../engine/core'
import { extendBand } from '../engine/dsp/band'
import { normalise } from '../engine/dsp/features'
import { defaultModelDir, Engine } from '../engine/engine'
import { loadModel, releaseModel, type LoadedModel } from '../engine/model'

interface EvalUtterance {
  id: string
  voice: string
  real: boolean
  text: string
  offset: number
  frames: number
  phones: [string, number, number][]
}

export interface BoundaryStats {
  boundaries: number
  medianMs: number
  within20: number
  within50: number
  utterances: number
  lowWords: number
  words: number
  /** utterances given their own transcript that still got the mismatch message */
  mismatched: number
}

function stats(errors: number[], alignments: Alignment[]): BoundaryStats {
  const sorted = [...errors].sort((x, y) => x - y)
  const share = (ms: number) => (sorted.length ? sorted.filter((e) => e <= ms / 1000 + 1e-9).length / sorted.length : 0)
  return {
    boundaries: sorted.length,
    medianMs: sorted.length ? Math.round(sorted[sorted.length >> 1] * 10000) / 10 : NaN,
    within20: Math.round(share(20) * 1000) / 1000,
    within50: Math.round(share(50) * 1000) / 1000,
    utterances: alignments.length,
    lowWords: alignments.reduce((s, a) => s + a.lowCount, 0),
    words: alignments.reduce((s, a) => s + a.words.length, 0),
    mismatched: alignments.filter((a) => a.mismatch).length,
  }
}

async function alignFeatures(model: LoadedModel, u: EvalUtterance, mel: Float32Array, text: string, rate?: number): Promise<Alignment> {
  const spec = model.manifest.features
  const feats = normalise(mel.subarray(u.offset * spec.nMels, (u.offset + u.frames) * spec.nMels), spec)
  if (rate) extendBand(feats, spec, rate)
  const { logp } = await model.aligner!.run({ mel: { type: 'float32', data: feats, dims: [1, u.frames, spec.nMels] } })
  const nPhones = model.manifest.phones.symbols.length
  return alignWords(transcriptWords(text), {
    frames: u.frames,
    frameSeconds: spec.hop / spec.sampleRate,
    phoneIds: model.phoneIds,
    symbols: model.manifest.phones.symbols,
    read: async (from, to) => ({ logp: logp.data.slice(from * nPhones, to * nPhones), frames: to - from, nPhones, firstFrame: from }),
  })
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      synthetic: { type: 'string' },
      librivox: { type: 'string' },
      long: { type: 'string' },
      json: { type: 'boolean', default: false },
      rate: { type: 'string' },
    },
  })
  const rate = values.rate ? Number(values.rate) : undefined
  if (rate !== undefined && !(rate >= 4000 && rate <= 192000)) throw new Error(`--rate must be a sample rate in Hz (got ${values.rate})`)
  const model = await loadModel(values.model ?? defaultModelDir(), { threads: 2 })
  if (!model.aligner) throw new Error(`${model.manifestPath} has no aligner graph`)
  const out: Record<string, BoundaryStats | number> = {}
  try {
    if (values.synthetic) {
      const index = JSON.parse(readFileSync(join(values.synthetic, 'index.json'), 'utf8')) as EvalUtterance[]
      const raw = readFileSync(join(values.synthetic, 'mel.f32'))
      const mel = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4)
      for (const real of [false, true]) {
        const set = index.filter((u) => u.real === real)
        if (!set.length) continue
        const errors: number[] = []
        const alignments: Alignment[] = []
        for (const u of set) {
          const a = await alignFeatures(model, u, mel, u.text, rate)
          alignments.push(a)
          errors.push(...boundaryErrors(a.words, u.phones))
        }
        out[real ? 'real' : 'synthetic'] = stats(errors, alignments)
      }
      // Wrong transcripts: each synthetic utterance with the transcript of one from another voice.
      const synth = index.filter((u) => !u.real)
      let flagged = 0
      let tried = 0
      for (const [k, u] of synth.entries()) {
        const other = synth.find((o, i) => i > (k + synth.length / 2) % synth.length && o.voice !== u.voice && o.text !== u.text)
        if (!other) continue
        try {
          const a = await alignFeatures(model, u, mel, other.text, rate)
          tried++
          if (a.mismatch) flagged++
        } catch {
          tried++
          flagged++ // too many words for the audio: refused, which also flags it
        }
      }
      out.wrongTranscriptsFlagged = tried ? Math.round((flagged / tried) * 1000) / 1000 : NaN
      out.wrongTranscriptsTried = tried
    }
    if (values.librivox) {
      const errors: number[] = []
      const alignments: Alignment[] = []
      const engine = await Engine.load(values.model ?? defaultModelDir(), { threads: 2 })
      try {
        for (const f of readdirSync(values.librivox).filter((x) => x.endsWith('.json')).sort()) {
          const ref = JSON.parse(readFileSync(join(values.librivox, f), 'utf8')) as { text: string; words: [number, number, string][] }
          const read = await readAudioFile(join(values.librivox, basename(f, '.json') + '.wav'))
          const audio = rate ? { sampleRate: rate, channels: [await resample(mixDown(read.channels, 0, read.channels[0].length), read.sampleRate, rate)] } : read
          const a = await engine.align(audio, ref.text)
          alignments.push(a)
          if (a.words.length !== ref.words.length) throw new Error(`${f}: ${a.words.length} words aligned, reference has ${ref.words.length}`)
          a.words.forEach((w, i) => errors.push(Math.abs(w.start - ref.words[i][0]), Math.abs(w.end - ref.words[i][1])))
        }
      } finally {
        await engine.release()
      }
      out.librivox = stats(errors, alignments)
    }
    if (values.long) out.long = await longCheck(values.model ?? defaultModelDir(), Number(values.long))
  } finally {
    await releaseModel(model)
  }
  if (values.json) console.log(JSON.stringify(out))
  else {
    for (const [set, s] of Object.entries(out)) {
      if (set === 'wrongTranscriptsTried') continue
      if (typeof s === 'number') console.log(`${set}: ${(s * 100).toFixed(1)} % of ${out.wrongTranscriptsTried}`)
      else {
        console.log(
          `${set}: ${s.boundaries} boundaries in ${s.utterances} utterances: median error ${s.medianMs} ms, ` +
            `${(s.within20 * 100).toFixed(1)} % within 20 ms, ${(s.within50 * 100).toFixed(1)} % within 50 ms; ${s.lowWords} of ${s.words} words flagged, ${s.mismatched} utterances called mismatched`,
        )
      }
    }
  }
}

/** A recording of `minutes` (the fixture over and over) aligned in one call. */
async function longCheck(modelDir: string, minutes: number): Promise<BoundaryStats & { seconds: number; alignMs: number; peakRssMb: number }> {
  const fixture = 'tests/fixtures/align/awb-path'
  const one = await readAudioFile(`${fixture}.wav`)
  const ref = JSON.parse(readFileSync(`${fixture}.json`, 'utf8')) as { text: string; phones: [string, number, number][] }
  const n = one.channels[0].length
  const copies = Math.max(1, Math.round((minutes * 60 * one.sampleRate) / n))
  const pcm = new Float32Array(n * copies)
  for (let k = 0; k < copies; k++) pcm.set(one.channels[0], k * n)
  const engine = await Engine.load(modelDir, { threads: 2 })
  try {
    const rssBefore = process.resourceUsage().maxRSS / 1024
    const a = await engine.align({ sampleRate: one.sampleRate, channels: [pcm] }, Array(copies).fill(ref.text).join(' '))
    const perCopy = a.words.length / copies
    const errors: number[] = []
    for (let k = 0; k < copies; k++) {
      const shift = (k * n) / one.sampleRate
      errors.push(...boundaryErrors(a.words.slice(k * perCopy, (k + 1) * perCopy).map((w) => ({ ...w, start: w.start - shift, end: w.end - shift })), ref.phones))
    }
    const peak = process.resourceUsage().maxRSS / 1024
    console.log(`long: ${(pcm.length / one.sampleRate / 60).toFixed(1)} min aligned in ${(a.alignMs / 1000).toFixed(1)} s; peak RSS ${peak.toFixed(0)} MB (${rssBefore.toFixed(0)} MB before aligning)`)
    return { ...stats(errors, [a]), seconds: pcm.length / one.sampleRate, alignMs: Math.round(a.alignMs), peakRssMb: Math.round(peak) }
  } finally {
    await engine.release()
  }
}

if (process.argv[1] && basename(process.argv[1]).startsWith('align-check')) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : String(e))
    process.exit(1)
  })
}
