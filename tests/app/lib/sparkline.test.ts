import { describe, expect, it } from 'vitest'
import { minMax } from '../../../app/src/lib/sparkline'

describe('minMax', () => {
  it('takes the extremes of each bucket', () => {
    const { min, max } = minMax(new Float32Array([0.1, -0.5, 0.3, 0.9, -0.2, 0]), 3)
    expect(Array.from(min)).toEqual([expect.closeTo(-0.5), expect.closeTo(0.3), expect.closeTo(-0.2)])
    expect(Array.from(max)).toEqual([expect.closeTo(0.1), expect.closeTo(0.9), expect.closeTo(0)])
  })
  it('never makes more buckets than samples', () => {
    expect(minMax(new Float32Array(2), 10).min).toHaveLength(2)
    expect(minMax(new Float32Array(0), 10).min).toHaveLength(0)
  })
})
