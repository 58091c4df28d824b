// min/max peaks over PCM at any zoom without rescanning an hour of audio: a pyramid of block
// min/max values (blocks of 256, 1024, ... frames) answers a range from whole blocks, scanning raw
// samples only at its ragged edges.

export interface PeakLevel {
  block: number // frames per entry
  min: Float32Array
  max: Float32Array
}

export const BASE_BLOCK = 256
export const FACTOR = 4

/** Levels finest first; stops when a level would have fewer than 2 entries. */
export function buildPyramid(x: Float32Array): PeakLevel[] {
  const levels: PeakLevel[] = []
  let n = Math.ceil(x.length / BASE_BLOCK)
  if (n < 2) return levels
  const min = new Float32Array(n)
  const max = new Float32Array(n)
  for (let b = 0; b < n; b++) {
    let lo = Infinity
    let hi = -Infinity
    const end = Math.min(x.length, (b + 1) * BASE_BLOCK)
    for (let i = b * BASE_BLOCK; i < end; i++) {
      const v = x[i]
      if (v < lo) lo = v
      if (v > hi) hi = v
    }
    min[b] = lo
    max[b] = hi
  }
  return pyramidFrom(min, max)
}

/** The pyramid over a base level of min/max per BASE_BLOCK frames: each level FACTOR times coarser. */
export function pyramidFrom(min: Float32Array, max: Float32Array): PeakLevel[] {
  const levels: PeakLevel[] = []
  let n = min.length
  if (n < 2) return levels
  levels.push({ block: BASE_BLOCK, min, max })
  for (let prev = levels[0]; (n = Math.ceil(prev.min.length / FACTOR)) >= 2; prev = levels[levels.length - 1]) {
    const lmin = new Float32Array(n)
    const lmax = new Float32Array(n)
    for (let b = 0; b < n; b++) {
      let lo = Infinity
      let hi = -Infinity
      const end = Math.min(prev.min.length, (b + 1) * FACTOR)
      for (let i = b * FACTOR; i < end; i++) {
        if (prev.min[i] < lo) lo = prev.min[i]
        if (prev.max[i] > hi) hi = prev.max[i]
      }
      lmin[b] = lo
      lmax[b] = hi
    }
    levels.push({ block: prev.block * FACTOR, min: lmin, max: lmax })
  }
  return levels
}

/** [min, max] of x[start, end) using the pyramid (end > start). */
export function rangeMinMax(x: Float32Array, levels: readonly PeakLevel[], start: number, end: number): [number, number] {
  const acc: [number, number] = [Infinity, -Infinity]
  accumulate(x, levels, start, end, levels.length - 1, acc)
  return acc
}

function accumulate(
  x: Float32Array,
  levels: readonly PeakLevel[],
  start: number,
  end: number,
  level: number,
  acc: [number, number],
): void {
  if (end <= start) return
  // Descend to the coarsest level with a whole block inside [start, end).
  for (; level >= 0; level--) {
    const B = levels[level].block
    const a = Math.ceil(start / B)
    const b = Math.floor(end / B)
    if (a < b) {
      const { min, max } = levels[level]
      for (let i = a; i < b; i++) {
        if (min[i] < acc[0]) acc[0] = min[i]
        if (max[i] > acc[1]) acc[1] = max[i]
      }
      accumulate(x, levels, start, a * B, level - 1, acc)
      accumulate(x, levels, b * B, end, level - 1, acc)
      return
    }
  }
  for (let i = start; i < end; i++) {
    const v = x[i]
    if (v < acc[0]) acc[0] = v
    if (v > acc[1]) acc[1] = v
  }
}
