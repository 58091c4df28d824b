// The compare panel's state: the ladder to ask for, the running ladder job, the variants that came
// back (rows; their PCM lives in take-audio.ts), listening and blind-test state. Not undoable.

import type { StateCreator } from 'zustand'
import type { Solver } from '../../../../electron/engine/types'
import type { Store } from '../../store/types'
import type { FeatureJob } from '../common/feature-job'
import type { BlindState } from './blind'
import { DEFAULT_STEP_LADDER, type VariantRow } from './ladder-plan'

export interface CompareRun {
  audioId: string
  regionId: string
  seed: number
  rows: VariantRow[]
  /** Seconds of context before the variant in each listening clip. */
  preRoll: number
}

export interface NowPlaying {
  takeId: string
  /** Fingerprint of the variant's samples inside the buffer that is playing (see pcmFingerprint). */
  fingerprint: string
}

export interface CompareSlice {
  compareStepsText: string
  compareSolvers: Solver[]
  compareRun: CompareRun | null
  compareJob: FeatureJob | null
  compareLoop: boolean
  compareBlind: BlindState | null
  /** takeIds of variants kept as takes of their region. */
  compareKept: string[]
  compareNowPlaying: NowPlaying | null
  setCompareStepsText(text: string): void
  toggleCompareSolver(solver: Solver): void
  setCompareRun(run: CompareRun | null): void
  setCompareJob(job: FeatureJob | null): void
  setCompareLoop(loop: boolean): void
  setCompareBlind(blind: BlindState | null): void
  markCompareKept(takeId: string): void
  setCompareNowPlaying(now: NowPlaying | null): void
}

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
