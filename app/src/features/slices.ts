// The feature panels' slices (compare, trajectory, voiceover, dock), combined into the studio store
// by app/src/store/index.ts like the editor's own slices. Their state types are in *-state.ts, so
// the store's type (store/types.ts) needs none of these creators.
import type { StateCreator } from 'zustand'
import type { FeatureSlices, Store } from '../store/types'
import { createDockSlice } from './common/dock-slice'
import { createCompareSlice } from './compare/compare-slice'
import { createTrajectorySlice } from './trajectory/trajectory-slice'
import { createVoiceoverSlice } from './voiceover/voiceover-slice'

export const createFeatureSlices: StateCreator<Store, [], [], FeatureSlices> = (...a) => ({
  ...createCompareSlice(...a),
  ...createTrajectorySlice(...a),
  ...createVoiceoverSlice(...a),
  ...createDockSlice(...a),
})
