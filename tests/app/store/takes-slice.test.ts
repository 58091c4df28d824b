import { beforeEach, describe, expect, it } from 'vitest'
import { createStudioStore, type StudioStore } from '../../../app/src/store'
import { appliedPlacements, appliedTakeIds, toTakeInfo } from '../../../app/src/store/takes-slice'
import { audioInfo, take, takeInfo } from './helpers'

let store: StudioStore
const s = () => store.getState()
let r1: string
let r2: string

beforeEach(() => {
  store = createStudioStore()
  s().setAudio(audioInfo(10))
  r1 = s().addRegion({ start: 1, end: 2 })!
  r2 = s().addRegion({ start: 4, end: 5 })!
})

describe('takes slice', () => {
  it('strips audio from a take', () => {
    const info = toTakeInfo(take('t1', r1, 1, 2))
    expect('pcm' in info).toBe(false)
    expect(info.takeId).toBe('t1')
  })

  it('adds takes to live regions and reports orphans', () => {
    const res = s().addTakes([takeInfo('t1', r1, 1, 2), takeInfo('t9', 'gone', 7, 8)])
    expect(res).toEqual({ added: ['t1'], orphaned: ['t9'] })
    expect(Object.keys(s().takes)).toEqual(['t1'])
    expect(s().selectedTakeId).toBe('t1')
  })

  it('applies one take per region, replacing the previous one', () => {
    s().addTakes([takeInfo('t1', r1, 1, 2), takeInfo('t2', r1, 1, 2), takeInfo('t3', r2, 4, 5)])
    s().applyTake('t1')
    s().applyTake('t3')
    s().applyTake('t2')
    expect(s().applied).toEqual({ [r1]: 't2', [r2]: 't3' })
    expect(appliedTakeIds(s())).toEqual(['t2', 't3'])
    expect(appliedPlacements(s()).map((p) => p.takeId).sort()).toEqual(['t2', 't3'])
  })

  it('refuses a take overlapping another applied take', () => {
    const r3 = s().addRegion({ start: 2, end: 3 })!
    s().addTakes([takeInfo('t1', r1, 1, 2), takeInfo('t3', r3, 2, 3)])
    s().applyTake('t1')
    // Their crossfade margins overlap around 2 s.
    expect(() => s().applyTake('t3')).toThrow(/^region 2's take reaches into the take applied on region 1 \(their crossfades meet\)/)
    expect(s().applied).toEqual({ [r1]: 't1' })
  })

  it('unapplies and removes takes', () => {
    s().addTakes([takeInfo('t1', r1, 1, 2), takeInfo('t2', r1, 1, 2)])
    s().applyTake('t1')
    s().unapplyRegion(r1)
    expect(s().applied).toEqual({})
    s().applyTake('t2')
    s().removeTake('t2')
    expect(s().applied).toEqual({})
    expect(Object.keys(s().takes)).toEqual(['t1'])
  })
})

describe('a take made before its region moved', () => {
  it('puts the region back where the take was made when applied, in one undo step', () => {
    s().addTakes([takeInfo('t1', r2, 4, 5)])
    s().setRegionSpan(r2, { start: 7, end: 8.5 })
    expect(s().regions.find((r) => r.id === r2)).toMatchObject({ start: 7, end: 8.5 })
    s().applyTake('t1')
    // The card and the waveform show the region where its take's audio now is.
    expect(s().regions.find((r) => r.id === r2)).toMatchObject({ start: 4, end: 5 })
    s().undo()
    expect(s().applied).toEqual({})
    expect(s().regions.find((r) => r.id === r2)).toMatchObject({ start: 7, end: 8.5 })
  })

  it('is refused where another region now lies (the take would cover it)', () => {
    s().addTakes([takeInfo('t1', r2, 4, 5)])
    s().setRegionSpan(r2, { start: 7, end: 8.5 })
    const r3 = s().addRegion({ start: 4.2, end: 4.8 })!
    expect(() => s().applyTake('t1')).toThrow("region 3's take was made where region 2 now is; move that region, or generate region 3 again where it is")
    expect(s().applied).toEqual({})
    expect(s().regions.find((r) => r.id === r3)).toMatchObject({ start: 4.2, end: 4.8 })
  })
})
