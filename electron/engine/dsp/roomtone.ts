// Room tone for fills: the recording's background noise carried through the filled span.
//
// The model learnt mostly from clean speech, so its pauses and the gaps between its words are far
// quieter than a real room (about 20 dB down in 2–7 kHz on real recordings): a listener hears a hole in
// the background. The context's noise floor is the mean power spectrum of its quietest frames; the
// fill then gets seeded noise in every bin and frame where it is below that floor, up to the floor,
// and nothing where it is above (speech keeps its own spectrum).

import { addShapedNoise, analysisFrames } from './shaped-noise'

/** The context's noise floor for one STFT size: mean |X[k]|² over its quietest frames, bins [0, to). */
export interface RoomToneProfile {
  nFft: number
  /** bins [1, to) are topped up; above is the high band's business (highband.ts) or beyond Nyquist */
  to: number
  floor: Float64Array
}

/**
 * Share of the context's frames, quietest first, that define the floor. A low share, as in minimum
 * statistics: a context of continuous speech has few frames of room alone, and its quietest tenth were
 * often speech (up to 10 dB over the room, measured in session 8: docs/engine.md, Room tone).
 */
export const QUIET_SHARE = 0.03

/**
 * Floor of the context `parts` (audio around the region at the recording's rate) over bins below
 * `topHz`. Frames of digital silence (padding before a file's start, a gated recording) are left out;
 * null when no frame has sound (nothing to carry).
 */
export function roomToneProfile(parts: readonly Float32Array[], rate: number, topHz: number): RoomToneProfile | null {
  const nFft = 2 ** Math.max(8, Math.round(Math.log2(rate * 0.023)))
  const half = nFft >> 1
  const to = Math.min(half + 1, Math.ceil(topHz / (rate / nFft)))
  const rows: { total: number; p: Float64Array }[] = []
  for (const x of parts) {
    for (const { re, im } of analysisFrames(x, nFft)) {
      const p = new Float64Array(to)
      let total = 0
      for (let k = 1; k < to; k++) total += p[k] = re[k] * re[k] + im[k] * im[k]
      if (total > 1e-18) rows.push({ total, p })
    }
  }
  if (!rows.length) return null
  rows.sort((a, b) => a.total - b.total)
  const quiet = rows.slice(0, Math.max(1, Math.round(rows.length * QUIET_SHARE)))
  const floor = new Float64Array(to)
  for (const r of quiet) for (let k = 1; k < to; k++) floor[k] += r.p[k] / quiet.length
  return { nFft, to, floor }
}

/**
 * gen with its quiet bins topped up to the profile's floor: per frame and bin, noise of power
 * max(0, floor − |G[k]|²). Seeded by (seed, stream), so a take renders the same every time. Returns a
 * new array.
 */
export function fillToFloor(gen: Float32Array, profile: RoomToneProfile, seed: number, stream = 0): Float32Array {
  const { nFft, to, floor } = profile
  return addShapedNoise(
    gen,
    nFft,
    1,
    to,
    (re, im, power) => {
      for (let k = 1; k < to; k++) power[k - 1] = Math.max(0, floor[k] - (re[k] * re[k] + im[k] * im[k]))
    },
    seed,
    stream,
  )
}
