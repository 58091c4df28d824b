// The feature panels' slices (compare, trajectory, voiceover, dock), combined into the studio store
// by app/src/store/index.ts like the editor's own slices.
import type { StateCreator } from 'zustand'
import type { Store } from '../store/types'
import { createDockSlice, type DockSlice } from './common/dock-slice'
import { createCompareSlice, type CompareSlice } from './compare/compare-slice'
import { createTrajectorySlice, type TrajectorySlice } from './trajectory/trajectory-slice'
import { createVoiceoverSlice, type VoiceoverSlice } from './voiceover/voiceover-slice'

export type FeatureSlices = CompareSlice & TrajectorySlice & VoiceoverSlice & DockSlice

export const createFeatureSlices: StateCreator<Store, [], [], FeatureSlices> = (...a) => ({
  ...createCompareSlice(...a),
  ...createTrajectorySlice(...a),
  ...createVoiceoverSlice(...a),
  ...createDockSlice(...a),
})
