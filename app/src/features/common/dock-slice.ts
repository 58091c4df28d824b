// Which feature panel the dock under the editor shows (null: folded to its tab strip).
import type { StateCreator } from 'zustand'
import type { Store } from '../../store/types'

export type DockTab = 'compare' | 'trajectory' | 'voiceover'

export interface DockSlice {
  dockTab: DockTab | null
  setDockTab(tab: DockTab | null): void
}

export const createDockSlice: StateCreator<Store, [], [], DockSlice> = (set) => ({
  dockTab: null,
  setDockTab: (dockTab) => set({ dockTab }),
})
