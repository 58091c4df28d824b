import { beforeEach, describe, expect, it } from 'vitest'
import { createStudioStore, type StudioStore } from '../../../app/src/store'
import { commit, COALESCE_MS, HISTORY_LIMIT } from '../../../app/src/store/history-slice'
import { isDirty } from '../../../app/src/store/session-slice'
import { toTakeInfo } from '../../../app/src/store/takes-slice'
import { audioInfo, take } from './helpers'

let store: StudioStore
const s = () => store.getState()

beforeEach(() => {
  store = createStudioStore()
  s().setAudio(audioInfo(10))
})

/** Any typed array (audio) anywhere in a value. */
function holdsAudio(v: unknown, seen = new Set<unknown>()): boolean {
  if (ArrayBuffer.isView(v)) return true
  if (v === null || typeof v !== 'object' || seen.has(v)) return false
  seen.add(v)
  return Object.values(v).some((x) => holdsAudio(x, seen))
}

describe('undo / redo', () => {
  it('restores region state step by step, and redoes', () => {
    const id = s().addRegion({ start: 1, end: 2 })!
    s().setRegionSpan(id, { start: 3, end: 4 })
    s().setRegionMode(id, 'regenerate')
    s().removeRegion(id)
    expect(s().regions).toEqual([])
    s().undo()
    expect(s().regions[0]).toMatchObject({ start: 3, end: 4, mode: 'regenerate' })
    s().undo()
    expect(s().regions[0]).toMatchObject({ start: 3, end: 4, mode: 'replace' })
    s().undo()
    expect(s().regions[0]).toMatchObject({ start: 1, end: 2 })
    s().undo()
    expect(s().regions).toEqual([])
    s().undo() // nothing left: no-op
    s().redo()
    s().redo()
    expect(s().regions[0]).toMatchObject({ start: 3, end: 4, mode: 'replace' })
  })

  it('a new edit clears the redo stack', () => {
    s().addRegion({ start: 1, end: 2 })
    s().undo()
    expect(s().future).toHaveLength(1)
    s().addRegion({ start: 5, end: 6 })
    expect(s().future).toHaveLength(0)
    s().redo()
    expect(s().regions.map((r) => r.start)).toEqual([5])
  })

  it('undoes take operations and never stores audio in the history', () => {
    const id = s().addRegion({ start: 1, end: 2 })!
    s().addTakes([toTakeInfo(take('t1', id, 1, 2))])
    s().applyTake('t1')
    expect(s().applied).toEqual({ [id]: 't1' })
    s().undo()
    expect(s().applied).toEqual({})
    expect(Object.keys(s().takes)).toEqual(['t1'])
    s().undo()
    expect(s().takes).toEqual({})
    s().redo()
    s().redo()
    expect(s().applied).toEqual({ [id]: 't1' })
    expect(holdsAudio(s().past)).toBe(false)
    expect(holdsAudio(s().future)).toBe(false)
    expect(holdsAudio(s().takes)).toBe(false)
  })

  it('undo restores a deleted region together with its applied take', () => {
    const id = s().addRegion({ start: 1, end: 2 })!
    s().addTakes([toTakeInfo(take('t1', id, 1, 2))])
    s().applyTake('t1')
    s().removeRegion(id)
    s().undo()
    expect(s().regions.map((r) => r.id)).toEqual([id])
    expect(s().applied).toEqual({ [id]: 't1' })
  })

  it('merges a run of text edits into one step', () => {
    const id = s().addRegion({ start: 1, end: 2 })!
    for (const text of ['h', 'he', 'hel', 'hello']) s().setRegionText(id, text)
    expect(s().regions[0].text).toBe('hello')
    s().undo()
    expect(s().regions[0].text).toBe('')
    expect(s().regions).toHaveLength(1)
  })

  it('does not merge edits further apart than the coalesce window', () => {
    const id = s().addRegion({ start: 1, end: 2 })!
    const set = store.setState
    const get = store.getState
    const regionsWith = (text: string) => s().regions.map((r) => (r.id === id ? { ...r, text } : r))
    commit(set, get, 'Edit text', { regions: regionsWith('a') }, 'k', 1000)
    commit(set, get, 'Edit text', { regions: regionsWith('ab') }, 'k', 1000 + COALESCE_MS + 1)
    s().undo()
    expect(s().regions[0].text).toBe('a')
  })

  it('caps the history', () => {
    const id = s().addRegion({ start: 1, end: 2 })!
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) s().setRegionLength(id, i % 2 ? 'natural' : 'region')
    expect(s().past.length).toBe(HISTORY_LIMIT)
  })

  it('tracks unsaved changes against the saved document', () => {
    expect(isDirty(s())).toBe(false)
    s().addRegion({ start: 1, end: 2 })
    expect(isDirty(s())).toBe(true)
    s().markSaved({ path: '/p', name: 'p', savedAt: 1 })
    expect(isDirty(s())).toBe(false)
    s().undo()
    expect(isDirty(s())).toBe(true)
  })
})
