// Opening audio, with the engine's side stubbed: a damaged file's warnings are kept as the decoder
// wrote them (source times) and shown on the edited timeline as it is when they are read.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AudioInfo } from '../../../app/src/api/types'
import { audioInfo, SR, takeInfo } from '../store/helpers'

const opened: AudioInfo = {
  ...audioInfo(10),
  warnings: ['truncated WAV: file ends early at 0:10.0 (data chunk declares 400000 bytes, file has 320000); decoded what is there'],
}

vi.mock('../../../app/src/api', () => ({
  api: {
    kind: 'web',
    onOpenProgress: () => () => undefined,
    openAudio: async () => opened,
    closeAudio: async () => undefined,
  },
  StudioError: class extends Error {},
}))

const { openAudioPath } = await import('../../../app/src/actions/audio')
const { studio } = await import('../../../app/src/store')
const { selectEditMap, toastText } = await import('../../../app/src/store/selectors')

describe('opening a damaged file', () => {
  beforeEach(() => studio.setState({ toasts: [], audio: null }))

  it('warns with the decoder\'s times on the edited timeline, after a take lengthens it too', async () => {
    await openAudioPath('/tmp/speech.wav')
    const s = () => studio.getState()
    const shown = () => s().toasts.map((t) => toastText(t, selectEditMap(s())))
    expect(s().toasts.map((t) => t.kind)).toEqual(['warning'])
    expect(shown()).toEqual([`speech.wav: ${opened.warnings![0]}`])
    // A natural-length take 1.5 s longer than its region: the file's end is 1.5 s later on the timeline.
    const region = s().addRegion({ start: 1, end: 2 })!
    const t = takeInfo('t1', region, 1, 2)
    const extra = Math.round(1.5 * SR)
    s().addTakes([{ ...t, frames: t.frames + extra, splice: { ...t.splice, outEnd: t.splice.outEnd + extra } }])
    s().applyTake('t1')
    expect(shown()).toEqual([`speech.wav: ${opened.warnings![0].replace('0:10.0', '0:11.5')}`])
  })
})
