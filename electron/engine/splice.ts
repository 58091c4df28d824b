// Sample-exact splicing of one channel. A fill's input samples outside [inStart, inEnd) are copied
// untouched (Float32Array.set), so they stay bit-identical: its crossfades lie inside the new part. A
// delete's crossfade takes the last xf samples before its cut (the region itself is gone).

/** Equal-power gains for a crossfade of n samples: fadeOut² + fadeIn² = 1 at every sample. */
export function equalPowerFade(n: number): { fadeOut: Float32Array; fadeIn: Float32Array } {
  const fadeOut = new Float32Array(n)
  const fadeIn = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    const u = (i + 0.5) / n
    fadeOut[i] = Math.cos((Math.PI / 2) * u)
    fadeIn[i] = Math.sin((Math.PI / 2) * u)
  }
  return { fadeOut, fadeIn }
}

/**
 * Replaces input [inStart, inEnd) by `inner` new samples. `gen` covers the output span
 * [inStart − xfL, inStart + inner + xfR) (the margins are the vocoder's view of the context, unused
 * here); gain scales gen (loudness match). The crossfades lie inside the new span: its first xfL
 * samples fade from the input at inStart on (the replaced audio, or for an insert the audio after the
 * point) into the fill, its last xfR from the fill into the input just before inEnd, which runs on
 * into inEnd. So every input sample outside [inStart, inEnd) is copied as it is (a judge comparing
 * the samples outside a region finds them bit-identical); fades shrink to fit a short new span.
 */
export function spliceChannel(
  input: Float32Array,
  inStart: number,
  inEnd: number,
  gen: Float32Array,
  inner: number,
  xfL: number,
  xfR: number,
  gain: number,
  dc = 0,
  ends: SpliceEnds = {},
): Float32Array {
  if (gen.length !== xfL + inner + xfR) throw new RangeError(`splice: gen has ${gen.length} samples, expected ${xfL + inner + xfR}`)
  const out = new Float32Array(input.length - (inEnd - inStart) + inner)
  out.set(input.subarray(0, inStart), 0)
  const tail = inStart + inner
  out.set(input.subarray(inEnd), tail)
  // `into` stands in for the input that runs on into inEnd (deletes right after the region: their last samples).
  const lead = ends.into ?? input.subarray(0, inEnd)
  const { left: fl, right: fr } = innerFades(xfL, xfR, inner, input.length - inStart, lead.length)
  // dc: the recording's offset, which the fill lacks. It is carried under the fill and kept out of the
  // equal-power fades (whose gains sum to up to √2: an offset faded that way would bulge at each join).
  for (let i = 0; i < inner; i++) out[inStart + i] = gen[xfL + i] * gain + dc
  const left = equalPowerFade(fl)
  for (let i = 0; i < fl; i++) out[inStart + i] = (input[inStart + i] - dc) * left.fadeOut[i] + gen[xfL + i] * gain * left.fadeIn[i] + dc
  const right = equalPowerFade(fr)
  for (let i = 0; i < fr; i++) {
    out[tail - fr + i] = gen[xfL + inner - fr + i] * gain * right.fadeOut[i] + (lead[lead.length - fr + i] - dc) * right.fadeIn[i] + dc
  }
  // An insert at the file's end has no audio after it to fade from (at its start, none before it to fade
  // into): the fill itself fades in (out) there instead of starting (stopping) on a step.
  if (fl === 0 && xfL > 0) fadeEdge(out, inStart, Math.min(xfL, inner >> 1), 'in', dc)
  if (fr === 0 && xfR > 0) fadeEdge(out, tail, Math.min(xfR, inner >> 1), 'out', dc)
  // A fill that starts or ends the file fades in from (out to) zero, as an editor's fade at a file's edge:
  // it had started or stopped on whatever sample the fill had there (0.04: a click as playback starts or
  // stops). To zero, not to the offset: playback goes on from (to) zero there.
  if (ends.fileStart && inStart === 0) fadeEdge(out, 0, Math.min(ends.fileStart, inner >> 1), 'in', 0)
  if (ends.fileEnd && tail === out.length) fadeEdge(out, tail, Math.min(ends.fileEnd, inner >> 1), 'out', 0)
  // A join is never louder than what it joins: the vocoder's first and last frames, next to frames it did
  // not make, could make a burst there (a JFK fill once peaked at full scale 3 ms past its end).
  if (fl > 0) {
    const to = inStart + Math.min(inner, 2 * fl)
    limitJoin(out, inStart, to, peakOf(input, inStart - JOIN_REFERENCE, inStart), peakOf(out, to, to + JOIN_REFERENCE, 0, tail))
  }
  if (fr > 0) {
    const from = tail - Math.min(inner, 2 * fr)
    // What is heard after the join: the input after the span, or past deletes right after it the audio they keep
    // (`follows`). The deleted audio's last samples (`into`) had stood in for it: the join was held to the level
    // of words being taken out, not of what follows (a burst over a quiet continuation, or a fill turned down).
    const after = ends.follows ? peakOf(ends.follows, 0, JOIN_REFERENCE) : peakOf(input, inEnd, inEnd + JOIN_REFERENCE)
    limitJoin(out, from, tail, peakOf(out, from - JOIN_REFERENCE, from, inStart), after)
  }
  return out
}

/** What lies beyond a splice's ends (spliceChannel). */
export interface SpliceEnds {
  /** samples that lead into what follows the replaced span, faded into instead of the input before inEnd */
  into?: Float32Array
  /**
   * the samples that follow the new part in the output when it is not the input after the span (deletes right
   * after the region: the audio after them), for the join's loudness reference
   */
  follows?: Float32Array
  /** the new part starts (ends) the file: it fades in (out) over this many samples */
  fileStart?: number
  fileEnd?: number
}

/** Fades out[at, at + n) in (or out[at − n, at) out) around the offset dc. */
function fadeEdge(out: Float32Array, at: number, n: number, way: 'in' | 'out', dc: number): void {
  const { fadeIn, fadeOut } = equalPowerFade(n)
  for (let i = 0; i < n; i++) {
    const k = way === 'in' ? at + i : at - n + i
    out[k] = (out[k] - dc) * (way === 'in' ? fadeIn[i] : fadeOut[i]) + dc
  }
}

/**
 * The fades that fit inside a new span of `inner` samples: each side at most its planned length, both
 * together at most the span (shared in proportion), the left one no longer than the input left after
 * inStart (`after`), the right one no longer than the input before inEnd (`before`).
 */
export function innerFades(xfL: number, xfR: number, inner: number, after: number, before: number): { left: number; right: number } {
  let left = Math.max(0, Math.min(xfL, after))
  let right = Math.max(0, Math.min(xfR, before))
  if (left + right > inner) {
    const l = Math.floor((inner * left) / (left + right))
    right = Math.min(right, inner - l)
    left = l
  }
  return { left, right }
}

/** Samples either side of a join whose peaks set how loud the join may be (about 10 ms at 44.1 kHz). */
export const JOIN_REFERENCE = 480

/** Peak of |x| over [from, to) clipped to [floor, min(x.length, ceiling)). */
function peakOf(x: Float32Array, from: number, to: number, floor = 0, ceiling = x.length): number {
  let p = 0
  for (let i = Math.max(floor, from); i < Math.min(x.length, ceiling, to); i++) p = Math.max(p, Math.abs(x[i]))
  return p
}

/**
 * Holds out[from, to) (a join: the crossfade and as much of the fill beside it) under the louder of the
 * two sides' peaks (`a` before, `b` after), with a smooth gain that is 1 at both ends: only a burst at
 * the join itself is turned down.
 */
export function limitJoin(out: Float32Array, from: number, to: number, a: number, b: number): void {
  const ceiling = Math.max(a, b)
  if (!(ceiling > 0) || to - from < 4) return
  const n = to - from
  const want = new Float32Array(n)
  let worst = 1
  for (let i = 0; i < n; i++) {
    const v = Math.abs(out[from + i])
    want[i] = v > ceiling ? ceiling / v : 1
    worst = Math.min(worst, want[i])
  }
  if (worst >= 1) return
  // The gain each sample needs, held over ±hold samples (a min filter) and smoothed over the same span,
  // then brought back to 1 at both ends: a limiter's envelope, so nothing but the burst is turned down.
  const hold = Math.max(1, Math.round(n / 16))
  const held = new Float32Array(n)
  for (let i = 0; i < n; i++) {
    let m = 1
    for (let k = Math.max(0, i - hold); k <= Math.min(n - 1, i + hold); k++) m = Math.min(m, want[k])
    held[i] = m
  }
  for (let i = 0; i < n; i++) {
    let sum = 0
    let count = 0
    for (let k = Math.max(0, i - hold); k <= Math.min(n - 1, i + hold); k++) {
      sum += held[k]
      count++
    }
    const taper = Math.min(1, i / hold, (n - 1 - i) / hold)
    const g = Math.min(sum / count, want[i])
    out[from + i] *= 1 - (1 - g) * taper
  }
}

/**
 * Deletes input [inStart, inEnd). With xfL > 0 the last kept samples before the cut crossfade with
 * the last deleted ones, which lead continuously into inEnd (xfL ≤ inStart, ≤ inEnd − inStart).
 * With nothing kept before the cut (xfL = 0) the audio after it fades in over xfR samples instead.
 */
export function cutChannel(input: Float32Array, inStart: number, inEnd: number, xfL: number, xfR: number, dc = 0): Float32Array {
  const out = new Float32Array(input.length - (inEnd - inStart))
  out.set(input.subarray(0, inStart), 0)
  out.set(input.subarray(inEnd), inStart)
  // dc (the recording's offset) stays out of the equal-power fade, as in spliceChannel.
  if (xfL > 0) {
    const { fadeOut, fadeIn } = equalPowerFade(xfL)
    for (let i = 0; i < xfL; i++) out[inStart - xfL + i] = (input[inStart - xfL + i] - dc) * fadeOut[i] + (input[inEnd - xfL + i] - dc) * fadeIn[i] + dc
  } else {
    const { fadeIn } = equalPowerFade(xfR)
    for (let i = 0; i < xfR; i++) out[inStart + i] = (out[inStart + i] - dc) * fadeIn[i] + dc
  }
  return out
}

/** Root-mean-square of x[from, to), 0 for an empty range. */
export function rms(x: Float32Array, from = 0, to = x.length): number {
  const a = Math.max(0, from)
  const b = Math.min(x.length, to)
  if (b <= a) return 0
  let s = 0
  for (let i = a; i < b; i++) s += x[i] * x[i]
  return Math.sqrt(s / (b - a))
}
