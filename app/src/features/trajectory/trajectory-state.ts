// The trajectory view's state: one generation captured step by step (its arrays live in
// trajectory-data.ts), the step shown on the scrubber and the running job. Not undoable.

import type { SamplerSettings } from '../../../../electron/engine/types'
import type { FeatureJob } from '../common/feature-job'

export interface TrajectoryView {
  takeId: string
  audioId: string
  regionId: string
  settings: SamplerSettings
  /** The time grid: steps + 1 increasing times from 0 to 1. */
  times: number[]
  frames: number
  nMels: number
  maskStart: number
  maskEnd: number
  /** Colour scale shared by every step (from the final result), so noise looks like noise. */
  range: [number, number]
  kept: boolean
}

export interface TrajectorySlice {
  trajectorySteps: number
  trajectory: TrajectoryView | null
  trajectoryStep: number
  trajectoryJob: FeatureJob | null
  setTrajectorySteps(steps: number): void
  setTrajectory(view: TrajectoryView | null): void
  setTrajectoryStep(step: number): void
  setTrajectoryJob(job: FeatureJob | null): void
  markTrajectoryKept(): void
}
