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
): Float32Array {
  if (gen.length !== xfL + inner + xfR) throw new RangeError(`splice: gen has ${gen.length} samples, expected ${xfL + inner + xfR}`)
  const out = new Float32Array(input.length - (inEnd - inStart) + inner)
  out.set(input.subarray(0, inStart - xfL), 0)
  const left = equalPowerFade(xfL)
  for (let i = 0; i < xfL; i++) out[inStart - xfL + i] = input[inStart - xfL + i] * left.fadeOut[i] + gen[i] * gain * left.fadeIn[i]
  for (let i = 0; i < inner; i++) out[inStart + i] = gen[xfL + i] * gain
  const tail = inStart + inner
  const right = equalPowerFade(xfR)
  for (let i = 0; i < xfR; i++) out[tail + i] = gen[xfL + inner + i] * gain * right.fadeOut[i] + input[inEnd + i] * right.fadeIn[i]
  out.set(input.subarray(inEnd + xfR), tail + xfR)
  return out
}

/**
 * Deletes input [inStart, inEnd). With xfL > 0 the last kept samples before the cut crossfade with
 * the last deleted ones, which lead continuously into inEnd (xfL ≤ inStart, ≤ inEnd − inStart).
 * With nothing kept before the cut (xfL = 0) the audio after it fades in over xfR samples instead.
 */
export function cutChannel(input: Float32Array, inStart: number, inEnd: number, xfL: number, xfR: number): Float32Array {
  const out = new Float32Array(input.length - (inEnd - inStart))
  out.set(input.subarray(0, inStart), 0)
  out.set(input.subarray(inEnd), inStart)
  if (xfL > 0) {
    const { fadeOut, fadeIn } = equalPowerFade(xfL)
    for (let i = 0; i < xfL; i++) out[inStart - xfL + i] = input[inStart - xfL + i] * fadeOut[i] + input[inEnd - xfL + i] * fadeIn[i]
  } else {
    const { fadeIn } = equalPowerFade(xfR)
    for (let i = 0; i < xfR; i++) out[inStart + i] *= fadeIn[i]
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
