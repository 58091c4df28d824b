// One region of the document as the engine's request, or why it cannot be generated as it is. Pure.

import { REGION_TEXT_MAX } from '../../../electron/shared/limits'
import type { GenerateRegion } from '../api/types'
import type { EditRegion } from '../store/types'

/** The request for one region; null with the reason when it cannot be generated as it is. */
export function regionRequest(r: EditRegion, index: number): GenerateRegion | string {
  const name = `Region ${index + 1}`
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
 * The engine numbers regions by their place in the request ("region 1 (…)"); the studio shows each
 * region's own number: "Region 3 (…)" for the third card, even when it was generated alone.
 */
export function studioNumbers(message: string, requested: readonly string[], regions: readonly { id: string }[]): string {
  return message.replace(/\bregion (\d+) \(/gi, (all, k: string) => {
    const index = regions.findIndex((r) => r.id === requested[Number(k) - 1])
    return index >= 0 ? `Region ${index + 1} (` : all
  })
}
