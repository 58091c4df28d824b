// Snapping region edges to nearby quiet points, from min/max peaks (no PCM needed in the page).
// A cut placed in a pause splices far more cleanly than one inside a vowel.

import type { PeakData } from '../../../electron/shared/studio-types'

/** Peak-to-peak amplitude per bucket, the loudest channel winning (a cut must be quiet in all). */
export function envelope(peaks: PeakData): Float32Array {
  const n = peaks.channels[0]?.min.length ?? 0
  const env = new Float32Array(n)
  for (const { min, max } of peaks.channels) {
    for (let i = 0; i < n; i++) env[i] = Math.max(env[i], max[i] - min[i])
  }
  return env
}

/** Centred moving average over `width` buckets (edges average what exists). */
export function smooth(values: Float32Array, width: number): Float32Array {
  const half = Math.max(0, Math.floor(width / 2))
  const out = new Float32Array(values.length)
  // Prefix sums keep this O(n) whatever the width.
  const prefix = new Float64Array(values.length + 1)
  for (let i = 0; i < values.length; i++) prefix[i + 1] = prefix[i] + values[i]
  for (let i = 0; i < values.length; i++) {
    const a = Math.max(0, i - half)
    const b = Math.min(values.length, i + half + 1)
    out[i] = (prefix[b] - prefix[a]) / (b - a)
  }
  return out
}

export interface SnapOptions {
  /** How far an edge may move, seconds. */
  radius: number
  /** Averaging window, seconds: what counts as a pause rather than one quiet sample. */
  window: number
  /** Extra cost per second of distance, relative to the loudest bucket: prefers the nearer of two pauses. */
  distancePenalty: number
}

export const defaultSnapOptions: SnapOptions = { radius: 0.15, window: 0.02, distancePenalty: 0.5 }

/**
 * The time within ±radius of `time` where the smoothed envelope is lowest (plus a small penalty
 * for distance, so of two equally quiet points the nearer wins). Returns `time` when the peaks do
 * not cover that neighbourhood.
 */
export function quietPoint(peaks: PeakData, sampleRate: number, time: number, options: Partial<SnapOptions> = {}): number {
  const o = { ...defaultSnapOptions, ...options }
  const env = envelope(peaks)
  if (env.length === 0 || peaks.samplesPerPeak <= 0) return time
  const bucketSec = peaks.samplesPerPeak / sampleRate
  const smoothed = smooth(env, Math.max(1, Math.round(o.window / bucketSec)))
  const loudest = smoothed.reduce((m, v) => Math.max(m, v), 0) || 1
  const centre = (b: number) => (peaks.startFrame + (b + 0.5) * peaks.samplesPerPeak) / sampleRate
  let best = time
  let bestCost = Infinity
  for (let b = 0; b < smoothed.length; b++) {
    const t = centre(b)
    const dist = Math.abs(t - time)
    if (dist > o.radius) continue
    const cost = smoothed[b] / loudest + (o.distancePenalty * dist) / Math.max(o.radius, 1e-9)
    if (cost < bestCost) {
      bestCost = cost
      best = t
    }
  }
  return best
}

/** The frame range and bucket count to ask the engine for to snap around `time` at ~5 ms resolution. */
export function snapWindow(
  time: number,
  sampleRate: number,
  frames: number,
  radius = defaultSnapOptions.radius,
): { startFrame: number; endFrame: number; buckets: number } {
  const startFrame = Math.max(0, Math.floor((time - radius - 0.05) * sampleRate))
  const endFrame = Math.min(frames, Math.ceil((time + radius + 0.05) * sampleRate))
  const buckets = Math.max(1, Math.round((endFrame - startFrame) / (0.005 * sampleRate)))
  return { startFrame, endFrame: Math.max(endFrame, startFrame + 1), buckets }
}
