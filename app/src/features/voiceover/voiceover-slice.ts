// The voiceover pane's state: the script, its lines with their takes, the pause, the seed, the
// voice prompt, the running line job and the last export. Not undoable.

import type { StateCreator } from 'zustand'
import type { VoiceoverExportResult } from '../../../../electron/shared/studio-types'
import { newId, randomSeed } from '../../lib/ids'
import type { Store } from '../../store/types'
import type { FeatureJob } from '../common/feature-job'
import { linesFromScript, newLine, type LineTake, type VoLine } from './lines'

/** The voice prompt: the built-in sample, a region of the open recording, or another audio file. */
export type VoiceChoice =
  | { kind: 'sample' }
  | { kind: 'region'; audioId: string; startFrame: number; endFrame: number; label: string }
  | { kind: 'file'; audioId: string; label: string }

/** The engine's own default pause between sentences (electron/engine/say.ts), so lines sound alike. */
export const DEFAULT_PAUSE_SECONDS = 0.35

export interface VoiceoverSlice {
  voScript: string
  voLines: VoLine[]
  voPause: number
  voSeed: number
  voVoice: VoiceChoice
  voJob: (FeatureJob & { lineId: string }) | null
  voExport: VoiceoverExportResult | null
  setVoScript(text: string): void
  /** Replaces the lines with the script's lines; returns the lines that were replaced. */
  splitVoScript(): VoLine[]
  setVoLineText(id: string, text: string): void
  addVoLine(): void
  /** Removes a line; returns it (its takes are to be freed). */
  removeVoLine(id: string): VoLine | null
  setVoPause(seconds: number): void
  setVoSeed(seed: number): void
  setVoVoice(voice: VoiceChoice): void
  setVoLineState(id: string, patch: Partial<Pick<VoLine, 'status' | 'error'>>): void
  /** Adds a take to a line and makes it the one in use. */
  addVoLineTake(id: string, take: LineTake): void
  selectVoLineTake(id: string, audioId: string): void
  setVoJob(job: (FeatureJob & { lineId: string }) | null): void
  setVoExport(result: VoiceoverExportResult | null): void
}

const mapLine = (lines: VoLine[], id: string, f: (l: VoLine) => VoLine) => lines.map((l) => (l.id === id ? f(l) : l))

export const createVoiceoverSlice: StateCreator<Store, [], [], VoiceoverSlice> = (set, get) => ({
  voScript: '',
  voLines: [],
  voPause: DEFAULT_PAUSE_SECONDS,
  voSeed: randomSeed(),
  voVoice: { kind: 'sample' },
  voJob: null,
  voExport: null,
  setVoScript: (voScript) => set({ voScript }),
  splitVoScript: () => {
    const old = get().voLines
    set({ voLines: linesFromScript(get().voScript, () => newId('line')), voExport: null })
    return old
  },
  setVoLineText: (id, text) => set({ voLines: mapLine(get().voLines, id, (l) => ({ ...l, text })) }),
  addVoLine: () => set({ voLines: [...get().voLines, newLine(newId('line'), '')] }),
  removeVoLine: (id) => {
    const line = get().voLines.find((l) => l.id === id) ?? null
    if (line) set({ voLines: get().voLines.filter((l) => l.id !== id), voExport: null })
    return line
  },
  setVoPause: (seconds) => set({ voPause: Math.min(10, Math.max(0, Number.isFinite(seconds) ? seconds : 0)) }),
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
