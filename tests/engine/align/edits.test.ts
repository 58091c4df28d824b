// Transcript diff → regions, with edges snapped into pauses or onto phone boundaries.
import { describe, expect, it } from 'vitest'
import type { AlignedWord } from '../../../electron/engine/align'
import { EDGE_INTO_PAUSE_SECONDS, edgeAfter, edgeBefore, insertPoint, regionsForEdit } from '../../../electron/engine/align/edits'
import { speakerTempo } from '../../../electron/engine/align/tempo'

/** Words with two phones each, [start, end] as given. */
function words(spec: [string, number, number][]): AlignedWord[] {
  return spec.map(([text, start, end], index) => ({
    text,
    index,
    charStart: 0,
    charEnd: 0,
    start,
    end,
    confidence: 0.9,
    low: false,
    phones: [
      { phone: 'AH', start, end: (start + end) / 2 },
      { phone: 'T', start: (start + end) / 2, end },
    ],
  }))
}

// "go for ten meters" with a pause before "ten" and none between "ten" and "meters".
const W = words([['go', 0.3, 0.5], ['for', 0.5, 0.7], ['ten', 1.0, 1.3], ['meters', 1.3, 1.8]])
const DUR = 2.5
const TEMPO = { meanFrames: { AH: 4, T: 4 }, frameSeconds: 0.016 }

describe('edges', () => {
  it('go into a pause by at most EDGE_INTO_PAUSE_SECONDS and sit on the boundary without one', () => {
    expect(edgeBefore(W, 2, DUR)).toBeCloseTo(1.0 - EDGE_INTO_PAUSE_SECONDS)
    expect(edgeAfter(W, 3, DUR)).toBe(1.3) // "ten" ends where "meters" starts
    expect(edgeBefore(W, 3, DUR)).toBe(1.3)
    expect(edgeBefore(W, 1, DUR)).toBe(0.5)
    expect(edgeAfter(W, 4, DUR)).toBeCloseTo(1.8 + EDGE_INTO_PAUSE_SECONDS)
    // a short pause: no further than its middle
    const tight = words([['a', 0, 0.5], ['b', 0.52, 0.9]])
    expect(edgeBefore(tight, 1, 1)).toBeCloseTo(0.51)
    expect(edgeAfter(tight, 1, 1)).toBeCloseTo(0.51)
  })

  it('put an insert in the middle of the pause, or on the boundary', () => {
    expect(insertPoint(W, 2, DUR)).toBeCloseTo(0.85)
    expect(insertPoint(W, 3, DUR)).toBe(1.3)
    expect(insertPoint(W, 0, DUR)).toBeCloseTo(0.3 - EDGE_INTO_PAUSE_SECONDS)
  })
})

describe('regionsForEdit', () => {
  it('turns each changed run into one region', () => {
    const r = regionsForEdit(W, ['go', 'for', 'five', 'meters', 'now'], DUR, TEMPO)
    expect(r.map((x) => [x.change.kind, x.oldText, x.text, x.mode ?? 'delete'])).toEqual([
      ['replace', 'ten', 'five', 'replace'],
      ['insert', '', 'now', 'insert'],
    ])
    expect([r[0].start, r[0].end]).toEqual([0.96, 1.3])
    expect(r[0].length).toBe('natural')
    expect([r[1].start, r[1].end]).toEqual([1.84, 1.84])
  })

  it('deletes the words and the pause after them, keeping the pause before', () => {
    const r = regionsForEdit(W, ['go', 'ten', 'meters'], DUR, TEMPO)
    expect(r).toHaveLength(1)
    expect(r[0]).toMatchObject({ text: '', oldText: 'for', start: 0.5, end: 0.96 })
  })

  it('finds nothing to do when only case and punctuation changed', () => {
    expect(regionsForEdit(W, ['Go', 'for', 'ten', 'meters.'], DUR, TEMPO)).toEqual([])
  })
})

describe('speakerTempo', () => {
  it('is the ratio of the speaker’s phone durations to the means, from the words around the region', () => {
    // Every phone lasts 0.08 s = 5 frames against a mean of 4: tempo 1.25.
    const many = words(Array.from({ length: 12 }, (_, i) => [`w${i}`, i * 0.2, i * 0.2 + 0.16] as [string, number, number]))
    expect(speakerTempo(many, { AH: 4, T: 4 }, 0.016, 1.0, 1.2)).toBeCloseTo(1.25)
    expect(speakerTempo(many.slice(0, 3), { AH: 4, T: 4 }, 0.016, 0.2, 0.3)).toBeUndefined() // too few phones
  })

  it('one held vowel (or a pause given to a phone) does not set the pace of the whole speech', () => {
    // As in a slow speech where "what" is held for a second: 11 words at tempo 1.25 and one phone of 1 s.
    const many = words(Array.from({ length: 12 }, (_, i) => [`w${i}`, i * 0.2, i * 0.2 + 0.16] as [string, number, number]))
    const held = many.map((w, i) => (i === 3 ? { ...w, end: w.start + 1.08, phones: [{ ...w.phones[0], end: w.start + 1.0 }, { ...w.phones[1], start: w.start + 1.0, end: w.start + 1.08 }] } : w))
    const t = speakerTempo(held, { AH: 4, T: 4 }, 0.016, 3.0, 3.2)!
    expect(t).toBeGreaterThan(1.25)
    expect(t).toBeLessThan(1.45) // the held phone counts as 3× its mean at most (1.85 without the cap)
  })
})
