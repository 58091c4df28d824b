// Derived values shared by components and actions. Selectors are module-level so that React
// subscriptions compare stable functions; derived objects are memoised on their inputs.

import { buildEditMap, quoteOnTimeline, regionViewSpan, sourceToView, type AppliedTake, type EditMap } from '../lib/timeline'
import { documentDeletes, studioNumbers } from '../lib/region-request'
import { heardChanged } from '../../../electron/shared/context-deletes'
import type { Span } from '../lib/regions'
import type { ProjectDoc } from '../../../electron/shared/ipc'
import { appliedPlacements, madeElsewhere } from './takes-slice'
import type { Doc, Store, Toast } from './types'

let memo: { audio: Store['audio']; takes: Store['takes']; applied: Store['applied']; map: EditMap | null } | null = null

/** The edited timeline (source + applied takes), or null with no audio. */
export function selectEditMap(s: Store): EditMap | null {
  if (memo && memo.audio === s.audio && memo.takes === s.takes && memo.applied === s.applied) return memo.map
  let map: EditMap | null = null
  if (s.audio) {
    try {
      map = buildEditMap(s.audio.frames, s.audio.sampleRate, appliedPlacements(s))
    } catch {
      // Overlapping takes cannot come from the editor (applyTake refuses them); a hand-edited
      // project could hold some: show the source rather than nothing.
      map = buildEditMap(s.audio.frames, s.audio.sampleRate, [])
    }
  }
  memo = { audio: s.audio, takes: s.takes, applied: s.applied, map }
  return map
}

/**
 * Where a take's generated part lies on the edited timeline with the take in its region's place (the
 * other regions' applied takes in, as its audition plays it), whether or not it is applied; null
 * with no audio or when it would overlap another region's take.
 */
export function takeViewSpan(s: Pick<Store, 'audio' | 'takes' | 'applied'>, takeId: string): Span | null {
  const take = s.takes[takeId]
  if (!s.audio || !take) return null
  // Placed as an applied take is (its crossfade margins included).
  const placed: AppliedTake = { ...appliedPlacements({ takes: s.takes, applied: { [take.regionId]: takeId } })[0], splice: take.splice }
  const others = appliedPlacements(s).filter((p) => s.takes[p.takeId]?.regionId !== take.regionId)
  try {
    return regionViewSpan(buildEditMap(s.audio.frames, s.audio.sampleRate, [...others, placed]), { start: 0, end: 0 }, placed)
  } catch {
    return null
  }
}

/**
 * The span a take was made for, on the edited timeline (the other regions' takes in), when its region
 * has moved or been resized since; null while the region is where the take was made.
 */
export function takeMadeAt(s: Pick<Store, 'audio' | 'takes' | 'applied' | 'regions'>, takeId: string): Span | null {
  const take = s.takes[takeId]
  const region = take && s.regions.find((r) => r.id === take.regionId)
  if (!s.audio || !take || !region || !madeElsewhere(take, region)) return null
  const others = appliedPlacements(s).filter((p) => s.takes[p.takeId]?.regionId !== take.regionId)
  try {
    const map = buildEditMap(s.audio.frames, s.audio.sampleRate, others)
    return { start: sourceToView(map, take.region.start), end: sourceToView(map, take.region.end) }
  } catch {
    return null
  }
}

/**
 * Whether a take was made hearing the deletions beside its region otherwise than the document has them now
 * (one moved, gone or added since: context-deletes.ts); false for takes that record none (deletes, ladders).
 */
export function takeHeardChanged(s: Pick<Store, 'regions' | 'takes' | 'applied'>, takeId: string): boolean {
  const take = s.takes[takeId]
  if (!take?.heard) return false
  return heardChanged(take.region, take.heard, documentDeletes(s).filter((c) => c.regionId !== take.regionId))
}

/**
 * A toast's text as shown: regions named and source times quoted as the regions and the edited timeline
 * are now (see Toast.regions, Toast.sourceTimes).
 */
export function toastText(toast: Toast, map: EditMap | null, regions: readonly { id: string }[] = []): string {
  // studioNumbers writes clock times of the edited timeline, which quoteOnTimeline would map again.
  if (toast.regions) return studioNumbers(toast.message, toast.regions, regions, map)
  return toast.sourceTimes ? quoteOnTimeline(toast.message, map) : toast.message
}

/** The take applied on a region, as the view needs it. */
export function appliedTakeOf(s: Pick<Store, 'takes' | 'applied'>, regionId: string): AppliedTake | undefined {
  const id = s.applied[regionId]
  const t = id ? s.takes[id] : undefined
  return t ? { takeId: t.takeId, replaceStart: t.replaceStart, replaceEnd: t.replaceEnd, frames: t.frames, splice: t.splice } : undefined
}

export const selectAudio = (s: Store) => s.audio

/** The document as the project file stores it. */
export function toProjectDoc(s: Store, title: string): ProjectDoc | null {
  if (!s.audio) return null
  return {
    version: 1,
    title,
    audioId: s.audio.audioId,
    regions: s.regions.map((r) => ({
      regionId: r.id,
      start: r.start,
      end: r.end,
      text: r.text,
      mode: r.mode,
      length: r.length,
      ...(r.origin ? { origin: r.origin } : {}),
      ...(r.oldText !== undefined ? { oldText: r.oldText } : {}),
      ...(r.tempo !== undefined ? { tempo: r.tempo } : {}),
      ...(r.exact ? { exact: true } : {}),
      ...(r.lengthBeforeInsert !== undefined ? { lengthBeforeInsert: r.lengthBeforeInsert } : {}),
    })),
    takeIds: Object.keys(s.takes),
    applied: { ...s.applied },
    sampler: s.settings?.sampler ?? {},
    ui: { pxPerSec: s.pxPerSec, showSpectrogram: s.showSpectrogram, snap: s.snap, preRoll: s.preRoll, postRoll: s.postRoll },
    ...(s.transcriptSource !== null ? { transcript: { source: s.transcriptSource, edited: s.transcript, alignment: s.alignment } } : {}),
  }
}

/** A saved document back into the editor's shape; takes missing from `takeInfos` are dropped. */
export function fromProjectDoc(doc: ProjectDoc, takeInfos: Doc['takes']): Doc {
  const regions = doc.regions.map((r) => ({
    id: r.regionId,
    start: r.start,
    end: r.end,
    text: r.text,
    mode: r.mode,
    length: r.length,
    ...(r.origin ? { origin: r.origin } : {}),
    ...(r.oldText !== undefined ? { oldText: r.oldText } : {}),
    ...(r.tempo !== undefined ? { tempo: r.tempo } : {}),
    ...(r.exact ? { exact: true } : {}),
    ...(r.lengthBeforeInsert !== undefined ? { lengthBeforeInsert: r.lengthBeforeInsert } : {}),
  }))
  const live = new Set(regions.map((r) => r.id))
  const takes = Object.fromEntries(Object.entries(takeInfos).filter(([, t]) => live.has(t.regionId)))
  const applied = Object.fromEntries(Object.entries(doc.applied).filter(([regionId, takeId]) => live.has(regionId) && takeId in takes))
  return { regions, takes, applied, transcript: doc.transcript?.edited ?? null }
}

/** Title shown in the window and saved in projects. */
export function selectTitle(s: Store): string {
  return s.project?.name ?? s.audio?.name ?? 'Voicefill'
}
