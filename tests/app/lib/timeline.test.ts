import { describe, expect, it } from 'vitest'
import {
  buildEditMap,
  clipTimeOnView,
  contextRange,
  editedDuration,
  quoteOnTimeline,
  regionViewSpan,
  sourceToView,
  viewToSource,
} from '../../../app/src/lib/timeline'

const SR = 1000
// A take replacing source frames [900, 1300) (region 1.0–1.2 s plus 100-frame crossfade margins)
// with 600 frames: the generated part grew from 200 to 400 frames ("natural length").
const take = {
  takeId: 't1',
  replaceStart: 900,
  replaceEnd: 1300,
  frames: 600,
  splice: { inStart: 1000, inEnd: 1200, outStart: 1000, outEnd: 1400, crossfadeSamples: 100 },
}

describe('edit map', () => {
  it('is the identity without takes', () => {
    const map = buildEditMap(3000, SR, [])
    expect(editedDuration(map)).toBe(3)
    expect(sourceToView(map, 2.5)).toBe(2.5)
    expect(viewToSource(map, 2.5)).toBe(2.5)
  })
  it('shifts time after a longer take and maps back', () => {
    const map = buildEditMap(3000, SR, [take])
    expect(editedDuration(map)).toBe(3.2)
    expect(sourceToView(map, 0.5)).toBe(0.5)
    expect(sourceToView(map, 2)).toBeCloseTo(2.2)
    expect(viewToSource(map, 2.2)).toBeCloseTo(2)
  })
  it('rejects overlapping takes', () => {
    expect(() => buildEditMap(3000, SR, [take, { ...take, takeId: 't2', replaceStart: 1200, replaceEnd: 1500 }])).toThrow(/overlaps/)
  })
})

describe('regionViewSpan', () => {
  it('is the mapped span for a region without a take', () => {
    const map = buildEditMap(3000, SR, [take])
    expect(regionViewSpan(map, { start: 2, end: 2.5 })).toEqual({ start: 2.2, end: 2.7 })
  })
  it('covers the generated part of an applied take, not its margins', () => {
    const map = buildEditMap(3000, SR, [take])
    const span = regionViewSpan(map, { start: 1, end: 1.2 }, take)
    expect(span.start).toBeCloseTo(1.0)
    expect(span.end).toBeCloseTo(1.4)
  })
})

describe('contextRange', () => {
  it('plays pre-roll, the take and post-roll on the edited timeline', () => {
    const map = buildEditMap(3000, SR, [take])
    expect(contextRange(map, 900, 600, 0.5, 0.25)).toEqual({ startFrame: 400, endFrame: 1750, focusStart: 900, focusEnd: 1500 })
  })
  it('plays the original range at the same place for A/B', () => {
    const map = buildEditMap(3000, SR, [])
    expect(contextRange(map, 900, 400, 0.5, 0.25)).toEqual({ startFrame: 400, endFrame: 1550, focusStart: 900, focusEnd: 1300 })
  })
  it('clamps at the ends of the timeline', () => {
    const map = buildEditMap(1000, SR, [])
    expect(contextRange(map, 100, 800, 1, 1)).toMatchObject({ startFrame: 0, endFrame: 1000 })
  })
})

describe('quoteOnTimeline', () => {
  it('says an engine message\'s source spans on the edited timeline, to the decimals it gave', () => {
    const map = buildEditMap(3000, SR, [take]) // 0.2 s longer from 1.2 s on
    expect(quoteOnTimeline('its last 3 words are spread over 2.0–2.5 s with little sign of them', map)).toBe(
      'its last 3 words are spread over 0:02.2 – 0:02.7 with little sign of them',
    )
    expect(quoteOnTimeline('over 0.50–0.80 s', map)).toBe('over 0:00.50 – 0:00.80')
    expect(quoteOnTimeline('nothing timed here', map)).toBe('nothing timed here')
  })
  it('says a decoder\'s clock times on the edited timeline too, once each, and leaves durations alone', () => {
    const map = buildEditMap(3000, SR, [take])
    expect(quoteOnTimeline('truncated WAV: file ends early at 0:02.9 (data chunk declares 9000 bytes, file has 5800)', map)).toBe(
      'truncated WAV: file ends early at 0:03.1 (data chunk declares 9000 bytes, file has 5800)',
    )
    expect(quoteOnTimeline('damaged FLAC: 0.25 s could not be decoded at 0:00.5 and is silent', map)).toBe(
      'damaged FLAC: 0.25 s could not be decoded at 0:00.5 and is silent',
    )
    // A span is mapped once, not again as the clock times it becomes.
    expect(quoteOnTimeline('over 2.0–2.5 s, then at 0:02.5', map)).toBe('over 0:02.2 – 0:02.7, then at 0:02.7')
    expect(quoteOnTimeline('ends at 1:02:03.5', buildEditMap(4000 * SR, SR, []))).toBe('ends at 1:02:03.5')
  })
})

describe('clipTimeOnView', () => {
  // The clip: the timeline with `take` (600 frames over source 900–1300) in; the view: the source alone.
  const clipMap = buildEditMap(3000, SR, [take])
  const view = buildEditMap(3000, SR, [])

  it('is one to one before the range and shifted by the difference after it', () => {
    expect(clipTimeOnView(view, clipMap, take, 0.5)).toBeCloseTo(0.5)
    expect(clipTimeOnView(view, clipMap, take, 0.9)).toBeCloseTo(0.9)
    expect(clipTimeOnView(view, clipMap, take, 1.5)).toBeCloseTo(1.3) // the take's end is the range's end
    expect(clipTimeOnView(view, clipMap, take, 2.0)).toBeCloseTo(1.8)
  })
  it('crosses the range at the fraction of the take played', () => {
    expect(clipTimeOnView(view, clipMap, take, 1.2)).toBeCloseTo(1.1) // halfway through 600 frames: halfway through 400
  })
  it('is the identity when the view has the same take in', () => {
    for (const t of [0.3, 1.0, 1.2, 1.45, 2.9]) expect(clipTimeOnView(clipMap, clipMap, take, t)).toBeCloseTo(t)
  })
  it('stays on the view\'s timeline at its ends', () => {
    expect(clipTimeOnView(view, clipMap, take, 3.2)).toBe(3)
  })
})
