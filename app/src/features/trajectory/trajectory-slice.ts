// The trajectory view's state: one generation captured step by step (its arrays live in
// trajectory-data.ts), the step shown on the scrubber and the running job. Not undoable.

import type { StateCreator } from 'zustand'
import type { SamplerSettings } from '../../../../electron/engine/types'
import type { Store } from '../../store/types'
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

export const createTrajectorySlice: StateCreator<Store, [], [], TrajectorySlice> = (set, get) => ({
  trajectorySteps: 16,
  trajectory: null,
  trajectoryStep: 0,
  trajectoryJob: null,
  setTrajectorySteps: (steps) => set({ trajectorySteps: Math.min(256, Math.max(1, Math.round(steps) || 1)) }),
  setTrajectory: (trajectory) => set({ trajectory, trajectoryStep: 0 }),
  setTrajectoryStep: (step) => {
    const t = get().trajectory
    if (t) set({ trajectoryStep: Math.min(t.times.length - 1, Math.max(0, Math.round(step))) })
  },
  setTrajectoryJob: (trajectoryJob) => set({ trajectoryJob }),
  markTrajectoryKept: () => {
    const t = get().trajectory
    if (t && !t.kept) set({ trajectory: { ...t, kept: true } })
  },
})
