// Steady tones (mains hum and its harmonics, a fan's whine) carried through a fill in phase. The model
// makes a region's background from noise: a hum came out at a third of its level with a random phase,
// so it stopped for the length of the word and came back. Pure functions over typed arrays.

import { realFft } from './fft'

/** A sinusoid A·cos(2π·freq·t/rate + phase), t in samples from the region's start (input time). */
export interface Tone {
  freq: number
  amp: number
  phase: number
}

/** Tones are looked for in this band: hum and its low harmonics, fan and transformer whines. */
export const TONE_MIN_HZ = 40
export const TONE_MAX_HZ = 1000
/** A tone's spectral peak stands this far above the median of its neighbourhood on both sides. */
const PEAK_DB = 8
/** Half-width of that neighbourhood. */
const NEIGHBOURHOOD_HZ = 25
/** Seconds of context read on each side (at most), and the least a side needs to be used. */
export const TONE_CONTEXT_SECONDS = 1
const MIN_SIDE_SECONDS = 0.25
/** Its level in every quarter second of the sides stays within this (a steady tone); speech harmonics move. */
const STEADY_DB = 6
/** One phase over all the pieces must explain this share of what each piece fits alone. */
const COHERENCE = 0.8
/** At most this many tones are carried. */
const MAX_TONES = 8

/**
 * The steady tones of a region's surroundings: `before` ends at the region's start, `after` starts
 * `gap` samples later (at its end). A tone is a narrow peak on both sides at the same frequency and
 * level that one sinusoid fits across the gap (so its phase runs on through the region). With one side
 * too short (a region at the file's start or end), the other side alone.
 */
export function findSteadyTones(before: Float32Array, after: Float32Array, rate: number, gap: number): Tone[] {
  const most = Math.round(TONE_CONTEXT_SECONDS * rate)
  const least = Math.round(MIN_SIDE_SECONDS * rate)
  const b = before.length >= least ? before.subarray(Math.max(0, before.length - most)) : null
  const a = after.length >= least ? after.subarray(0, Math.min(after.length, most)) : null
  if (!b && !a) return []
  const peaksB = b ? spectralPeaks(b, rate) : null
  const peaksA = a ? spectralPeaks(a, rate) : null
  const binHz = Math.min(peaksB?.binHz ?? Infinity, peaksA?.binHz ?? Infinity)
  const candidates = (peaksB ?? peaksA)!.freqs.filter((f) => !peaksA || !peaksB || peaksA.freqs.some((g) => Math.abs(g - f) <= 1.5 * binHz))
  // Sides as (samples, time of their first sample relative to the region's start).
  const sides: [Float32Array, number][] = []
  if (b) sides.push([b, -b.length])
  if (a) sides.push([a, gap])
  const tones: Tone[] = []
  for (const f0 of candidates) {
    // A voice's harmonic is usually told by its level alone, before the costlier search.
    if (!steady(sides, { freq: f0, amp: 0, phase: 0, explained: 0 }, rate, false)) continue
    // Coarse to fine around the peak: the frequency that one sinusoid fits best over all the sides.
    let best: Fit | null = null
    let centre = f0
    for (let step = binHz / 4; step > binHz / 200; step /= 8) {
      for (let j = -8; j <= 8; j++) {
        const fit = fitSinusoid(sides, centre + j * step, rate)
        if (!best || fit.explained > best.explained) best = fit
      }
      centre = best!.freq
    }
    if (!best || !steady(sides, best, rate)) continue
    if (tones.some((t) => Math.abs(t.freq - best.freq) < binHz)) continue
    tones.push({ freq: best.freq, amp: best.amp, phase: best.phase })
  }
  return tones.sort((x, y) => y.amp - x.amp).slice(0, MAX_TONES)
}

/** Segments a tone is checked over: a hum holds its level and phase through each; a voice's harmonic does not. */
const SEGMENT_SECONDS = 0.25

/**
 * Whether `fit` is one steady sinusoid over every SEGMENT_SECONDS piece of the sides: each piece's own
 * amplitude at its frequency within STEADY_DB of the others, and the one phase across all of them
 * explaining COHERENCE of what the pieces explain each on its own (a pitch that wanders, or a harmonic
 * that comes and goes with the words, fails one or the other).
 */
function steady(sides: readonly (readonly [Float32Array, number])[], fit: Fit, rate: number, phaseToo = true): boolean {
  const len = Math.round(SEGMENT_SECONDS * rate)
  const pieces: [Float32Array, number][] = []
  for (const [x, t0] of sides) for (let i = 0; i + len <= x.length; i += len) pieces.push([x.subarray(i, i + len), t0 + i])
  if (pieces.length < 2) return false
  const own = pieces.map((p) => fitSinusoid([p], fit.freq, rate))
  const amps = own.map((f) => f.amp)
  if (20 * Math.log10(Math.max(...amps) / Math.max(1e-12, Math.min(...amps))) > STEADY_DB) return false
  if (!phaseToo) return true
  const alone = own.reduce((sum, f) => sum + f.explained, 0)
  return fitSinusoid(pieces, fit.freq, rate).explained >= COHERENCE * alone
}

interface Fit extends Tone {
  /** Energy of the fitted sinusoid over the sides' samples. */
  explained: number
}

/** Least-squares A·cos + B·sin at freq over the sides (one phase across them all). */
function fitSinusoid(sides: readonly (readonly [Float32Array, number])[], freq: number, rate: number): Fit {
  let cc = 0
  let ss = 0
  let cs = 0
  let xc = 0
  let xs = 0
  const w = (2 * Math.PI * freq) / rate
  for (const [x, t0] of sides) {
    // cos/sin by rotation: exact enough over a second, and far cheaper than Math.cos per sample.
    let c = Math.cos(w * t0)
    let s = Math.sin(w * t0)
    const [dc, ds] = [Math.cos(w), Math.sin(w)]
    for (let i = 0; i < x.length; i++) {
      cc += c * c
      ss += s * s
      cs += c * s
      xc += x[i] * c
      xs += x[i] * s
      const nc = c * dc - s * ds
      s = s * dc + c * ds
      c = nc
    }
  }
  const det = cc * ss - cs * cs
  if (!(det > 0)) return { freq, amp: 0, phase: 0, explained: 0 }
  const A = (xc * ss - xs * cs) / det
  const B = (xs * cc - xc * cs) / det
  // x ≈ A cos + B sin = R cos(wt + φ) with R = √(A² + B²), φ = atan2(−B, A).
  return { freq, amp: Math.hypot(A, B), phase: Math.atan2(-B, A), explained: A * xc + B * xs }
}

/** Narrow spectral peaks between TONE_MIN_HZ and TONE_MAX_HZ standing PEAK_DB over their neighbourhood. */
function spectralPeaks(x: Float32Array, rate: number): { freqs: number[]; binHz: number } {
  const found: [number, number][] = [] // frequency, prominence
  let n = 4
  while (n < 2 * x.length) n *= 2
  const fft = realFft(n)
  const frame = new Float64Array(n)
  for (let i = 0; i < x.length; i++) frame[i] = x[i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / x.length))
  const re = new Float64Array(n / 2 + 1)
  const im = new Float64Array(n / 2 + 1)
  fft.forward(frame, re, im)
  const binHz = rate / n
  const db = Float64Array.from(re, (r, k) => 10 * Math.log10(r * r + im[k] * im[k] + 1e-30))
  const half = Math.max(2, Math.round(NEIGHBOURHOOD_HZ / binHz))
  const lo = Math.max(half + 1, Math.ceil(TONE_MIN_HZ / binHz))
  const hi = Math.min(db.length - half - 1, Math.floor(TONE_MAX_HZ / binHz))
  for (let k = lo; k <= hi; k++) {
    if (!(db[k] > db[k - 1] && db[k] >= db[k + 1])) continue
    const around = Array.from(db.subarray(k - half, k + half + 1)).sort((p, q) => p - q)
    const prominence = db[k] - around[around.length >> 1]
    if (prominence < PEAK_DB) continue
    // The peak's centre between bins (parabolic), for the fit's search.
    const d = (db[k - 1] - db[k + 1]) / (2 * (db[k - 1] - 2 * db[k] + db[k + 1]) || 1)
    found.push([(k + Math.max(-0.5, Math.min(0.5, d))) * binHz, prominence])
  }
  // The most prominent few: each costs a search, and speech can leave many small peaks.
  const freqs = found.sort((p, q) => q[1] - p[1]).slice(0, 2 * MAX_TONES).map(([f]) => f)
  return { freqs, binHz }
}

/**
 * x with each tone's frequency notched out (zero-phase: a biquad notch run forward and back, a few Hz
 * wide), so what the model made of a hum can be replaced by the hum itself.
 */
export function notchTones(x: Float32Array, tones: readonly Tone[], rate: number, widthHz = 4): Float32Array {
  let y: Float64Array = Float64Array.from(x)
  for (const t of tones) {
    const w0 = (2 * Math.PI * t.freq) / rate
    const alpha = Math.sin(w0) / (2 * (t.freq / widthHz)) // Q = f / width
    const a0 = 1 + alpha
    const [b0, b1, b2, a1, a2] = [1 / a0, (-2 * Math.cos(w0)) / a0, 1 / a0, (-2 * Math.cos(w0)) / a0, (1 - alpha) / a0]
    y = biquad(biquad(y, b0, b1, b2, a1, a2).reverse(), b0, b1, b2, a1, a2).reverse()
  }
  return Float32Array.from(y)
}

function biquad(x: Float64Array, b0: number, b1: number, b2: number, a1: number, a2: number): Float64Array {
  const y = new Float64Array(x.length)
  let [x1, x2, y1, y2] = [0, 0, 0, 0]
  for (let i = 0; i < x.length; i++) {
    const v = b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
    x2 = x1
    x1 = x[i]
    y2 = y1
    y1 = v
    y[i] = v
  }
  return y
}

/**
 * The tones as they run through a new part of `inner` samples that replaced `gap` input samples:
 * sample i of the part is output time i from the region's start. The phase starts as the audio before
 * left it and slides evenly (a fraction of a hertz) to where the audio after the region takes it up,
 * so both joins continue the tone when the part's length differs from the gap.
 */
export function toneRun(tones: readonly Tone[], inner: number, gap: number, rate: number, scale = 1): Float32Array {
  const out = new Float32Array(inner)
  for (const t of tones) {
    const w = (2 * Math.PI * t.freq) / rate
    // Where the after side's phase is at the part's end, against where the before side's would be.
    let delta = (w * (gap - inner)) % (2 * Math.PI)
    if (delta > Math.PI) delta -= 2 * Math.PI
    if (delta < -Math.PI) delta += 2 * Math.PI
    for (let i = 0; i < inner; i++) out[i] += scale * t.amp * Math.cos(w * i + t.phase + (delta * i) / Math.max(1, inner))
  }
  return out
}
