// Masked regions: add (drawn on the waveform), move/resize (constrained to the neighbours), text,
// mode and length, delete. Every change is one undo step; a region whose take is applied is
// locked in place, since the applied audio was generated for exactly that span.

import type { StateCreator } from 'zustand'
import {
  constrainMove,
  constrainResize,
  fitNewSpan,
  MIN_REGION_SECONDS,
  neighbourBounds,
  REGION_GAP_SECONDS,
  type Span,
  withinGap,
} from '../lib/regions'
import { newId } from '../lib/ids'
import { revertRegionChange } from '../features/transcript/sync'
import { commit } from './history-slice'
import type { EditRegion, RegionsSlice, Store } from './types'

/** Edge changes smaller than this are rounding (view ↔ source frames), not edits. */
const SPAN_EPSILON = 0.0005

/** Length a region gets when it stops being an insert point. */
const EXPANDED_LENGTH = 0.5

function durationOf(s: Store): number {
  return s.audio?.duration ?? 0
}

/** Where a region may go given the others, or null when the change is not allowed/possible. */
export function nextSpan(region: EditRegion, span: Span, others: readonly Span[], duration: number): Span | null {
  const sameLength = Math.abs(span.end - span.start - (region.end - region.start)) < 1e-9
  // A move to a free place goes there, over neighbours if need be (a typed time, not a drag).
  const free = span.start >= 0 && span.end <= duration && others.every((o) => span.end + REGION_GAP_SECONDS <= o.start || span.start >= o.end + REGION_GAP_SECONDS)
  if (sameLength && free) return span
  if (sameLength) return constrainMove(region, span, others, duration, REGION_GAP_SECONDS)
  if (span.start === region.start || span.end === region.end) return constrainResize(region, span, others, duration, MIN_REGION_SECONDS, REGION_GAP_SECONDS)
  // Both edges moved and the length changed (snapping): clip into the free interval.
  const bounds = neighbourBounds(region, others, duration, REGION_GAP_SECONDS)
  const clipped = { start: Math.max(span.start, bounds.start), end: Math.min(span.end, bounds.end) }
  return clipped.end - clipped.start >= MIN_REGION_SECONDS ? clipped : null
}

export const createRegionsSlice: StateCreator<Store, [], [], RegionsSlice> = (set, get) => {
  /** Replaces one region through `change`, as one undo step; no-op when it returns null or the same region. */
  const update = (id: string, label: string, change: (r: EditRegion, s: Store) => EditRegion | null, coalesce?: string) => {
    const s = get()
    const region = s.regions.find((r) => r.id === id)
    if (!region) return
    const next = change(region, s)
    if (!next || (Object.keys(next) as (keyof EditRegion)[]).every((k) => next[k] === region[k])) return
    commit(set, get, label, { regions: s.regions.map((r) => (r.id === id ? next : r)) }, coalesce)
  }
  const locked = (s: Store, id: string) => id in s.applied

  return {
    regions: [],
    selectedRegionId: null,

    addRegion: (span, fields) => {
      const s = get()
      if (!s.audio) return null
      const point = span.start === span.end
      const fitted = point ? span : fitNewSpan(span, s.regions, durationOf(s), MIN_REGION_SECONDS, REGION_GAP_SECONDS)
      // An insert point inside another region, or so close to one that their takes would overlap, is refused.
      if (!fitted || (point && s.regions.some((r) => withinGap(span, r)))) return null
      const region: EditRegion = {
        id: newId('r'),
        start: fitted.start,
        end: fitted.end,
        text: fields?.text ?? '',
        mode: point ? 'insert' : 'replace',
        length: 'region',
        ...(fields?.oldText ? { oldText: fields.oldText } : {}),
      }
      const regions = [...s.regions, region].sort((a, b) => a.start - b.start)
      commit(set, get, 'Add region', { regions })
      set({ selectedRegionId: region.id, selectedTakeId: null })
      return region.id
    },

    setRegionSpan: (id, span) =>
      update(id, 'Move region', (r, s) => {
        if (locked(s, id)) return null
        const others = s.regions.filter((o) => o.id !== id)
        const next = nextSpan(r, span, others, durationOf(s))
        if (!next || (Math.abs(next.start - r.start) < SPAN_EPSILON && Math.abs(next.end - r.end) < SPAN_EPSILON)) return null
        return { ...r, ...next }
      }),

    setRegionText: (id, text) => update(id, 'Edit text', (r) => ({ ...r, text }), `text:${id}`),

    setRegionMode: (id, mode) =>
      update(id, 'Change mode', (r, s) => {
        if (locked(s, id)) return null
        // An insert remembers the length the region had, and gets it back when it leaves insert mode.
        if (mode === 'insert') return { ...r, mode, end: r.start, ...(r.end > r.start ? { lengthBeforeInsert: r.end - r.start } : {}) }
        if (r.start === r.end) {
          // Leaving insert: the region's old length (or a default body), up to the next region or the end of the audio.
          const { lengthBeforeInsert, ...rest } = r
          const bounds = neighbourBounds(r, s.regions.filter((o) => o.id !== id), durationOf(s), REGION_GAP_SECONDS)
          const end = Math.min(r.start + (lengthBeforeInsert ?? EXPANDED_LENGTH), bounds.end)
          if (end - r.start < MIN_REGION_SECONDS) return null
          return { ...rest, mode, end }
        }
        // Regenerate says the region's own words: the transcript's, when the region knows them.
        if (mode === 'regenerate' && !r.text.trim() && r.oldText) return { ...r, mode, text: r.oldText }
        return { ...r, mode }
      }),

    setRegionLength: (id, length) => update(id, 'Change length', (r) => ({ ...r, length })),
    setRegionExact: (id, exact) =>
      update(id, exact ? 'Generate all of the region' : 'Generate where the words are said', ({ exact: _old, ...r }) => (exact ? { ...r, exact: true } : r)),

    removeRegion: (id) => {
      const s = get()
      const region = s.regions.find((r) => r.id === id)
      if (!region) return
      const takes = Object.fromEntries(Object.entries(s.takes).filter(([, t]) => t.regionId !== id))
      const { [id]: _dropped, ...applied } = s.applied
      // A region made by a transcript edit takes its edit with it: the words go back to the recording's
      // (one undo step), or the next transcript edit would make the region again.
      const reverted =
        region.origin === 'transcript' && s.transcript !== null && s.alignment
          ? revertRegionChange(s.alignment, s.transcript, region, s.model?.info?.meanFrames ?? {})
          : null
      commit(set, get, 'Delete region', { regions: s.regions.filter((r) => r.id !== id), takes, applied, ...(reverted !== null ? { transcript: reverted } : {}) })
      if (s.selectedRegionId === id) set({ selectedRegionId: null, selectedTakeId: null })
    },

    selectRegion: (id) => {
      if (get().selectedRegionId !== id) set({ selectedRegionId: id, selectedTakeId: null })
    },
  }
}
