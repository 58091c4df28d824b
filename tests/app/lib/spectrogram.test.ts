import { describe, expect, it } from 'vitest'
import { columnCentres, downmix, fft, fftSizeFor, hann, hzToMel, melToHz, spectrumColumn, toMelRows } from '../../../app/src/lib/spectrogram'

describe('fft', () => {
  it('matches a direct DFT', () => {
    const n = 16
    const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.7) + 0.3 * Math.cos(i * 2.1))
    const re = Float32Array.from(x)
    const im = new Float32Array(n)
    fft(re, im)
    for (let k = 0; k < n; k++) {
      let r = 0
      let m = 0
      for (let i = 0; i < n; i++) {
        r += x[i] * Math.cos((-2 * Math.PI * k * i) / n)
        m += x[i] * Math.sin((-2 * Math.PI * k * i) / n)
      }
      expect(re[k]).toBeCloseTo(r, 4)
      expect(im[k]).toBeCloseTo(m, 4)
    }
  })
  it('rejects sizes that are not powers of two', () => {
    expect(() => fft(new Float32Array(12), new Float32Array(12))).toThrow(/power of two/)
  })
})

describe('spectrumColumn', () => {
  it('is brightest at the bin of a sine and dark elsewhere', () => {
    const sr = 16000
    const samples = Float32Array.from({ length: 4096 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / sr))
    const col = spectrumColumn(samples, 2048, hann(512))
    const peak = col.indexOf(Math.max(...col))
    expect(peak).toBe(Math.round((1000 / sr) * 512))
    expect(col[200]).toBeLessThan(40)
  })
  it('is all zero for silence', () => {
    expect(Math.max(...spectrumColumn(new Float32Array(1024), 512, hann(256)))).toBe(0)
  })
})

describe('downmix / columnCentres', () => {
  it('averages channels', () => {
    expect(Array.from(downmix([new Float32Array([1, 0]), new Float32Array([0, 1])]))).toEqual([0.5, 0.5])
  })
  it('flips a channel wired with its polarity inverted instead of cancelling it to silence', () => {
    const left = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i / 3))
    const right = left.map((v) => -v)
    const mixed = downmix([left, right])
    expect(Array.from(mixed)).toEqual(Array.from(left))
  })
  it('spreads a bounded number of columns evenly', () => {
    expect(columnCentres(100, 4)).toEqual([12, 37, 62, 87])
    expect(columnCentres(3, 10)).toHaveLength(3)
  })
})

describe('toMelRows', () => {
  it('maps mel and back', () => {
    expect(melToHz(hzToMel(4000))).toBeCloseTo(4000, 6)
  })
  it('puts a tone at its mel height', () => {
    const sr = 16000
    const col = new Uint8Array(256)
    const bin = Math.round((1000 / 8000) * 255)
    col[bin] = 255
    const rows = toMelRows(col, sr)
    const row = rows.indexOf(255)
    // The row's mel position matches 1 kHz's within a row.
    expect(row / 255).toBeCloseTo(hzToMel(1000) / hzToMel(8000), 1)
    expect(rows.filter((v) => v > 0).length).toBeLessThanOrEqual(2)
  })
  it('keeps a high-frequency peak that falls between row centres', () => {
    const col = new Uint8Array(256)
    col[250] = 200
    expect(Math.max(...toMelRows(col, 16000))).toBe(200)
  })
})

describe('fftSizeFor', () => {
  it('keeps the window near 25–50 ms', () => {
    expect(fftSizeFor(16000)).toBe(512)
    expect(fftSizeFor(44100)).toBe(1024)
    expect(fftSizeFor(8000)).toBe(256)
  })
})
