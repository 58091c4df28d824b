// Reading the edited timeline (source + applied takes) in the engine process: PCM ranges, peaks and
// the pieces an export writes, all through the shared edit list so every view agrees. The source is
// an AudioSource on disk, never held whole; takes are small and live in memory.

import type { AudioSource } from '../audio/source'
import type { Piece } from '../audio/write-pieces'
import { editedLength, layoutEdits, sliceSegments, type Segment } from '../../shared/edit-list'
import type { PcmChunk, PeakData, Take } from '../../shared/studio-types'
import { EngineError } from '../types'
import { BASE_BLOCK, rangeMinMax, type PeakLevel } from './peaks'

export interface SourceDoc {
  source: AudioSource
  frames: number
  pyramids: PeakLevel[][] // per channel, from the peak cache or one streaming pass
}

/** Frames of the timeline scanned per read when peaks need raw samples (zoomed far in). */
const SCAN_FRAMES = 1 << 20
const NO_SAMPLES = new Float32Array(0)

export function editSegments(doc: SourceDoc, takes: readonly Take[]): Segment[] {
  try {
    return layoutEdits(doc.frames, takes)
  } catch (e) {
    throw new EngineError((e as Error).message, 'BAD_REGION')
  }
}

function takeById(takes: readonly Take[], id: string): Take {
  const t = takes.find((x) => x.takeId === id)
  if (!t) throw new EngineError(`unknown take ${id}`, 'INTERNAL')
  return t
}

/** PCM of edited frames [start, end), clipped to the timeline's length. */
export async function readEdited(doc: SourceDoc, takes: readonly Take[], start: number, end: number): Promise<PcmChunk> {
  const segments = editSegments(doc, takes)
  const total = editedLength(segments)
  if (start >= total) throw new EngineError(`read starts at frame ${start}, past the end (${total} frames)`, 'BAD_REGION')
  const stop = Math.min(end, total)
  const channels = Array.from({ length: doc.source.channels }, () => new Float32Array(stop - start))
  for (const s of sliceSegments(segments, start, stop)) {
    const from = s.kind === 'source' ? await doc.source.read(s.offset, s.offset + s.length) : takeById(takes, s.takeId).pcm.map((c) => c.subarray(s.offset, s.offset + s.length))
    channels.forEach((out, c) => out.set(from[c], s.outStart - start))
  }
  return { sampleRate: doc.source.sampleRate, startFrame: start, channels }
}

/** The edited timeline as pieces for the streamed writer (export): source stretches and take samples. */
export function exportPieces(doc: SourceDoc, takes: readonly Take[]): Piece[] {
  return editSegments(doc, takes).map((s): Piece =>
    s.kind === 'source'
      ? { kind: 'source', from: s.offset, to: s.offset + s.length }
      : { kind: 'pcm', channels: takeById(takes, s.takeId).pcm.map((c) => c.subarray(s.offset, s.offset + s.length)) },
  )
}

/**
 * min/max peaks of edited frames [start, end) in `buckets` buckets. Buckets of at least one pyramid
 * block come from the pyramid, each widened to whole 256-frame blocks of the source (a drawing
 * detail: at most 255 frames of a neighbour); finer buckets scan the samples, read chunk by chunk.
 */
export async function peaksEdited(doc: SourceDoc, takes: readonly Take[], start: number, end: number, buckets: number): Promise<PeakData> {
  const segments = editSegments(doc, takes)
  const stop = Math.min(end, editedLength(segments))
  if (stop <= start) throw new EngineError(`peaks range ${start}..${end} is past the end of the audio`, 'BAD_REGION')
  const spp = Math.max(1, Math.ceil((stop - start) / buckets))
  const n = Math.ceil((stop - start) / spp)
  const channels = Array.from({ length: doc.source.channels }, () => ({ min: new Float32Array(n).fill(Infinity), max: new Float32Array(n).fill(-Infinity) }))
  const fromPyramid = spp >= BASE_BLOCK && doc.pyramids.every((p) => p.length > 0)
  if (fromPyramid) {
    for (let b = 0; b < n; b++) {
      const a = start + b * spp
      for (const s of sliceSegments(segments, a, Math.min(stop, a + spp))) {
        channels.forEach((out, c) => {
          const [l, h] =
            s.kind === 'source'
              ? rangeMinMax(NO_SAMPLES, doc.pyramids[c], Math.floor(s.offset / BASE_BLOCK) * BASE_BLOCK, Math.ceil((s.offset + s.length) / BASE_BLOCK) * BASE_BLOCK)
              : rangeMinMax(takeById(takes, s.takeId).pcm[c], [], s.offset, s.offset + s.length)
          if (l < out.min[b]) out.min[b] = l
          if (h > out.max[b]) out.max[b] = h
        })
      }
    }
  } else {
    // Whole buckets per read, so no bucket straddles two reads.
    const perRead = spp * Math.max(1, Math.floor(SCAN_FRAMES / spp))
    for (let a = start; a < stop; a += perRead) {
      const chunk = await readEdited(doc, takes, a, Math.min(stop, a + perRead))
      chunk.channels.forEach((x, c) => {
        const { min, max } = channels[c]
        for (let i = 0; i < x.length; i++) {
          const b = Math.floor((a - start + i) / spp)
          const v = x[i]
          if (v < min[b]) min[b] = v
          if (v > max[b]) max[b] = v
        }
      })
    }
  }
  return { startFrame: start, endFrame: stop, samplesPerPeak: spp, channels }
}
