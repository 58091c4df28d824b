// Transcript edits → regions, kept in step with the text: every changed run of words is one region
// (replace, insert or delete) with its edges in the pauses or on phone boundaries. Pure.

import type { AlignedWord, Alignment } from '../../../../electron/engine/align'
import { diffWords, editableWords, type WordChange } from '../../../../electron/engine/align/diff'
import { edgeAfter, edgeBefore, regionsForEdit } from '../../../../electron/engine/align/edits'
import type { TakeInfo } from '../../../../electron/shared/studio-types'
import { newId } from '../../lib/ids'
// Shared with the CLI's --text-file / --from-file / --to-file, which read .srt files the same way.
export { transcriptFromFile } from '../../../../electron/engine/srt'
import { overlaps, withinGap } from '../../lib/regions'
import type { Doc, EditRegion } from '../../store/types'

const SAME = 1e-3

/**
 * The document with its transcript regions matching `edited`: unchanged ones keep their id (and
 * takes), changed ones are updated in place (an applied take, which says the old words, is unapplied
 * and kept: `unapplied`), the rest are made or removed (`droppedApplied`: removed with a take applied).
 * Regions drawn by hand stay; a transcript region that would overlap one is skipped and counted.
 */
export function syncTranscriptRegions(
  doc: Pick<Doc, 'regions' | 'takes' | 'applied'>,
  alignment: Alignment,
  edited: string,
  meanFrames: Readonly<Record<string, number>>,
): Pick<Doc, 'regions' | 'takes' | 'applied'> & { skipped: number; unapplied: number; droppedApplied: number } {
  const desired = regionsForEdit(alignment.words, editableWords(edited), alignment.duration, { meanFrames, frameSeconds: alignment.frameSeconds })
  const manual = doc.regions.filter((r) => r.origin !== 'transcript')
  const pool = doc.regions.filter((r) => r.origin === 'transcript')
  const kept: EditRegion[] = []
  const unapply = new Set<string>()
  let skipped = 0
  for (const d of desired) {
    const mode = d.change.kind
    const span = { start: d.start, end: d.end }
    // Near a region drawn by hand counts as overlapping: their takes' crossfades would meet.
    if (manual.some((m) => withinGap(span, m))) {
      skipped++
      continue
    }
    const fields = {
      start: d.start,
      end: d.end,
      text: d.text,
      mode,
      length: mode === 'delete' ? ('region' as const) : ('natural' as const),
      origin: 'transcript' as const,
      oldText: d.oldText,
      ...(d.tempo !== undefined ? { tempo: d.tempo } : {}),
    }
    const same = pool.findIndex((r) => Math.abs(r.start - d.start) < SAME && Math.abs(r.end - d.end) < SAME && r.mode === mode)
    // An applied region is matched too: its words edited again ("gold" → "silver") update it, not vanish.
    const near = same >= 0 ? same : pool.findIndex((r) => r.mode === mode && (overlaps(r, span) || Math.abs(r.start - d.start) < SAME))
    if (near >= 0) {
      const r = pool.splice(near, 1)[0]
      const unchanged = r.text === d.text && Math.abs(r.start - d.start) < SAME && Math.abs(r.end - d.end) < SAME
      if (!unchanged && r.id in doc.applied) unapply.add(r.id) // its take says the old words: unapplied, kept
      kept.push(unchanged ? r : { ...r, ...fields })
    } else {
      kept.push({ id: newId('r'), ...fields })
    }
  }
  // Transcript regions that no edit asks for any more go, with their takes.
  const gone = new Set(pool.map((r) => r.id))
  const takes: Record<string, TakeInfo> = gone.size ? Object.fromEntries(Object.entries(doc.takes).filter(([, t]) => !gone.has(t.regionId))) : doc.takes
  const applied = gone.size || unapply.size ? Object.fromEntries(Object.entries(doc.applied).filter(([rid]) => !gone.has(rid) && !unapply.has(rid))) : doc.applied
  const regions = [...manual, ...kept].sort((a, b) => a.start - b.start || a.end - b.end)
  const droppedApplied = [...gone].filter((id) => id in doc.applied).length
  return { regions, takes, applied, skipped, unapplied: unapply.size, droppedApplied }
}

/**
 * The edited transcript with the change that made `region` put back to the recording's words, or null
 * when no change matches it (a deleted transcript region had stayed in the text, and the next edit made
 * it again).
 */
export function revertRegionChange(
  alignment: Alignment,
  edited: string,
  region: { start: number; end: number },
  meanFrames: Readonly<Record<string, number>>,
): string | null {
  const newWords = editableWords(edited)
  const desired = regionsForEdit(alignment.words, newWords, alignment.duration, { meanFrames, frameSeconds: alignment.frameSeconds })
  const exact = desired.find((d) => Math.abs(d.start - region.start) < SAME && Math.abs(d.end - region.end) < SAME)
  const match = exact ?? desired.find((d) => overlaps(d, region) || Math.abs(d.start - region.start) < SAME)
  if (!match) return null
  const c = match.change
  const old = alignment.words.slice(c.oldFrom, c.oldTo).map((w) => w.text)
  return [...newWords.slice(0, c.newFrom), ...old, ...newWords.slice(c.newTo)].join(' ')
}

/** The source span of words [first, last]: edges in the pauses around them, never inside a phone. */
export function wordsSpan(words: readonly AlignedWord[], first: number, last: number, duration: number): { start: number; end: number } {
  return { start: edgeBefore(words, first, duration), end: edgeAfter(words, last + 1, duration) }
}

/** The nearest word edge to `time` within `radius` seconds, or null. */
export function snapToWords(words: readonly AlignedWord[], duration: number, time: number, radius = 0.2): number | null {
  let best: number | null = null
  for (let k = 0; k <= words.length; k++) {
    for (const edge of [edgeBefore(words, k, duration), edgeAfter(words, k, duration)]) {
      if (Math.abs(edge - time) <= radius && (best === null || Math.abs(edge - time) < Math.abs(best - time))) best = edge
    }
  }
  return best
}

/** Index of the word being said at `time` (source seconds), or -1 between words. */
export function wordAt(words: readonly AlignedWord[], time: number): number {
  let lo = 0
  let hi = words.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (time < words[mid].start) hi = mid - 1
    else if (time >= words[mid].end) lo = mid + 1
    else return mid
  }
  return -1
}

/** What the words pane shows: runs of unchanged words and changed runs (old words → new words). */
export type TranscriptPiece = { kind: 'same'; index: number } | { kind: 'change'; change: WordChange; oldWords: number[]; newText: string }

export function transcriptPieces(words: readonly AlignedWord[], edited: string | null): TranscriptPiece[] {
  const newWords = edited === null ? words.map((w) => w.text) : editableWords(edited)
  const changes = edited === null ? [] : diffWords(words.map((w) => w.text), newWords)
  const pieces: TranscriptPiece[] = []
  let i = 0
  for (const c of changes) {
    for (; i < c.oldFrom; i++) pieces.push({ kind: 'same', index: i })
    const oldWords = Array.from({ length: c.oldTo - c.oldFrom }, (_, k) => c.oldFrom + k)
    pieces.push({ kind: 'change', change: c, oldWords, newText: newWords.slice(c.newFrom, c.newTo).join(' ') })
    i = c.oldTo
  }
  for (; i < words.length; i++) pieces.push({ kind: 'same', index: i })
  return pieces
}
