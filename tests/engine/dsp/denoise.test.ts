import { describe, expect, it } from 'vitest'
import { DENOISE_BELOW_SNR_DB, STEADY_FLOOR_SPREAD, floorSpread, modelLogMel, subtractFloor, windowSnrDb } from '../../../electron/engine/dsp/denoise'

const nMels = 8
const logFloor = 1e-5
/** Frames of a steady floor (magnitude `noise`) with speech-like bursts (`speech` added) on every other 10 frames. */
function window(noise: number, speech: number, frames = 200): Float32Array {
  const x = new Float32Array(frames * nMels)
  for (let f = 0; f < frames; f++) for (let m = 0; m < nMels; m++) x[f * nMels + m] = Math.log(noise + (Math.floor(f / 10) % 2 ? speech * (1 + 0.3 * Math.sin(f + m)) : 0))
  return x
}

describe('denoise (what the model hears of a noisy recording)', () => {
  it('measures how far the speech stands over the floor', () => {
    expect(windowSnrDb(window(0.01, 10), nMels)).toBeGreaterThan(55)
    expect(windowSnrDb(window(1, 3), nMels)).toBeLessThan(15)
    expect(windowSnrDb(new Float32Array(5 * nMels), nMels)).toBe(Infinity) // too short to say
  })

  it('takes the floor out of the pauses and leaves the speech, never below a tenth nor logFloor', () => {
    const noisy = window(1, 3)
    const out = subtractFloor(noisy, nMels, logFloor)
    const pause = 5 * nMels // frame 5: floor only
    const speech = 15 * nMels // frame 15: a burst
    expect(out[pause] - noisy[pause]).toBeCloseTo(Math.log(0.1), 5) // −20 dB, the most it lowers
    expect(Math.abs(out[speech] - noisy[speech])).toBeLessThan(0.7) // within 6 dB: the burst stays
    for (let i = 0; i < out.length; i++) expect(out[i]).toBeGreaterThanOrEqual(Math.log(logFloor) - 1e-6)
    expect(noisy[pause]).toBe(Math.log(1)) // the input is kept
  })

  it('gives a quiet room\'s window to the model as it is', () => {
    const clean = window(0.01, 10)
    expect(windowSnrDb(clean, nMels)).toBeGreaterThan(DENOISE_BELOW_SNR_DB)
    expect(modelLogMel(clean, nMels, logFloor)).toBe(clean)
    const noisy = window(1, 3)
    expect(modelLogMel(noisy, nMels, logFloor)).not.toBe(noisy)
    // Dense speech: no pause, so the ratio reads low, but its quietest frames are unlike each other (soft
    // speech, not a steady floor): left alone.
    const wide = 80
    let seed = 11
    const uniform = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const dense = Float32Array.from({ length: 300 * wide }, () => Math.log(0.3 + 3 * uniform()))
    expect(windowSnrDb(dense, wide)).toBeLessThan(DENOISE_BELOW_SNR_DB)
    expect(floorSpread(dense, wide)).toBeGreaterThan(STEADY_FLOOR_SPREAD)
    expect(modelLogMel(dense, wide, logFloor)).toBe(dense)
    expect(floorSpread(window(1, 3), nMels)).toBeLessThan(STEADY_FLOOR_SPREAD)
  })
})

describe('speaking rate in noise', () => {
  it('is read from what the model hears: pink noise at 15 dB no longer halves it', async () => {
    const { readFile } = await import('node:fs/promises')
    const { decodeAudio } = await import('../../../electron/engine/audio/decode')
    const { logMel } = await import('../../../electron/engine/dsp/features')
    const { estimateSpeakingRate } = await import('../../../electron/engine/durations')
    const spec = JSON.parse(await readFile('resources/models/default/manifest.json', 'utf8')).features
    const path = 'training/eval/librivox/ss01-0890.wav' // a LibriVox reader (public domain), never trained on
    const x = (await decodeAudio(new Uint8Array(await readFile(path)), path)).channels[0]
    let seed = 3
    const uniform = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 + 1e-9
    let low = 0
    const noise = Float32Array.from(x, () => (low = 0.97 * low + 0.03 * 6 * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform())))
    const rms = (v: Float32Array) => Math.sqrt(v.reduce((a, b) => a + b * b, 0) / v.length)
    const g = rms(x) / rms(noise) / 10 ** (15 / 20)
    const noisy = x.map((v, i) => v + g * noise[i])
    const clock = { sampleRate: spec.sampleRate, hop: spec.hop }
    const rate = (mel: Float32Array) => estimateSpeakingRate(mel, spec.nMels, clock).nucleiPerSecond
    const clean = rate(logMel(x, spec))
    const raw = rate(logMel(noisy, spec))
    const heard = rate(modelLogMel(logMel(noisy, spec), spec.nMels, spec.logFloor))
    expect(Math.abs(Math.log(heard / clean))).toBeLessThan(Math.abs(Math.log(raw / clean)))
    expect(Math.abs(Math.log(heard / clean))).toBeLessThan(0.25)
  })
})
