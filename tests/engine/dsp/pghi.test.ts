import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeAudio } from '../../../electron/engine/audio/decode'
import { analysisWindow, frameCount, type FeatureSpec } from '../../../electron/engine/dsp/features'
import { realFft } from '../../../electron/engine/dsp/fft'
import { magnitudeToAudio, spectralConvergence } from '../../../electron/engine/dsp/griffinlim'
import { hannGamma, pghiPhase } from '../../../electron/engine/dsp/pghi'
import { windowedFrame } from '../../../electron/engine/dsp/stft'

const spec: FeatureSpec = {
  sampleRate: 16000, nFft: 1024, win: 1024, hop: 256, nMels: 80, fMin: 0, fMax: 8000, logFloor: 1e-5,
  mean: new Array(80).fill(0), std: new Array(80).fill(1),
}
const nBins = spec.nFft / 2 + 1
const gamma = hannGamma(spec.win)

/** The spec's centred STFT of x: magnitude and phase [frames, nBins]. */
function stft(x: Float32Array, s: FeatureSpec = spec): { mag: Float64Array; phase: Float64Array; frames: number } {
  const frames = frameCount(x.length, s.hop)
  const bins = s.nFft / 2 + 1
  const window = analysisWindow(s)
  const fft = realFft(s.nFft)
  const frame = new Float64Array(s.nFft)
  const re = new Float64Array(bins)
  const im = new Float64Array(bins)
  const mag = new Float64Array(frames * bins)
  const phase = new Float64Array(frames * bins)
  for (let t = 0; t < frames; t++) {
    windowedFrame(x, t, s.hop, window, frame)
    fft.forward(frame, re, im)
    for (let k = 0; k < bins; k++) {
      mag[t * bins + k] = Math.hypot(re[k], im[k])
      phase[t * bins + k] = Math.atan2(im[k], re[k])
    }
  }
  return { mag, phase, frames }
}

/** |a − b| on the circle, in [0, π]. */
function angleDiff(a: number, b: number): number {
  const d = Math.abs((((a - b) % (2 * Math.PI)) + 3 * Math.PI) % (2 * Math.PI) - Math.PI)
  return d
}

/** SC over the middle of the signals (the reflect-padded ends are a different matter). */
function interiorSc(ref: Float32Array, est: Float32Array, margin = 4096): number {
  return spectralConvergence(ref.subarray(margin, ref.length - margin), est.subarray(margin, ref.length - margin), spec)
}

const sine = (f: number, seconds: number) =>
  new Float32Array(seconds * spec.sampleRate).map((_, n) => 0.5 * Math.sin((2 * Math.PI * f * n) / spec.sampleRate + 0.3))

/** Linear chirp f0 → f0 + rate·T Hz. */
const chirp = (f0: number, rate: number, seconds: number) =>
  new Float32Array(seconds * spec.sampleRate).map((_, n) => {
    const t = n / spec.sampleRate
    return 0.5 * Math.sin(2 * Math.PI * (f0 * t + 0.5 * rate * t * t))
  })

describe('pghiPhase (phase gradient heap integration)', () => {
  it('gives a sinusoid the phase advance of its frequency at the spectral peak', () => {
    const f = 440.3 // between bins 28 and 29 (15.625 Hz apart)
    const { mag, phase, frames } = stft(sine(f, 2))
    const est = pghiPhase(mag, frames, nBins, spec.hop, gamma)
    const advance = (2 * Math.PI * f * spec.hop) / spec.sampleRate
    let worst = 0
    for (let t = 4; t < frames - 5; t++) {
      // Peak bin and its neighbours carry the sinusoid: their phase must advance like it does...
      for (const k of [27, 28, 29]) {
        worst = Math.max(worst, angleDiff(est[(t + 1) * nBins + k] - est[t * nBins + k], advance))
        // ...and across the peak the phase differences must match the true STFT's (the centred
        // window makes neighbouring bins differ by ≈ π).
        worst = Math.max(worst, angleDiff(est[t * nBins + k + 1] - est[t * nBins + k], phase[t * nBins + k + 1] - phase[t * nBins + k]))
      }
    }
    console.log(`worst phase-difference error ${worst.toFixed(4)} rad`)
    expect(worst).toBeLessThan(0.1)
    // A wrong sign or scale of either gradient would miss by far more.
    expect(angleDiff(advance + 0.5, advance)).toBeGreaterThan(0.1)
  })

  it('gives a click the group delay of its position across frequency', () => {
    const x = new Float32Array(16000)
    x[8100] = 1
    const { mag, phase, frames } = stft(x)
    const est = pghiPhase(mag, frames, nBins, spec.hop, gamma)
    // Frame 31 is centred at sample 31 · 256 = 7936: the click sits 164 samples after its centre, so
    // the true phase falls by 2π · 164 / 1024 per bin (plus π from the frame-start reference).
    const t = 31
    let worst = 0
    for (let k = 10; k < nBins - 10; k++) {
      worst = Math.max(worst, angleDiff(est[t * nBins + k + 1] - est[t * nBins + k], phase[t * nBins + k + 1] - phase[t * nBins + k]))
    }
    console.log(`worst phase-difference error ${worst.toFixed(4)} rad`)
    expect(worst).toBeLessThan(0.1)
  })

  it('reconstructs a sinusoid, a chirp and speech from their magnitudes far better than a random start', () => {
    const cases: [string, Float32Array, number][] = [
      // Hann's side lobes are not Gaussian: their gradients are poor, hence the looser limit.
      ['sine', sine(440.3, 2), 0.15],
      ['chirp', chirp(200, 600, 3), 0.05],
    ]
    for (const [name, x, limit] of cases) {
      const { mag, frames } = stft(x)
      const pghi = interiorSc(x, magnitudeToAudio(mag, frames, spec, { init: 'pghi', iterations: 0 }))
      const random = interiorSc(x, magnitudeToAudio(mag, frames, spec, { init: 'random', iterations: 0 }))
      console.log(`${name}: SC ${pghi.toFixed(4)} from PGHI, ${random.toFixed(4)} from random phases (no iterations)`)
      expect(pghi, name).toBeLessThan(limit)
      expect(random, name).toBeGreaterThan(0.5)
    }
  })

  it('reconstructs real speech from its true magnitude better than 32 Griffin-Lim iterations from random phases', async () => {
    const bytes = readFileSync(join(__dirname, '../../fixtures/audio/speech-16k-s16.wav'))
    const speech = (await decodeAudio(new Uint8Array(bytes))).channels[0]
    const { mag, frames } = stft(speech)
    const sc = (o: object) => spectralConvergence(speech, magnitudeToAudio(mag, frames, spec, o), spec)
    const pghi0 = sc({ init: 'pghi', iterations: 0 })
    const pghi2 = sc({ init: 'pghi', iterations: 2 })
    const random8 = sc({ init: 'random', iterations: 8 })
    console.log(`speech, true magnitude: PGHI ${pghi0.toFixed(4)}, PGHI + 2 ${pghi2.toFixed(4)}, random + 8 ${random8.toFixed(4)}`)
    expect(pghi0).toBeLessThan(0.08) // measured 0.053
    expect(pghi2).toBeLessThan(pghi0)
    expect(pghi0).toBeLessThan(random8 / 2) // measured 0.127
  })

  it('is deterministic and handles silence, non-finite values and a single frame', () => {
    const { mag, frames } = stft(chirp(300, 400, 1))
    expect(pghiPhase(mag, frames, nBins, spec.hop, gamma)).toEqual(pghiPhase(mag, frames, nBins, spec.hop, gamma))

    const bad = mag.slice()
    bad[5] = NaN
    bad[600] = Infinity
    bad[700] = -1
    bad.fill(0, 20 * nBins, 30 * nBins)
    const p = pghiPhase(bad, frames, nBins, spec.hop, gamma)
    expect(p.every((v) => Number.isFinite(v) && Math.abs(v) <= Math.PI + 1e-9)).toBe(true)

    const silent = pghiPhase(new Float64Array(3 * nBins), 3, nBins, spec.hop, gamma)
    expect(silent.every(Number.isFinite)).toBe(true)
    const one = pghiPhase(mag.subarray(10 * nBins, 11 * nBins), 1, nBins, spec.hop, gamma)
    expect(one.every(Number.isFinite)).toBe(true)
    expect(pghiPhase(new Float64Array(0), 0, nBins, spec.hop, gamma).length).toBe(0)
    expect(() => pghiPhase(mag, frames + 1, nBins, spec.hop, gamma)).toThrow(RangeError)
  })

  it('works for a window shorter than the FFT (γ from win, window still centred)', () => {
    const alt: FeatureSpec = { ...spec, win: 800, hop: 200 }
    const x = chirp(200, 600, 3)
    const { mag, frames } = stft(x, alt)
    const y = magnitudeToAudio(mag, frames, alt, { init: 'pghi', iterations: 0 })
    const sc = spectralConvergence(x.subarray(4096, x.length - 4096), y.subarray(4096, x.length - 4096), alt)
    console.log(`chirp, win 800 / hop 200: SC ${sc.toFixed(4)} from PGHI`)
    expect(sc).toBeLessThan(0.06)
  })
})
