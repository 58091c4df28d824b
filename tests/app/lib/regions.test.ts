import { describe, expect, it } from 'vitest'
import {
  clampSpan,
  constrainMove,
  constrainResize,
  fitNewSpan,
  fitPxPerSec,
  freeGaps,
  MAX_PX_PER_SEC,
  overlaps,
  pxToSeconds,
  revealMargin,
  scrollForAnchor,
  scrollToFollow,
  scrollToReveal,
  secondsToPx,
  zoomBy,
} from '../../../app/src/lib/regions'

describe('clampSpan', () => {
  it('orders reversed edges and clamps into the audio', () => {
    expect(clampSpan({ start: 5, end: -1 }, 4)).toEqual({ start: 0, end: 4 })
    expect(clampSpan({ start: 1, end: 2 }, 4)).toEqual({ start: 1, end: 2 })
  })
})

describe('overlaps', () => {
  it('treats touching edges as apart', () => {
    expect(overlaps({ start: 0, end: 1 }, { start: 1, end: 2 })).toBe(false)
    expect(overlaps({ start: 0, end: 1.01 }, { start: 1, end: 2 })).toBe(true)
  })
  it('handles insert points', () => {
    expect(overlaps({ start: 1.5, end: 1.5 }, { start: 1, end: 2 })).toBe(true)
    expect(overlaps({ start: 1, end: 2 }, { start: 2, end: 2 })).toBe(false)
    expect(overlaps({ start: 3, end: 3 }, { start: 3, end: 3 })).toBe(true)
  })
})

describe('fitNewSpan', () => {
  const others = [
    { start: 1, end: 2 },
    { start: 3, end: 4 },
  ]
  it('lists the gaps between regions', () => {
    expect(freeGaps(others, 5)).toEqual([
      { start: 0, end: 1 },
      { start: 2, end: 3 },
      { start: 4, end: 5 },
    ])
  })
  it('clips a drawn span into the gap it covers most', () => {
    expect(fitNewSpan({ start: 1.5, end: 2.9 }, others, 5)).toEqual({ start: 2, end: 2.9 })
    expect(fitNewSpan({ start: 0.2, end: 1.2 }, others, 5)).toEqual({ start: 0.2, end: 1 })
  })
  it('refuses a span with no room', () => {
    expect(fitNewSpan({ start: 1.1, end: 1.9 }, others, 5)).toBeNull()
  })
})

describe('constrainMove / constrainResize', () => {
  const others = [{ start: 3, end: 4 }]
  const r = { start: 1, end: 2 }
  it('moves keeping the length and stops at a neighbour and at 0', () => {
    expect(constrainMove(r, { start: 1.5, end: 2.5 }, others, 10)).toEqual({ start: 1.5, end: 2.5 })
    expect(constrainMove(r, { start: 2.8, end: 3.8 }, others, 10)).toEqual({ start: 2, end: 3 })
    expect(constrainMove(r, { start: -1, end: 0 }, others, 10)).toEqual({ start: 0, end: 1 })
  })
  it('resizes one edge, stopping at a neighbour and keeping a minimum length', () => {
    expect(constrainResize(r, { start: 1, end: 3.5 }, others, 10)).toEqual({ start: 1, end: 3 })
    expect(constrainResize(r, { start: 2.5, end: 2 }, others, 10, 0.1)).toEqual({ start: 1.9, end: 2 })
    expect(constrainResize(r, { start: 0.5, end: 2 }, others, 10)).toEqual({ start: 0.5, end: 2 })
  })
})

describe('seconds ↔ pixels and zoom', () => {
  it('round-trips with scroll', () => {
    const px = secondsToPx(2.5, 100, 40)
    expect(px).toBe(210)
    expect(pxToSeconds(px, 100, 40)).toBe(2.5)
  })
  it('fits and bounds the zoom', () => {
    expect(fitPxPerSec(10, 1000)).toBe(100)
    expect(zoomBy(100, 0.1, 100)).toBe(100)
    expect(zoomBy(100, 2, 50)).toBe(200)
    expect(zoomBy(MAX_PX_PER_SEC, 2, 50)).toBe(MAX_PX_PER_SEC)
  })
  it('keeps the anchor time under the mouse', () => {
    const scroll = scrollForAnchor(3, 200, 400)
    expect(pxToSeconds(200, 400, scroll)).toBe(3)
    expect(scrollForAnchor(0.1, 200, 400)).toBe(0)
  })
})

describe('scrollToReveal', () => {
  // A 1000 px view over a 10 000 px waveform: the margin is 125 px.
  it('leaves the view alone while the playhead is inside it with the margin', () => {
    expect(revealMargin(1000)).toBe(125)
    expect(scrollToReveal(2500, 2000, 1000, 10_000)).toBeNull()
  })
  it('scrolls so a playhead moved past the right edge sits the margin inside it, not on the edge', () => {
    expect(scrollToReveal(3000, 2000, 1000, 10_000)).toBe(2125)
    expect(scrollToReveal(2950, 2000, 1000, 10_000)).toBe(2075) // inside, but within the margin
  })
  it('scrolls back for a playhead moved past the left edge, keeping the margin on that side', () => {
    expect(scrollToReveal(1500, 2000, 1000, 10_000)).toBe(1375)
  })
  it('stops at the waveform\'s ends and does nothing when it all fits', () => {
    expect(scrollToReveal(50, 2000, 1000, 10_000)).toBe(0)
    expect(scrollToReveal(9990, 2000, 1000, 10_000)).toBe(9000)
    expect(scrollToReveal(900, 0, 1000, 1000)).toBeNull()
  })
})

describe('scrollToFollow', () => {
  // A 1000 px view over a 10 000 px waveform: the margin is 125 px.
  it('leaves the view alone while the playhead plays inside it, near the left edge too', () => {
    expect(scrollToFollow(2500, 2000, 1000, 10_000)).toBeNull()
    expect(scrollToFollow(2010, 2000, 1000, 10_000)).toBeNull()
  })
  it('turns the page before the playhead reaches the right edge: it lands the margin in from the left', () => {
    expect(scrollToFollow(2880, 2000, 1000, 10_000)).toBe(2755)
    expect(scrollToFollow(5000, 2000, 1000, 10_000)).toBe(4875)
  })
  it('puts a playhead on or before the left edge (a jump back, the waveform\'s own follow) the margin in', () => {
    expect(scrollToFollow(2000, 2000, 1000, 10_000)).toBe(1875)
    expect(scrollToFollow(500, 2000, 1000, 10_000)).toBe(375)
  })
  it('stops at the waveform\'s ends and does nothing when it all fits', () => {
    expect(scrollToFollow(9950, 8900, 1000, 10_000)).toBe(9000)
    expect(scrollToFollow(9990, 9000, 1000, 10_000)).toBeNull()
    expect(scrollToFollow(0, 0, 1000, 10_000)).toBeNull()
    expect(scrollToFollow(900, 0, 1000, 1000)).toBeNull()
  })
})
