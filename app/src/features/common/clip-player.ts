// The feature panels' player: one WebAudio clip at a time (a ladder variant in context, a trajectory
// step, the whole voiceover), apart from the editor's transport. Switching to another clip can keep
// the playhead, which is what A/B listening between variants needs.

import { stopAuditioning } from '../../actions/takes'
import { transport } from '../../audio/transport'
import { studio } from '../../store'

export interface ClipState {
  key: string
  buffer: AudioBuffer
  loop: boolean
}

let ctx: AudioContext | null = null
let playing: (ClipState & { source: AudioBufferSourceNode; startedAt: number; offset: number }) | null = null
const listeners = new Set<(clip: ClipState | null) => void>()

function context(): AudioContext {
  ctx ??= new AudioContext()
  return ctx
}

function notify(): void {
  const clip = playing && { key: playing.key, buffer: playing.buffer, loop: playing.loop }
  for (const l of listeners) l(clip)
}

/** Planar PCM → AudioBuffer at its own rate (WebAudio resamples to the device rate when playing). */
export function toAudioBuffer(channels: readonly Float32Array[], sampleRate: number): AudioBuffer {
  const frames = Math.max(1, channels[0]?.length ?? 0)
  const buffer = context().createBuffer(Math.max(1, channels.length), frames, sampleRate)
  channels.forEach((ch, i) => buffer.copyToChannel(new Float32Array(ch), i))
  return buffer
}

/** Seconds into the current clip (wrapped when looping), or null when nothing plays. */
export function clipPosition(): number | null {
  if (!playing || !ctx) return null
  const t = playing.offset + (ctx.currentTime - playing.startedAt)
  return playing.loop ? t % playing.buffer.duration : Math.min(t, playing.buffer.duration)
}

export function currentClip(): ClipState | null {
  return playing && { key: playing.key, buffer: playing.buffer, loop: playing.loop }
}

/** Called with the new clip on every start, switch and stop. */
export function onClipChange(listener: (clip: ClipState | null) => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

function halt(): void {
  if (!playing) return
  playing.source.onended = null
  try {
    playing.source.stop()
  } catch {
    // never started or already stopped
  }
  playing = null
}

export function stopClip(): void {
  if (!playing) return
  halt()
  notify()
}

/** Plays `buffer` from `offset` seconds, replacing whatever the panels or the editor play. */
export async function playClip(key: string, buffer: AudioBuffer, opts: { offset?: number; loop?: boolean } = {}): Promise<void> {
  halt()
  stopAuditioning()
  transport.pause()
  const c = context()
  if (c.state === 'suspended') await c.resume()
  const source = c.createBufferSource()
  source.buffer = buffer
  source.loop = opts.loop ?? false
  source.connect(c.destination)
  const offset = Math.min(Math.max(opts.offset ?? 0, 0), Math.max(0, buffer.duration - 1e-3))
  source.onended = () => {
    if (playing?.source !== source) return
    playing = null
    notify()
  }
  source.start(0, offset)
  playing = { key, buffer, loop: source.loop, source, startedAt: c.currentTime, offset }
  notify()
}

/** Switches to another clip at the current playhead (from the start when nothing plays). */
export function switchClip(key: string, buffer: AudioBuffer, loop: boolean): Promise<void> {
  return playClip(key, buffer, { offset: clipPosition() ?? 0, loop })
}

/** Loop on/off for the clip in play, without a gap. */
export function setClipLoop(loop: boolean): void {
  if (!playing) return
  playing.source.loop = loop
  // Re-base the clock so positions stay right after the change.
  const at = clipPosition() ?? 0
  playing = { ...playing, loop, offset: at, startedAt: context().currentTime }
  notify()
}

// The editor's transport or an audition taking over stops the panels' clip.
studio.subscribe((s, prev) => {
  if ((s.playing && !prev.playing) || (s.audition && !prev.audition)) stopClip()
})
