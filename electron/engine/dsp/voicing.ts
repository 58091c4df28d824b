// How much of a recording is voiced (periodic at a speaking pitch): a cheap test that a voice prompt
// holds speech at all. Noise of any colour has no pitch, so a noise file that passes the level checks
// (voiceover.ts voiceProblem) is still told apart from a voice. A steady tone has a pitch but holds it
// (session 20: 60-120 Hz hum with its harmonics, with or without hiss, and held notes had passed as a voice):
// a pitch that stays within 1.5 % for 0.4 s is not counted. Speech's stays so for 0.26 s at most in 100
// LibriSpeech clips, whose speech with a 60 Hz hum as loud as it still measures 0.46 s voiced or more.

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
/**
 * A pitch held this steady (highest period over lowest) for STEADY_SECONDS or more is a tone, not a voice:
 * mains hum and its harmonics, a whine, a held note. Speech's pitch moves by more within a few syllables
 * (at 1 % a hum under hiss 14 dB down still jittered out of it; at 2 % speech held it for 0.28 s).
 */
const STEADY_RATIO = 1.015
const STEADY_SECONDS = 0.4
/** Unvoiced frames (noise over the tone) a steady stretch runs on through. */
const STEADY_GAP = 2
/** Frames either side of a steady stretch that go with it. */
const STEADY_EDGE = 3
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
  for (let at = 0; at + w + tauMax + 1 <= y.length; at += hop) frames.push(at)
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
  // One lag past the range, for the parabola around a period at its end.
  const d = new Float64Array(tauMax + 2)
  const cmnd = new Float64Array(tauMax + 2)
  // Each frame's period (samples at r), or 0 where it is not voiced.
  const periods = frames.map((at, f) => {
    if (energy[f] < floor) return 0
    // YIN: the difference function, normalised by its running mean, dips near 0 at the period.
    for (let tau = 1; tau <= tauMax + 1; tau++) {
      let s = 0
      for (let j = 0; j < w; j++) {
        const v = y[at + j] - y[at + j + tau]
        s += v * v
      }
      d[tau] = s
    }
    let sum = 0
    for (let tau = 1; tau <= tauMax + 1; tau++) {
      sum += d[tau]
      cmnd[tau] = sum > 0 ? (d[tau] * tau) / sum : 1
    }
    // YIN's rule: the first dip under the threshold, at its own minimum (a steady tone dips as low at
    // twice its period; the global minimum would hop between them).
    let tau = tauMin
    while (tau <= tauMax && !(cmnd[tau] < VOICED_DIP)) tau++
    if (tau > tauMax) return 0
    while (tau < tauMax && cmnd[tau + 1] < cmnd[tau]) tau++
    // Between lags, where the parabola through the three around it bottoms out.
    const a = cmnd[tau - 1]
    const b = cmnd[tau]
    const c = cmnd[tau + 1]
    const bend = a - 2 * b + c
    return tau + (bend > 0 ? (0.5 * (a - c)) / bend : 0)
  })
  const steadyFrames = Math.round(STEADY_SECONDS / VOICING_HOP_SECONDS)
  // The longest steady stretch from frame i: periods within STEADY_RATIO of each other, a period of twice
  // or half the first one's read as that one (YIN catches a tone's octave now and then), through gaps of
  // at most STEADY_GAP frames where noise hid the pitch. Returns the end (exclusive) of its last voiced frame.
  const steadyEnd = (i: number): number => {
    const ref = periods[i]
    let lo = ref
    let hi = ref
    let last = i
    for (let j = i; j < periods.length && j - last <= STEADY_GAP + 1; j++) {
      let q = periods[j]
      if (!q) continue
      if (q > 1.5 * ref) q /= 2
      else if (q < 0.75 * ref) q *= 2
      if (Math.max(hi, q) > Math.min(lo, q) * STEADY_RATIO) break
      lo = Math.min(lo, q)
      hi = Math.max(hi, q)
      last = j
    }
    return last + 1
  }
  const steady = new Uint8Array(frames.length)
  for (let i = 0; i < periods.length; i++) {
    if (!periods[i]) continue
    const j = steadyEnd(i)
    // With the frames either side of it: a tone's onset and release, or the step between two held notes.
    if (j - i >= steadyFrames) steady.fill(1, Math.max(0, i - STEADY_EDGE), Math.min(steady.length, j + STEADY_EDGE))
  }
  const voiced: number[] = []
  periods.forEach((p, f) => {
    if (p > 0 && !steady[f]) voiced.push(frames[f] / r)
  })
  return voiced
}
