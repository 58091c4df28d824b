// Levels of the open file from its overview peaks (min/max per bucket over the whole file, so the
// largest of them is the file's true sample peak). Pure.

import type { PeakData } from '../api/types'

/** Largest absolute sample value in the overview peaks; 0 for digital silence. */
export function peakOf(peaks: PeakData): number {
  let m = 0
  for (const { min, max } of peaks.channels) for (let i = 0; i < min.length; i++) m = Math.max(m, -min[i], max[i])
  return m
}

/** "peak −6.0 dBFS", "peak +8.2 dBFS" (float over full scale) or "silent". */
export function formatPeak(peak: number): string {
  if (!(peak > 0)) return 'silent'
  const db = 20 * Math.log10(peak)
  const rounded = Math.round(db * 10) / 10
  return `peak ${rounded > 0 ? '+' : rounded < 0 ? '−' : ''}${Math.abs(rounded).toFixed(1)} dBFS`
}
