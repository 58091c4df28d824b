// What the model hears of a noisy recording: its context's steady noise floor taken out of the log-mel
// (spectral subtraction), so a fill is made as in a quiet room; the room's noise goes back on top of the
// fill afterwards (dsp/roomtone.ts fillToFloor), as for every recording. Pure functions over log-mel.

/** Share of a window's frames taken as its noise floor, per mel band (the quietest 3 %). */
const NOISE_QUANTILE = 0.03
/**
 * Recordings whose speech stands less than this far (dB) over their floor are treated; quieter rooms are
 * left alone (the held-out LibriSpeech clips measure 18–50 dB, pink noise at 15 dB SNR 7–13, 8-bit audio 9–17).
 */
export const DENOISE_BELOW_SNR_DB = 16
/** Over-subtraction of the floor, and the most a bin is lowered (its spectral floor, −20 dB). */
const OVER = 1.5
const KEEP = 0.1

/** Frame indices from quietest to loudest by mean log magnitude, with those means; null under 10 frames. */
function framesByLevel(logmel: Float32Array, nMels: number): { level: Float32Array; order: number[] } | null {
  const frames = Math.floor(logmel.length / nMels)
  if (frames < 10) return null
  const level = new Float32Array(frames)
  for (let f = 0; f < frames; f++) {
    let s = 0
    for (let m = 0; m < nMels; m++) s += logmel[f * nMels + m]
    level[f] = s / nMels
  }
  const order = Array.from({ length: frames }, (_, f) => f).sort((a, b) => level[a] - level[b])
  return { level, order }
}

/**
 * Speech-to-floor ratio of a window (dB): its loud frames' (90th percentile) mean log magnitude over
 * its quiet frames' (NOISE_QUANTILE). Natural-log mel magnitudes.
 */
export function windowSnrDb(logmel: Float32Array, nMels: number): number {
  const by = framesByLevel(logmel, nMels)
  if (!by) return Infinity
  const q = (p: number) => by.level[by.order[Math.floor(p * (by.order.length - 1))]]
  return (20 / Math.LN10) * (q(0.9) - q(NOISE_QUANTILE))
}

/**
 * Log-mel with each band's floor (its quietest NOISE_QUANTILE of frames) subtracted in magnitude, at most
 * down to KEEP of the original; `logFloor` bounds it below as in features. A copy; the input is kept.
 */
export function subtractFloor(logmel: Float32Array, nMels: number, logFloor: number): Float32Array {
  const frames = Math.floor(logmel.length / nMels)
  const out = Float32Array.from(logmel)
  const column = new Float32Array(frames)
  for (let m = 0; m < nMels; m++) {
    for (let f = 0; f < frames; f++) column[f] = logmel[f * nMels + m]
    column.sort()
    const noise = Math.exp(column[Math.floor(NOISE_QUANTILE * (frames - 1))])
    for (let f = 0; f < frames; f++) {
      const mag = Math.exp(logmel[f * nMels + m])
      out[f * nMels + m] = Math.log(Math.max(mag - OVER * noise, KEEP * mag, logFloor))
    }
  }
  return out
}

/**
 * How alike the window's quietest frames are (nepers: the mean over bands, above the lowest tenth, of
 * their spread): a steady noise floor repeats itself (0.24–0.29 in 37 noisy windows: pink noise, 8-bit
 * hiss), while a window of dense speech has no pause and its quietest frames are soft speech (up to 0.5).
 */
export function floorSpread(logmel: Float32Array, nMels: number): number {
  const by = framesByLevel(logmel, nMels)
  if (!by) return Infinity
  const quiet = by.order.slice(0, Math.max(3, Math.floor(NOISE_QUANTILE * by.order.length)))
  const from = Math.floor(nMels / 10)
  let total = 0
  for (let m = from; m < nMels; m++) {
    let mean = 0
    for (const f of quiet) mean += logmel[f * nMels + m]
    mean /= quiet.length
    let v = 0
    for (const f of quiet) v += (logmel[f * nMels + m] - mean) ** 2
    total += Math.sqrt(v / quiet.length)
  }
  return total / (nMels - from)
}

/** Quietest frames more alike than this are a steady floor (see floorSpread). */
export const STEADY_FLOOR_SPREAD = 0.35

/**
 * The log-mel the model is given: floor-subtracted when the window is noisy, its speech under
 * DENOISE_BELOW_SNR_DB over a steady floor (a clean window of dense speech also reads a low ratio, but
 * its "floor" is soft speech: session 17's first version treated one such LibriSpeech window, and its
 * fills lost voice likeness).
 */
export function modelLogMel(logmel: Float32Array, nMels: number, logFloor: number): Float32Array {
  const noisy = windowSnrDb(logmel, nMels) < DENOISE_BELOW_SNR_DB && floorSpread(logmel, nMels) < STEADY_FLOOR_SPREAD
  return noisy ? subtractFloor(logmel, nMels, logFloor) : logmel
}
