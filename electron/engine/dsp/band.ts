// Features of a recording sampled below twice the model's fMax (8 kHz telephone audio, 11.025 kHz):
// resampled to the model's rate it has nothing above its own Nyquist, and the mel bins there sit at the
// log floor, far below anything the models saw in training (every corpus clip reaches fMax). The
// aligner then misplaced words (edges within 40 ms of the 16 kHz alignment 55 % instead of 83 %) and
// the velocity model, conditioned on a context with an empty top band, filled 8 kHz copies of the real
// evaluation clips far worse than the 16 kHz originals. The missing bins are given, frame by frame,
// the normalised level of the top band the recording does have, so a fricative stays bright and a
// pause stays quiet. Only the models' inputs change: the output keeps the recording's rate, so nothing
// generated above its Nyquist is ever heard.
import { melFilterbank, type FeatureSpec } from './features'

/**
 * A learned band extension (session 15): per input rate, a linear map from the bins the recording has
 * (this frame and `context` frames either side) to the bins it lacks, fitted by least squares on real
 * speech copied at that rate (`training/fit_band_extension.py`). The velocity model then sees a top
 * band shaped like speech's own (a vowel's falling, a fricative's rising), not the flat level of
 * extendBand: on real recordings copied at 8 kHz its fills were heard far better (docs/engine.md).
 */
export interface BandExtensionRate {
  rate: number
  context: number
  /** input bins, ascending; each contributes once per frame of the context */
  low: number[]
  /** bins predicted */
  missing: number[]
  /** [(2·context + 1)·low.length + 1][missing.length]: frame −context's low bins first, the bias row last */
  weights: number[][]
}
export interface BandExtension {
  rates: BandExtensionRate[]
}

/** Bins whose centre lies above this share of the input's Nyquist are treated as missing (the resampler's roll-off starts near it). */
export const BAND_MISSING_FROM = 0.9
/** The band whose level the missing bins take: centres within these shares of the input's Nyquist. */
export const BAND_REFERENCE: readonly [number, number] = [0.6, 0.85]

/** Which mel bins an input at `inputRate` leaves empty and which bins stand in for them; null when none is missing (or the model asks to keep them: `features.missingBand: "keep"`). */
export function missingBand(spec: FeatureSpec, inputRate: number): { missing: number[]; reference: number[] } | null {
  if (!(inputRate > 0) || inputRate >= 2 * spec.fMax || spec.missingBand === 'keep') return null
  const fb = melFilterbank(spec)
  const nyquist = inputRate / 2
  const missing: number[] = []
  const reference: number[] = []
  for (let m = 0; m < spec.nMels; m++) {
    const c = fb.centreHz[m]
    if (c > BAND_MISSING_FROM * nyquist) missing.push(m)
    else if (c >= BAND_REFERENCE[0] * nyquist && c <= BAND_REFERENCE[1] * nyquist) reference.push(m)
  }
  return missing.length && reference.length ? { missing, reference } : null
}

/**
 * Normalised features [frames × nMels] of audio recorded at `inputRate`: each bin above its Nyquist
 * gets the frame's mean normalised value over the reference band. In place; returns `feats`.
 * Unchanged for inputs at or above twice fMax.
 */
export function extendBand(feats: Float32Array, spec: FeatureSpec, inputRate: number): Float32Array {
  const band = missingBand(spec, inputRate)
  if (!band) return feats
  const { missing, reference } = band
  const n = spec.nMels
  const frames = feats.length / n
  for (let t = 0; t < frames; t++) {
    let z = 0
    for (const m of reference) z += feats[t * n + m]
    z /= reference.length
    for (const m of missing) feats[t * n + m] = z
  }
  return feats
}

/** The table for an input rate: the one of the highest rate not above it (its missing bins cover the input's), or null. */
export function extensionFor(spec: FeatureSpec, inputRate: number): BandExtensionRate | null {
  if (!missingBand(spec, inputRate) || !spec.bandExtension) return null
  let best: BandExtensionRate | null = null
  for (const r of spec.bandExtension.rates) if (r.rate <= inputRate && (!best || r.rate > best.rate)) best = r
  return best
}

/**
 * The velocity model's view of audio recorded at `inputRate`: the missing bins predicted by the model's
 * learned band extension where it has one for this rate (extensionFor), else extendBand's flat fill.
 * In place; returns `feats`. The aligners keep extendBand: the band-limited one was trained on it.
 */
export function extendBandLearned(feats: Float32Array, spec: FeatureSpec, inputRate: number): Float32Array {
  const r = extensionFor(spec, inputRate)
  if (!r) return extendBand(feats, spec, inputRate)
  const n = spec.nMels
  const frames = feats.length / n
  const K = r.context
  const src = feats.slice()
  const z = new Float64Array(r.missing.length)
  for (let t = 0; t < frames; t++) {
    const bias = r.weights[r.weights.length - 1]
    for (let j = 0; j < z.length; j++) z[j] = bias[j]
    let row = 0
    for (let k = -K; k <= K; k++) {
      const base = Math.min(frames - 1, Math.max(0, t + k)) * n // edge frames repeat
      for (const m of r.low) {
        const v = src[base + m]
        const w = r.weights[row++]
        for (let j = 0; j < z.length; j++) z[j] += v * w[j]
      }
    }
    for (let j = 0; j < z.length; j++) feats[t * n + r.missing[j]] = z[j]
  }
  return feats
}

/** A band-extension file's contents checked against the model's bins; throws a message naming what is wrong. */
export function parseBandExtension(json: unknown, nMels: number): BandExtension {
  const fail = (msg: string): never => {
    throw new Error(msg)
  }
  const rates = (json as { rates?: unknown })?.rates
  if (!Array.isArray(rates) || rates.length === 0) fail('needs "rates": a non-empty list')
  const out: BandExtensionRate[] = []
  for (const [i, r] of (rates as Record<string, unknown>[]).entries()) {
    const at = `rates[${i}]`
    const int = (v: unknown, what: string, lo: number, hi: number) =>
      Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi ? (v as number) : fail(`${at}.${what} must be an integer from ${lo} to ${hi} (got ${JSON.stringify(v)})`)
    const bins = (v: unknown, what: string) => {
      if (!Array.isArray(v) || v.length === 0) fail(`${at}.${what} must be a non-empty list of mel bins`)
      return (v as unknown[]).map((b, k) => int(b, `${what}[${k}]`, 0, nMels - 1))
    }
    const rate = int(r?.rate, 'rate', 1000, 768000)
    const context = int(r?.context, 'context', 0, 8)
    const low = bins(r?.low, 'low')
    const missing = bins(r?.missing, 'missing')
    if (low.some((b) => missing.includes(b))) fail(`${at}: a bin is both in low and in missing`)
    const rows = (2 * context + 1) * low.length + 1
    const weights = r?.weights
    if (!Array.isArray(weights) || weights.length !== rows) fail(`${at}.weights must have (2·context + 1)·low + 1 = ${rows} rows (got ${Array.isArray(weights) ? weights.length : typeof weights})`)
    for (const [k, row] of (weights as unknown[]).entries()) {
      if (!Array.isArray(row) || row.length !== missing.length || !row.every((w) => typeof w === 'number' && Number.isFinite(w))) {
        fail(`${at}.weights[${k}] must hold ${missing.length} finite numbers`)
      }
    }
    out.push({ rate, context, low, missing, weights: weights as number[][] })
  }
  return { rates: out }
}
