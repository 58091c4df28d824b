// Min/max per bucket of a PCM channel: enough to draw a take's shape in a few hundred pixels.

export function minMax(samples: Float32Array, buckets: number): { min: Float32Array; max: Float32Array } {
  const n = Math.max(0, Math.min(buckets, samples.length))
  const min = new Float32Array(n)
  const max = new Float32Array(n)
  for (let b = 0; b < n; b++) {
    const from = Math.floor((b * samples.length) / n)
    const to = Math.floor(((b + 1) * samples.length) / n)
    let lo = Infinity
    let hi = -Infinity
    for (let i = from; i < to; i++) {
      lo = Math.min(lo, samples[i])
      hi = Math.max(hi, samples[i])
    }
    min[b] = lo
    max[b] = hi
  }
  return { min, max }
}
