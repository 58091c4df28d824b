import { describe, expect, it } from 'vitest'
import { resample, resampleUnderPeak, toMono } from '../../../electron/engine/audio/resample'
import { realFft } from '../../../electron/engine/dsp/fft'
import { EngineError } from '../../../electron/engine/types'

function sine(freq: number, rate: number, seconds: number, amp = 0.5): Float32Array {
  return new Float32Array(Math.round(rate * seconds)).map((_, i) => amp * Math.sin((2 * Math.PI * freq * i) / rate))
}

function rms(x: Float32Array, from = 0, to = x.length): number {
  let s = 0
  for (let i = from; i < to; i++) s += x[i] * x[i]
  return Math.sqrt(s / (to - from))
}

/** Frequency of the strongest bin of a Hann-windowed 4096-point spectrum from the middle of x. */
function peakFrequency(x: Float32Array, rate: number): number {
  const n = 4096
  const start = (x.length - n) >> 1
  const frame = new Float64Array(n).map((_, i) => x[start + i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n)))
  const re = new Float64Array(n / 2 + 1)
  const im = new Float64Array(n / 2 + 1)
  realFft(n).forward(frame, re, im)
  let best = 1
  for (let k = 1; k <= n / 2; k++) if (re[k] ** 2 + im[k] ** 2 > re[best] ** 2 + im[best] ** 2) best = k
  // Parabolic interpolation on log magnitude for sub-bin accuracy.
  const m = (k: number) => Math.log(Math.hypot(re[k], im[k]))
  const d = (0.5 * (m(best - 1) - m(best + 1))) / (m(best - 1) - 2 * m(best) + m(best + 1))
  return ((best + d) * rate) / n
}

describe('resample', () => {
  it('1 kHz at 44.1 kHz → 16 kHz keeps frequency, amplitude and length ratio', async () => {
    const x = sine(1000, 44100, 1)
    const y = await resample(x, 44100, 16000)
    expect(y.length).toBe(16000)
    expect(peakFrequency(y, 16000)).toBeCloseTo(1000, 0)
    const edge = 400 // away from the ends, where the sinc filter sees the signal start/stop
    expect(rms(y, edge, y.length - edge)).toBeCloseTo(0.5 / Math.SQRT2, 3)
  })

  it('has no delay: a sine stays in phase with the ideal resampled sine', async () => {
    const y = await resample(sine(440, 44100, 0.5), 44100, 16000)
    const ideal = sine(440, 16000, 0.5)
    let err = 0
    for (let i = 500; i < y.length - 500; i++) err = Math.max(err, Math.abs(y[i] - ideal[i]))
    expect(err).toBeLessThan(1e-3)
  })

  it('a 10 kHz tone (above the 8 kHz Nyquist of 16 kHz) does not alias into the output', async () => {
    const x = sine(10000, 44100, 1)
    const y = await resample(x, 44100, 16000)
    const edge = 400
    const ratio = rms(y, edge, y.length - edge) / rms(x)
    expect(20 * Math.log10(ratio)).toBeLessThan(-60) // would alias to 6 kHz at full level
  })

  it('upsampling keeps length ratio and tone', async () => {
    const y = await resample(sine(1000, 16000, 0.5), 16000, 48000)
    expect(y.length).toBe(24000)
    expect(peakFrequency(y, 48000)).toBeCloseTo(1000, 0)
  })

  it('long buffers (over the wasm module’s buffer size) come out whole and continuous', async () => {
    const rate = 48000
    const x = sine(300, rate, 25) // 1.2 M samples: several internal chunks
    const y = await resample(x, rate, 16000, 'fast')
    expect(y.length).toBe(16000 * 25)
    const ideal = sine(300, 16000, 25)
    let err = 0
    for (let i = 1000; i < y.length - 1000; i++) err = Math.max(err, Math.abs(y[i] - ideal[i]))
    expect(err).toBeLessThan(2e-3)
  })

  it('identity when the rates match; empty stays empty; odd rates are refused', async () => {
    const x = sine(100, 16000, 0.01)
    expect(await resample(x, 16000, 16000)).toBe(x)
    expect((await resample(new Float32Array(0), 44100, 16000)).length).toBe(0)
    await expect(resample(x, 384000, 16000)).rejects.toThrow(EngineError)
    await expect(resample(x, 384000, 16000)).rejects.toThrow(/input rate 384000 Hz is outside 1–192000 Hz/)
  })
})

describe('toMono', () => {
  it('averages channels into a new array', () => {
    const l = new Float32Array([1, 0.5, -1])
    const r = new Float32Array([0, 0.5, 1])
    expect(Array.from(toMono({ sampleRate: 8000, channels: [l, r] }))).toEqual([0.5, 0.5, 0])
    const mono = toMono({ sampleRate: 8000, channels: [l] })
    expect(mono).toEqual(l)
    expect(mono).not.toBe(l)
  })

  it('rejects channels of different lengths', () => {
    expect(() => toMono({ sampleRate: 8000, channels: [new Float32Array(2), new Float32Array(3)] })).toThrow(
      /channels differ in length/,
    )
  })
})

describe('resampleUnderPeak', () => {
  it("keeps a limited clip's samples under its own peak at the output rate (the waveform between them peaks higher)", async () => {
    // Speech-like noise up to the 16 kHz Nyquist, hard limited at 0.99: flat tops the sinc converter overshoots.
    let seed = 7
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1
    const x = new Float32Array(16000).map(() => Math.max(-0.99, Math.min(0.99, 1.5 * rand())))
    const peak = (y: Float32Array) => y.reduce((m, v) => Math.max(m, Math.abs(v)), 0)
    for (const rate of [44100, 48000]) {
      const plain = await resample(x, 16000, rate)
      expect(peak(plain)).toBeGreaterThan(1) // what a 16-bit file clipped
      const kept = await resampleUnderPeak(x, 16000, rate)
      expect(kept.length).toBe(plain.length)
      expect(peak(kept)).toBeLessThanOrEqual(0.99 + 1e-6)
    }
    const tone = sine(440, 16000, 1, 0.3) // a smooth waveform: its samples already hold its peak, so it is the plain resample
    const q = await resampleUnderPeak(tone, 16000, 48000)
    expect(rms(q)).toBeCloseTo(rms(await resample(tone, 16000, 48000)), 4)
    expect(await resampleUnderPeak(x, 16000, 16000)).toBe(x)
  })
})
