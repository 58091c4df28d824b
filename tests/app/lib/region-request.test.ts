// A region as the engine's request: what cannot be generated is named by the region's number, and
// text pasted over the limit never stops the project from saving.
import { describe, expect, it } from 'vitest'
import { regionRequest, studioNumbers } from '../../../app/src/lib/region-request'
import { buildEditMap } from '../../../app/src/lib/timeline'
import { fromProjectDoc, toProjectDoc } from '../../../app/src/store/selectors'
import { createStudioStore } from '../../../app/src/store'
import { REGION_TEXT_MAX } from '../../../electron/shared/limits'
import { generateRegionSchema, projectDocSchema } from '../../../electron/shared/schemas'
import type { EditRegion } from '../../../app/src/store/types'
import { audioInfo } from '../store/helpers'

const region = (fields: Partial<EditRegion>): EditRegion => ({ id: 'r1', start: 1, end: 2, text: '', mode: 'replace', length: 'region', ...fields })

describe('regionRequest', () => {
  it('says which region needs words, and sends an insert as a point', () => {
    expect(regionRequest(region({}), 2)).toBe('Region 3: type the words to put there first')
    expect(regionRequest(region({ mode: 'regenerate', text: '  ' }), 0)).toMatch(/^Region 1: type the words it says/)
    expect(regionRequest(region({ mode: 'insert', text: 'hello' }), 0)).toMatchObject({ start: 1, end: 1, text: 'hello' })
    expect(regionRequest(region({ mode: 'delete', text: 'ignored' }), 0)).toMatchObject({ text: '' })
  })

  it('refuses text over the limit with the region named; the project still saves it', () => {
    const huge = 'word '.repeat(2000).trim() // 9999 characters, pasted
    expect(regionRequest(region({ text: huge }), 0)).toBe(
      `Region 1: the text is 9999 characters long; one region takes at most ${REGION_TEXT_MAX} (split it over several regions)`,
    )
    const req = regionRequest(region({ text: huge.slice(0, REGION_TEXT_MAX) }), 0)
    expect(generateRegionSchema.safeParse(req).success).toBe(true)

    const store = createStudioStore()
    store.getState().setAudio(audioInfo(4))
    const id = store.getState().addRegion({ start: 1, end: 2 })!
    store.getState().setRegionText(id, huge)
    expect(projectDocSchema.safeParse(toProjectDoc(store.getState(), 't')).success).toBe(true)
  })
})

describe('exact regions', () => {
  it('asks for all of a replace or regenerate region when Exact is ticked; undo unticks it; a project keeps it', () => {
    expect(regionRequest(region({ text: 'hello', exact: true }), 0)).toMatchObject({ exact: true })
    expect(regionRequest(region({ mode: 'regenerate', text: 'hello', exact: true }), 0)).toMatchObject({ exact: true })
    expect(regionRequest(region({ text: 'hello' }), 0)).not.toHaveProperty('exact')
    // An insert or a delete has no words said in it to narrow to.
    expect(regionRequest(region({ mode: 'insert', text: 'hello', exact: true }), 0)).not.toHaveProperty('exact')
    expect(generateRegionSchema.safeParse(regionRequest(region({ text: 'hello', exact: true }), 0)).success).toBe(true)

    const store = createStudioStore()
    const s = () => store.getState()
    s().setAudio(audioInfo(4))
    const id = s().addRegion({ start: 1, end: 2 })!
    s().setRegionExact(id, true)
    expect(s().regions[0].exact).toBe(true)
    const doc = projectDocSchema.parse(toProjectDoc(s(), 't'))
    expect(doc.regions[0].exact).toBe(true)
    expect(fromProjectDoc(doc, {}).regions[0].exact).toBe(true)
    s().undo()
    expect(s().regions[0]).not.toHaveProperty('exact')
  })
})

describe('studioNumbers', () => {
  it('turns the engine\'s place-in-the-request numbers into the regions\' own numbers', () => {
    const regions = [{ id: 'a' }, { id: 'b' }, { id: 'c' }]
    expect(studioNumbers('region 1 (3.297–4.297 s) is too short for its text', ['c'], regions)).toBe('Region 3 (3.297–4.297 s) is too short for its text')
    expect(studioNumbers('region 2 (1–2 s) overlaps region 1 (0–1.5 s)', ['a', 'b'], regions)).toBe('Region 2 (1–2 s) overlaps Region 1 (0–1.5 s)')
    expect(studioNumbers('model not loaded', ['a'], regions)).toBe('model not loaded')
  })

  it('gives the region\'s times on the edited timeline, as its card does', () => {
    // A take over 1.0–1.2 s of a 3 s file, applied, made that part 0.2 s longer: 2–2.5 s is shown 2.2–2.7 s.
    const map = buildEditMap(3000, 1000, [{ takeId: 't1', replaceStart: 1000, replaceEnd: 1200, frames: 400 }])
    const regions = [{ id: 'a' }, { id: 'b' }]
    expect(studioNumbers('region 1 (2–2.5 s) is too short for its text', ['b'], regions, map)).toBe('Region 2 (0:02.200 – 0:02.700) is too short for its text')
    expect(studioNumbers('region 1 (2.5–2.5 s): text has no words', ['b'], regions, map)).toBe('Region 2 (at 0:02.700): text has no words')
  })

  it('names a region without times too, and one deleted since as deleted, its times still mapped', () => {
    const map = buildEditMap(3000, 1000, [{ takeId: 't1', replaceStart: 1000, replaceEnd: 1200, frames: 400 }])
    expect(studioNumbers('region 1: type the words to put there first', ['b'], [{ id: 'a' }, { id: 'b' }])).toBe('Region 2: type the words to put there first')
    expect(studioNumbers('region 1 (2–2.5 s) is too short', ['gone'], [{ id: 'a' }], map)).toBe('Deleted region (0:02.200 – 0:02.700) is too short')
    expect(studioNumbers('region 1 (2–2.5 s) is too short', ['gone'], [{ id: 'a' }])).toBe('Deleted region (2–2.5 s) is too short')
    // Not a region's number, and a place the request did not have: left as written.
    expect(studioNumbers('a region 1.5 s long', ['a'], [{ id: 'a' }])).toBe('a region 1.5 s long')
    expect(studioNumbers('region 3 (1–2 s)', ['a'], [{ id: 'a' }])).toBe('region 3 (1–2 s)')
  })
})
