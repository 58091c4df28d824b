import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { readAudioFile } from '../../electron/engine/audio/decode'
import { resample } from '../../electron/engine/audio/resample'
import { logMel, type FeatureSpec } from '../../electron/engine/dsp/features'
import { checkedDurations } from '../../electron/engine/edit/prepare'
import { EngineError } from '../../electron/engine/types'
import {
  MAX_REGION_STRETCH,
  MIN_SPEECH_SHARE,
  MAX_PAUSE_SHIFT,
  RUSHED_PACE,
  paceWarning,
  corpusPhoneRate,
  fitToRegion,
  fitWithPauses,
  quietEdges,
  quietRuns,
  speechEdges,
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

  it('puts no pause at an end that lies inside a word (a narrowed repair): the spare goes to the other end', () => {
    const speech = Math.round(16 * MAX_REGION_STRETCH)
    expect(fitToRegion(means, natural, 80, 30, 10, { after: true })).toMatchObject({ padBefore: 80 - speech, padAfter: 0 })
    expect(fitToRegion(means, natural, 80, 30, 10, { before: true })).toMatchObject({ padBefore: 0, padAfter: 80 - speech })
    // Both ends inside words: the speech takes the whole span.
    expect(fitToRegion(means, natural, 80, 30, 10, { before: true, after: true })).toEqual({ durations: spreadDurations(natural, 80), padBefore: 0, padAfter: 0 })
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

describe('quietRuns', () => {
  it('lists every run of frames 30 dB under the loudest, as offsets into the span', () => {
    const nMels = 4
    const levels = [-9, -9, -3, -3, -9, -3, -9, -9, -9, -2]
    const logmel = Float32Array.from(levels.flatMap((v) => [v, v, v, v]))
    expect(quietRuns(logmel, nMels, 0, 9)).toEqual([
      [0, 2],
      [4, 5],
      [6, 9],
    ])
    expect(quietRuns(logmel, nMels, 3, 8)).toEqual([
      [1, 2],
      [3, 5],
    ])
    expect(quietRuns(logmel, nMels, 2, 4)).toEqual([])
  })
})

describe('fitWithPauses', () => {
  // Three words of 10 natural frames each: phones 0-1, 2-4, 5-6.
  const natural = [5, 5, 4, 3, 3, 6, 4]
  const wordStarts = [0, 2, 5]

  it('keeps no pause at an end inside a word (a narrowed repair), and gives the spare to the other end', () => {
    const fit = fitWithPauses(natural, 200, [[30, 50], [190, 200]], wordStarts, 10, { after: true })!
    expect(fit.pauses[fit.pauses.length - 1].at).toBeLessThan(7) // nothing after the last phone
    expect(fit.pauses[0].at).toBe(0)
    expect(fit.durations.reduce((a, b) => a + b, 0) + fit.pauses.reduce((a, p) => a + p.frames, 0)).toBe(200)
    const both = fitWithPauses(natural, 200, [[0, 10], [60, 80]], wordStarts, 10, { before: true, after: true })!
    expect(both.pauses).toEqual([{ at: 2, frames: 20 }])
    expect(both.durations.reduce((a, b) => a + b, 0)).toBe(180)
  })

  it('keeps an inner pause at the word boundary nearest its place in the speech', () => {
    // 60 frames: speech 0-28, pause 28-40, speech 40-60: 58 % of the speech comes before the pause.
    const fit = fitWithPauses(natural, 60, [[28, 40]], wordStarts, 10)
    expect(fit).not.toBeNull()
    expect(fit!.pauses).toEqual([{ at: 5, frames: 12 }]) // after word 2, at 67 % of the new speech (word 1 ends at 33 %)
    expect(fit!.durations).toEqual(spreadDurations(natural, 48))
    expect(fitWithPauses(natural, 60, [[12, 24]], wordStarts, 10)!.pauses[0].at).toBe(2) // 25 %: after word 1
  })

  it('places a pause early in the speech after the first word, and keeps quiet edges with it', () => {
    const fit = fitWithPauses(natural, 70, [[0, 12], [22, 34]], wordStarts, 10)!
    expect(fit.pauses.map((p) => p.at)).toEqual([0, 2])
    expect(fit.durations.reduce((a, b) => a + b, 0) + fit.pauses.reduce((a, p) => a + p.frames, 0)).toBe(70)
  })

  it('stretches the speech no more than MAX_REGION_STRETCH; the spare goes to the edges, not into the pause', () => {
    const fit = fitWithPauses(natural, 200, [[30, 50]], wordStarts, 10)!
    const speech = Math.round(30 * MAX_REGION_STRETCH)
    expect(fit.durations.reduce((a, b) => a + b, 0)).toBe(speech)
    const spare = 200 - 20 - speech
    expect(fit.pauses).toEqual([
      { at: 0, frames: spare / 2 },
      { at: 2, frames: 20 }, // the speaker's pause, as long as it was
      { at: 7, frames: spare / 2 },
    ])
    // With a quiet edge in the original, the spare goes there.
    const edged = fitWithPauses(natural, 200, [[30, 50], [180, 200]], wordStarts, 10)!
    expect(edged.pauses).toEqual([
      { at: 2, frames: 20 },
      { at: 7, frames: 200 - 20 - speech },
    ])
  })

  it('leaves a pause to the speech when the new words have no boundary near its place', () => {
    // Two words with the boundary at 20 % of the speech; the pause sits at 59 % of the original's.
    expect(MAX_PAUSE_SHIFT).toBe(0.2)
    expect(fitWithPauses([6, 24], 129, [[46, 97]], [0, 1], 10)).toBeNull()
    expect(fitWithPauses([16, 14], 129, [[46, 97]], [0, 1], 10)!.pauses.map((p) => p.at)).toContain(1) // boundary at 53 %
  })

  it('drops pauses that would squeeze the words below MIN_SPEECH_SHARE of their natural length, shortest first', () => {
    // 50 frames, pauses of 12 and 15: keeping both leaves 23 < 0.8 · 30 frames of speech; the 12 goes.
    const fit = fitWithPauses(natural, 50, [[8, 20], [30, 45]], wordStarts, 10)!
    expect(fit.pauses).toHaveLength(1)
    expect(fit.pauses[0].frames).toBe(15)
    expect(MIN_SPEECH_SHARE).toBe(0.8)
    expect(fitWithPauses(natural, 36, [[12, 27]], wordStarts, 10)).toBeNull() // 21 < 24: no room
    expect(fitWithPauses(natural, 40, [[12, 27]], wordStarts, 10)!.durations.reduce((a, b) => a + b, 0)).toBe(25) // squeezed a little
  })

  it('does nothing without an inner pause, for one word, or for runs shorter than a pause', () => {
    expect(fitWithPauses(natural, 60, [[0, 20]], wordStarts, 10)).toBeNull() // edge only
    expect(fitWithPauses(natural, 60, [[20, 28]], wordStarts, 10)).toBeNull() // 8 < 10 frames
    expect(fitWithPauses([5, 5, 5], 60, [[20, 35]], [0], 10)).toBeNull() // one word
  })
})

describe('paceWarning', () => {
  const clock = { sampleRate: 16000, hop: 256 }
  it('warns when the words get less than 1 / RUSHED_PACE of their natural time, with both lengths', () => {
    expect(RUSHED_PACE).toBe(1.5)
    expect(paceWarning({ natural: 175, given: 38 }, clock)).toBe(
      "the words take about 2.8 s at the speaker's pace and get 0.6 s: they will sound rushed (widen the region, shorten the text or use natural length)",
    )
    expect(paceWarning({ natural: 60, given: 40 }, clock)).toBeNull() // exactly 1.5x: fast, not rushed
    expect(paceWarning({ natural: 61, given: 40 }, clock)).not.toBeNull()
    expect(paceWarning({ natural: 30, given: 90 }, clock)).toBeNull() // slow is the pauses' business
    // a region under 0.1 s is shown in hundredths (4 frames = 0.064 s), not rounded up to "0.1 s"
    expect(paceWarning({ natural: 13, given: 4 }, clock)).toMatch(/^the words take about 0\.2 s at the speaker's pace and get 0\.06 s:/)
  })
})

describe('checkedDurations (a duration graph\'s output)', () => {
  it('rounds to whole frames, at least 1, and refuses a wrong count, NaN, negative or absurd values naming the graph', () => {
    expect(checkedDurations(Float32Array.of(0.2, 3.6, 7), 3, 'dur.onnx')).toEqual([1, 4, 7])
    expect(() => checkedDurations(Float32Array.of(3), 2, '/m/dur.onnx')).toThrow(/model \/m\/dur\.onnx: frames has 1 values for 2 phones/)
    expect(() => checkedDurations(Float32Array.of(3, Number.NaN), 2, 'dur.onnx')).toThrow(/frames\[1\] is NaN/)
    expect(() => checkedDurations(Float32Array.of(-2), 1, 'dur.onnx')).toThrow(/frames\[0\] is -2/)
    expect(() => checkedDurations(Float32Array.of(1e6), 1, 'dur.onnx')).toThrow(EngineError)
  })
})

describe('speechEdges', () => {
  // Frames of one mel band each: loud (0) or quiet (−10, far under the loudest).
  const mel = (levels: number[]) => Float32Array.from(levels)
  it('marks an end inside speech only when the frames on both sides of it are loud', () => {
    const x = mel([0, 0, 0, -10, -10, 0, 0, 0])
    expect(speechEdges(x, 1, 1, 6)).toEqual({ before: true, after: true })
    expect(speechEdges(x, 1, 3, 6)).toEqual({ before: false, after: true })
    expect(speechEdges(x, 1, 1, 4)).toEqual({ before: true, after: false })
    // The array's ends (the file's) are never inside a word.
    expect(speechEdges(x, 1, 0, 8)).toEqual({ before: false, after: false })
  })
})
