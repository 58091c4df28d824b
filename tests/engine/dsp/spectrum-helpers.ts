// Whole-signal FFT helpers for tests that measure or shape frequency bands (one transform over the
// signal, zero-padded to a power of two: exact brick-wall bands, no windowing to reason about).
import { realFft } from '../../../electron/engine/dsp/fft'

function spectrum(x: Float32Array): { size: number; re: Float64Array; im: Float64Array } {
  const size = 2 ** Math.ceil(Math.log2(Math.max(4, x.length)))
  const buf = new Float64Array(size)
  buf.set(x)
  const re = new Float64Array(size / 2 + 1)
  const im = new Float64Array(size / 2 + 1)
  realFft(size).forward(buf, re, im)
  return { size, re, im }
}

/** Mean power per FFT bin of x over [fromHz, toHz). */
export function bandPower(x: Float32Array, rate: number, fromHz: number, toHz: number): number {
  const { size, re, im } = spectrum(x)
  let p = 0
  let count = 0
  for (let k = Math.ceil((fromHz * size) / rate); k < (toHz * size) / rate && k <= size / 2; k++, count++) p += re[k] * re[k] + im[k] * im[k]
  return p / count
}

/** x with only the bins in [fromHz, toHz) kept. */
export function bandPassed(x: Float32Array, rate: number, fromHz: number, toHz: number): Float32Array {
  const { size, re, im } = spectrum(x)
  for (let k = 0; k <= size / 2; k++) {
    const hz = (k * rate) / size
    if (hz < fromHz || hz >= toHz) re[k] = im[k] = 0
  }
  const y = new Float64Array(size)
  realFft(size).inverse(re, im, y)
  return Float32Array.from(y.subarray(0, x.length))
}
