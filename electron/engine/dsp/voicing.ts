// How much of a recording is voiced (periodic at a speaking pitch): a cheap test that a voice prompt
// holds speech at all. Noise of any colour has no pitch, so a noise file that passes the level checks
// (voiceover.ts voiceProblem) is still told apart from a voice.

/** Voicing is read at about this rate (the pitch range needs little band; cheaper than the file's rate). */
const ANALYSIS_RATE = 8000
/** Frames of 30 ms (two periods of a 70 Hz voice), every 10 ms. */
const FRAME_SECONDS = 0.03
export const VOICING_HOP_SECONDS = 0.01
/** Speaking pitch range. */
const MIN_PITCH_HZ = 60
const MAX_PITCH_HZ = 400
/**
 * A frame is voiced where YIN's cumulative mean normalised difference dips under this at a pitch lag
 * (de Cheveigné & Kawahara 2002 use 0.1–0.15 for clean pitch; speech frames in a room dip to 0.1–0.3,
 * noise of any colour stays near 1 or above).
 */
const VOICED_DIP = 0.3
/** Frames more than this far (dB) under the loudest frame are not read: a quiet tail's stray periodicity. */
const FLOOR_DB = 40

/** Seconds of x (mono, at `rate`) that are voiced: frames with a clear pitch in the speaking range. */
export function voicedSeconds(x: Float32Array, rate: number): number {
  return voicedFrames(x, rate).length * VOICING_HOP_SECONDS
}

/** Where the voiced frames of x start (seconds; frames every VOICING_HOP_SECONDS), in order. */
export function voicedFrames(x: Float32Array, rate: number): number[] {
  // Averaging `step` samples is a rough low-pass before keeping one of them: enough for a pitch.
  const step = Math.max(1, Math.floor(rate / ANALYSIS_RATE))
  const r = rate / step
  const y = new Float32Array(Math.floor(x.length / step))
  for (let i = 0; i < y.length; i++) {
    let s = 0
    for (let k = 0; k < step; k++) s += x[i * step + k]
    y[i] = s / step
  }
  const w = Math.round(FRAME_SECONDS * r)
  const hop = Math.round(VOICING_HOP_SECONDS * r)
  const tauMin = Math.max(2, Math.floor(r / MAX_PITCH_HZ))
  const tauMax = Math.ceil(r / MIN_PITCH_HZ)
  const frames: number[] = []
  for (let at = 0; at + w + tauMax <= y.length; at += hop) frames.push(at)
  const energy = frames.map((at) => {
    let mean = 0
    for (let j = 0; j < w; j++) mean += y[at + j]
    mean /= w
    let e = 0
    for (let j = 0; j < w; j++) e += (y[at + j] - mean) ** 2
    return e / w
  })
  const loudest = energy.reduce((m, e) => Math.max(m, e), 0)
  if (!(loudest > 0)) return []
  const floor = loudest * 10 ** (-FLOOR_DB / 10)
  const d = new Float64Array(tauMax + 1)
  const voiced: number[] = []
  frames.forEach((at, f) => {
    if (energy[f] < floor) return
    // YIN: the difference function, normalised by its running mean, dips near 0 at the period.
    for (let tau = 1; tau <= tauMax; tau++) {
      let s = 0
      for (let j = 0; j < w; j++) {
        const v = y[at + j] - y[at + j + tau]
        s += v * v
      }
      d[tau] = s
    }
    let sum = 0
    let best = Infinity
    for (let tau = 1; tau <= tauMax; tau++) {
      sum += d[tau]
      if (tau >= tauMin && sum > 0) best = Math.min(best, (d[tau] * tau) / sum)
    }
    if (best < VOICED_DIP) voiced.push(at / r)
  })
  return voiced
}
