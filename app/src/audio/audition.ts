// Plays PCM read from the engine (a take in context, or the original at the same place) through
// WebAudio, apart from the main transport so A/B switching is instant and never reloads the waveform.

import type { PcmChunk } from '../../../electron/shared/studio-types'

let ctx: AudioContext | null = null
let playing: { source: AudioBufferSourceNode; startedAt: number; offset: number } | null = null

function context(): AudioContext {
  ctx ??= new AudioContext()
  return ctx
}

/** PCM → AudioBuffer at the source rate (WebAudio resamples to the device rate itself). */
function toBuffer(chunk: PcmChunk): AudioBuffer {
  const frames = chunk.channels[0]?.length ?? 0
  const buffer = context().createBuffer(Math.max(1, chunk.channels.length), Math.max(1, frames), chunk.sampleRate)
  chunk.channels.forEach((ch, i) => buffer.copyToChannel(new Float32Array(ch), i))
  return buffer
}

/** Stops what is playing; its onEnded does not fire. */
export function stopAudition(): void {
  if (!playing) return
  playing.source.onended = null
  try {
    playing.source.stop()
  } catch {
    // already stopped
  }
  playing = null
}

/** Seconds into the current clip, or null when nothing plays. */
export function auditionPosition(): number | null {
  if (!playing || !ctx) return null
  return playing.offset + (ctx.currentTime - playing.startedAt)
}

/** Plays `chunk` from `offset` seconds, replacing whatever plays; onEnded fires when it runs out. */
export async function playAudition(chunk: PcmChunk, offset: number, onEnded: () => void): Promise<void> {
  stopAudition()
  const c = context()
  if (c.state === 'suspended') await c.resume()
  const source = c.createBufferSource()
  source.buffer = toBuffer(chunk)
  source.connect(c.destination)
  const start = Math.min(Math.max(offset, 0), source.buffer.duration)
  source.onended = () => {
    if (playing?.source === source) playing = null
    onEnded()
  }
  source.start(0, start)
  playing = { source, startedAt: c.currentTime, offset: start }
}
