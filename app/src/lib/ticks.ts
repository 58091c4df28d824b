// Ruler spacing for the timeline: "nice" intervals so labels sit roughly `minLabelPx` apart at any zoom.

const NICE = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200]

export interface TickIntervals {
  /** Seconds between small ticks. */
  timeInterval: number
  /** Seconds between labels. */
  primaryLabelInterval: number
  /** Decimals the labels need at this spacing. */
  decimals: number
}

export function tickIntervals(pxPerSec: number, minLabelPx = 80): TickIntervals {
  const pps = pxPerSec > 0 ? pxPerSec : 1
  const primary = NICE.find((s) => s * pps >= minLabelPx) ?? NICE[NICE.length - 1]
  // Small ticks: fifths (or halves) of the label interval, if they stay at least 8 px apart.
  const fifth = primary / 5
  const timeInterval = fifth * pps >= 8 && fifth >= 0.01 ? fifth : primary / 2 >= 0.01 && (primary / 2) * pps >= 8 ? primary / 2 : primary
  const decimals = primary >= 1 ? 0 : primary >= 0.1 ? 1 : 2
  return { timeInterval, primaryLabelInterval: primary, decimals }
}
