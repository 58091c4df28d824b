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
