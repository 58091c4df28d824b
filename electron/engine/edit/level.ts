// Levels: how loud the speech is, the gain that brings a window into the band the model was trained
// at, and the corrections that keep a vocoded fill at the level of its context. Pure functions.

/** A stretch of original samples and the resynthesis of the same stretch. */
export interface LevelPair {
  orig: Float32Array
  origFrom: number
  voc: Float32Array
  vocFrom: number
  length: number
}

/**
 * Level correction for the vocoder: RMS of the original over RMS of its resynthesis, summed over
 * the pairs, clamped to [0.5, 2]; 1 when either side is (near) silent.
 */
export function levelGain(pairs: readonly LevelPair[]): number {
  let orig = 0
  let resynth = 0
  let n = 0
  for (const p of pairs) {
    for (let i = 0; i < p.length; i++) {
      const o = p.orig[p.origFrom + i] ?? 0
      const v = p.voc[p.vocFrom + i] ?? 0
      orig += o * o
      resynth += v * v
    }
    n += Math.max(0, p.length)
  }
  const floor = 1e-8 * Math.max(1, n) // −80 dBFS
  if (orig < floor || resynth < floor) return 1
  return Math.min(2, Math.max(0.5, Math.sqrt(orig / resynth)))
}

/** Loudness of speech in x: RMS over hop-sized blocks within 30 dB of the loudest block, and the peak. */
export function activeLevel(parts: readonly Float32Array[], hop: number): { rms: number; peak: number } {
  const blocks: number[] = []
  let peak = 0
  for (const x of parts) {
    for (let i = 0; i + hop <= x.length; i += hop) {
      let e = 0
      for (let k = i; k < i + hop; k++) {
        e += x[k] * x[k]
        peak = Math.max(peak, Math.abs(x[k]))
      }
      blocks.push(e / hop)
    }
  }
  const loudest = blocks.reduce((m, e) => Math.max(m, e), 0)
  const active = blocks.filter((e) => e > loudest * 1e-3)
  const rms = active.length ? Math.sqrt(active.reduce((s, e) => s + e, 0) / active.length) : 0
  return { rms, peak }
}

/**
 * Active speech levels (dBFS, activeLevel) the model's features are taken at. The corpus voices sit
 * at about -13 to -19 dB and its voice-space copies add -12 to +2 dB, so a recording outside this band
 * (a quiet microphone, a hot master) would show the model features it never saw. Such a window is
 * moved to the band's nearest edge before its features; the vocoded audio is moved back.
 */
export const MODEL_LEVEL_BAND_DB: readonly [number, number] = [-30, -12]
/** Most boost for a very quiet window: beyond it the "speech" is likely a noise floor. */
const MAX_INPUT_BOOST_DB = 36

/** Gain that brings x's active speech level into MODEL_LEVEL_BAND_DB (1 inside it, or for silence). */
export function modelInputGain(x: Float32Array, hop: number): number {
  const { rms } = activeLevel([x], hop)
  if (rms < 1e-6) return 1
  const db = 20 * Math.log10(rms)
  const [lo, hi] = MODEL_LEVEL_BAND_DB
  const change = db < lo ? Math.min(lo - db, MAX_INPUT_BOOST_DB) : db > hi ? hi - db : 0
  return change === 0 ? 1 : 10 ** (change / 20)
}

/** x * g as a new array (x itself when g is 1). */
export function scaled(x: Float32Array, g: number): Float32Array {
  return g === 1 ? x : x.map((v) => v * g)
}

/**
 * How far a fill's speech level may sit from its context's (dB). The model's own level says little: its
 * fills came out anywhere from 7 dB under to 10 dB over the speech around them, so the old band of
 * +3 / −6 dB left them at its edges (louder at 16 kHz, about 4 dB quieter in 8 kHz recordings); words
 * in real speech sit within about ±3 dB of their context, so the context's level is the best guess.
 */
export const CONTEXT_BAND_DB = 1.5

/** Under this active level (−80 dBFS) the context has no speech to match: contextMatch uses the model's band. */
export const SILENT_VOICE_RMS = 1e-4
/** How far a fill's peak may go over its context's (1 dB), under full scale. */
export const PEAK_HEADROOM = 1.122

/**
 * Extra gain that keeps a fill at the level of the speech around it: within ±CONTEXT_BAND_DB of the
 * context it is kept; beyond that the fill is pulled back to that band, and its peak never exceeds the
 * context's peak by more than 1 dB (an early or unusual model can produce far louder frames than the
 * voice it continues). With a silent context the fill's speech is moved into MODEL_LEVEL_BAND_DB, peak
 * under 0.99.
 */
export function contextMatch(context: readonly Float32Array[], gen: Float32Array, hop: number, limited = false): number {
  const ctx = activeLevel(context, hop)
  const g = activeLevel([gen], hop)
  if (g.rms < 1e-6) return 1
  // No speech around it (a silent or empty file): the model's own level can be anywhere, up to several
  // times full scale; bring its speech into the band the corpus was recorded at, under full scale.
  if (ctx.rms < SILENT_VOICE_RMS) return Math.min(modelInputGain(gen, hop), 0.99 / g.peak)
  const ratio = ctx.rms / g.rms
  const band = 10 ** (CONTEXT_BAND_DB / 20)
  let factor = ratio < 1 / band ? ratio * band : ratio > band ? ratio / band : 1
  // Under full scale, never over it; a float recording that itself goes over full scale sets its own ceiling.
  // A clipped or limited context (limitCeiling) keeps the level: its fill is limited as it was (softLimit),
  // since scaling the whole fill under the ceiling left it 6–8 dB quieter than the flattened speech around it.
  const peakLimit = Math.max(Math.min(0.99, ctx.peak * PEAK_HEADROOM), ctx.peak)
  if (!limited && g.peak * factor > peakLimit) factor = peakLimit / g.peak
  return factor
}

/**
 * The ceiling of a clipped or hard-limited recording: the peak of `context` when a share of its
 * samples sits at it (a hot master, a clipped microphone), else null. In natural speech only a
 * handful of samples come within 5 % of the peak.
 */
export function limitCeiling(context: readonly Float32Array[]): number | null {
  let peak = 0
  let n = 0
  for (const x of context) {
    n += x.length
    for (let i = 0; i < x.length; i++) peak = Math.max(peak, Math.abs(x[i]))
  }
  if (peak < 0.05) return null
  let near = 0
  for (const x of context) for (let i = 0; i < x.length; i++) if (Math.abs(x[i]) >= 0.95 * peak) near++
  return near >= Math.max(16, 0.002 * n) ? peak : null
}

/**
 * Keeps |x| under `ceiling` with a limiter's gain: each sample's need held over ±hold samples and averaged
 * over the same span, so a burst is turned down with the few milliseconds around it, smoothly, rather than
 * clipped (every sample within `hold` of a peak has a held gain at most the peak's, so their mean is too).
 */
export function limitPeaks(x: Float32Array, ceiling: number, hold: number): Float32Array {
  const n = x.length
  const want = new Float32Array(n)
  let worst = 1
  for (let i = 0; i < n; i++) {
    const a = Math.abs(x[i])
    want[i] = a > ceiling ? ceiling / a : 1
    worst = Math.min(worst, want[i])
  }
  if (!(ceiling > 0) || worst >= 1) return x
  // The least want within ±hold of each sample, spread from the few samples over the ceiling (a 48 kHz
  // voiceover's clip is over a million samples; most want nothing).
  const held = new Float32Array(n).fill(1)
  for (let k = 0; k < n; k++) {
    if (want[k] >= 1) continue
    for (let i = Math.max(0, k - hold); i <= Math.min(n - 1, k + hold); i++) if (want[k] < held[i]) held[i] = want[k]
  }
  const sum = new Float64Array(n + 1)
  for (let i = 0; i < n; i++) sum[i + 1] = sum[i] + held[i]
  return x.map((v, i) => {
    const a = Math.max(0, i - hold)
    const b = Math.min(n, i + hold + 1)
    return v * Math.min(want[i], (sum[b] - sum[a]) / (b - a))
  })
}

/** Keeps |x| under `ceiling`: unchanged up to knee·ceiling, then a smooth (tanh) curve towards it. */
export function softLimit(x: Float32Array, ceiling: number, knee = 0.7): Float32Array {
  const k = knee * ceiling
  const room = ceiling - k
  return x.map((v) => {
    const a = Math.abs(v)
    return a <= k ? v : Math.sign(v) * (k + room * Math.tanh((a - k) / room))
  })
}

/** How close (dB) atLevelUnderCeiling brings the speech to its target level. */
const LEVEL_TOLERANCE_DB = 0.05
/** Most gain atLevelUnderCeiling adds over plain scaling to make up what the limiter took. */
const MAX_MAKEUP_DB = 18

/**
 * x at active speech level `rms` (activeLevel) after `limit` (limitPeaks or softLimit under a ceiling):
 * the gain before the limiter is searched (secant steps in dB) until the limited result is at the level,
 * within LEVEL_TOLERANCE_DB, or as near as MAX_MAKEUP_DB allows. A compressed voice has a crest factor of
 * 10-12 dB, a clipped one 5-6, where the model's speech has 17-20: the limiter takes several dB, and
 * making up only to a band's edge (for three rounds at most) had left voiceover lines 1.5-3.3 dB under
 * such a voice.
 */
export function atLevelUnderCeiling(x: Float32Array, rms: number, hop: number, limit: (y: Float32Array) => Float32Array): Float32Array {
  const have = activeLevel([x], hop).rms
  if (!(have > 0) || !(rms > 0)) return x
  const db = (g: number) => {
    const y = limit(scaled(x, 10 ** (g / 20)))
    return { g, y, err: 20 * Math.log10(activeLevel([y], hop).rms / rms) }
  }
  const plain = 20 * Math.log10(rms / have)
  let prev = db(plain)
  if (Math.abs(prev.err) <= LEVEL_TOLERANCE_DB || prev.err > 0) return prev.y // over only when the limiter is idle: plain scaling is exact
  let best = prev
  let cur = db(Math.min(plain + MAX_MAKEUP_DB, prev.g - prev.err))
  for (let round = 0; round < 12 && Math.abs(cur.err) > LEVEL_TOLERANCE_DB; round++) {
    if (Math.abs(cur.err) < Math.abs(best.err)) best = cur
    // Secant step: the limited level rises more slowly than the gain, the more it limits.
    const slope = cur.g !== prev.g ? (cur.err - prev.err) / (cur.g - prev.g) : 1
    const step = slope > 0.02 ? -cur.err / slope : -cur.err
    const next = Math.min(plain + MAX_MAKEUP_DB, Math.max(plain, cur.g + step))
    if (next === cur.g) break
    prev = cur
    cur = db(next)
  }
  return Math.abs(cur.err) < Math.abs(best.err) ? cur.y : best.y
}
