// Stage 6: the output timeline from the input and the regions' replacements, read in one pass (or
// only a stretch of it, for a later region's context).
import type { PcmAudio, RegionResult } from '../types'
import type { Replacement } from './render'

/** Input with each span replaced by its segment; replacements sorted and disjoint. */
export function assemble(audio: PcmAudio, reps: readonly Replacement[]): PcmAudio {
  const n = audio.channels[0].length
  const length = reps.reduce((len, r) => len - (r.spanEnd - r.spanStart) + r.segment[0].length, n)
  const channels = audio.channels.map((ch, c) => {
    const out = new Float32Array(length)
    let read = 0
    let write = 0
    for (const r of reps) {
      out.set(ch.subarray(read, r.spanStart), write)
      write += r.spanStart - read
      out.set(r.segment[c], write)
      write += r.segment[c].length
      read = r.spanEnd
    }
    out.set(ch.subarray(read), write)
    return out
  })
  return { sampleRate: audio.sampleRate, channels }
}

/** A replacement computed on an excerpt, moved by `by` samples (excerpt → input coordinates). */
export function moveReplacement(r: Replacement, by: number): Replacement {
  const s = r.splice
  return {
    spanStart: r.spanStart + by,
    spanEnd: r.spanEnd + by,
    segment: r.segment,
    splice: { ...s, inStart: s.inStart + by, inEnd: s.inEnd + by, outStart: s.outStart + by, outEnd: s.outEnd + by },
  }
}

/**
 * Samples [from, to) of the timeline that `reps` (input coordinates, sorted, disjoint) make of the
 * input, every channel; only that stretch is built.
 */
export function readTimeline(audio: PcmAudio, reps: readonly Replacement[], from: number, to: number): PcmAudio {
  const channels = audio.channels.map(() => new Float32Array(Math.max(0, to - from)))
  const copy = (src: readonly Float32Array[], srcFrom: number, outFrom: number, length: number) => {
    const a = Math.max(outFrom, from)
    const b = Math.min(outFrom + length, to)
    if (b <= a) return
    src.forEach((ch, c) => channels[c].set(ch.subarray(srcFrom + a - outFrom, srcFrom + b - outFrom), a - from))
  }
  let read = 0
  let write = 0
  for (const r of reps) {
    copy(audio.channels, read, write, r.spanStart - read)
    write += r.spanStart - read
    copy(r.segment, 0, write, r.segment[0].length)
    write += r.segment[0].length
    read = r.spanEnd
  }
  copy(audio.channels, read, write, audio.channels[0].length - read)
  return { sampleRate: audio.sampleRate, channels }
}

/** Splice out* fields start in input coordinates; earlier regions' length changes shift them. */
export function shiftToOutput(sorted: RegionResult[]): void {
  let shift = 0
  for (const r of sorted) {
    const s = r.splice
    const delta = s.outEnd - s.outStart - (s.inEnd - s.inStart)
    s.outStart += shift
    s.outEnd += shift
    shift += delta
  }
}
