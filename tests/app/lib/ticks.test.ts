import { describe, expect, it } from 'vitest'
import { tickIntervals } from '../../../app/src/lib/ticks'

describe('tickIntervals', () => {
  it('spaces labels at least the minimum apart with nice steps', () => {
    expect(tickIntervals(500)).toEqual({ timeInterval: 0.04, primaryLabelInterval: 0.2, decimals: 1 })
    expect(tickIntervals(50)).toMatchObject({ primaryLabelInterval: 2, decimals: 0 })
    expect(tickIntervals(0.05)).toMatchObject({ primaryLabelInterval: 1800 })
  })
  it('keeps small ticks at least 8 px apart', () => {
    for (const pps of [3, 17, 120, 900, 12000]) {
      const t = tickIntervals(pps)
      expect(t.timeInterval * pps).toBeGreaterThanOrEqual(8)
      expect(t.primaryLabelInterval * pps).toBeGreaterThanOrEqual(80)
    }
  })
})
