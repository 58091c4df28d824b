// The edited timeline as the view sees it: regions are stored in seconds of the source, the waveform
// shows the source with the applied takes spliced in (a "natural length" take can change the
// length), so every time crossing between the two goes through here. Built on the engine's own
// edit list, so the page and the engine agree frame for frame.

import {
  editedLength,
  editedToSource,
  layoutEdits,
  sourceToEdited,
  type Segment,
  type TakePlacement,
} from '../../../electron/shared/edit-list'
import type { SpliceInfo } from '../../../electron/engine/types'
import { formatTime, parseTime } from './format'
import type { Span } from './regions'

export interface EditMap {
  sampleRate: number
  sourceFrames: number
  placements: TakePlacement[]
  segments: Segment[]
}

/** Lays out the applied takes; throws a one-line error when two of them overlap. */
export function buildEditMap(sourceFrames: number, sampleRate: number, placements: readonly TakePlacement[]): EditMap {
  return { sampleRate, sourceFrames, placements: [...placements], segments: layoutEdits(sourceFrames, placements) }
}

/** Frames of the edited timeline. */
export function editedFrames(map: EditMap): number {
  return editedLength(map.segments)
}

/** Seconds of the edited timeline. */
export function editedDuration(map: EditMap): number {
  return editedFrames(map) / map.sampleRate
}

/** Source seconds → edited seconds (inside a replaced range: the start of its take). */
export function sourceToView(map: EditMap, seconds: number): number {
  const frame = Math.round(seconds * map.sampleRate)
  return sourceToEdited(map.segments, map.placements, Math.min(Math.max(frame, 0), map.sourceFrames)) / map.sampleRate
}

/** Edited seconds → source seconds (inside a take: the start of the range it replaced). */
export function viewToSource(map: EditMap, seconds: number): number {
  const frame = Math.round(seconds * map.sampleRate)
  return editedToSource(map.segments, map.placements, Math.max(frame, 0)) / map.sampleRate
}

/** An applied take, as far as the view needs it. */
export type AppliedTake = TakePlacement & { splice: SpliceInfo }

/**
 * Where a region appears on the edited timeline. Without a take it is the mapped span; with an
 * applied take it is the take's generated part (the take also carries crossfade margins on both
 * sides, which belong to the context).
 */
export function regionViewSpan(map: EditMap, region: Span, applied?: AppliedTake): Span {
  if (!applied) return { start: sourceToView(map, region.start), end: sourceToView(map, region.end) }
  const takeStart = sourceToEdited(map.segments, map.placements, applied.replaceStart)
  const lead = Math.min(Math.max(applied.splice.inStart - applied.replaceStart, 0), applied.frames)
  const body = Math.max(0, applied.splice.outEnd - applied.splice.outStart)
  const start = takeStart + lead
  const end = Math.min(start + body, takeStart + applied.frames)
  return { start: start / map.sampleRate, end: end / map.sampleRate }
}

/**
 * Frames of the edited timeline to play for an audition: `preRoll` seconds before the replaced range,
 * the range itself (`replacedFrames` long on this timeline: the take's length when it is applied in
 * `map`, the source range otherwise) and `postRoll` seconds after it.
 */
export function contextRange(
  map: EditMap,
  replaceStart: number,
  replacedFrames: number,
  preRoll: number,
  postRoll: number,
): { startFrame: number; endFrame: number; focusStart: number; focusEnd: number } {
  const at = sourceToEdited(map.segments, map.placements, replaceStart)
  const total = editedFrames(map)
  const startFrame = Math.max(0, at - Math.round(preRoll * map.sampleRate))
  const endFrame = Math.min(total, at + replacedFrames + Math.round(postRoll * map.sampleRate))
  return { startFrame, endFrame: Math.max(endFrame, startFrame + 1), focusStart: at, focusEnd: at + replacedFrames }
}

/**
 * An engine message's source times as times of the edited timeline, written as the studio writes
 * times, to the decimals the message gave: spans ("spread over 12.5–15.0 s" → "0:14.5 – 0:17.0") and
 * clock times ("file ends early at 0:03.2", as the decoder's warnings give them). Durations ("0.25 s
 * could not be decoded") are lengths, not places, and stay as they are.
 */
export function quoteOnTimeline(message: string, map: EditMap | null): string {
  if (!map) return message
  const at = (t: string) => {
    const seconds = parseTime(t)
    return seconds === null ? t : formatTime(sourceToView(map, seconds), t.split('.')[1]?.length ?? 0)
  }
  // One pass, so a time already written on the edited timeline is never mapped twice.
  return message.replace(
    /\b(\d+(?:\.\d+)?)–(\d+(?:\.\d+)?) s\b|\b(?:\d+:)?\d+:\d\d(?:\.\d+)?\b/g,
    (clock: string, a?: string, b?: string) => (a !== undefined && b !== undefined ? `${at(a)} – ${at(b)}` : at(clock)),
  )
}

/**
 * Where a point `seconds` of a listening clip's timeline (`clipMap`: this timeline with `placed` in
 * its range's place, a Compare variant or a take heard in context) lies on the edited timeline `map`
 * the waveform shows: one to one before and after the range, and across it at the same fraction of
 * what stands there on `map` (the source range, or the take applied there), so the main playhead
 * crosses the region as the clip does even when the two differ in length.
 */
export function clipTimeOnView(map: EditMap, clipMap: EditMap, placed: TakePlacement, seconds: number): number {
  const f = Math.round(seconds * clipMap.sampleRate)
  const clipStart = sourceToEdited(clipMap.segments, clipMap.placements, placed.replaceStart)
  const clipEnd = clipStart + placed.frames
  const viewStart = sourceToEdited(map.segments, map.placements, placed.replaceStart)
  const viewEnd = Math.max(viewStart, sourceToEdited(map.segments, map.placements, placed.replaceEnd))
  let at: number
  if (f <= clipStart) at = viewStart - (clipStart - f)
  else if (f >= clipEnd) at = viewEnd + (f - clipEnd)
  else at = viewStart + ((f - clipStart) / Math.max(1, placed.frames)) * (viewEnd - viewStart)
  return Math.min(Math.max(at, 0), editedFrames(map)) / map.sampleRate
}
