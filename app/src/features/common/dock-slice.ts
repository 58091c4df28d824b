// The dock's slice (its state is declared in dock-state.ts, which the store's type imports).
import type { StateCreator } from 'zustand'
import type { Store } from '../../store/types'
import type { DockSlice } from './dock-state'

export const createDockSlice: StateCreator<Store, [], [], DockSlice> = (set) => ({
  dockTab: null,
  setDockTab: (dockTab) => set({ dockTab }),
})
