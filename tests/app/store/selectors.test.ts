// Times a take shows are on the edited timeline, as the region card's and the playhead clock's are.
import { beforeEach, describe, expect, it } from 'vitest'
import { createStudioStore, type StudioStore } from '../../../app/src/store'
import { selectEditMap, takeHeardChanged, takeMadeAt, takeViewSpan, toastText } from '../../../app/src/store/selectors'
import { audioInfo, SR, takeInfo } from './helpers'

let store: StudioStore
const s = () => store.getState()
let r1: string
let r2: string

/** A take for [start, end) whose generated part came out `longer` seconds longer (natural length). */
function longer(takeId: string, regionId: string, start: number, end: number, seconds: number) {
  const t = takeInfo(takeId, regionId, start, end)
  const extra = Math.round(seconds * SR)
  return { ...t, frames: t.frames + extra, splice: { ...t.splice, outEnd: t.splice.outEnd + extra } }
}

beforeEach(() => {
  store = createStudioStore()
  s().setAudio(audioInfo(10))
  r1 = s().addRegion({ start: 1, end: 2 })!
  r2 = s().addRegion({ start: 5, end: 6 })!
})

describe('takeViewSpan', () => {
  it('is the source span while nothing is applied', () => {
    s().addTakes([takeInfo('t2', r2, 5, 6)])
    expect(takeViewSpan(s(), 't2')).toEqual({ start: 5, end: 6 })
  })

  it('moves a later take by what an earlier applied take added, applied or not', () => {
    s().addTakes([longer('t1', r1, 1, 2, 1.5), takeInfo('t2', r2, 5, 6)])
    s().applyTake('t1')
    expect(takeViewSpan(s(), 't2')).toEqual({ start: 6.5, end: 7.5 })
    s().applyTake('t2')
    expect(takeViewSpan(s(), 't2')).toEqual({ start: 6.5, end: 7.5 })
  })

  it('shows a take in its own region\'s place, not after the take applied there', () => {
    s().addTakes([longer('t1', r1, 1, 2, 1.5), takeInfo('t1b', r1, 1, 2)])
    s().applyTake('t1')
    expect(takeViewSpan(s(), 't1')).toEqual({ start: 1, end: 3.5 })
    expect(takeViewSpan(s(), 't1b')).toEqual({ start: 1, end: 2 })
  })
})

describe('takeMadeAt', () => {
  it('is the span a take was made for once its region has moved, on the edited timeline', () => {
    s().addTakes([longer('t1', r1, 1, 2, 1.5), takeInfo('t2', r2, 5, 6)])
    expect(takeMadeAt(s(), 't2')).toBeNull()
    s().setRegionSpan(r2, { start: 7, end: 8 })
    expect(takeMadeAt(s(), 't2')).toEqual({ start: 5, end: 6 })
    s().applyTake('t1') // 1.5 s longer before it
    expect(takeMadeAt(s(), 't2')).toEqual({ start: 6.5, end: 7.5 })
  })
})

describe('takeHeardChanged', () => {
  /** A take of r1 made hearing r2's deletion at 2.5–3 s (the engine's record, context-deletes.ts). */
  const heardTake = () => ({ ...takeInfo('t1', r1, 1, 2), heard: { reachSeconds: 1.5, spans: [{ regionId: r2, start: 2.5, end: 3 }] } })

  it('says when a deletion the take heard has moved, gone or another has come near', () => {
    s().setRegionSpan(r2, { start: 2.5, end: 3 })
    s().setRegionMode(r2, 'delete')
    s().addTakes([heardTake()])
    expect(takeHeardChanged(s(), 't1')).toBe(false)
    // Applied, the deletion's own take is the same cut.
    s().addTakes([{ ...takeInfo('d2', r2, 2.5, 3), region: { start: 2.5, end: 3, text: '', mode: 'delete', length: 'region' } }])
    s().applyTake('d2')
    expect(takeHeardChanged(s(), 't1')).toBe(false)
    s().unapplyRegion(r2)
    s().setRegionSpan(r2, { start: 2.6, end: 3 })
    expect(takeHeardChanged(s(), 't1')).toBe(true)
    s().setRegionSpan(r2, { start: 2.5, end: 3 })
    expect(takeHeardChanged(s(), 't1')).toBe(false)
    s().setRegionMode(r2, 'replace') // no longer cut: the take heard a deletion that is not there
    expect(takeHeardChanged(s(), 't1')).toBe(true)
  })

  it('says when a deletion comes near a take that heard none; takes without a record say nothing', () => {
    s().addTakes([{ ...takeInfo('t1', r1, 1, 2), heard: { reachSeconds: 1.5, spans: [] } }, takeInfo('old', r1, 1, 2)])
    expect(takeHeardChanged(s(), 't1')).toBe(false)
    const near = s().addRegion({ start: 0.2, end: 0.5 })!
    s().setRegionMode(near, 'delete')
    expect(takeHeardChanged(s(), 't1')).toBe(true)
    expect(takeHeardChanged(s(), 'old')).toBe(false)
  })
})

describe('toastText', () => {
  const truncated = 'speech.wav: truncated WAV: file ends early at 0:10.0 (data chunk declares 400000 bytes, file has 320000); decoded what is there'
  const shown = () => s().toasts.map((t) => toastText(t, selectEditMap(s())))

  it('keeps a warning\'s source times up with takes applied after it came, and back on undo', () => {
    s().pushToast('warning', truncated, { sourceTimes: true })
    expect(shown()).toEqual([truncated])
    s().addTakes([longer('t1', r1, 1, 2, 1.5)])
    s().applyTake('t1')
    expect(shown()).toEqual([truncated.replace('0:10.0', '0:11.5')])
    s().undo()
    expect(shown()).toEqual([truncated])
  })

  it('leaves a message without source times as it was written', () => {
    s().pushToast('warning', 'Region 1 at 0:01.000 is empty')
    s().addTakes([longer('t1', r1, 1, 2, 1.5)])
    s().applyTake('t1')
    expect(shown()).toEqual(['Region 1 at 0:01.000 is empty'])
  })
})
