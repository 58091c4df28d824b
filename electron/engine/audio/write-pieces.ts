// Writes an edited timeline to a WAV file without ever holding it: the timeline is a list of pieces,
// stretches of the source (copied chunk by chunk, as raw bytes when the file's own 16/24-bit
// encoding is the output's, so they stay bit-identical) and rendered samples (fills, takes). Used by
// the CLI's fill and by the studio's export, with progress and cancellation between chunks.
import { EngineError } from '../types'
import type { WavFormat } from './encode'
import { StreamResampler } from './resample-stream'
import type { AudioSource } from './source'
import { carriedChunks, chunkBytes } from './wav-meta'
import { WavWriter } from './wav-writer'

/** Source frames [from, to), or samples held in memory (planar, the source's channels and rate). */
export type Piece = { kind: 'source'; from: number; to: number } | { kind: 'pcm'; channels: readonly Float32Array[] }

export interface WritePiecesOptions {
  format: WavFormat
  /** Output rate (default: the source's); another rate streams through the resampler. */
  sampleRate?: number
  /** Output frames done so far, of the total, after every chunk. */
  onProgress?: (done: number, total: number) => void
  signal?: AbortSignal
  /** Carry the source's WAV metadata chunks (LIST, bext, iXML, markers while they still fit; default true). */
  keepMetadata?: boolean
}

/** Frames per chunk: 64k frames of 8 channels of float is 2 MB. */
export const WRITE_CHUNK_FRAMES = 1 << 16

export function piecesLength(pieces: readonly Piece[]): number {
  return pieces.reduce((n, p) => n + (p.kind === 'source' ? p.to - p.from : (p.channels[0]?.length ?? 0)), 0)
}

/**
 * Where source frame f lands in the pieces' timeline: its place in the source stretch that holds it, or,
 * inside an edited span (between stretches), where that span's replacement starts.
 */
export function sourceToOutput(pieces: readonly Piece[], f: number): number {
  let pos = 0
  let gapStart = 0
  for (const p of pieces) {
    if (p.kind === 'pcm') {
      pos += p.channels[0]?.length ?? 0
      continue
    }
    if (f < p.from) return gapStart
    if (f < p.to) return pos + (f - p.from)
    pos += p.to - p.from
    gapStart = pos
  }
  return f >= 0 ? pos : 0
}

/** The note for samples beyond full scale (a float source over 0 dBFS) that an integer output clipped, or null. */
export function clipWarning(clipped: number, format: string): string | null {
  return clipped > 0 ? `${clipped} samples over full scale were clipped in ${format} (--format float32 keeps them)` : null
}

/** Writes the pieces in order to `path` (temporary file + rename); returns the output's frames and bytes. */
export async function writePieces(
  path: string,
  source: AudioSource,
  pieces: readonly Piece[],
  opts: WritePiecesOptions,
): Promise<{ frames: number; sampleRate: number; clipped: number }> {
  const rate = opts.sampleRate ?? source.sampleRate
  const inputFrames = piecesLength(pieces)
  // A WAV of no samples opens nowhere (this app refuses it too): say so instead of writing one.
  if (inputFrames === 0) throw new EngineError('the edits delete every sample: there is nothing left to write', 'BAD_REGION')
  const resamplers = rate === source.sampleRate ? null : await Promise.all(Array.from({ length: source.channels }, () => StreamResampler.create(source.sampleRate, rate, inputFrames)))
  const frames = resamplers ? resamplers[0].outputLength : inputFrames
  const meta = opts.keepMetadata === false || !source.metadata ? [] : await source.metadata()
  const carried = carriedChunks(meta, { sameTimeline: inputFrames === source.frames && rate === source.sampleRate, rateRatio: rate / source.sampleRate, mapFrame: (f) => sourceToOutput(pieces, f) })
  const writer = await WavWriter.create(path, {
    format: opts.format,
    sampleRate: rate,
    channels: source.channels,
    frames,
    ...(carried.length ? { trailer: chunkBytes(carried) } : {}),
    ...(source.channelMask !== undefined ? { channelMask: source.channelMask } : {}),
  })
  const raw = !resamplers && source.rawFormat === opts.format
  const step = () => {
    if (opts.signal?.aborted) throw new EngineError('cancelled', 'CANCELLED')
    opts.onProgress?.(writer.frames, frames)
  }
  // Integer formats clip what lies beyond full scale (float audio may): counted, so the caller can say so.
  const integer = opts.format !== 'float32'
  let clipped = 0
  const write = (channels: readonly Float32Array[]) => {
    if (integer) for (const c of channels) for (let i = 0; i < c.length; i++) if (c[i] > 1 || c[i] < -1) clipped++
    return writer.write(channels)
  }
  const emit = async (channels: readonly Float32Array[]) => {
    if (!resamplers) return write(channels)
    const out = channels.map((c, i) => resamplers[i].push(c))
    if (out[0].length) await write(out)
  }
  try {
    opts.onProgress?.(0, frames)
    for (const p of pieces) {
      if (p.kind === 'pcm') {
        const n = p.channels[0]?.length ?? 0
        for (let a = 0; a < n; a += WRITE_CHUNK_FRAMES) {
          const b = Math.min(n, a + WRITE_CHUNK_FRAMES)
          await emit(p.channels.map((c) => c.subarray(a, b)))
          step()
        }
        continue
      }
      for (let a = p.from; a < p.to; a += WRITE_CHUNK_FRAMES) {
        const b = Math.min(p.to, a + WRITE_CHUNK_FRAMES)
        if (raw) await writer.writeRaw(await source.readRaw(a, b))
        else await emit(await source.read(a, b))
        step()
      }
    }
    if (resamplers) {
      const tail = resamplers.map((r) => r.finish())
      if (tail[0].length) await write(tail)
      opts.onProgress?.(writer.frames, frames)
    }
    await writer.finish()
    return { frames, sampleRate: rate, clipped }
  } catch (e) {
    resamplers?.forEach((r) => r.destroy())
    await writer.abort()
    throw e
  }
}
