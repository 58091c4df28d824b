import { describe, expect, it } from 'vitest'
import { SAID_TOLERANCE_FRAMES, trimToPhones, type PlacedPhone } from '../../../electron/engine/edit/said'

/** Phones laid end to end from `at`, `len` frames each, with flat indices 0… (a pause at `silAt` is skipped). */
function laid(at: number, count: number, len = 5, silAt = -1): PlacedPhone[] {
  const out: PlacedPhone[] = []
  let index = 0
  for (let k = 0; k < count; k++) {
    if (index === silAt) index++
    out.push({ index, start: at + k * len, end: at + (k + 1) * len })
    index++
  }
  return out
}

describe('trimToPhones', () => {
  it('narrows a region that starts early and ends late to the words, one frame of margin each side', () => {
    // Words said at frames 110–140 inside a region 100–150, a pause after them until 145, then speech.
    expect(trimToPhones(laid(110, 6), 100, 150, 6, 145)).toEqual({ from: 109, to: 145, phones: [0, 6] })
    // A pause past the region's end: the end stays.
    expect(trimToPhones(laid(110, 6), 100, 150, 6, 170)).toEqual({ from: 109, to: 150, phones: [0, 6] })
  })

  it('keeps the region\'s end when speech follows the last word at once (its fading end may be what the aligner missed)', () => {
    expect(trimToPhones(laid(110, 6), 100, 150, 6, 140)).toEqual({ from: 109, to: 150, phones: [0, 6] })
  })

  it('does not generate the tail that is said after the region ends ("selfish" masked without its "sh")', () => {
    // Six phones at 100–130; the region ends at 122: phones 4 and 5 (120–130) are said after it… but
    // phone 4 ends at 125, past the tolerance, so the region ends after phone 3 and phones 4–5 stay the recording's.
    expect(trimToPhones(laid(100, 6), 100, 122, 6, 130)).toEqual({ from: 100, to: 121, phones: [0, 4] })
  })

  it('does not generate the head said before the region starts', () => {
    expect(trimToPhones(laid(100, 6), 108, 130, 6, 130)).toEqual({ from: 109, to: 130, phones: [2, 6] })
  })

  it('treats a boundary within the tolerance as inside', () => {
    expect(trimToPhones(laid(100 - SAID_TOLERANCE_FRAMES, 4), 100, 118 - SAID_TOLERANCE_FRAMES, 4, 118 - SAID_TOLERANCE_FRAMES)).toBeNull()
  })

  it('keeps pauses between kept words and counts flat indices past them', () => {
    // Flat phones: 0 1 2 sil(3) 4 5 6; the last phone is said after the region.
    const placed = laid(100, 6, 5, 3)
    expect(placed.map((p) => p.index)).toEqual([0, 1, 2, 4, 5, 6])
    expect(trimToPhones(placed, 100, 126, 7, 130)).toEqual({ from: 100, to: 126, phones: [0, 6] })
  })

  it('leaves the region alone when no phone lies in it or when nothing would change', () => {
    expect(trimToPhones(laid(200, 4), 100, 150, 4, 220)).toBeNull()
    expect(trimToPhones(laid(100, 4), 100, 120, 4, 120)).toBeNull()
  })

  it('refuses a placement with fewer frames than phones', () => {
    const squeezed: PlacedPhone[] = [0, 1, 2, 3].map((index) => ({ index, start: 110, end: 111 }))
    expect(trimToPhones(squeezed, 100, 150, 4, 111)).toBeNull()
  })
})

describe('trimToPhones, words mostly elsewhere', () => {
  it('generates the region as given when most of the text is said outside it (the aligner found the word next door)', () => {
    // A six-phone word placed at 100–130 for a region 84–106: one phone inside, five after it.
    expect(trimToPhones(laid(100, 6), 84, 106, 6, 130)).toBeNull()
  })

  it('makes only the phones inside when the region covers part of its word (a fifth is enough)', () => {
    // "lobster" (six phones at 100–130) masked over its middle 104–117: L before, S T ER after; A B made.
    expect(trimToPhones(laid(100, 6), 104, 117, 6, 130)).toEqual({ from: 104, to: 116, phones: [1, 3] })
    // Half inside.
    expect(trimToPhones(laid(100, 4), 90, 111, 4, 120)).toEqual({ from: 99, to: 111, phones: [0, 2] })
  })
})
