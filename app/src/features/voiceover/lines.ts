// Voiceover bookkeeping: script → editable lines, each line's takes (clips the engine generated for
// it), and what the export and the player need from them. Pure: tested without React or an engine.

import { scriptLines, voiceoverCues } from '../../../../electron/engine/voiceover'
import type { RoomTone } from '../../../../electron/engine/dsp/roomtone'
import type { SrtCue } from '../../../../electron/engine/srt'

/** One generation of a line: a clip registered in the engine by job:say. */
export interface LineTake {
  audioId: string
  /** The words it says (the line's text when it was generated). */
  text: string
  seed: number
  frames: number
  sampleRate: number
  createdAt: number
  /** The voice it was made in (voiceLabel of the voice chosen then); absent in takes from before it was kept. */
  voice?: string
  /** That voice's room, which the pauses after and before the line carry (absent: silence). */
  room?: RoomTone | null
}

export type LineStatus = 'idle' | 'queued' | 'generating' | 'error'

export interface VoLine {
  id: string
  text: string
  takes: LineTake[]
  /** audioId of the take in use, null before the first generation. */
  current: string | null
  status: LineStatus
  error: string | null
}

export function newLine(id: string, text: string): VoLine {
  return { id, text, takes: [], current: null, status: 'idle', error: null }
}

/** The script's non-blank lines as fresh voiceover lines. */
export function linesFromScript(script: string, newId: () => string): VoLine[] {
  return scriptLines(script).map((text) => newLine(newId(), text))
}

export function currentTake(line: VoLine): LineTake | null {
  return line.takes.find((t) => t.audioId === line.current) ?? null
}

/** The line's text was edited after its clip was generated: the clip says something else. */
export function isStale(line: VoLine): boolean {
  const take = currentTake(line)
  return take !== null && take.text !== line.text.trim()
}

/** The clips to export or play, in order; or the first reason they cannot be. */
export function voiceoverClips(lines: readonly VoLine[]): { clips: LineTake[] } | { error: string } {
  if (!lines.length) return { error: 'the script has no lines yet' }
  const clips: LineTake[] = []
  for (const [i, line] of lines.entries()) {
    const take = currentTake(line)
    // A line that failed (no words to say: "...") cannot be made by generating again: say what to do.
    if (!take && line.status === 'error') return { error: `line ${i + 1} could not be made (${line.error ?? 'it failed'}): change its words or remove it` }
    if (!take && !line.text.trim()) return { error: `line ${i + 1} is empty: type its words or remove it` }
    if (!take) return { error: `line ${i + 1} has no audio yet: generate it first` }
    if (take.sampleRate !== lines.map(currentTake)[0]!.sampleRate) {
      return { error: `line ${i + 1} was generated at another sample rate (the model changed): regenerate it` }
    }
    clips.push(take)
  }
  return { clips }
}

/** Where every line sits in the joined voiceover (the same layout the export and the CLI write). */
export function voiceoverTiming(clips: readonly LineTake[], pauseSeconds: number): SrtCue[] {
  if (!clips.length) return []
  return voiceoverCues(
    clips.map((c) => c.text),
    clips.map((c) => c.frames),
    clips[0].sampleRate,
    pauseSeconds,
  )
}

/** audioIds of every take of these lines (to free them in the engine). */
export function takeAudioIds(lines: readonly VoLine[]): string[] {
  return lines.flatMap((l) => l.takes.map((t) => t.audioId))
}
