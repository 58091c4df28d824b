// Undo/redo over the document only. Snapshots share structure (the slices never mutate), so a
// history entry costs a few references, and it never holds audio: take PCM is in take-audio.ts.

import type { StateCreator } from 'zustand'
import type { Doc, HistoryEntry, HistorySlice, Store } from './types'

/** Entries kept; older ones fall off. */
export const HISTORY_LIMIT = 500
/** Edits with the same coalesce key this close together become one undo step. */
export const COALESCE_MS = 1500

export const emptyDoc = (): Doc => ({ regions: [], takes: {}, applied: {}, transcript: null })

export function docOf(s: Pick<Store, 'regions' | 'takes' | 'applied' | 'transcript'>): Doc {
  return { regions: s.regions, takes: s.takes, applied: s.applied, transcript: s.transcript }
}

type Set = Parameters<StateCreator<Store>>[0]
type Get = Parameters<StateCreator<Store>>[1]

/**
 * Applies a document change as one undoable step: the current document goes onto the undo stack and
 * the redo stack is cleared. `coalesce` merges a run of edits (typing) into the first one's entry.
 */
export function commit(set: Set, get: Get, label: string, next: Partial<Doc>, coalesce?: string, now = Date.now()): void {
  const s = get()
  const last = s.past[s.past.length - 1]
  const merge = coalesce !== undefined && last?.coalesce === coalesce && s.future.length === 0 && now - last.at < COALESCE_MS
  const past = merge
    ? [...s.past.slice(0, -1), { ...last, at: now }]
    : [...s.past, { doc: docOf(s), label, coalesce, at: now } satisfies HistoryEntry].slice(-HISTORY_LIMIT)
  set({ ...next, past, future: [] })
}

/** Selection that survives a document swap: cleared when what it points at is gone. */
function keepSelection(s: Store, doc: Doc): Pick<Store, 'selectedRegionId' | 'selectedTakeId'> {
  const regionOk = s.selectedRegionId !== null && doc.regions.some((r) => r.id === s.selectedRegionId)
  const takeOk = s.selectedTakeId !== null && s.selectedTakeId in doc.takes
  return { selectedRegionId: regionOk ? s.selectedRegionId : null, selectedTakeId: takeOk ? s.selectedTakeId : null }
}

export const createHistorySlice: StateCreator<Store, [], [], HistorySlice> = (set, get) => ({
  past: [],
  future: [],
  undo: () => {
    const s = get()
    const entry = s.past[s.past.length - 1]
    if (!entry) return
    set({
      ...entry.doc,
      ...keepSelection(s, entry.doc),
      past: s.past.slice(0, -1),
      future: [...s.future, { doc: docOf(s), label: entry.label, at: Date.now() }],
    })
  },
  redo: () => {
    const s = get()
    const entry = s.future[s.future.length - 1]
    if (!entry) return
    set({
      ...entry.doc,
      ...keepSelection(s, entry.doc),
      future: s.future.slice(0, -1),
      past: [...s.past, { doc: docOf(s), label: entry.label, at: Date.now() }],
    })
  },
  resetDoc: (doc) => set({ ...doc, past: [], future: [], selectedRegionId: null, selectedTakeId: null }),
})
