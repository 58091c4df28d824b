// What is open and what the host reports: audio, project, engine, model, settings, recovery.

import type { StateCreator } from 'zustand'
import { docOf, emptyDoc } from './history-slice'
import type { SessionSlice, Store } from './types'

export const createSessionSlice: StateCreator<Store, [], [], SessionSlice> = (set, get) => ({
  appInfo: null,
  audio: null,
  project: null,
  savedDoc: null,
  engine: null,
  model: null,
  settings: null,
  recovery: [],
  recoveryChecked: false,
  busy: null,
  connectionLost: false,
  setAppInfo: (appInfo) => set({ appInfo }),
  setAudio: (audio, project = null, doc = emptyDoc()) => {
    get().resetDoc(doc)
    set({ audio, project, savedDoc: doc, job: null, audition: null, playing: false, currentTime: 0, pxPerSec: 0 })
  },
  markSaved: (project, doc = docOf(get())) => set({ project, savedDoc: doc }),
  setEngine: (engine) => set(engine.model ? { engine, model: engine.model } : { engine }),
  setModel: (model) => set({ model }),
  setSettings: (settings) => set({ settings }),
  setRecovery: (recovery) => set({ recovery, recoveryChecked: true }),
  setBusy: (busy) => set({ busy }),
  setConnectionLost: (message) => {
    // The engine is out of reach with the server: the status bar says so, without a second toast of its own.
    const engine = { state: 'stopped' as const, model: get().engine?.model ?? null, message, restarts: get().engine?.restarts ?? 0, pid: null }
    set({ connectionLost: true, engine })
  },
})

/** Unsaved changes: the document differs from the one last saved or opened. */
export function isDirty(s: Store): boolean {
  const saved = s.savedDoc
  if (!s.audio) return false
  // No saved document at all (recovered work): everything is unsaved.
  if (!saved) return true
  return saved.regions !== s.regions || saved.takes !== s.takes || saved.applied !== s.applied || saved.transcript !== s.transcript
}
