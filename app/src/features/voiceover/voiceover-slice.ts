// The voiceover pane's slice; its state is declared in voiceover-state.ts.

import type { StateCreator } from 'zustand'
import { newId, randomSeed } from '../../lib/ids'
import type { Store } from '../../store/types'
import { linesFromScript, newLine, type VoLine } from './lines'
import type { VoiceoverSlice } from './voiceover-state'

/** The engine's own default pause between sentences (electron/engine/say.ts), so lines sound alike. */
export const DEFAULT_PAUSE_SECONDS = 0.35

const mapLine = (lines: VoLine[], id: string, f: (l: VoLine) => VoLine) => lines.map((l) => (l.id === id ? f(l) : l))

export const createVoiceoverSlice: StateCreator<Store, [], [], VoiceoverSlice> = (set, get) => ({
  voScript: '',
  voLines: [],
  voPause: DEFAULT_PAUSE_SECONDS,
  voRoomTone: false,
  voSeed: randomSeed(),
  voVoice: { kind: 'sample' },
  voJob: null,
  voExport: null,
  setVoScript: (voScript) => set({ voScript }),
  splitVoScript: () => {
    // A line whose words the script still has keeps its takes: splitting again after an edit to the
    // script made every take again (and freed them) even for the lines that did not change.
    const spare = [...get().voLines]
    const lines = linesFromScript(get().voScript, () => newId('line')).map((fresh) => {
      const k = spare.findIndex((l) => l.text.trim() === fresh.text && l.status === 'idle')
      return k < 0 ? fresh : spare.splice(k, 1)[0]
    })
    set({ voLines: lines, voExport: null })
    return spare
  },
  setVoLineText: (id, text) => set({ voLines: mapLine(get().voLines, id, (l) => ({ ...l, text })) }),
  addVoLine: () => set({ voLines: [...get().voLines, newLine(newId('line'), '')] }),
  removeVoLine: (id) => {
    const line = get().voLines.find((l) => l.id === id) ?? null
    if (line) set({ voLines: get().voLines.filter((l) => l.id !== id), voExport: null })
    return line
  },
  restoreVoLine: (line, index) => {
    if (get().voLines.some((l) => l.id === line.id)) return
    const lines = [...get().voLines]
    lines.splice(Math.min(Math.max(0, index), lines.length), 0, line)
    set({ voLines: lines, voExport: null })
  },
  setVoPause: (seconds) => set({ voPause: Math.min(10, Math.max(0, Number.isFinite(seconds) ? seconds : 0)) }),
  setVoRoomTone: (voRoomTone) => set({ voRoomTone }),
  setVoSeed: (seed) => set({ voSeed: Math.min(0xffffffff, Math.max(0, Math.floor(Number.isFinite(seed) ? seed : 0))) }),
  setVoVoice: (voVoice) => set({ voVoice }),
  setVoLineState: (id, patch) => set({ voLines: mapLine(get().voLines, id, (l) => ({ ...l, ...patch })) }),
  addVoLineTake: (id, take) =>
    set({ voLines: mapLine(get().voLines, id, (l) => ({ ...l, takes: [...l.takes, take], current: take.audioId })), voExport: null }),
  selectVoLineTake: (id, audioId) =>
    set({ voLines: mapLine(get().voLines, id, (l) => (l.takes.some((t) => t.audioId === audioId) ? { ...l, current: audioId } : l)), voExport: null }),
  setVoJob: (voJob) => set({ voJob }),
  setVoExport: (voExport) => set({ voExport }),
})
