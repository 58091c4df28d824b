import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  denormalise,
  frameCount,
  logMel,
  melFilterbank,
  normalise,
  stftMagnitude,
  type FeatureSpec,
} from '../../../electron/engine/dsp/features'
import { EngineError } from '../../../electron/engine/types'

// Golden arrays from training/export_golden.py (the Python reference features.py).
const GOLDEN = join(__dirname, '../../fixtures/golden')

interface GoldenCase {
  name: string
  features: Omit<FeatureSpec, 'mean' | 'std'>
  input: string
  inputLength: number
  logmel: string
  frames: number
  nMels: number
}
interface GoldenIndex {
  cases: GoldenCase[]
  filterbank: { features: Omit<FeatureSpec, 'mean' | 'std'>; file: string; nMels: number; nBins: number }
}

const index = JSON.parse(readFileSync(join(GOLDEN, 'index.json'), 'utf8')) as GoldenIndex

function readF32(file: string): Float32Array {
  const b = readFileSync(join(GOLDEN, file))
  // Copy into an aligned buffer; the files are little-endian like every platform we run on.
  return new Float32Array(new Uint8Array(b).buffer, 0, b.length / 4)
}

function withStats(f: Omit<FeatureSpec, 'mean' | 'std'>, mean = 0, std = 1): FeatureSpec {
  return { ...f, mean: new Array(f.nMels).fill(mean), std: new Array(f.nMels).fill(std) }
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length)
  let d = 0
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]))
  return d
}

describe('log-mel matches training/voicefill/features.py', () => {
  it('has the golden cases the tests rely on', () => {
    expect(index.cases.map((c) => c.name)).toEqual(
      expect.arrayContaining(['chirp-noise', 'speech', 'short-100', 'one-sample', 'empty', 'alt-spec-chirp']),
    )
  })

  for (const c of index.cases) {
    it(`${c.name}: ${c.inputLength} samples → ${c.frames} frames within 1e-4`, () => {
      const spec = withStats(c.features)
      const x = readF32(c.input)
      expect(x.length).toBe(c.inputLength)
      expect(frameCount(x.length, spec.hop)).toBe(c.frames)
      const got = logMel(x, spec)
      expect(got.length).toBe(c.frames * c.nMels)
      expect(maxAbsDiff(got, readF32(c.logmel))).toBeLessThanOrEqual(1e-4)
    })
  }

  it('mel filterbank within 1e-6', () => {
    const { features, file, nMels, nBins } = index.filterbank
    const fb = melFilterbank(withStats(features))
    expect([fb.nMels, fb.nBins]).toEqual([nMels, nBins])
    expect(maxAbsDiff(fb.weights, readF32(file))).toBeLessThanOrEqual(1e-6)
    // The sparse row ranges cover every non-zero weight.
    for (let m = 0; m < nMels; m++) {
      for (let k = 0; k < nBins; k++) {
        if (fb.weights[m * nBins + k] !== 0) {
          expect(k).toBeGreaterThanOrEqual(fb.start[m])
          expect(k).toBeLessThan(fb.end[m])
        }
      }
    }
  })

  it('a sine peaks in the mel bin that holds its frequency', () => {
    const spec = withStats(index.filterbank.features)
    const x = new Float32Array(8000).map((_, i) => Math.sin((2 * Math.PI * 1000 * i) / spec.sampleRate))
    const lm = logMel(x, spec)
    const fb = melFilterbank(spec)
    const bin = Math.round((1000 * spec.nFft) / spec.sampleRate)
    const mid = 10 * spec.nMels
    let best = 0
    for (let m = 1; m < spec.nMels; m++) if (lm[mid + m] > lm[mid + best]) best = m
    expect(fb.weights[best * fb.nBins + bin]).toBeGreaterThan(0)
  })
})

describe('stftMagnitude', () => {
  it('is the magnitude the log-mel filters: filterbank · |STFT| matches the golden log-mel', () => {
    const c = index.cases.find((k) => k.name === 'speech')!
    const spec = withStats(c.features)
    const mag = stftMagnitude(readF32(c.input), spec)
    const fb = melFilterbank(spec)
    expect(mag.length).toBe(c.frames * fb.nBins)
    const lm = new Float32Array(c.frames * c.nMels)
    for (let t = 0; t < c.frames; t++) {
      for (let m = 0; m < c.nMels; m++) {
        let acc = 0
        for (let k = fb.start[m]; k < fb.end[m]; k++) acc += fb.weights[m * fb.nBins + k] * mag[t * fb.nBins + k]
        lm[t * c.nMels + m] = Math.log(Math.max(acc, spec.logFloor))
      }
    }
    expect(maxAbsDiff(lm, readF32(c.logmel))).toBeLessThanOrEqual(1e-4)
  })
})

describe('normalise / denormalise', () => {
  const spec: FeatureSpec = {
    ...withStats(index.filterbank.features),
    mean: Array.from({ length: 80 }, (_, m) => -5 + m * 0.01),
    std: Array.from({ length: 80 }, (_, m) => 1 + m * 0.02),
  }

  it('are inverses and use per-bin statistics', () => {
    const x = new Float32Array(3 * 80).map((_, i) => Math.sin(i))
    const n = normalise(x, spec)
    expect(n[81]).toBeCloseTo((x[81] - spec.mean[1]) / spec.std[1], 6)
    expect(maxAbsDiff(denormalise(n, spec), x)).toBeLessThan(1e-5)
  })

  it('reject statistics of the wrong length or zero std with a clear error', () => {
    const x = new Float32Array(160)
    expect(() => normalise(x, { ...spec, mean: [0] })).toThrow(/mean and std need 80 values each \(got 1 and 80\)/)
    const std = spec.std.slice()
    std[3] = 0
    expect(() => denormalise(x, { ...spec, std })).toThrow(EngineError)
    expect(() => denormalise(x, { ...spec, std })).toThrow(/std\[3\] must be positive/)
    expect(() => normalise(new Float32Array(81), spec)).toThrow(/not a whole number of 80-bin frames/)
  })

  it('rejects a bad spec, echoing the values', () => {
    expect(() => logMel(new Float32Array(10), { ...spec, nFft: 1000 })).toThrow(/nFft must be a power of two >= 4 \(got 1000\)/)
    expect(() => logMel(new Float32Array(10), { ...spec, win: 2048 })).toThrow(/win 2048, nFft 1024/)
  })
})
