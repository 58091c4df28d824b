import { describe, expect, it } from 'vitest'
import { COLOR_LUT } from '../../../../app/src/features/common/colormap'
import { featureImage, featureRange, pcmFingerprint, pcmSpectrogram } from '../../../../app/src/features/common/images'

const rgbAt = (img: { width: number; data: Uint8ClampedArray }, x: number, y: number) => Array.from(img.data.slice((y * img.width + x) * 4, (y * img.width + x) * 4 + 3))
const lut = (level: number) => Array.from(COLOR_LUT.slice(level * 3, level * 3 + 3))

describe('featureImage', () => {
  it('draws [frames × nMels] with time left to right and mel 0 at the bottom', () => {
    const frames = 3
    const nMels = 2
    // frame 1, mel 0 is loud; everything else quiet
    const feats = new Float32Array(frames * nMels)
    feats[1 * nMels + 0] = 1
    const img = featureImage(feats, frames, nMels, [0, 1])
    expect([img.width, img.height]).toEqual([3, 2])
    expect(rgbAt(img, 1, 1)).toEqual(lut(255)) // bottom row = mel 0
    expect(rgbAt(img, 1, 0)).toEqual(lut(0))
    expect(rgbAt(img, 0, 1)).toEqual(lut(0))
    expect(img.data[3]).toBe(255)
  })

  it('clamps values outside the range and checks the shape', () => {
    const img = featureImage(Float32Array.from([-5, 5]), 2, 1, [0, 1])
    expect(rgbAt(img, 0, 0)).toEqual(lut(0))
    expect(rgbAt(img, 1, 0)).toEqual(lut(255))
    expect(() => featureImage(new Float32Array(5), 2, 3, [0, 1])).toThrow(/expected 2×3 features, got 5/)
  })
})

describe('featureRange', () => {
  it('spans the 1st to 99th percentile, ignoring a few outliers', () => {
    const feats = Float32Array.from({ length: 1000 }, (_, i) => i / 999)
    feats[0] = -100
    feats[1] = 100
    const [lo, hi] = featureRange(feats)
    expect(lo).toBeGreaterThan(0)
    expect(lo).toBeLessThan(0.02)
    expect(hi).toBeGreaterThan(0.98)
    expect(hi).toBeLessThan(1.0001)
  })

  it('never returns an empty range', () => {
    expect(featureRange(new Float32Array(10).fill(3))).toEqual([2, 4])
    expect(featureRange(new Float32Array(0))).toEqual([0, 1])
  })
})

describe('pcmSpectrogram', () => {
  it('puts a low tone low and a high tone high', () => {
    const rate = 16000
    const tone = (hz: number) => Float32Array.from({ length: rate / 2 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate))
    const rows = 32
    const brightestRow = (img: ReturnType<typeof pcmSpectrogram>) => {
      let best = 0
      let bestSum = -1
      for (let y = 0; y < img.height; y++) {
        let sum = 0
        for (let x = 0; x < img.width; x++) sum += rgbAt(img, x, y).reduce((a, b) => a + b, 0)
        if (sum > bestSum) [best, bestSum] = [y, sum]
      }
      return best
    }
    const low = pcmSpectrogram(tone(300), rate, 20, rows)
    const high = pcmSpectrogram(tone(5000), rate, 20, rows)
    expect([low.width, low.height]).toEqual([20, rows])
    expect(brightestRow(low)).toBeGreaterThan(rows / 2) // near the bottom
    expect(brightestRow(high)).toBeLessThan(rows / 2)
  })
})

describe('pcmFingerprint', () => {
  it('tells different audio apart and the same samples alike, wherever they sit in memory', () => {
    const a = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i))
    const big = new Float32Array(300)
    big.set(a, 100)
    expect(pcmFingerprint(big.subarray(100, 200))).toBe(pcmFingerprint(a))
    const b = a.slice()
    b[50] += 1e-6
    expect(pcmFingerprint(b)).not.toBe(pcmFingerprint(a))
    expect(pcmFingerprint(a)).toMatch(/^[0-9a-f]{8}$/)
  })
})
