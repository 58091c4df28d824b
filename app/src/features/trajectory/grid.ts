// The scrubber's time grid: which step a pointer position on the t axis lands on.

/** Index of the grid time nearest to `t` (clamped to [0, 1]); grid times increase. */
export function nearestStep(times: readonly number[], t: number): number {
  const x = Math.min(1, Math.max(0, t))
  let best = 0
  for (let k = 1; k < times.length; k++) if (Math.abs(times[k] - x) < Math.abs(times[best] - x)) best = k
  return best
}
