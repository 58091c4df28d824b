// Stage 1 of an edit: check the caller's regions against the audio and each other, and give each its
// mode, length and input-rate sample range.
import { secondsToSample } from '../frames'
import { EngineError, type PcmAudio, type RegionLength, type RegionMode, type RegionSpec } from '../types'

/** A validated region: its mode and its input-rate sample range. */
export interface PlannedRegion {
  index: number // position in the caller's array
  stream: number // noise stream: spec.noiseStream ?? index
  spec: RegionSpec
  mode: RegionMode
  length: RegionLength
  inStart: number
  inEnd: number
  /** the region as the caller gave it, when trimToSaid narrowed `spec` to where its words are said */
  asked?: RegionSpec
  /** with `asked`: the text's flat phones [p0, p1) still to generate (the others are said outside the region) */
  phoneRange?: [number, number]
  /** the speaker's tempo heard around the region (listen.ts), for natural lengths when the caller gave none */
  tempo?: number
}

/** "region 2 (1.2–1.5 s)": how messages name a region (by its place in the caller's file, also inside a window). */
export function describeRegion(r: RegionSpec, index: number): string {
  const at = r.shownAs ?? { index, start: r.start, end: r.end }
  // Milliseconds at most: a region shifted into a window reads 34.002, not 34.001999999999995.
  const s = (x: number) => String(Math.round(x * 1000) / 1000)
  return `region ${at.index + 1} (${s(at.start)}–${s(at.end)} s)`
}

/**
 * How far past the end a region may reach and still mean "to the end": lengths are shown rounded to
 * the millisecond (6.0325 s as 6.033), and a region typed from that display must not be refused.
 */
export const END_SLACK_SECONDS = 0.001

/** Checks regions against the audio and each other; returns them sorted by start. */
export function planRegions(regions: readonly RegionSpec[], audio: PcmAudio): PlannedRegion[] {
  const duration = audio.channels[0].length / audio.sampleRate
  const bad = (msg: string) => new EngineError(msg, 'BAD_REGION')
  if (!regions.length) throw bad('no regions given')
  const planned = regions.map((given, index): PlannedRegion => {
    const name = describeRegion(given, index)
    if (!Number.isFinite(given.start) || !Number.isFinite(given.end)) throw bad(`${name}: start and end must be numbers of seconds`)
    if (given.end < given.start) throw bad(`${name}: end is before start`)
    if (given.start < 0 || given.end > duration + END_SLACK_SECONDS) throw bad(`${name}: outside the audio (0–${Math.round(duration * 10000) / 10000} s)`)
    // Within the slack, the end of the audio.
    const spec = given.end > duration ? { ...given, start: Math.min(given.start, duration), end: duration } : given
    if (typeof spec.text !== 'string') throw bad(`${name}: text must be a string`)
    const empty = spec.text.trim() === ''
    // Only an empty text deletes: spaces alone are more likely a slip than a wish to delete.
    if (empty && spec.text !== '' && spec.mode !== 'delete') throw new EngineError(`${name}: the text is only spaces (an empty text deletes the region)`, 'BAD_TEXT')
    const mode: RegionMode = spec.mode ?? (empty ? 'delete' : spec.start === spec.end ? 'insert' : 'replace')
    if (mode === 'delete' && spec.end <= spec.start) throw bad(`${name}: nothing to delete in an empty region`)
    if (mode !== 'delete' && empty) throw bad(`${name}: ${mode} needs text (an empty text deletes the region)`)
    if (mode === 'insert' && spec.end !== spec.start) throw bad(`${name}: insert needs start = end`)
    if ((mode === 'replace' || mode === 'regenerate') && spec.end <= spec.start) throw bad(`${name}: ${mode} needs end > start (start = end inserts)`)
    const length: RegionLength = mode === 'insert' ? 'natural' : (spec.length ?? 'region')
    if (spec.tempo !== undefined && !(Number.isFinite(spec.tempo) && spec.tempo >= 0.4 && spec.tempo <= 2.5)) throw bad(`${name}: tempo must be a number from 0.4 to 2.5`)
    if (length !== 'region' && length !== 'natural') throw bad(`${name}: length must be "region" or "natural"`)
    const n = audio.channels[0].length
    return {
      index,
      stream: spec.noiseStream ?? index,
      spec,
      mode,
      length,
      inStart: Math.min(n, secondsToSample(spec.start, audio.sampleRate)),
      inEnd: Math.min(n, secondsToSample(spec.end, audio.sampleRate)),
    }
  })
  const sorted = [...planned].sort((a, b) => a.spec.start - b.spec.start || a.spec.end - b.spec.end)
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]]
    if (b.spec.start < a.spec.end || (b.spec.start === a.spec.start && b.spec.start === b.spec.end)) {
      throw bad(`${describeRegion(b.spec, b.index)} overlaps ${describeRegion(a.spec, a.index)}`)
    }
  }
  return sorted
}
