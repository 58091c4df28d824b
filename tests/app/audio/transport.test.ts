// The transport against a stand-in waveform: a new position set by a seek or a follow replaces an
// earlier placement (Home, an arrow key) instead of being pulled back to it.
import { beforeEach, describe, expect, it } from 'vitest'
import type WaveSurfer from 'wavesurfer.js'
import { transport } from '../../../app/src/audio/transport'

/** A waveform that is stopped, fits its view (no scrolling) and whose media has settled. */
function fakeWave() {
  let time = 0
  const ws = {
    sets: [] as number[],
    getDuration: () => 10,
    getCurrentTime: () => time,
    setTime: (t: number) => {
      time = t
      ws.sets.push(t)
    },
    isPlaying: () => false,
    pause: () => undefined,
    getMediaElement: () => ({ seeking: false, readyState: 4 }),
    getWrapper: () => ({ scrollWidth: 1000 }),
    getScroll: () => 0,
    getWidth: () => 1000,
    setScroll: () => undefined,
  }
  return ws
}

let frames: (() => void)[] = []
const runFrames = (n: number) => {
  for (let i = 0; i < n; i++) {
    const now = frames
    frames = []
    now.forEach((f) => f())
  }
}

beforeEach(() => {
  frames = []
  globalThis.requestAnimationFrame = ((f: () => void) => (frames.push(f), frames.length)) as typeof requestAnimationFrame
})


describe('transport', () => {
  it('a follow straight after Home is not pulled back to the start by Home\'s settling', () => {
    const ws = fakeWave()
    transport.attach(ws as unknown as WaveSurfer)
    transport.toStart()
    transport.follow(2.5)
    runFrames(5)
    expect(ws.getCurrentTime()).toBe(2.5)
    transport.detach(ws as unknown as WaveSurfer)
  })

  it('an arrow key after a seek counts from the seek, not from the Home before it', () => {
    const ws = fakeWave()
    transport.attach(ws as unknown as WaveSurfer)
    transport.toStart()
    transport.seek(4)
    transport.nudge(1)
    runFrames(5)
    expect(ws.getCurrentTime()).toBe(5)
    transport.detach(ws as unknown as WaveSurfer)
  })
})
