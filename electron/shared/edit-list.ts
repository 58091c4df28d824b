// The edited timeline as an edit list: the source with applied takes, each replacing a source frame
// range by its own samples. Pure and browser-safe: the engine process renders PCM/peaks/exports with
// it and the renderer maps times with it, so both agree frame for frame.

export interface TakePlacement {
  takeId: string
  replaceStart: number // source frames [replaceStart, replaceEnd) are replaced...
  replaceEnd: number
  frames: number // ...by this many take samples
  /**
   * The take's first `lead` and last `trail` samples are crossfades laid over the source's first and
   * last frames of the range, sample for sample: times there map one to one (a word just after the
   * region stays where it is said). Absent: 0, the whole take maps to its start.
   */
  lead?: number
  trail?: number
}

/** A take's margins that line up with the source, fitted inside it. */
function margins(t: TakePlacement): { lead: number; trail: number } {
  const span = Math.min(t.frames, t.replaceEnd - t.replaceStart)
  const lead = Math.max(0, Math.min(t.lead ?? 0, span))
  return { lead, trail: Math.max(0, Math.min(t.trail ?? 0, span - lead)) }
}

/** A piece of the edited timeline: frames [outStart, outStart + length) come from `from` at `offset`. */
export type Segment =
  | { kind: 'source'; outStart: number; length: number; offset: number }
  | { kind: 'take'; outStart: number; length: number; offset: number; takeId: string }

/**
 * Orders the takes and lays the timeline out. Throws (one line) when two takes overlap or a take
 * lies outside the source, since such an edit has no single meaning.
 */
export function layoutEdits(sourceFrames: number, takes: readonly TakePlacement[]): Segment[] {
  const sorted = [...takes].sort((a, b) => a.replaceStart - b.replaceStart || a.replaceEnd - b.replaceEnd)
  const segments: Segment[] = []
  let src = 0
  let out = 0
  for (const t of sorted) {
    if (t.replaceStart < src) throw new Error(`take ${t.takeId} overlaps another applied take`)
    if (t.replaceEnd < t.replaceStart || t.replaceEnd > sourceFrames) {
      throw new Error(`take ${t.takeId} lies outside the audio (${t.replaceStart}..${t.replaceEnd} of ${sourceFrames})`)
    }
    if (t.replaceStart > src) {
      segments.push({ kind: 'source', outStart: out, length: t.replaceStart - src, offset: src })
      out += t.replaceStart - src
    }
    if (t.frames > 0) {
      segments.push({ kind: 'take', outStart: out, length: t.frames, offset: 0, takeId: t.takeId })
      out += t.frames
    }
    src = t.replaceEnd
  }
  if (sourceFrames > src) segments.push({ kind: 'source', outStart: out, length: sourceFrames - src, offset: src })
  return segments
}

export function editedLength(segments: readonly Segment[]): number {
  const last = segments[segments.length - 1]
  return last ? last.outStart + last.length : 0
}

/** The parts of `segments` that overlap edited frames [start, end), clipped to it. */
export function sliceSegments(segments: readonly Segment[], start: number, end: number): Segment[] {
  const out: Segment[] = []
  for (const s of segments) {
    const a = Math.max(start, s.outStart)
    const b = Math.min(end, s.outStart + s.length)
    if (b > a) out.push({ ...s, outStart: a, length: b - a, offset: s.offset + (a - s.outStart) })
  }
  return out
}

/** Source frame → edited frame (frames inside a replaced range map to the take's start). */
export function sourceToEdited(segments: readonly Segment[], takes: readonly TakePlacement[], frame: number): number {
  let shift = 0
  for (const t of [...takes].sort((a, b) => a.replaceStart - b.replaceStart)) {
    if (frame < t.replaceStart) break
    if (frame < t.replaceEnd) {
      const { lead, trail } = margins(t)
      if (frame - t.replaceStart < lead) return frame + shift // in the fade-in: where it is
      if (t.replaceEnd - frame <= trail) return t.replaceStart + shift + t.frames - (t.replaceEnd - frame) // in the fade-out
      return t.replaceStart + shift + lead // replaced: the start of what replaced it
    }
    shift += t.frames - (t.replaceEnd - t.replaceStart)
  }
  return Math.min(frame + shift, editedLength(segments))
}

/** Edited frame → source frame; frames inside a take map to the start of the range it replaced (its crossfades one to one). */
export function editedToSource(segments: readonly Segment[], takes: readonly TakePlacement[], frame: number): number {
  for (const s of segments) {
    if (frame < s.outStart + s.length) {
      if (s.kind === 'source') return s.offset + Math.max(0, frame - s.outStart)
      const t = takes.find((x) => x.takeId === s.takeId)
      if (!t) return 0
      const { lead, trail } = margins(t)
      const rel = s.offset + Math.max(0, frame - s.outStart)
      if (rel < lead) return t.replaceStart + rel
      if (t.frames - rel <= trail) return t.replaceEnd - (t.frames - rel)
      return t.replaceStart + lead
    }
  }
  const last = segments[segments.length - 1]
  if (!last) return 0
  if (last.kind === 'source') return last.offset + last.length
  return takes.find((t) => t.takeId === last.takeId)?.replaceEnd ?? 0
}
