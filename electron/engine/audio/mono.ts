// The whole of a source as mono at one rate, for the aligner, read chunk by chunk so that an hour of
// 48 kHz stereo is never held at its own rate.
import { mixDown } from '../core'
import type { PcmAudio } from '../types'
import { resample } from './resample'
import { readWindow, type AudioSource } from './source'

/** Seconds read and resampled at a time. */
const CHUNK_SECONDS = 30

/**
 * The whole file as mono at `rate`, read and resampled CHUNK_SECONDS at a time, at the 'medium'
 * quality the aligner resamples with itself (align/posteriors.ts): 3× faster than 'best' on long files.
 */
export async function monoAt(source: AudioSource, rate: number): Promise<PcmAudio> {
  const chunk = source.sampleRate * CHUNK_SECONDS
  const parts: Float32Array[] = []
  for (let a = 0; a < source.frames; a += chunk) {
    const w = await readWindow(source, a, Math.min(source.frames, a + chunk))
    const m = mixDown(w.channels, 0, w.channels[0].length)
    parts.push(source.sampleRate === rate ? m : await resample(m, source.sampleRate, rate, 'medium'))
  }
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return { sampleRate: rate, channels: [out] }
}
