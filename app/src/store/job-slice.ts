// The generation in progress (one at a time): its regions, progress and cancel state. Not undoable.

import type { StateCreator } from 'zustand'
import type { JobSlice, Store } from './types'

export const createJobSlice: StateCreator<Store, [], [], JobSlice> = (set, get) => ({
  job: null,
  startJob: (regionIds) => set({ job: { jobId: null, regionIds, progress: null, cancelling: false } }),
  setJobTicket: (jobId) => {
    const job = get().job
    if (job) set({ job: { ...job, jobId } })
  },
  setJobProgress: (progress) => {
    const job = get().job
    if (job) set({ job: { ...job, progress } })
  },
  setCancelling: () => {
    const job = get().job
    if (job) set({ job: { ...job, cancelling: true } })
  },
  endJob: () => set({ job: null }),
})
