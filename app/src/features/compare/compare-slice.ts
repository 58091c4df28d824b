// The compare panel's slice; its state is declared in compare-state.ts.

import type { StateCreator } from 'zustand'
import type { Store } from '../../store/types'
import type { CompareSlice } from './compare-state'
import { DEFAULT_STEP_LADDER } from './ladder-plan'

export const createCompareSlice: StateCreator<Store, [], [], CompareSlice> = (set, get) => ({
  compareStepsText: DEFAULT_STEP_LADDER.join(', '),
  compareSolvers: ['midpoint'],
  compareRun: null,
  compareJob: null,
  compareLoop: false,
  compareBlind: null,
  compareKept: [],
  compareNowPlaying: null,
  setCompareStepsText: (compareStepsText) => set({ compareStepsText }),
  toggleCompareSolver: (solver) => {
    const current = get().compareSolvers
    set({ compareSolvers: current.includes(solver) ? current.filter((s) => s !== solver) : [...current, solver] })
  },
  setCompareRun: (compareRun) => set({ compareRun, compareBlind: null, compareKept: [], compareNowPlaying: null }),
  setCompareJob: (compareJob) => set({ compareJob }),
  setCompareLoop: (compareLoop) => set({ compareLoop }),
  setCompareBlind: (compareBlind) => set({ compareBlind }),
  markCompareKept: (takeId) => {
    const kept = get().compareKept
    if (!kept.includes(takeId)) set({ compareKept: [...kept, takeId] })
  },
  setCompareNowPlaying: (compareNowPlaying) => set({ compareNowPlaying }),
})
