// Reading the edited timeline (source + applied takes) held in the engine process: PCM ranges,
// peaks and the full render for export, all through the shared edit list so every view agrees.

import type { PcmAudio } from '../types'
import { editedLength, layoutEdits, sliceSegments, type Segment } from '../../shared/edit-list'
import type { PcmChunk, PeakData, Take } from '../../shared/studio-types'
import { EngineError } from '../types'
import { rangeMinMax, type PeakLevel } from './peaks'

export interface SourceDoc {
  pcm: PcmAudio
  frames: number
  pyramids: PeakLevel[][] // per channel
}

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
export function readEdited(doc: SourceDoc, takes: readonly Take[], start: number, end: number): PcmChunk {
  const segments = editSegments(doc, takes)
  const total = editedLength(segments)
  if (start >= total) throw new EngineError(`read starts at frame ${start}, past the end (${total} frames)`, 'BAD_REGION')
  const stop = Math.min(end, total)
  const channels = doc.pcm.channels.map(() => new Float32Array(stop - start))
  for (const s of sliceSegments(segments, start, stop)) {
    const from = s.kind === 'source' ? doc.pcm.channels : takeById(takes, s.takeId).pcm
    channels.forEach((out, c) => out.set(from[c].subarray(s.offset, s.offset + s.length), s.outStart - start))
  }
  return { sampleRate: doc.pcm.sampleRate, startFrame: start, channels }
}

/** The whole edited timeline as one PcmAudio (export). */
export function renderEdited(doc: SourceDoc, takes: readonly Take[]): PcmAudio {
  if (takes.length === 0) return doc.pcm
  const total = editedLength(editSegments(doc, takes))
  return { sampleRate: doc.pcm.sampleRate, channels: readEdited(doc, takes, 0, total).channels }
}

/** min/max peaks of edited frames [start, end) in `buckets` buckets. */
export function peaksEdited(
  doc: SourceDoc,
  takes: readonly Take[],
  start: number,
  end: number,
  buckets: number,
): PeakData {
  const segments = editSegments(doc, takes)
  const stop = Math.min(end, editedLength(segments))
  if (stop <= start) throw new EngineError(`peaks range ${start}..${end} is past the end of the audio`, 'BAD_REGION')
  const spp = Math.max(1, Math.ceil((stop - start) / buckets))
  const n = Math.ceil((stop - start) / spp)
  const channels = doc.pcm.channels.map((src, c) => {
    const min = new Float32Array(n)
    const max = new Float32Array(n)
    for (let b = 0; b < n; b++) {
      let lo = Infinity
      let hi = -Infinity
      const a = start + b * spp
      for (const s of sliceSegments(segments, a, Math.min(stop, a + spp))) {
        const [l, h] =
          s.kind === 'source'
            ? rangeMinMax(src, doc.pyramids[c], s.offset, s.offset + s.length)
            : rangeMinMax(takeById(takes, s.takeId).pcm[c], [], s.offset, s.offset + s.length)
        if (l < lo) lo = l
        if (h > hi) hi = h
      }
      min[b] = lo
      max[b] = hi
    }
    return { min, max }
  })
  return { startFrame: start, endFrame: stop, samplesPerPeak: spp, channels }
}
