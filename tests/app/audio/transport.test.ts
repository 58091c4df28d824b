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

/** A stopped waveform zoomed in: 10 s over 10 000 px, 1 000 px in view. */
function zoomedWave() {
  let time = 0
  let scroll = 0
  const ws = {
    ...fakeWave(),
    getCurrentTime: () => time,
    setTime: (t: number) => {
      time = t
    },
    getWrapper: () => ({ scrollWidth: 10_000 }),
    getScroll: () => scroll,
    setScroll: (px: number) => {
      scroll = Math.min(Math.max(0, px), 9_000)
    },
    /** What wavesurfer does when it draws a playhead out of view (autoScroll), then its timeupdate. */
    drawPlayhead: () => {
      const px = time * 1000
      if (px < scroll || px > scroll + 1000) scroll = Math.min(px, 9_000)
      transport.playedTo(time)
    },
  }
  return ws
}

describe('transport: a view chosen by revealSpan', () => {
  it('is kept when the media reports an earlier seek late (End, then a region\'s card at once)', () => {
    const ws = zoomedWave()
    transport.attach(ws as unknown as WaveSurfer)
    transport.toEnd()
    expect(ws.getScroll()).toBe(9_000)
    transport.revealSpan(1, 1.5)
    const region = ws.getScroll()
    expect(region).toBeLessThan(1_000)
    // The End's seek completes now: wavesurfer scrolls to the playhead, the transport puts the view back.
    ws.drawPlayhead()
    runFrames(5)
    ws.drawPlayhead()
    expect(ws.getScroll()).toBe(region)
    transport.detach(ws as unknown as WaveSurfer)
  })

  it('gives way to a move of the playhead, or to a scroll by the user', () => {
    const ws = zoomedWave()
    transport.attach(ws as unknown as WaveSurfer)
    transport.toEnd()
    transport.revealSpan(1, 1.5)
    transport.toEnd() // End again: the view goes to the playhead
    ws.drawPlayhead()
    expect(ws.getScroll()).toBe(9_000)

    transport.revealSpan(1, 1.5)
    ws.setScroll(5_000) // the user scrolls elsewhere
    transport.scrolled()
    ws.drawPlayhead()
    expect(ws.getScroll()).toBe(9_000)

    transport.revealSpan(1, 1.5)
    ws.setTime(4) // the minimap seeks, outside the transport: the view goes to the playhead
    ws.drawPlayhead()
    expect(ws.getScroll()).toBe(4_000 - 125) // with the keys' margin (an eighth of the view), not on its edge
    transport.detach(ws as unknown as WaveSurfer)
  })
})

describe('transport: a stopped playhead the waveform draws out of view', () => {
  it('keeps the keys\' margin when a seek is reported late (Home, then an arrow key at once)', () => {
    const ws = zoomedWave()
    transport.attach(ws as unknown as WaveSurfer)
    transport.toStart()
    ws.drawPlayhead() // Home's seek, reported
    ws.setTime(5)
    ws.setScroll(5_000 - 875) // the arrow key's reveal: 5 s an eighth of the view from the right edge
    // A late report drawn at 5 s after wavesurfer put it on the view's edge: the margin comes back.
    ws.setScroll(5_000)
    transport.playedTo(5)
    expect(ws.getScroll()).toBe(5_000 - 125)
    transport.detach(ws as unknown as WaveSurfer)
  })
})
