// The studio store: typed slices combined once. No middleware is needed: undo is the history slice
// (document snapshots of ids and metadata), audio stays out of the store (take-audio.ts).

import { useStore } from 'zustand'
import { createFeatureSlices } from '../features/slices'
import { createStore, type StoreApi } from 'zustand/vanilla'
import { createHistorySlice } from './history-slice'
import { createJobSlice } from './job-slice'
import { createRegionsSlice } from './regions-slice'
import { createSessionSlice } from './session-slice'
import { createTakesSlice } from './takes-slice'
import type { Store } from './types'
import { createUiSlice } from './ui-slice'

export type StudioStore = StoreApi<Store>

/** A fresh store (tests make one each; the app uses `studio`). */
export function createStudioStore(): StudioStore {
  return createStore<Store>()((...a) => ({
    ...createRegionsSlice(...a),
    ...createTakesSlice(...a),
    ...createHistorySlice(...a),
    ...createJobSlice(...a),
    ...createUiSlice(...a),
    ...createSessionSlice(...a),
    ...createFeatureSlices(...a),
  }))
}

export const studio = createStudioStore()

/** React hook over the app store; pass a module-level selector (or useShallow for objects). */
export function useStudio<T>(selector: (s: Store) => T): T {
  return useStore(studio, selector)
}

export type * from './types'
