import { describe, expect, it } from 'vitest'
import { nearestStep } from '../../../../app/src/features/trajectory/grid'

describe('nearestStep', () => {
  it('snaps a position on the t axis to the nearest grid time', () => {
    const grid = [0, 0.02, 0.08, 0.3, 1]
    expect(nearestStep(grid, 0)).toBe(0)
    expect(nearestStep(grid, 0.045)).toBe(1)
    expect(nearestStep(grid, 0.2)).toBe(3)
    expect(nearestStep(grid, 0.7)).toBe(4)
    expect(nearestStep(grid, -1)).toBe(0)
    expect(nearestStep(grid, 9)).toBe(4)
  })
})
