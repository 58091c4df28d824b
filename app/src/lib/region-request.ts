// One region of the document as the engine's request, or why it cannot be generated as it is. Pure.

import { REGION_TEXT_MAX } from '../../../electron/shared/limits'
import type { GenerateRegion } from '../api/types'
import { isDeletion, type CutSpan } from '../../../electron/shared/context-deletes'
import type { TakeInfo } from '../../../electron/shared/studio-types'
import type { EditRegion } from '../store/types'
import { formatTime } from './format'
import { sourceToView, type EditMap } from './timeline'

/** The request for one region; null with the reason when it cannot be generated as it is. */
export function regionRequest(r: EditRegion, index: number, name = `Region ${index + 1}`): GenerateRegion | string {
  const text = r.mode === 'delete' ? '' : r.text.trim()
  if ((r.mode === 'replace' || r.mode === 'insert') && !text) return `${name}: type the words to put there first`
  if (r.mode === 'regenerate' && !text) return `${name}: type the words it says (Regenerate says them again)`
  if (text.length > REGION_TEXT_MAX) return `${name}: the text is ${text.length} characters long; one region takes at most ${REGION_TEXT_MAX} (split it over several regions)`
  return {
    regionId: r.id,
    start: r.start,
    end: r.mode === 'insert' ? r.start : r.end,
    text,
    mode: r.mode,
    length: r.length,
    ...(r.tempo !== undefined && r.length === 'natural' ? { tempo: r.tempo } : {}),
    ...(r.oldText ? { oldText: r.oldText } : {}),
    ...(r.exact && (r.mode === 'replace' || r.mode === 'regenerate') ? { exact: true } : {}),
  }
}

/**
 * The document's deletions as the timeline will have them: a region's applied take where it has one (a cut
 * when it was made as a delete), else each region in delete mode. Fills near them hear the audio kept beyond.
 */
export function documentDeletes(s: { regions: readonly EditRegion[]; takes: Readonly<Record<string, TakeInfo>>; applied: Readonly<Record<string, string>> }): CutSpan[] {
  return s.regions.flatMap((r): CutSpan[] => {
    const take = r.id in s.applied ? s.takes[s.applied[r.id]] : undefined
    const made = take ? take.region : r
    return isDeletion(made) && made.end > made.start ? [{ regionId: r.id, start: made.start, end: made.end }] : []
  })
}

/**
 * The engine names a region by its place in the request and its source seconds ("region 1 (2.36–3.28 s)");
 * the studio shows each region's own number, "Region 3 (…)" for the third card even when it was
 * generated alone, and with `map` its times on the edited timeline, as the card and the clock give them.
 * A region deleted since is called so (its number is another region's now). Messages kept in a toast
 * are put through this as they are shown (Toast.regions), so numbers and times follow later edits.
 */
export function studioNumbers(message: string, requested: readonly string[], regions: readonly { id: string }[], map?: EditMap | null): string {
  return message.replace(/\bregion (\d+)\b(?!\.\d)(?: \((\d+(?:\.\d+)?)–(\d+(?:\.\d+)?) s\))?/gi, (all, k: string, a?: string, b?: string) => {
    const id = requested[Number(k) - 1]
    if (id === undefined) return all
    const index = regions.findIndex((r) => r.id === id)
    const name = index < 0 ? 'Deleted region' : `Region ${index + 1}`
    if (a === undefined || b === undefined) return name
    if (!map) return `${name} (${a}–${b} s)`
    const [start, end] = [Number(a), Number(b)].map((t) => formatTime(sourceToView(map, t)))
    return `${name} (${start === end ? `at ${start}` : `${start} – ${end}`})`
  })
}
