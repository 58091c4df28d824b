// Sample-exact splicing of one channel. Input samples outside [inStart − xf, inEnd + xf) are copied
// untouched (Float32Array.set), so they stay bit-identical; only the crossfades and the new part change.

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
 * [inStart − xfL, inStart + inner + xfR): its first xfL samples crossfade with the input just
 * before inStart, its last xfR samples with the input from inEnd on; gain scales gen (loudness match).
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
): Float32Array {
  if (gen.length !== xfL + inner + xfR) throw new RangeError(`splice: gen has ${gen.length} samples, expected ${xfL + inner + xfR}`)
  const out = new Float32Array(input.length - (inEnd - inStart) + inner)
  out.set(input.subarray(0, inStart - xfL), 0)
  // dc: the recording's offset, which the fill lacks. It is carried under the fill and kept out of the
  // equal-power fades (whose gains sum to up to √2: an offset faded that way would bulge at each join).
  const left = equalPowerFade(xfL)
  for (let i = 0; i < xfL; i++) out[inStart - xfL + i] = (input[inStart - xfL + i] - dc) * left.fadeOut[i] + gen[i] * gain * left.fadeIn[i] + dc
  for (let i = 0; i < inner; i++) out[inStart + i] = gen[xfL + i] * gain + dc
  const tail = inStart + inner
  const right = equalPowerFade(xfR)
  for (let i = 0; i < xfR; i++) out[tail + i] = gen[xfL + inner + i] * gain * right.fadeOut[i] + (input[inEnd + i] - dc) * right.fadeIn[i] + dc
  out.set(input.subarray(inEnd + xfR), tail + xfR)
  // A join is never louder than what it joins: the vocoder's step from generated to original frames, in
  // phase with the recording, could make a burst there (a JFK fill peaked at full scale 3 ms past its end).
  if (xfL > 0) limitJoin(out, inStart - xfL, inStart + Math.min(inner, xfL), peakOf(input, inStart - xfL - JOIN_REFERENCE, inStart), peakOf(out, inStart + xfL, inStart + xfL + JOIN_REFERENCE, inStart + inner))
  if (xfR > 0) limitJoin(out, tail - Math.min(inner, xfR), tail + xfR, peakOf(out, tail - xfR - JOIN_REFERENCE, tail - xfR, inStart), peakOf(input, inEnd + xfR, inEnd + xfR + JOIN_REFERENCE))
  return out
}

/** Samples either side of a join whose peaks set how loud the join may be (about 10 ms at 44.1 kHz). */
export const JOIN_REFERENCE = 480

/** Peak of |x| over [from, to) clipped to [floor, x.length). */
function peakOf(x: Float32Array, from: number, to: number, floor = 0): number {
  let p = 0
  for (let i = Math.max(floor, from); i < Math.min(x.length, to); i++) p = Math.max(p, Math.abs(x[i]))
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
