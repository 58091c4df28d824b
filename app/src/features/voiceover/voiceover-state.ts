// The voiceover pane's state: the script, its lines with their takes, the pause, the seed, the
// voice prompt, the running line job and the last export. Not undoable.

import type { VoiceoverExportResult } from '../../../../electron/shared/studio-types'
import type { FeatureJob } from '../common/feature-job'
import type { LineTake, VoLine } from './lines'

/** The voice prompt: the built-in sample, a region of the open recording, or another audio file. */
export type VoiceChoice =
  | { kind: 'sample' }
  | { kind: 'region'; audioId: string; startFrame: number; endFrame: number; label: string }
  | { kind: 'file'; audioId: string; label: string }

/** How a take names the voice it was made in. */
export function voiceLabel(v: VoiceChoice): string {
  return v.kind === 'sample' ? 'built-in sample voice' : v.label
}

/** The voice a take is made in now, its room tone included: a take made otherwise is not one of this voice. */
export function takeVoiceLabel(v: VoiceChoice, roomTone: boolean): string {
  return roomTone ? `${voiceLabel(v)}, with its room tone` : voiceLabel(v)
}

/**
 * What a line says when the take in use was made otherwise than new takes are now (Generate all would
 * make it again): with or without the room tone, or in another voice; null when it matches, or for a
 * take from before takes named their voice.
 */
export function takeVoiceNote(takeVoice: string | undefined, v: VoiceChoice, roomTone: boolean): string | null {
  if (takeVoice === undefined || takeVoice === takeVoiceLabel(v, roomTone)) return null
  if (takeVoice === takeVoiceLabel(v, !roomTone)) return roomTone ? 'made without room tone: regenerate' : 'made with room tone: regenerate'
  return 'made in another voice: regenerate'
}

export interface VoiceoverSlice {
  voScript: string
  voLines: VoLine[]
  voPause: number
  /** New takes carry the voice's room noise (under the speech and into the pauses): a line to sit in that recording. */
  voRoomTone: boolean
  voSeed: number
  voVoice: VoiceChoice
  voJob: (FeatureJob & { lineId: string }) | null
  voExport: VoiceoverExportResult | null
  setVoScript(text: string): void
  /** Replaces the lines with the script's lines; returns the lines that were replaced. */
  /** The script's lines become the pane's lines (one with the same words keeps its takes); returns the lines dropped. */
  splitVoScript(): VoLine[]
  setVoLineText(id: string, text: string): void
  addVoLine(): void
  /** Removes a line; returns it (its takes are to be freed unless it is put back). */
  removeVoLine(id: string): VoLine | null
  /** Puts a removed line back at `index` (undo of a removal). */
  restoreVoLine(line: VoLine, index: number): void
  setVoPause(seconds: number): void
  setVoRoomTone(on: boolean): void
  setVoSeed(seed: number): void
  setVoVoice(voice: VoiceChoice): void
  setVoLineState(id: string, patch: Partial<Pick<VoLine, 'status' | 'error'>>): void
  /** Adds a take to a line and makes it the one in use. */
  addVoLineTake(id: string, take: LineTake): void
  selectVoLineTake(id: string, audioId: string): void
  setVoJob(job: (FeatureJob & { lineId: string }) | null): void
  setVoExport(result: VoiceoverExportResult | null): void
}
