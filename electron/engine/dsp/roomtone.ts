// Room tone for fills: the recording's background noise carried through the filled span.
//
// The model learnt mostly from clean speech, so its pauses and the gaps between its words are far
// quieter than a real room (about 20 dB down in 2–7 kHz on real recordings): a listener hears a hole in
// the background. The context's noise floor is the mean power spectrum of its quietest frames; the
// fill then gets seeded noise in every bin and frame where it is below that floor, up to the floor,
// and nothing where it is above (speech keeps its own spectrum).

import { addShapedNoise, analysisFrames } from './shaped-noise'
import { centredHann } from './stft'

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

/**
 * A room's floor as it travels with a voiceover's clip (plain numbers: a take keeps it, IPC carries it),
 * so the pauses between lines can be filled with the room of the voice the clip was made in: a short
 * line of continuous speech has no quiet frame of its own to read the room from.
 */
export interface RoomTone {
  sampleRate: number
  nFft: number
  /** mean |X[k]|² of the quietest frames, bins [0, nFft/2] (0 where not measured) */
  floor: number[]
}

export function roomTone(profile: RoomToneProfile, sampleRate: number): RoomTone {
  const floor = new Array<number>((profile.nFft >> 1) + 1).fill(0)
  for (let k = 1; k < profile.to; k++) floor[k] = profile.floor[k]
  return { sampleRate, nFft: profile.nFft, floor }
}

/** Whether v is a RoomTone the export would accept (a page's stored draft is read back through this). */
export function isRoomTone(v: unknown): v is RoomTone {
  if (!v || typeof v !== 'object' || Object.keys(v).length !== 3) return false
  const r = v as Record<string, unknown>
  const n = r.nFft
  if (typeof r.sampleRate !== 'number' || !Number.isInteger(r.sampleRate) || r.sampleRate < 8000 || r.sampleRate > 192000) return false
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 16 || n > 16384 || (n & (n - 1)) !== 0) return false
  return Array.isArray(r.floor) && r.floor.length === n / 2 + 1 && r.floor.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)
}

function windowPower(nFft: number): number {
  let s = 0
  for (const v of centredHann(nFft, nFft)) s += v * v
  return s
}

/**
 * The room at another sample rate: the same power density per hertz (E|X[k]|² = density · rate · Σw²
 * for the analysis window w), interpolated between bins; nothing above the room's own Nyquist.
 */
export function profileAtRate(room: RoomTone, rate: number): RoomToneProfile {
  const nFft = 2 ** Math.max(8, Math.round(Math.log2(rate * 0.023)))
  const half = nFft >> 1
  const from = windowPower(room.nFft) * room.sampleRate
  const to = windowPower(nFft) * rate
  const floor = new Float64Array(half + 1)
  const last = room.floor.length - 1
  for (let k = 1; k <= half; k++) {
    const at = ((k * rate) / nFft) * (room.nFft / room.sampleRate) // the bin's frequency in the room's bins
    if (at > last) break
    const i = Math.floor(at)
    const f = at - i
    const v = i >= last ? room.floor[last] : room.floor[i] * (1 - f) + room.floor[i + 1] * f
    floor[k] = (v / from) * to
  }
  return { nFft, to: half + 1, floor }
}
