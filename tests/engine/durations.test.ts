import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readAudioFile } from '../../electron/engine/audio/decode'
import { resample } from '../../electron/engine/audio/resample'
import { logMel, type FeatureSpec } from '../../electron/engine/dsp/features'
import {
  MAX_REGION_STRETCH,
  corpusPhoneRate,
  fitToRegion,
  quietEdges,
  estimateSpeakingRate,
  expandPhones,
  naturalDurations,
  phoneMeans,
  spreadDurations,
  tempoFactor,
} from '../../electron/engine/durations'

describe('phone durations', () => {
  it('spreads a region over phones in proportion to their means, summing exactly', () => {
    const d = spreadDurations([2, 6, 2], 31)
    expect(d.reduce((a, b) => a + b)).toBe(31)
    expect(d[1]).toBeGreaterThan(2.5 * d[0])
    expect(spreadDurations([1, 1, 1, 1], 3).reduce((a, b) => a + b)).toBe(3)
    expect(Math.min(...spreadDurations([0.1, 50, 0.1], 10))).toBe(1) // every phone keeps a frame
    expect(spreadDurations([], 5)).toEqual([])
  })

  it('scales natural durations by the tempo factor, at least one frame each', () => {
    const means = [7.2, 3.1, 4.4, 14]
    expect(naturalDurations(means, 1).reduce((a, b) => a + b)).toBe(Math.round(7.2 + 3.1 + 4.4 + 14))
    expect(naturalDurations(means, 0.5).reduce((a, b) => a + b)).toBe(Math.round((7.2 + 3.1 + 4.4 + 14) / 2))
    expect(naturalDurations([0.2, 0.2], 1)).toEqual([1, 1])
  })

  it('looks up manifest means with a fallback and expands ids frame by frame', () => {
    expect(phoneMeans(['AA', 'QQ'], { AA: 6, B: 2 })).toEqual([6, 4])
    expect(Array.from(expandPhones([3, 7], [2, 1]))).toEqual([3n, 3n, 7n])
  })
})

describe('speaking-rate estimate', () => {
  let spec: FeatureSpec
  let mean: Record<string, number>
  const clock = { sampleRate: 16000, hop: 256 }
  beforeAll(async () => {
    const manifest = JSON.parse(await readFile(resolve('tests/fixtures/tiny-model/manifest.json'), 'utf8'))
    spec = manifest.features
    mean = manifest.durations.mean
  })

  it('measures the corpus voices at about the corpus tempo, and faster speech as faster', async () => {
    for (const file of ['tests/fixtures/bench/speech-10s.wav', 'resources/voices/sample.wav']) {
      const audio = await readAudioFile(resolve(file))
      const normal = estimateSpeakingRate(logMel(audio.channels[0], spec), spec.nMels, clock)
      const factor = tempoFactor(normal, corpusPhoneRate(mean, clock))
      expect(factor, file).toBeGreaterThan(0.8)
      expect(factor, file).toBeLessThan(1.2)
      // Played 1.3× faster (resampled, then read at the original rate).
      const fast = await resample(audio.channels[0], 16000, Math.round(16000 / 1.3))
      const quick = estimateSpeakingRate(logMel(fast, spec), spec.nMels, clock)
      expect(quick.nucleiPerSecond / normal.nucleiPerSecond, file).toBeGreaterThan(1.1)
      expect(tempoFactor(quick, corpusPhoneRate(mean, clock))).toBeLessThan(factor)
    }
  })

  it('falls back to factor 1 when there is too little speech to measure', () => {
    const silence = new Float32Array(80 * 200).fill(Math.log(1e-5))
    expect(tempoFactor(estimateSpeakingRate(silence, 80, clock), 10)).toBe(1)
  })
})

describe('fitToRegion', () => {
  const means = [5, 10, 5]
  const natural = [4, 8, 4] // 16 frames at the context's pace

  it('spreads the phones over a tight region', () => {
    expect(fitToRegion(means, natural, 25, 0, 0)).toEqual({ durations: spreadDurations(means, 25), padBefore: 0, padAfter: 0 })
    expect(fitToRegion(means, natural, 12, 3, 3).padBefore).toBe(0) // shorter than natural: squeezed, never padded
  })

  it('keeps speech at MAX_REGION_STRETCH x natural in a generous region and pads where the original was quiet', () => {
    const fit = fitToRegion(means, natural, 80, 30, 10)
    const speech = fit.durations.reduce((a, b) => a + b, 0)
    expect(speech).toBe(Math.round(16 * MAX_REGION_STRETCH))
    expect(speech + fit.padBefore + fit.padAfter).toBe(80)
    expect(fit.padBefore).toBe(Math.round((80 - speech) * 0.75))
    expect(fit.durations).toEqual(spreadDurations(natural, speech))
    const even = fitToRegion(means, natural, 80, 0, 0)
    expect(Math.abs(even.padBefore - even.padAfter)).toBeLessThanOrEqual(1)
  })
})

describe('quietEdges', () => {
  it('counts frames 30 dB under the loudest at each end of a span', () => {
    const nMels = 4
    const levels = [-9, -9, -3, -3, -9, -3, -9, -9, -9, -2]
    const logmel = Float32Array.from(levels.flatMap((v) => [v, v, v, v]))
    expect(quietEdges(logmel, nMels, 0, 9)).toEqual({ before: 2, after: 3 })
    expect(quietEdges(logmel, nMels, 2, 4)).toEqual({ before: 0, after: 0 })
    expect(quietEdges(logmel, nMels, 6, 9)).toEqual({ before: 3, after: 3 }) // all quiet
  })
})
