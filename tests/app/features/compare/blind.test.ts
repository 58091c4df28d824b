import { describe, expect, it } from 'vitest'
import { displayOrder, rankSlot, reveal, revealTable, shuffle, slotLabel, startBlind } from '../../../../app/src/features/compare/blind'

/** Deterministic [0, 1) numbers (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('shuffle', () => {
  it('is a permutation, reproducible from the random source', () => {
    for (let n = 0; n < 12; n++) {
      const p = shuffle(n, seeded(n))
      expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i))
    }
    expect(shuffle(8, seeded(3))).toEqual(shuffle(8, seeded(3)))
  })

  it('puts every row in every slot about equally often', () => {
    const random = seeded(42)
    const counts = Array.from({ length: 4 }, () => new Array<number>(4).fill(0))
    for (let i = 0; i < 8000; i++) shuffle(4, random).forEach((row, slot) => counts[row][slot]++)
    for (const row of counts) for (const c of row) expect(c).toBeGreaterThan(1800) // 2000 expected
  })
})

describe('blind state', () => {
  it('labels slots A, B, … Z, AA', () => {
    expect([0, 1, 25, 26, 27].map(slotLabel)).toEqual(['A', 'B', 'Z', 'AA', 'AB'])
  })

  it('lists rows in the shuffled order while blind, in row order otherwise', () => {
    const blind = { order: [2, 0, 1], ranks: [0, 0, 0], revealed: false }
    expect(displayOrder(3, blind)).toEqual([2, 0, 1])
    expect(displayOrder(3, null)).toEqual([0, 1, 2])
    expect(displayOrder(4, blind)).toEqual([0, 1, 2, 3]) // stale blind state for another ladder
  })

  it('ranks in click order; un-ranking closes the gap; frozen after the reveal', () => {
    let s = startBlind(4, seeded(1))
    s = rankSlot(s, 2)
    s = rankSlot(s, 0)
    s = rankSlot(s, 3)
    expect(s.ranks).toEqual([2, 0, 1, 3])
    s = rankSlot(s, 0) // take back rank 2: rank 3 moves up
    expect(s.ranks).toEqual([0, 0, 1, 2])
    s = rankSlot(s, 1)
    expect(s.ranks).toEqual([0, 3, 1, 2])
    expect(rankSlot(s, 9)).toBe(s)
    const shown = reveal(s)
    expect(rankSlot(shown, 0)).toBe(shown)
  })

  it('reveals each letter with the row it hid, ranked ones first', () => {
    const s = reveal({ order: [3, 1, 0, 2], ranks: [2, 0, 1, 0], revealed: false })
    expect(revealTable(s)).toEqual([
      { slot: 2, label: 'C', row: 0, rank: 1 },
      { slot: 0, label: 'A', row: 3, rank: 2 },
      { slot: 1, label: 'B', row: 1, rank: 0 },
      { slot: 3, label: 'D', row: 2, rank: 0 },
    ])
  })
})
