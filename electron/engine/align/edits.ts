// From an aligned transcript and an edited one to the regions that make the edit: each changed run
// of words becomes a replace, insert or delete region whose edges sit in the pauses or on phone
// boundaries, never inside a phone. Pure.
import type { RegionSpec } from '../types'
import type { AlignedWord } from './index'
import { speakerTempo } from './tempo'
import { diffWords, type WordChange } from './transcript'

/** A region edge goes at most this far from its word into a pause (the rest of the pause stays as it was). */
export const EDGE_INTO_PAUSE_SECONDS = 0.04

export interface EditRegion extends RegionSpec {
  change: WordChange
  /** the old words the region replaces or deletes, as typed */
  oldText: string
}

/** Where a region may start just before word k (k = words.length: after the last word). */
export function edgeBefore(words: readonly AlignedWord[], k: number, duration: number): number {
  const prevEnd = k > 0 ? words[k - 1].end : 0
  const start = k < words.length ? words[k].start : duration
  if (k === words.length) return Math.min(duration, prevEnd + EDGE_INTO_PAUSE_SECONDS)
  return Math.max(k > 0 ? (prevEnd + start) / 2 : 0, start - EDGE_INTO_PAUSE_SECONDS)
}

/** Where a region may end just after word k − 1 (k = 0: before the first word). */
export function edgeAfter(words: readonly AlignedWord[], k: number, duration: number): number {
  const end = k > 0 ? words[k - 1].end : 0
  const nextStart = k < words.length ? words[k].start : duration
  if (k === 0) return Math.max(0, nextStart - EDGE_INTO_PAUSE_SECONDS)
  return Math.min(k < words.length ? (end + nextStart) / 2 : duration, end + EDGE_INTO_PAUSE_SECONDS)
}

/** Where an insert goes between words k − 1 and k: the middle of the pause, or the phone boundary. */
export function insertPoint(words: readonly AlignedWord[], k: number, duration: number): number {
  const prevEnd = k > 0 ? words[k - 1].end : 0
  const start = k < words.length ? words[k].start : duration
  if (k === 0) return Math.max(0, start - EDGE_INTO_PAUSE_SECONDS)
  if (k === words.length) return Math.min(duration, prevEnd + EDGE_INTO_PAUSE_SECONDS)
  return (prevEnd + start) / 2
}

/**
 * Regions for every change from the aligned words to `newText`'s words. Replaces and inserts are
 * generated at natural length with the speaker's tempo; a delete removes the words and the pause
 * after them, keeping the pause before.
 */
export function regionsForEdit(
  words: readonly AlignedWord[],
  newWords: readonly string[],
  duration: number,
  tempo: { meanFrames: Readonly<Record<string, number>>; frameSeconds: number },
): EditRegion[] {
  const changes = diffWords(
    words.map((w) => w.text),
    newWords,
  )
  return changes.map((change) => {
    const oldText = words.slice(change.oldFrom, change.oldTo).map((w) => w.text).join(' ')
    const text = newWords.slice(change.newFrom, change.newTo).join(' ')
    let start: number
    let end: number
    if (change.kind === 'insert') {
      start = end = insertPoint(words, change.oldFrom, duration)
    } else if (change.kind === 'delete') {
      start = edgeBefore(words, change.oldFrom, duration)
      end = change.oldTo < words.length ? edgeBefore(words, change.oldTo, duration) : duration
    } else {
      start = edgeBefore(words, change.oldFrom, duration)
      end = edgeAfter(words, change.oldTo, duration)
    }
    const region: EditRegion = { start: round(start), end: round(end), text: change.kind === 'delete' ? '' : text, change, oldText }
    if (change.kind !== 'delete') {
      region.mode = change.kind
      region.length = 'natural'
      const t = speakerTempo(words, tempo.meanFrames, tempo.frameSeconds, start, end)
      if (t !== undefined) region.tempo = Math.round(t * 1000) / 1000
    }
    return region
  })
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000
}
