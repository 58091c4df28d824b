// The edit list that every view of the edited timeline (playback, peaks, export) goes through.
import { describe, expect, it } from 'vitest'
import { editedLength, editedToSource, layoutEdits, sliceSegments, sourceToEdited } from '../../electron/shared/edit-list'

const takes = [
  { takeId: 'b', replaceStart: 60, replaceEnd: 70, frames: 20 }, // grows by 10
  { takeId: 'a', replaceStart: 10, replaceEnd: 30, frames: 5 }, // shrinks by 15
]

describe('layoutEdits', () => {
  it('lays out source and takes in order', () => {
    const segs = layoutEdits(100, takes)
    expect(segs).toEqual([
      { kind: 'source', outStart: 0, length: 10, offset: 0 },
      { kind: 'take', outStart: 10, length: 5, offset: 0, takeId: 'a' },
      { kind: 'source', outStart: 15, length: 30, offset: 30 },
      { kind: 'take', outStart: 45, length: 20, offset: 0, takeId: 'b' },
      { kind: 'source', outStart: 65, length: 30, offset: 70 },
    ])
    expect(editedLength(segs)).toBe(95)
  })

  it('handles inserts (empty range) and deletes (empty take) and takes at both ends', () => {
    const segs = layoutEdits(10, [
      { takeId: 'ins', replaceStart: 0, replaceEnd: 0, frames: 3 },
      { takeId: 'del', replaceStart: 8, replaceEnd: 10, frames: 0 },
    ])
    expect(editedLength(segs)).toBe(11)
    expect(segs.map((s) => s.kind)).toEqual(['take', 'source'])
  })

  it('refuses overlapping takes and takes outside the audio', () => {
    expect(() => layoutEdits(100, [...takes, { takeId: 'c', replaceStart: 25, replaceEnd: 40, frames: 1 }])).toThrow('overlaps')
    expect(() => layoutEdits(50, takes)).toThrow('outside the audio')
  })
})

describe('time mapping', () => {
  const segs = layoutEdits(100, takes)
  it('slices segments to a range', () => {
    expect(sliceSegments(segs, 12, 20)).toEqual([
      { kind: 'take', outStart: 12, length: 3, offset: 2, takeId: 'a' },
      { kind: 'source', outStart: 15, length: 5, offset: 30 },
    ])
  })
  it('maps source frames to edited frames and back outside the takes', () => {
    for (const f of [0, 9, 30, 59, 70, 99]) expect(editedToSource(segs, takes, sourceToEdited(segs, takes, f))).toBe(f)
    expect(sourceToEdited(segs, takes, 80)).toBe(75)
    expect(sourceToEdited(segs, takes, 20)).toBe(10) // inside a replaced range → the take's start
    expect(editedToSource(segs, takes, 12)).toBe(10) // inside a take → the range it replaced
  })
})

describe('time mapping with crossfade margins', () => {
  // Source frames 100..200 replaced by a 150-frame take whose first and last 10 frames are crossfades
  // laid over source 100..110 and 190..200.
  const take = { takeId: 't', replaceStart: 100, replaceEnd: 200, frames: 150, lead: 10, trail: 10 }
  const segs = layoutEdits(1000, [take])

  it('maps a word in the fade-out to where it is heard, not to the start of the take', () => {
    expect(sourceToEdited(segs, [take], 195)).toBe(245) // 5 frames before the take ends, as in the source
    expect(sourceToEdited(segs, [take], 105)).toBe(105) // in the fade-in: one to one
    expect(sourceToEdited(segs, [take], 150)).toBe(110) // replaced: the start of what replaced it
    expect(sourceToEdited(segs, [take], 200)).toBe(250) // after the take: shifted by its extra 50 frames
  })

  it('maps back the same way', () => {
    expect(editedToSource(segs, [take], 245)).toBe(195)
    expect(editedToSource(segs, [take], 105)).toBe(105)
    expect(editedToSource(segs, [take], 180)).toBe(110)
    // Without margins the whole take maps to its start, as before.
    const plain = { takeId: 't', replaceStart: 100, replaceEnd: 200, frames: 150 }
    expect(sourceToEdited(segs, [plain], 195)).toBe(100)
    expect(editedToSource(segs, [plain], 245)).toBe(100)
  })
})
