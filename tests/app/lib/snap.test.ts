import { describe, expect, it } from 'vitest'
import { envelope, quietPoint, smooth, snapWindow } from '../../../app/src/lib/snap'
import type { PeakData } from '../../../app/src/api/types'

/** Peaks of a "speech" burst with a pause between `gapStart` and `gapEnd` seconds (5 ms buckets). */
function peaksWithGap(seconds: number, gapStart: number, gapEnd: number, sampleRate = 16000): PeakData {
  const spp = 80
  const n = Math.round((seconds * sampleRate) / spp)
  const min = new Float32Array(n)
  const max = new Float32Array(n)
  for (let b = 0; b < n; b++) {
    const t = ((b + 0.5) * spp) / sampleRate
    const loud = t < gapStart || t > gapEnd ? 0.5 + 0.3 * Math.sin(b) : 0.002
    max[b] = loud
    min[b] = -loud
  }
  return { startFrame: 0, endFrame: n * spp, samplesPerPeak: spp, channels: [{ min, max }] }
}

describe('envelope / smooth', () => {
  it('takes the loudest channel per bucket', () => {
    const p: PeakData = {
      startFrame: 0,
      endFrame: 4,
      samplesPerPeak: 2,
      channels: [
        { min: new Float32Array([-0.1, -0.5]), max: new Float32Array([0.1, 0.5]) },
        { min: new Float32Array([-0.3, 0]), max: new Float32Array([0.3, 0]) },
      ],
    }
    expect(Array.from(envelope(p))).toEqual([expect.closeTo(0.6), expect.closeTo(1)])
  })
  it('averages over a centred window', () => {
    expect(Array.from(smooth(new Float32Array([0, 3, 0, 0]), 3))).toEqual([1.5, 1, 1, 0])
  })
})

describe('quietPoint', () => {
  it('moves an edge into a nearby pause', () => {
    const peaks = peaksWithGap(2, 1.0, 1.1)
    const t = quietPoint(peaks, 16000, 0.95)
    expect(t).toBeGreaterThan(1.0)
    expect(t).toBeLessThan(1.1)
  })
  it('stays within the radius when no pause is near', () => {
    const peaks = peaksWithGap(2, 1.6, 1.7)
    const t = quietPoint(peaks, 16000, 0.5, { radius: 0.1 })
    expect(Math.abs(t - 0.5)).toBeLessThanOrEqual(0.1)
  })
  it('prefers the nearer of two equal pauses', () => {
    const peaks = peaksWithGap(2, 0.6, 0.7)
    // A second pause at 1.3-1.4 s: copy the gap in.
    const spp = peaks.samplesPerPeak
    for (let b = Math.round((1.3 * 16000) / spp); b < Math.round((1.4 * 16000) / spp); b++) {
      peaks.channels[0].max[b] = 0.002
      peaks.channels[0].min[b] = -0.002
    }
    expect(quietPoint(peaks, 16000, 0.8, { radius: 0.6 })).toBeLessThan(0.75)
    expect(quietPoint(peaks, 16000, 1.2, { radius: 0.6 })).toBeGreaterThan(1.25)
  })
  it('leaves the time alone when the peaks do not cover it', () => {
    const peaks = peaksWithGap(1, 0.4, 0.5)
    expect(quietPoint(peaks, 16000, 5)).toBe(5)
  })
})

describe('snapWindow', () => {
  it('asks for a window around the edge clamped to the file, at ~5 ms buckets', () => {
    const w = snapWindow(0.05, 16000, 32000, 0.15)
    expect(w.startFrame).toBe(0)
    expect(w.endFrame).toBe(Math.ceil(0.25 * 16000))
    expect(w.buckets).toBe(Math.round(w.endFrame / 80))
  })
})
