// The peak pyramid gives exactly the min/max a full scan gives, at any range.
import { describe, expect, it } from 'vitest'
import { buildPyramid, rangeMinMax } from '../../electron/engine/worker/peaks'

function scan(x: Float32Array, a: number, b: number): [number, number] {
  let lo = Infinity
  let hi = -Infinity
  for (let i = a; i < b; i++) {
    lo = Math.min(lo, x[i])
    hi = Math.max(hi, x[i])
  }
  return [lo, hi]
}

describe('peak pyramid', () => {
  const n = 300_001
  const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.0123) * Math.cos(i * 0.000071) + (i % 7919 === 0 ? 0.9 : 0))

  it('has coarser levels each 4× the previous', () => {
    const levels = buildPyramid(x)
    expect(levels[0].block).toBe(256)
    expect(levels[0].min.length).toBe(Math.ceil(n / 256))
    for (let l = 1; l < levels.length; l++) expect(levels[l].block).toBe(levels[l - 1].block * 4)
  })

  it('matches a full scan for ragged ranges', () => {
    const levels = buildPyramid(x)
    let seed = 12345
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) % n)
    for (let k = 0; k < 200; k++) {
      const a = rnd()
      const b = Math.min(n, a + 1 + (rnd() % (k % 2 ? 100 : 200_000)))
      expect(rangeMinMax(x, levels, a, b)).toEqual(scan(x, a, b))
    }
    expect(rangeMinMax(x, levels, 0, n)).toEqual(scan(x, 0, n))
  })

  it('works without levels for short inputs', () => {
    const short = new Float32Array([0.1, -0.4, 0.3])
    expect(buildPyramid(short)).toEqual([])
    expect(rangeMinMax(short, [], 0, 3)).toEqual([-0.4, 0.3].map((v) => Math.fround(v)))
  })
})
