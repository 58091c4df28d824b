// High-band extension for fills spliced into recordings sampled above the model's rate.
//
// The model and its vocoder stop at fMax (8 kHz for a 16 kHz model), so a fill in a 44.1 or 48 kHz
// recording would be a dull patch: no breath, sibilance or room above 8 kHz while the speech around
// it has them. This adds noise above the band edge, shaped per bin like the context's own high band:
// a floor, plus a part that follows the fill's upper-band level frame by frame (spectral band
// replication with noise):
// fricatives in the fill get hiss where the context's fricatives had it, and the room's own floor
// runs on under the fill. Nothing below the band edge is touched beyond window leakage.

import { addShapedNoise, analysisFrames, bandPower } from './shaped-noise'

/**
 * How a recording's high band relates to its upper band, for one STFT size: per bin above the
 * edge, power = floorHi + slope · max(0, reference power − floorLo). The floor is the room (what
 * the quietest frames hold), the slope the speech part (breath and sibilance rise with the voice).
 */
export interface HighBandProfile {
  nFft: number
  /** first bin of the high band (bins >= this are synthesised) */
  edgeBin: number
  /** [loFrom, edgeBin): the reference band whose power drives the high band */
  loFrom: number
  floorLo: number
  floorHi: Float64Array
  slope: Float64Array
}

/** Frequency settings: the band edge sits below the model's fMax where its resampled output still has full level. */
export interface HighBandBands {
  /** sample rate of the recording */
  rate: number
  /** top of the model's band, Hz (its mel fMax) */
  modelTopHz: number
}

const REFERENCE_OCTAVES = 0.5 // reference band: the half octave below the edge (tracks the high band best)
const EDGE_FRACTION = 0.9 // the resampler's 'medium' passband keeps 90 % of the model's band

/** STFT size for ~23 ms frames at `rate` (512 at 22.05/24 kHz, 1024 at 44.1/48 kHz, 2048 above). */
export function highBandFftSize(rate: number): number {
  return 2 ** Math.max(8, Math.round(Math.log2(rate * 0.023)))
}

/** True when the recording has a band above the model's that a fill would leave empty. */
export function needsHighBand({ rate, modelTopHz }: HighBandBands): boolean {
  return rate / 2 > modelTopHz * 1.05
}

/** Top of the band a fill's own audio covers at the recording's rate: the high band's edge, or Nyquist. */
export function modelBandTopHz(bands: HighBandBands): number {
  return needsHighBand(bands) ? bands.modelTopHz * EDGE_FRACTION : bands.rate / 2
}

function bins(bands: HighBandBands, nFft: number): { edgeBin: number; loFrom: number; half: number } {
  const hz = bands.rate / nFft
  const edgeHz = bands.modelTopHz * EDGE_FRACTION
  const edgeBin = Math.ceil(edgeHz / hz)
  const loFrom = Math.max(1, Math.floor(edgeHz / 2 ** REFERENCE_OCTAVES / hz))
  return { edgeBin, loFrom, half: nFft >> 1 }
}

/**
 * The context's high-band profile from `parts` (the audio around the region, at the recording's
 * rate). Floor: mean powers over the quietest fifth of the frames; slope: high-band power above the
 * floor per unit of reference power above it in the median frame at least 6 dB over the floor,
 * spread over the bins like the context's mean high band. Digital
 * silence (zero padding before a file's start) is left out. Null when there is no band to fill or
 * no usable frame.
 */
export function highBandProfile(parts: readonly Float32Array[], bands: HighBandBands): HighBandProfile | null {
  if (!needsHighBand(bands)) return null
  const nFft = highBandFftSize(bands.rate)
  const { edgeBin, loFrom, half } = bins(bands, nFft)
  const rows: { lo: number; hi: Float64Array }[] = []
  for (const x of parts) {
    for (const { re, im } of analysisFrames(x, nFft)) {
      const hi = new Float64Array(half + 1 - edgeBin)
      let any = 0
      for (let k = edgeBin; k <= half; k++) any += hi[k - edgeBin] = re[k] * re[k] + im[k] * im[k]
      const lo = bandPower(re, im, loFrom, edgeBin)
      if (lo + any > 1e-20) rows.push({ lo, hi })
    }
  }
  if (!rows.length) return null
  rows.sort((a, b) => a.lo - b.lo)
  const quiet = rows.slice(0, Math.max(1, Math.floor(rows.length / 5)))
  const floorHi = new Float64Array(half + 1 - edgeBin)
  let floorLo = 0
  for (const r of quiet) {
    floorLo += r.lo / quiet.length
    for (let k = 0; k < floorHi.length; k++) floorHi[k] += r.hi[k] / quiet.length
  }
  // Slope: the median frame's ratio (high-band power above the floor over reference power above it)
  // times the mean spectral shape. A ratio of sums would let the few sibilant frames, whose high band
  // dwarfs their reference band, set the level for every vowel of the fill.
  const shape = new Float64Array(floorHi.length)
  const ratios: number[] = []
  for (const r of rows) {
    if (r.lo < 4 * floorLo || r.lo <= 0) continue
    let sum = 0
    for (let k = 0; k < shape.length; k++) {
      const p = Math.max(0, r.hi[k] - floorHi[k])
      shape[k] += p
      sum += p
    }
    ratios.push(sum / (r.lo - floorLo))
  }
  const slope = new Float64Array(floorHi.length)
  const total = shape.reduce((a, b) => a + b, 0)
  if (ratios.length && total > 0) {
    ratios.sort((a, b) => a - b)
    const median = ratios[ratios.length >> 1]
    for (let k = 0; k < slope.length; k++) slope[k] = (median * shape[k]) / total
  }
  return { nFft, edgeBin, loFrom, floorLo, floorHi, slope }
}

/**
 * gen plus shaped noise above the profile's band edge: each frame's high band has the power the
 * profile gives for the frame's reference-band power (addShapedNoise: seeded, expected power per bin
 * as measured). Returns a new array.
 */
export function extendHighBand(gen: Float32Array, profile: HighBandProfile, seed: number, stream = 0): Float32Array {
  const { nFft, edgeBin, loFrom, floorLo, floorHi, slope } = profile
  return addShapedNoise(
    gen,
    nFft,
    edgeBin,
    (nFft >> 1) + 1,
    (re, im, power) => {
      const speech = Math.max(0, bandPower(re, im, loFrom, edgeBin) - floorLo)
      for (let k = 0; k < power.length; k++) power[k] = floorHi[k] + slope[k] * speech
    },
    seed,
    stream,
  )
}
