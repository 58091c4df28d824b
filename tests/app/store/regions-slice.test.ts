import { beforeEach, describe, expect, it } from 'vitest'
import { createStudioStore, type StudioStore } from '../../../app/src/store'
import { REGION_GAP_SECONDS } from '../../../app/src/lib/regions'
import { audioInfo, takeInfo } from './helpers'

let store: StudioStore
const s = () => store.getState()

beforeEach(() => {
  store = createStudioStore()
  s().setAudio(audioInfo(10))
})

describe('regions slice', () => {
  it('adds a region, selects it and keeps regions sorted', () => {
    const b = s().addRegion({ start: 5, end: 6 })!
    const a = s().addRegion({ start: 1, end: 2 })!
    expect(s().regions.map((r) => r.id)).toEqual([a, b])
    expect(s().selectedRegionId).toBe(a)
    expect(s().regions[0]).toMatchObject({ start: 1, end: 2, text: '', mode: 'replace', length: 'region' })
  })

  it('clips a drawn region between neighbours, REGION_GAP_SECONDS clear of them, and refuses one with no room', () => {
    s().addRegion({ start: 1, end: 2 })
    s().addRegion({ start: 3, end: 4 })
    const id = s().addRegion({ start: 1.8, end: 3.5 })!
    // takes replace their region ± a crossfade: touching regions would make takes that cannot both be applied
    expect(s().regions.find((r) => r.id === id)).toMatchObject({ start: 2 + REGION_GAP_SECONDS, end: 3 - REGION_GAP_SECONDS })
    expect(s().addRegion({ start: 4.02, end: 4.02 })).toBeNull() // an insert point too close to a region
    expect(s().addRegion({ start: 1.2, end: 1.8 })).toBeNull()
    expect(s().regions).toHaveLength(3)
  })

  it('adds nothing without audio', () => {
    store = createStudioStore()
    expect(s().addRegion({ start: 1, end: 2 })).toBeNull()
  })

  it('moves keeping the length, stopping at a neighbour', () => {
    const id = s().addRegion({ start: 1, end: 2 })!
    s().addRegion({ start: 4, end: 5 })
    s().setRegionSpan(id, { start: 1.5, end: 2.5 })
    expect(s().regions[0]).toMatchObject({ start: 1.5, end: 2.5 })
    s().setRegionSpan(id, { start: 3.6, end: 4.6 })
    expect(s().regions[0]).toMatchObject({ start: 3 - REGION_GAP_SECONDS, end: 4 - REGION_GAP_SECONDS })
    // A free place past the neighbour (a typed start) is taken as it is.
    s().setRegionSpan(id, { start: 6, end: 7 })
    expect(s().regions.find((r) => r.id === id)).toMatchObject({ start: 6, end: 7 })
  })

  it('ignores sub-millisecond jitter (view/source rounding) instead of recording a move', () => {
    const id = s().addRegion({ start: 1, end: 2 })!
    const steps = s().past.length
    s().setRegionSpan(id, { start: 1.0001, end: 2.0001 })
    expect(s().past.length).toBe(steps)
    expect(s().regions[0]).toMatchObject({ start: 1, end: 2 })
  })

  it('resizes one edge, stopping at the end of the audio', () => {
    const id = s().addRegion({ start: 8, end: 9 })!
    s().setRegionSpan(id, { start: 8, end: 12 })
    expect(s().regions[0]).toMatchObject({ start: 8, end: 10 })
    s().setRegionSpan(id, { start: 7, end: 10 })
    expect(s().regions[0]).toMatchObject({ start: 7, end: 10 })
  })

  it('edits text, mode and length; insert collapses to a point and back', () => {
    const id = s().addRegion({ start: 1, end: 2 })!
    s().setRegionText(id, 'hello there')
    s().setRegionLength(id, 'natural')
    s().setRegionMode(id, 'insert')
    expect(s().regions[0]).toMatchObject({ text: 'hello there', length: 'natural', mode: 'insert', start: 1, end: 1 })
    // Back out of insert, the region gets its own length again (it was given 0.5 s whatever it had).
    s().setRegionMode(id, 'regenerate')
    expect(s().regions[0]).toMatchObject({ mode: 'regenerate', start: 1, end: 2 })
    expect(s().regions[0].lengthBeforeInsert).toBeUndefined()
    // A point made as an insert has no length to give back: half a second.
    const point = s().addRegion({ start: 5, end: 5 })!
    s().setRegionMode(point, 'insert')
    s().setRegionMode(point, 'replace')
    expect(s().regions.find((r) => r.id === point)).toMatchObject({ start: 5, end: 5.5 })
  })

  it('Regenerate takes the words a region from the transcript replaces, unless some are typed', () => {
    const id = s().addRegion({ start: 1, end: 2 }, { text: '', oldText: 'the old words' })!
    s().setRegionMode(id, 'regenerate')
    expect(s().regions[0]).toMatchObject({ mode: 'regenerate', text: 'the old words' })
    s().undo()
    expect(s().regions[0]).toMatchObject({ mode: 'replace', text: '' }) // one step
    s().setRegionText(id, 'typed')
    s().setRegionMode(id, 'regenerate')
    expect(s().regions[0].text).toBe('typed')
  })

  it('deletes a region with its takes and applied take', () => {
    const id = s().addRegion({ start: 1, end: 2 })!
    const keep = s().addRegion({ start: 4, end: 5 })!
    s().addTakes([takeInfo('t1', id, 1, 2), takeInfo('t2', keep, 4, 5)])
    s().applyTake('t1')
    s().selectRegion(id)
    s().removeRegion(id)
    expect(s().regions.map((r) => r.id)).toEqual([keep])
    expect(Object.keys(s().takes)).toEqual(['t2'])
    expect(s().applied).toEqual({})
    expect(s().selectedRegionId).toBeNull()
  })

  it('locks the span and mode of a region whose take is applied', () => {
    const id = s().addRegion({ start: 1, end: 2 })!
    s().addTakes([takeInfo('t1', id, 1, 2)])
    s().applyTake('t1')
    s().setRegionSpan(id, { start: 1.5, end: 2.5 })
    s().setRegionMode(id, 'insert')
    expect(s().regions[0]).toMatchObject({ start: 1, end: 2, mode: 'replace' })
    s().setRegionText(id, 'still editable')
    expect(s().regions[0].text).toBe('still editable')
  })
})
