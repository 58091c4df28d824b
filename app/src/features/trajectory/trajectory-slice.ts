// The trajectory view's slice; its state is declared in trajectory-state.ts.

import type { StateCreator } from 'zustand'
import type { Store } from '../../store/types'
import type { TrajectorySlice } from './trajectory-state'

export const createTrajectorySlice: StateCreator<Store, [], [], TrajectorySlice> = (set, get) => ({
  trajectorySteps: 16,
  trajectory: null,
  trajectoryStep: 0,
  trajectoryJob: null,
  forwardLevel: 0.5,
  setForwardLevel: (level) => set({ forwardLevel: Math.min(1, Math.max(0, Number.isFinite(level) ? level : 0)) }),
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
