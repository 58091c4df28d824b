// Seeded Gaussian noise with a chosen power per STFT bin and frame, added to a signal: the one
// synthesis behind the high-band extension (highband.ts) and the room tone (roomtone.ts).
//
// Frames are Hann-windowed at hop nFft/4. Power bookkeeping: analysis gives E|X[k]|² = σ²·S for white
// noise of variance σ² (S = Σw²); a bin of magnitude² P inverse-transforms to power 2P/N², and the
// windowed overlap-add multiplies power by S/hop. Matching the input's 2σ²/N per bin needs
// P = σ²·S · N·hop/S², i.e. a magnitude factor sqrt(N·hop)/S on the measured level. So a bin asked
// for power p (as the same analysis would measure it) comes out at p on average.

import { realFft } from './fft'
import { centredHann } from './stft'
import { gaussianNoise } from '../rng'

/** Hann-windowed frames of x at hop nFft/4 (no padding: callers pass stretches longer than one frame or get none). */
export function* analysisFrames(x: Float32Array, nFft: number): Generator<{ re: Float64Array; im: Float64Array; offset: number }> {
  const fft = realFft(nFft)
  const w = centredHann(nFft, nFft)
  const buf = new Float64Array(x.length)
  buf.set(x)
  const re = new Float64Array((nFft >> 1) + 1)
  const im = new Float64Array((nFft >> 1) + 1)
  for (let offset = 0; offset + nFft <= x.length; offset += nFft >> 2) {
    fft.forwardWindowed(buf, offset, w, re, im)
    yield { re, im, offset }
  }
}

/** Mean power |X[k]|² over bins [from, to). */
export function bandPower(re: Float64Array, im: Float64Array, from: number, to: number): number {
  let p = 0
  for (let k = from; k < to; k++) p += re[k] * re[k] + im[k] * im[k]
  return p / Math.max(1, to - from)
}

/**
 * Fills `power` [to - from] with the noise power wanted in bins [from, to) of one analysis frame of
 * the signal (re, im are that frame's spectrum, measured as analysisFrames measures).
 */
export type NoisePower = (re: Float64Array, im: Float64Array, power: Float64Array) => void

/**
 * x plus Gaussian noise in bins [from, to) whose expected power per bin and frame is what `want`
 * asks for, seeded by (seed, stream). Returns a new array; x is padded by half a frame each side so
 * its first and last samples get full overlap.
 */
export function addShapedNoise(
  x: Float32Array,
  nFft: number,
  from: number,
  to: number,
  want: NoisePower,
  seed: number,
  stream = 0,
): Float32Array {
  const half = nFft >> 1
  const hop = nFft >> 2
  const fft = realFft(nFft)
  const w = centredHann(nFft, nFft)
  let S = 0
  for (const v of w) S += v * v
  const norm = Math.sqrt(nFft * hop) / S
  const pad = half
  const padded = new Float32Array(x.length + 2 * pad + nFft)
  padded.set(x, pad)
  const out = new Float64Array(padded.length)
  const nFrames = Math.floor((padded.length - nFft) / hop) + 1
  const width = Math.max(0, to - from)
  const noise = gaussianNoise(seed, nFrames * 2 * width, stream)
  const power = new Float64Array(width)
  const nre = new Float64Array(half + 1)
  const nim = new Float64Array(half + 1)
  let f = 0
  for (const { re, im, offset } of analysisFrames(padded, nFft)) {
    power.fill(0)
    want(re, im, power)
    nre.fill(0)
    nim.fill(0)
    const base = f * 2 * width
    for (let k = from; k < to; k++) {
      const a = (Math.sqrt(Math.max(0, power[k - from])) * norm) / Math.SQRT2
      nre[k] = a * noise[base + 2 * (k - from)]
      nim[k] = k === half || k === 0 ? 0 : a * noise[base + 2 * (k - from) + 1]
    }
    fft.inverseAdd(nre, nim, w, out, offset)
    f++
  }
  const result = new Float32Array(x.length)
  for (let i = 0; i < x.length; i++) result[i] = x[i] + out[pad + i]
  return result
}
