// A voiceover from a script: one clip per script line, generated on its own (so one line can be
// regenerated without touching the others) and joined with a pause between lines. Pure and
// browser-safe: the CLI (`say --script`), the engine process (export) and the page (playback,
// timing) all lay the voiceover out with these functions, so they agree sample for sample.
import { fillToFloor, profileAtRate, type RoomTone, type RoomToneProfile } from './dsp/roomtone'
import type { SrtCue } from './srt'

/** A peak under this (−60 dBFS) holds no voice to follow: a voice prompt, or the audio around a region. */
export const SILENT_PEAK = 0.001
/** A prompt shorter than this holds too little of a voice to follow. */
export const MIN_VOICE_SECONDS = 0.5

/**
 * What is wrong with a voice prompt of this peak and length that still lets it be used, or null:
 * "silent: …" or "only 0.10 s long: …" (callers say whose: "the voice file is …", "Voice a.wav is …").
 */
export function voiceProblem(peak: number, seconds: number): string | null {
  if (peak < SILENT_PEAK) return 'silent: there is no voice to follow, so the speech may come out faint or in another voice'
  if (seconds < MIN_VOICE_SECONDS) return `only ${seconds.toFixed(2)} s long: too little of the voice to follow (give ${MIN_VOICE_SECONDS} s or more)`
  return null
}

/** Lines of a script: one per non-blank line of text, trimmed. */
export function scriptLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter(Boolean)
}

/**
 * The seed of line `index` for a voiceover seeded with `seed`. Line 0 keeps the seed itself (a
 * one-line script sounds like `say` with that seed); later lines get distinct, reproducible seeds.
 */
export function lineSeed(seed: number, index: number): number {
  return (seed + Math.imul(index, 0x9e3779b9)) >>> 0
}

/** Where each clip goes in the joined voiceover: start sample, length and the total. */
export interface VoiceoverLayout {
  starts: number[]
  total: number
}

/** Clips back to back with `pauseSamples` of silence between neighbours (none at the ends). */
export function layoutClips(lengths: readonly number[], pauseSamples: number): VoiceoverLayout {
  if (!Number.isInteger(pauseSamples) || pauseSamples < 0) throw new Error(`pause must be a whole number of samples ≥ 0 (got ${pauseSamples})`)
  const starts: number[] = []
  let at = 0
  lengths.forEach((n, i) => {
    if (i > 0) at += pauseSamples
    starts.push(at)
    at += n
  })
  return { starts, total: at }
}

/** Seconds of pause → samples at `sampleRate`. */
export function pauseSamples(pauseSeconds: number, sampleRate: number): number {
  if (!Number.isFinite(pauseSeconds) || pauseSeconds < 0 || pauseSeconds > 10) {
    throw new Error(`the pause between lines must be from 0 to 10 s (got ${pauseSeconds})`)
  }
  return Math.round(pauseSeconds * sampleRate)
}

/** One subtitle cue per clip, spanning exactly its samples. */
export function voiceoverCues(texts: readonly string[], lengths: readonly number[], sampleRate: number, pauseSeconds: number): SrtCue[] {
  if (texts.length !== lengths.length) throw new Error(`${texts.length} line texts for ${lengths.length} clips`)
  const { starts } = layoutClips(lengths, pauseSamples(pauseSeconds, sampleRate))
  return starts.map((s, i) => ({ start: s / sampleRate, end: (s + lengths[i]) / sampleRate, text: texts[i] }))
}

export interface VoiceoverClip {
  text: string
  /** Mono PCM at the voiceover's sample rate. */
  pcm: Float32Array
  /** The room of its voice (SayResult.room): its pauses carry it. */
  room?: RoomTone | null
}

/** Seed of the pauses' room tone: fixed, so the same clips always join to the same samples. */
const PAUSE_TONE_SEED = 0x70a5e

/**
 * The pause between two lines: the room of the line before crossfading (equal power) into the room of
 * the line after, each the room of the voice its clip was made in (say() reads it from the voice
 * prompt and returns it). Digital silence where neither clip has a room. `index` is the pause's place,
 * for a distinct, reproducible noise in each pause.
 */
export function pauseTone(before: RoomToneProfile | null, after: RoomToneProfile | null, samples: number, index: number): Float32Array {
  const silence = new Float32Array(samples)
  if (!samples || (!before && !after)) return silence
  const a = before ? fillToFloor(silence, before, PAUSE_TONE_SEED, 2 * index) : silence
  const b = after ? fillToFloor(silence, after, PAUSE_TONE_SEED, 2 * index + 1) : silence
  const out = new Float32Array(samples)
  for (let i = 0; i < samples; i++) {
    const t = ((i + 0.5) / samples) * (Math.PI / 2)
    out[i] = a[i] * Math.cos(t) + b[i] * Math.sin(t)
  }
  return out
}

/**
 * Joins the clips with pauses; returns the mono audio and its subtitle cues. The pauses carry the room
 * of the clips made with one (pauseTone); between clips without, they are digital silence.
 */
export function composeVoiceover(clips: readonly VoiceoverClip[], sampleRate: number, pauseSeconds: number): { audio: Float32Array; cues: SrtCue[] } {
  if (!clips.length) throw new Error('a voiceover needs at least one line')
  const lengths = clips.map((c) => c.pcm.length)
  const pause = pauseSamples(pauseSeconds, sampleRate)
  const { starts, total } = layoutClips(lengths, pause)
  const audio = new Float32Array(total)
  clips.forEach((c, i) => audio.set(c.pcm, starts[i]))
  if (pause > 0 && clips.some((c) => c.room)) {
    const rooms = clips.map((c) => (c.room ? profileAtRate(c.room, sampleRate) : null))
    for (let i = 1; i < clips.length; i++) audio.set(pauseTone(rooms[i - 1], rooms[i], pause, i - 1), starts[i] - pause)
  }
  return { audio, cues: voiceoverCues(clips.map((c) => c.text), lengths, sampleRate, pauseSeconds) }
}
