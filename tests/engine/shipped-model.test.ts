// The shipped default model (resources/models/default) through the real engine: it loads, declares
// what the model card says, and fills a region with speech-like audio at a sane level, while every
// sample outside the splice stays bit-identical. (How good the speech is: training/evaluate.py.)
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAudioFile } from '../../electron/engine/audio/decode'
import { defaultModelDir, Engine } from '../../electron/engine/engine'
import type { PcmAudio } from '../../electron/engine/types'
import { emptyTimings, vocode } from '../../electron/engine/core'
import { logMel, normalise } from '../../electron/engine/dsp/features'
import { melToAudio, spectralConvergence } from '../../electron/engine/dsp/griffinlim'
import { loadModel, releaseModel } from '../../electron/engine/model'
import { resample } from '../../electron/engine/audio/resample'

// Festival slt reading "... It listens to the words on either side, then it speaks the new words in
// the same voice ..." (tests/fixtures/bench/make-bench-audio.sh); 4-6 s is "then it speaks the new words".
const REGION = { start: 4, end: 6, text: 'then it speaks the new words' }

/** Mean and standard deviation of frame energy in dB (400-sample frames every 160 samples). */
function frameEnergyStats(x: Float32Array, from: number, to: number): [number, number] {
  const db: number[] = []
  for (let i = from; i + 400 <= to; i += 160) {
    let e = 0
    for (let j = 0; j < 400; j++) e += x[i + j] * x[i + j]
    db.push(10 * Math.log10(e / 400 + 1e-10))
  }
  const mean = db.reduce((a, b) => a + b, 0) / db.length
  return [mean, Math.sqrt(db.reduce((a, b) => a + (b - mean) ** 2, 0) / db.length)]
}

let engine: Engine
let audio: PcmAudio

beforeAll(async () => {
  engine = await Engine.load(defaultModelDir(), { threads: 2 })
  audio = await readAudioFile(resolve('tests/fixtures/bench/speech-10s.wav'))
})
afterAll(() => engine.release())

describe('shipped default model', () => {
  it('declares its provenance, context and sampler defaults', () => {
    const info = engine.info()
    expect(info.sampleRate).toBe(16000)
    expect(info.nMels).toBe(80)
    expect(info.parameters).toBeGreaterThan(1e6)
    expect(info.parameters).toBeLessThanOrEqual(10e6)
    expect(info.contextSeconds).toBeGreaterThan(0)
    expect(info.defaults.solver).toBe('midpoint')
    expect(Number(info.provenance.trainingSteps)).toBeGreaterThan(0)
    expect(String(info.provenance.data)).toMatch(/synthetic/)
  })

  it('fills a region with speech closer to the original than the mean spectrum, touching nothing else', async () => {
    const res = await engine.fill(audio, [REGION], { steps: 16, solver: 'midpoint', seed: 7 })
    const out = res.audio.channels[0]
    const src = audio.channels[0]
    const s = res.regions[0].splice
    expect(out.length).toBe(src.length)
    for (let i = 0; i < src.length; i++) {
      if (i >= s.outStart - s.crossfadeSamples && i < s.outEnd + s.crossfadeSamples) continue
      if (out[i] !== src[i]) throw new Error(`sample ${i} changed outside the region`)
    }
    let peak = 0
    for (let i = s.outStart; i < s.outEnd; i++) peak = Math.max(peak, Math.abs(out[i]))
    expect(peak).toBeGreaterThan(0.02) // speech, not silence
    expect(peak).toBeLessThan(1) // and not clipping

    // Speech-like, at a sane level: frame energies (25 ms every 10 ms) over the region swing like
    // syllables (white noise or a stuck spectrum gives a standard deviation under 1 dB; this
    // recording's is about 16 dB) and their mean sits near the original's.
    const [origMean, origSd] = frameEnergyStats(src, s.outStart, s.outEnd)
    const [fillMean, fillSd] = frameEnergyStats(out, s.outStart, s.outEnd)
    console.log(`shipped model: region frame energy mean ${fillMean.toFixed(1)} dB sd ${fillSd.toFixed(1)} (original ${origMean.toFixed(1)} / ${origSd.toFixed(1)})`)
    expect(fillSd).toBeGreaterThan(0.5 * origSd)
    expect(fillMean).toBeGreaterThan(origMean - 15)
    expect(fillMean).toBeLessThan(origMean + 6)
  }, 60_000)

  it('speaks as clearly in an 8 kHz voice as in the same voice at 16 kHz (the prompt\'s empty top band filled in)', async () => {
    const voice16 = await readAudioFile(resolve('training/eval/librivox/ss01-0920.wav'))
    const mono16 = voice16.sampleRate === 16000 ? voice16.channels[0] : await resample(voice16.channels[0], voice16.sampleRate, 16000, 'best')
    const voice8: PcmAudio = { sampleRate: 8000, channels: [await resample(mono16, 16000, 8000, 'best')] }
    const text = 'She opened the window and listened to the rain. My brother found an old map in the attic. Nobody knew where the little river began.'
    const clarity = async (voice: PcmAudio) => {
      let sum = 0
      let n = 0
      for (const seed of [1, 2]) {
        const out = await engine.say(text, { seed, voice })
        for (const w of (await engine.align(out.audio, text)).words) (sum += Math.log(w.confidence)), n++
      }
      return Math.exp(sum / n) // geometric mean of the aligner's word confidences
    }
    const full = await clarity({ sampleRate: 16000, channels: [mono16] })
    const narrow = await clarity(voice8)
    // Measured: 0.952 at 16 kHz, 0.957 at 8 kHz with the band filled in, 0.761 without.
    expect(narrow).toBeGreaterThan(0.9 * full)
  })

  it('vocodes through its trained magnitude graph, closer to the recording than the built-in mel inversion', async () => {
    const model = await loadModel(defaultModelDir(), { threads: 2 })
    try {
      expect(model.magnitude).not.toBeNull()
      const spec = model.manifest.features
      // A real person (a public-domain LibriVox clip of the evaluation set, never trained on) and the
      // synthetic bench voice.
      for (const file of ['training/eval/librivox/ss01-0890.wav', 'tests/fixtures/bench/speech-10s.wav']) {
        const x = (await readAudioFile(resolve(file))).channels[0]
        const feats = normalise(logMel(x, spec), spec)
        const builtIn = spectralConvergence(x, melToAudio(feats, spec), spec)
        const trained = spectralConvergence(x, (await vocode({ model, spec }, feats, emptyTimings())).subarray(0, x.length), spec)
        console.log(`${file}: spectral convergence built-in ${builtIn.toFixed(3)}, magnitude graph ${trained.toFixed(3)}`)
        expect(trained).toBeLessThan(builtIn)
      }
    } finally {
      await releaseModel(model)
    }
  }, 60_000)
})
