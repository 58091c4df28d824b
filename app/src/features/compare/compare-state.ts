// The compare panel's state: the ladder to ask for, the running ladder job, the variants that came
// back (rows; their PCM lives in take-audio.ts), listening and blind-test state. Not undoable.

import type { Solver } from '../../../../electron/engine/types'
import type { FeatureJob } from '../common/feature-job'
import type { BlindState } from './blind'
import type { VariantRow } from './ladder-plan'

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
