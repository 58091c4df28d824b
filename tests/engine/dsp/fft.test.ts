import { describe, expect, it } from 'vitest'
import { realFft } from '../../../electron/engine/dsp/fft'

/** O(n²) reference DFT. */
function naiveDft(x: Float64Array): { re: Float64Array; im: Float64Array } {
  const n = x.length
  const re = new Float64Array(n / 2 + 1)
  const im = new Float64Array(n / 2 + 1)
  for (let k = 0; k <= n / 2; k++) {
    for (let j = 0; j < n; j++) {
      re[k] += x[j] * Math.cos((2 * Math.PI * j * k) / n)
      im[k] -= x[j] * Math.sin((2 * Math.PI * j * k) / n)
    }
  }
  return { re, im }
}

function signal(n: number): Float64Array {
  return new Float64Array(n).map((_, i) => Math.sin(i * 1.3) + ((i * 7919) % 13) / 13 - 0.5)
}

describe('realFft', () => {
  // 4, 8 (radix-4 only), 16, 32 (radix-2 + radix-4), 1024 (the feature size).
  for (const n of [4, 8, 16, 32, 256, 1024]) {
    it(`size ${n}: forward matches the DFT and inverse restores the signal`, () => {
      const x = signal(n)
      const fft = realFft(n)
      const re = new Float64Array(n / 2 + 1)
      const im = new Float64Array(n / 2 + 1)
      fft.forward(x, re, im)
      const ref = naiveDft(x)
      for (let k = 0; k <= n / 2; k++) {
        expect(re[k]).toBeCloseTo(ref.re[k], 9)
        expect(im[k]).toBeCloseTo(ref.im[k], 9)
      }
      const y = new Float64Array(n)
      fft.inverse(re, im, y)
      for (let j = 0; j < n; j++) expect(y[j]).toBeCloseTo(x[j], 12)
    })
  }

  it('inverse ignores the imaginary parts of DC and Nyquist, like irfft', () => {
    const n = 64
    const fft = realFft(n)
    const re = new Float64Array(n / 2 + 1)
    const im = new Float64Array(n / 2 + 1)
    fft.forward(signal(n), re, im)
    const a = new Float64Array(n)
    fft.inverse(re, im, a)
    im[0] = 3
    im[n / 2] = -2
    const b = new Float64Array(n)
    fft.inverse(re, im, b)
    expect(Array.from(b)).toEqual(Array.from(a))
  })

  for (const n of [4, 8, 32, 1024]) {
    it(`size ${n}: forwardWindowed and inverseAdd equal forward / inverse with the window applied`, () => {
      const fft = realFft(n)
      const offset = 7
      const x = signal(n + 20)
      const w = new Float64Array(n).map((_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n) + 0.1 * (i % 3))
      const re = new Float64Array(n / 2 + 1)
      const im = new Float64Array(n / 2 + 1)
      fft.forwardWindowed(x, offset, w, re, im)
      const frame = new Float64Array(n).map((_, i) => w[i] * x[offset + i])
      const ref = { re: new Float64Array(n / 2 + 1), im: new Float64Array(n / 2 + 1) }
      fft.forward(frame, ref.re, ref.im)
      expect(Array.from(re)).toEqual(Array.from(ref.re))
      expect(Array.from(im)).toEqual(Array.from(ref.im))

      const out = new Float64Array(n + 20).fill(0.25)
      fft.inverseAdd(re, im, w, out, offset)
      const y = new Float64Array(n)
      fft.inverse(re, im, y)
      for (let j = 0; j < n + 20; j++) {
        const expected = 0.25 + (j >= offset && j < offset + n ? w[j - offset] * y[j - offset] : 0)
        expect(out[j]).toBeCloseTo(expected, 13)
      }
    })
  }

  it('caches one plan per size and rejects sizes that are not powers of two', () => {
    expect(realFft(512)).toBe(realFft(512))
    expect(() => realFft(1000)).toThrow(/power of two >= 4 \(got 1000\)/)
    expect(() => realFft(2)).toThrow(RangeError)
  })
})
