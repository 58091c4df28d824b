// Band-limited sample-rate conversion (libsamplerate's sinc converters, compiled to WebAssembly)
// and channel mixing.

import libsamplerate from '@alexanderolsen/libsamplerate-js'
import { limitPeaks } from '../edit/level'
import { EngineError, type PcmAudio } from '../types'

export type ResampleQuality = 'best' | 'medium' | 'fast'

/** libsamplerate's sinc converters: 97 dB SNR with 96 % / 90 % / 80 % of the band kept. */
const CONVERTER = { best: 0, medium: 1, fast: 2 } as const

/** libsamplerate-js accepts rates in [1, 192000]. */
const MAX_RATE = 192000

/** Output samples per call we allow ourselves: the wasm module's buffers hold ~1M floats. */
const MAX_CALL_OUTPUT = 1 << 19

/**
 * Resample mono audio. Output sample k sits at input time k / toRate (no delay), and the output has
 * round(N · toRate / fromRate) samples. Returns the input itself when the rates match.
 * 'best' keeps 96 % of the band (up to 7.7 kHz at 16 kHz, so every mel bin survives) at ~60 ms per
 * second of 44.1 kHz input here; pass 'medium' (about 3× faster) for whole long files.
 */
export async function resample(
  x: Float32Array,
  fromRate: number,
  toRate: number,
  quality: ResampleQuality = 'best',
): Promise<Float32Array> {
  if (fromRate === toRate) return x
  for (const [what, rate] of [['input', fromRate], ['output', toRate]] as const) {
    if (!(rate >= 1 && rate <= MAX_RATE)) {
      throw new EngineError(`cannot resample: ${what} rate ${rate} Hz is outside 1–${MAX_RATE} Hz`, 'BAD_AUDIO')
    }
  }
  const want = Math.round((x.length * toRate) / fromRate)
  const out = new Float32Array(want)
  if (want === 0) return out
  const ratio = toRate / fromRate
  const src = await libsamplerate.create(1, fromRate, toRate, { converterType: CONVERTER[quality] })
  try {
    // The streaming ("full") API keeps filter state across calls; chunking bounds its buffers, and
    // trailing zeros flush the converter's latency so the last input samples come out.
    const chunk = Math.max(64, Math.floor(MAX_CALL_OUTPUT / Math.max(1, ratio)))
    let written = 0
    const take = (y: Float32Array) => {
      const n = Math.min(y.length, want - written)
      out.set(n === y.length ? y : y.subarray(0, n), written)
      written += n
    }
    for (let i = 0; i < x.length && written < want; i += chunk) take(src.full(x.subarray(i, i + chunk)))
    // A few thousand output samples' worth of zeros covers the sinc filter's delay at any ratio.
    const zeros = new Float32Array(Math.min(chunk, Math.ceil(4096 / Math.min(1, ratio))))
    for (let tries = 0; written < want && tries < 64; tries++) take(src.full(zeros))
    return out
  } finally {
    src.destroy()
  }
}

/** Average of all channels (a copy, even for mono, so callers may modify it freely). */
export function toMono(audio: PcmAudio): Float32Array {
  const { channels } = audio
  if (channels.length === 0) throw new EngineError('audio has no channels', 'BAD_AUDIO')
  if (channels.length === 1) return channels[0].slice()
  const n = channels[0].length
  const out = new Float32Array(n)
  for (const ch of channels) {
    if (ch.length !== n) throw new EngineError(`channels differ in length (${n} and ${ch.length})`, 'BAD_AUDIO')
    for (let i = 0; i < n; i++) out[i] += ch[i]
  }
  const k = 1 / channels.length
  for (let i = 0; i < n; i++) out[i] *= k
  return out
}

/**
 * resample() for a finished clip (a voiceover line at a video's 48 kHz): no sample goes over the clip's own
 * peak. The waveform between a limited clip's samples peaks higher than they do, and the sinc converter
 * draws it: a 16 kHz clip limited to 0.99 came out at 1.16 at 48 kHz, clipped in a 16-bit file. The few
 * milliseconds around such a peak are limited to it (limitPeaks), the rest is the plain resample.
 */
export async function resampleUnderPeak(x: Float32Array, fromRate: number, toRate: number): Promise<Float32Array> {
  const y = await resample(x, fromRate, toRate)
  if (y === x) return x
  let peak = 0
  for (let i = 0; i < x.length; i++) peak = Math.max(peak, Math.abs(x[i]))
  return limitPeaks(y, peak, Math.round(0.005 * toRate))
}
