// Listening to a ladder's variants in context, with the engine and WebAudio stubbed: the clip is made
// for the context it is heard in (the other regions' applied takes, the rolls), and made again when
// that changes.
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { ReadPcmRequest as PcmRequest, Take } from '../../../../app/src/api/types'
import { audioInfo, SR, take, takeInfo } from '../../store/helpers'

/** The stretches of the timeline the panel asked the engine for, and with which takes in. */
const reads: PcmRequest[] = []
let rung: Take

vi.mock('../../../../app/src/api', () => ({
  api: {
    readPcm: async (req: PcmRequest) => {
      reads.push(req)
      return { sampleRate: SR, channels: [new Float32Array(req.endFrame - req.startFrame)] }
    },
    ladder: async () => ({ jobId: 'j1' }),
    dropTakes: async () => undefined,
    cancelJob: async () => undefined,
  },
  runJob: async () => ({ kind: 'ladder', takes: [rung] }),
  StudioError: class extends Error {},
}))

/** Just enough WebAudio to start and stop a buffer. */
class FakeAudioContext {
  currentTime = 0
  state = 'running'
  destination = {}
  createBuffer(_channels: number, frames: number, rate: number) {
    const data = new Float32Array(frames)
    return { duration: frames / rate, getChannelData: () => data, copyToChannel: () => undefined }
  }
  createBufferSource() {
    return { connect: () => undefined, start: () => undefined, stop: () => undefined, onended: null, loop: false, buffer: null }
  }
  async resume() {}
}

beforeAll(() => {
  vi.stubGlobal('AudioContext', FakeAudioContext)
  vi.stubGlobal('requestAnimationFrame', () => 0)
})

const { runLadder, playVariant, stopVariant } = await import('../../../../app/src/features/compare/compare-actions')
const { studio } = await import('../../../../app/src/store')

describe('a variant heard in context', () => {
  it('is heard with a take applied on another region since, and with new rolls', async () => {
    const s = () => studio.getState()
    s().setAudio(audioInfo(10))
    s().setModel({ info: { objective: 'flow-matching' } } as never)
    const r1 = s().addRegion({ start: 1, end: 2 })!
    const r2 = s().addRegion({ start: 5, end: 6 }, { text: 'hello' })!
    rung = { ...take('v1', r2, 5, 6), ladder: { rung: 0, reference: 0, melL1: 0, wallMs: 10, rtf: 0.1 } }
    s().selectRegion(r2)
    s().setCompareStepsText('4')
    await runLadder()
    expect(s().compareRun?.rows.map((r) => r.takeId)).toEqual(['v1'])

    await playVariant(0)
    await playVariant(0) // the same context: the clip made once
    expect(reads.map((r) => r.takeIds)).toEqual([['v1']])

    // A take applied on region 1 (inside the pre-roll's reach or not, it is part of what applying gives).
    s().addTakes([takeInfo('t1', r1, 1, 2)])
    s().applyTake('t1')
    stopVariant()
    await playVariant(0)
    expect(reads.map((r) => r.takeIds)).toEqual([['v1'], ['t1', 'v1']])

    s().setRolls(2, 0.5)
    await playVariant(0)
    expect(reads).toHaveLength(3)
    expect((reads[2].endFrame - reads[2].startFrame) / SR).toBeCloseTo(2 + 1 + 0.5 + 0.02, 2) // rolls, region, crossfade margins
  })
})
