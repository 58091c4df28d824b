// Which deletions a fill hears as context: those within the model's reach of it on the timeline as the
// edit leaves it (past a nearer deletion the reach goes on beyond it), and whether that has changed since.
import { describe, expect, it } from 'vitest'
import { deletesHeard, heardChanged, isDeletion } from '../../electron/shared/context-deletes'

const cut = (regionId: string, start: number, end: number) => ({ regionId, start, end })

describe('deletesHeard', () => {
  it('takes the deletions within reach on each side, in time order', () => {
    const cuts = [cut('far', 8, 9), cut('right', 3.2, 3.5), cut('left', 0.5, 0.8), cut('farleft', 0, 0.1)]
    expect(deletesHeard({ start: 2, end: 3 }, cuts, 1.5)).toEqual([cut('left', 0.5, 0.8), cut('right', 3.2, 3.5)])
  })

  it('reaches on past a nearer deletion: what it cuts is not heard, so it does not use up the reach', () => {
    // 0.5 s of kept audio to the first, 0.6 s more to the second: 1.1 s of the 1.5 s reach.
    const cuts = [cut('a', 3.5, 5), cut('b', 5.6, 6), cut('c', 6.5, 7)]
    expect(deletesHeard({ start: 2, end: 3 }, cuts, 1.5).map((c) => c.regionId)).toEqual(['a', 'b'])
    expect(deletesHeard({ start: 8, end: 9 }, [cut('x', 6, 7.5), cut('y', 4.6, 5.9)], 1.5).map((c) => c.regionId)).toEqual(['y', 'x'])
  })

  it('hears a deletion on either side of an insert point, none overlapping its region', () => {
    expect(deletesHeard({ start: 2, end: 2 }, [cut('l', 1, 2), cut('r', 2, 2.5)], 1).map((c) => c.regionId)).toEqual(['l', 'r'])
    expect(deletesHeard({ start: 2, end: 3 }, [cut('o', 2.5, 3.5)], 1)).toEqual([])
  })
})

describe('heardChanged', () => {
  const made = { reachSeconds: 1.5, spans: [cut('d', 3.2, 3.5)] }
  it('is false while the deletions within reach are where they were, by any id', () => {
    expect(heardChanged({ start: 2, end: 3 }, made, [cut('d2', 3.2, 3.5), cut('far', 9, 9.5)])).toBe(false)
  })
  it('is true once one has moved, gone or been added', () => {
    expect(heardChanged({ start: 2, end: 3 }, made, [cut('d', 3.3, 3.5)])).toBe(true)
    expect(heardChanged({ start: 2, end: 3 }, made, [])).toBe(true)
    expect(heardChanged({ start: 2, end: 3 }, made, [cut('d', 3.2, 3.5), cut('e', 1, 1.5)])).toBe(true)
  })
})

describe('isDeletion', () => {
  it('reads the mode, else an empty text, as the engine does', () => {
    expect(isDeletion({ mode: 'delete', text: 'kept words' })).toBe(true)
    expect(isDeletion({ text: ' ' })).toBe(true)
    expect(isDeletion({ mode: 'replace', text: '' })).toBe(false)
    expect(isDeletion({ text: 'hello' })).toBe(false)
  })
})
