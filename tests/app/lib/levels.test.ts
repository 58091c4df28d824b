import { describe, expect, it } from 'vitest'
import { formatPeak, peakOf } from '../../../app/src/lib/levels'

const peaks = (min: number[], max: number[]) => ({ startFrame: 0, endFrame: 10, samplesPerPeak: 5, channels: [{ min: Float32Array.from(min), max: Float32Array.from(max) }] })

describe('levels', () => {
  it('the peak is the largest |sample| of any bucket, negative side included', () => {
    expect(peakOf(peaks([-0.25, -0.1], [0.2, 0.1]))).toBeCloseTo(0.25, 6)
    expect(peakOf(peaks([0, 0], [0, 0]))).toBe(0)
  })
  it('reads as dBFS, with a sign over full scale, and silence as silent', () => {
    expect(formatPeak(0.5)).toBe('peak −6.0 dBFS')
    expect(formatPeak(1)).toBe('peak 0.0 dBFS')
    expect(formatPeak(2.56)).toBe('peak +8.2 dBFS')
    expect(formatPeak(0.001)).toBe('peak −60.0 dBFS')
    expect(formatPeak(0)).toBe('silent')
  })
})
