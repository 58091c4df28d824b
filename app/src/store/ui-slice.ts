// View and transport state: zoom, view toggles, playhead, audition, dialogs, toasts. Not undoable.

import type { StateCreator } from 'zustand'
import type { Store, Toast, UiSlice } from './types'

/** Errors and warnings stay until dismissed; other toasts go by themselves. */
export const TOAST_MS = 5000
let toastId = 0

export const createUiSlice: StateCreator<Store, [], [], UiSlice> = (set, get) => ({
  pxPerSec: 0,
  showSpectrogram: false,
  snap: true,
  loop: false,
  preRoll: 1,
  postRoll: 1,
  playing: false,
  currentTime: 0,
  audition: null,
  dialog: null,
  leavePrompt: null,
  toasts: [],
  setZoom: (pxPerSec) => set({ pxPerSec: Math.max(0, pxPerSec) }),
  toggleSpectrogram: () => set({ showSpectrogram: !get().showSpectrogram }),
  toggleSnap: () => set({ snap: !get().snap }),
  toggleLoop: () => set({ loop: !get().loop }),
  setRolls: (preRoll, postRoll) => set({ preRoll: Math.max(0, preRoll), postRoll: Math.max(0, postRoll) }),
  setPlayback: (playing, currentTime) => set(currentTime === undefined ? { playing } : { playing, currentTime }),
  setAudition: (audition) => set({ audition }),
  openDialog: (dialog) => set({ dialog }),
  setLeavePrompt: (leavePrompt) => set({ leavePrompt }),
  pushToast: (kind, message, options) => {
    const id = ++toastId
    const { actions, sourceTimes, regions } = Array.isArray(options) ? { actions: options, sourceTimes: false, regions: undefined } : (options ?? {})
    // The same message twice in a row (a retry that fails again) shows once; "region 1" of another
    // request is another region.
    const same = (t: Toast) => t.message === message && (t.regions ?? []).join() === (regions ?? []).join()
    const toasts = get().toasts.filter((t) => !same(t))
    set({
      toasts: [
        ...toasts,
        { id, kind, message, ...(actions?.length ? { actions } : {}), ...(sourceTimes ? { sourceTimes } : {}), ...(regions?.length ? { regions: [...regions] } : {}) },
      ].slice(-5),
    })
    if (kind !== 'error' && kind !== 'warning') setTimeout(() => get().dismissToast(id), TOAST_MS)
    return id
  },
  dismissToast: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
})
