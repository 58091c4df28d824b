// Generating, with the engine's side stubbed: what the engine says about a region is shown with that
// region's number and times as they are when the message is read, not when it came.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { JobResult, Take } from '../../../app/src/api/types'
import { StudioError } from '../../../app/src/api/errors'
import { audioInfo, SR, take } from '../store/helpers'

let next: () => Promise<JobResult>

vi.mock('../../../app/src/api', () => ({
  api: { kind: 'web', generate: vi.fn(async () => ({ jobId: 'j1' })), dropTakes: async () => undefined },
  // The request is made (and kept by the mock above) as the real runJob makes it.
  runJob: (_api: unknown, start: () => Promise<unknown>) => (void start(), next()),
  StudioError: class extends Error {},
}))

const { generateRegions } = await import('../../../app/src/actions/generate')
const { api } = await import('../../../app/src/api')
const { studio } = await import('../../../app/src/store')
const { selectEditMap, toastText } = await import('../../../app/src/store/selectors')

const s = () => studio.getState()
const shown = (kind: string) => s().toasts.filter((t) => t.kind === kind).map((t) => toastText(t, selectEditMap(s()), s().regions))

/** A take for [start, end) whose generated part came out `seconds` longer (natural length). */
function longer(takeId: string, regionId: string, start: number, end: number, seconds: number): Take {
  const t = take(takeId, regionId, start, end)
  const extra = Math.round(seconds * SR)
  return { ...t, frames: t.frames + extra, pcm: [new Float32Array(t.frames + extra)], splice: { ...t.splice, outEnd: t.splice.outEnd + extra } }
}

let r1: string
let r2: string
let r3: string

beforeEach(() => {
  studio.setState({ toasts: [], job: null, regions: [], takes: {}, applied: {}, audio: null })
  s().setAudio(audioInfo(10))
  r1 = s().addRegion({ start: 1, end: 2 })!
  r2 = s().addRegion({ start: 5, end: 6 })!
  r3 = s().addRegion({ start: 7, end: 8 })!
  for (const id of [r1, r2, r3]) s().setRegionText(id, 'hello')
})

describe('a failed region\'s message', () => {
  it('follows takes applied and regions deleted while it is up', async () => {
    // Region 1 gets a take 1.5 s longer than it; the third region (the second of the request) fails.
    next = async () => ({
      kind: 'generate',
      takes: [longer('t1', r1, 1, 2, 1.5)],
      failed: [{ regionId: r3, message: 'region 2 (7–8 s) is too short for its text' }],
    })
    await generateRegions([r1, r3])
    expect(shown('error')).toEqual(['Generation failed: Region 3 (0:07.000 – 0:08.000) is too short for its text'])
    s().applyTake('t1')
    expect(shown('error')).toEqual(['Generation failed: Region 3 (0:08.500 – 0:09.500) is too short for its text'])
    s().removeRegion(r2)
    expect(shown('error')).toEqual(['Generation failed: Region 2 (0:08.500 – 0:09.500) is too short for its text'])
    s().removeRegion(r3)
    expect(shown('error')).toEqual(['Generation failed: Deleted region (0:08.500 – 0:09.500) is too short for its text'])
    s().undo()
    expect(shown('error')).toEqual(['Generation failed: Region 2 (0:08.500 – 0:09.500) is too short for its text'])
  })

  it('of a job that failed whole, and a region skipped for want of words, go by the regions as they are too', async () => {
    next = async () => {
      throw new StudioError('region 1 (7–8 s) is too short for its text', 'BAD_REQUEST')
    }
    await generateRegions([r3])
    s().setRegionText(r2, '')
    next = async () => ({ kind: 'generate', takes: [] })
    await generateRegions([r2, r3])
    expect(shown('error')).toEqual(['Generation failed: Region 3 (0:07.000 – 0:08.000) is too short for its text'])
    expect(shown('warning')).toEqual(['Region 2: type the words to put there first (skipped)'])
    s().removeRegion(r1)
    expect(shown('error')).toEqual(['Generation failed: Region 2 (0:07.000 – 0:08.000) is too short for its text'])
    expect(shown('warning')).toEqual(['Region 1: type the words to put there first (skipped)'])
  })

  it('a take\'s note names its region by the number it has when read', async () => {
    next = async () => ({ kind: 'generate', takes: [{ ...take('t2', r2, 5, 6), warnings: ['the audio around it is silent'] }] })
    await generateRegions([r2])
    expect(shown('info')).toEqual(['Region 2: the audio around it is silent'])
    s().removeRegion(r1)
    expect(shown('info')).toEqual(['Region 1: the audio around it is silent'])
  })
})

describe('the request', () => {
  it('carries the document\'s deletions, applied or not, so a fill beside one hears what the edit keeps', async () => {
    s().setRegionMode(r2, 'delete')
    // r3 (a replace region) holds an applied take made as a deletion: the timeline has the cut.
    s().addTakes([{ ...take('d3', r3, 7, 8), region: { start: 7, end: 8, text: '', mode: 'delete', length: 'region' } }])
    s().applyTake('d3')
    next = async () => ({ kind: 'generate', takes: [] })
    vi.mocked(api.generate).mockClear()
    await generateRegions([r1])
    expect(vi.mocked(api.generate).mock.calls[0][0]).toMatchObject({
      regions: [{ regionId: r1 }],
      deletes: [
        { regionId: r2, start: 5, end: 6 },
        { regionId: r3, start: 7, end: 8 },
      ],
    })
  })
})
