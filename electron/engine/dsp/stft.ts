// Centred STFT framing shared by the log-mel features and the Griffin-Lim vocoder, exactly as
// training/voicefill/features.py (stft_magnitude, reflect_pad, hann_periodic) defines it:
// frame t covers padded samples [t·hop, t·hop + nFft) of the signal reflect-padded by nFft/2,
// i.e. signal samples [t·hop − nFft/2, t·hop + nFft/2).

/** Periodic Hann window of length `win`, zero-padded and centred in `nFft` (features.py stft_magnitude). */
export function centredHann(nFft: number, win: number): Float64Array {
  const w = new Float64Array(nFft)
  const off = (nFft - win) >> 1
  for (let i = 0; i < win; i++) w[off + i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / win)
  return w
}

/**
 * Index into the signal for position `i` of the reflect-padded signal (i may be negative or past
 * the end). Same rule as features.py reflect_pad: mirror repeatedly, so signals shorter than the
 * pad still work; n = 1 repeats the only sample. Callers handle n = 0 (all zeros).
 */
export function reflectIndex(i: number, n: number): number {
  if (n === 1) return 0
  if (i >= 0 && i < n) return i
  const period = 2 * (n - 1)
  let j = Math.abs(i) % period
  if (j >= n) j = period - j
  return j
}

/**
 * Windowed frame t of the centred STFT of `x` into `out` [nFft]: out[i] = w[i] · padded[t·hop + i].
 * Only frames that touch an edge pay for the reflect arithmetic.
 */
export function windowedFrame(
  x: Float32Array | Float64Array,
  t: number,
  hop: number,
  window: Float64Array,
  out: Float64Array,
): void {
  const nFft = window.length
  const start = t * hop - (nFft >> 1)
  const n = x.length
  if (start >= 0 && start + nFft <= n) {
    for (let i = 0; i < nFft; i++) out[i] = window[i] * x[start + i]
  } else if (n === 0) {
    out.fill(0)
  } else {
    for (let i = 0; i < nFft; i++) out[i] = window[i] * x[reflectIndex(start + i, n)]
  }
}
