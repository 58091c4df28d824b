// The trajectory view's state: one generation captured step by step (its arrays live in
// trajectory-data.ts), the step shown on the scrubber and the running job. Not undoable.

import type { Family, SamplerSettings } from '../../../../electron/engine/types'
import type { FeatureJob } from '../common/feature-job'

export interface TrajectoryView {
  takeId: string
  audioId: string
  regionId: string
  settings: SamplerSettings
  /** The time grid: steps + 1 increasing times from 0 to 1 (flow time, or 1 − t/T for diffusion). */
  times: number[]
  family: Family
  /** Diffusion: the DDPM timestep of each state (T … 0) and its ᾱ_t. */
  timesteps: number[] | null
  alphaBars: number[] | null
  /** The generation carries its original region and noise: the forward-process view can be shown. */
  hasForward: boolean
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
  /** Forward-process view: where the slider is, from 0 (the data) to 1 (all noise). */
  forwardLevel: number
  setForwardLevel(level: number): void
  setTrajectorySteps(steps: number): void
  setTrajectory(view: TrajectoryView | null): void
  setTrajectoryStep(step: number): void
  setTrajectoryJob(job: FeatureJob | null): void
  markTrajectoryKept(): void
}
