import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BAND_MISSING_FROM, extendBand, extendBandLearned, extensionFor, missingBand, parseBandExtension } from '../../../electron/engine/dsp/band'
import { melFilterbank, type FeatureSpec } from '../../../electron/engine/dsp/features'

const SPEC: FeatureSpec = { sampleRate: 16000, nFft: 1024, win: 1024, hop: 256, nMels: 80, fMin: 0, fMax: 8000, logFloor: 1e-5, mean: new Array(80).fill(0), std: new Array(80).fill(1) }

describe('missingBand', () => {
  it('names the bins above an 8 kHz recording\'s Nyquist and a reference band below it', () => {
    const band = missingBand(SPEC, 8000)!
    const hz = melFilterbank(SPEC).centreHz
    expect(band.missing.length).toBeGreaterThan(10)
    for (const m of band.missing) expect(hz[m]).toBeGreaterThan(BAND_MISSING_FROM * 4000)
    for (let m = 0; m < SPEC.nMels; m++) if (!band.missing.includes(m)) expect(hz[m]).toBeLessThanOrEqual(BAND_MISSING_FROM * 4000)
    expect(band.reference.length).toBeGreaterThan(2)
    for (const m of band.reference) expect(hz[m] >= 2400 && hz[m] <= 3400).toBe(true)
  })

  it('finds nothing missing at or above twice fMax, and fewer bins for 11.025 kHz than for 8 kHz', () => {
    expect(missingBand(SPEC, 16000)).toBeNull()
    expect(missingBand(SPEC, 48000)).toBeNull()
    expect(missingBand(SPEC, 11025)!.missing.length).toBeLessThan(missingBand(SPEC, 8000)!.missing.length)
  })

  it('leaves the band alone for a model that says it was trained on band-limited audio', () => {
    expect(missingBand({ ...SPEC, missingBand: 'keep' }, 8000)).toBeNull()
    expect(missingBand({ ...SPEC, missingBand: 'fill' }, 8000)).not.toBeNull()
  })
})

describe('extendBand', () => {
  it('gives each missing bin the frame\'s mean over the reference band, and leaves the others', () => {
    const frames = 3
    const feats = new Float32Array(frames * SPEC.nMels)
    for (let t = 0; t < frames; t++) for (let m = 0; m < SPEC.nMels; m++) feats[t * SPEC.nMels + m] = t === 1 ? 2 + 0.01 * m : -4
    const before = feats.slice()
    const { missing, reference } = missingBand(SPEC, 8000)!
    extendBand(feats, SPEC, 8000)
    for (let t = 0; t < frames; t++) {
      const want = reference.reduce((s, m) => s + before[t * SPEC.nMels + m], 0) / reference.length
      for (let m = 0; m < SPEC.nMels; m++) {
        const got = feats[t * SPEC.nMels + m]
        if (missing.includes(m)) expect(got).toBeCloseTo(want, 5)
        else expect(got).toBe(before[t * SPEC.nMels + m])
      }
    }
    // A bright frame stays bright up there, a quiet one quiet.
    expect(feats[1 * SPEC.nMels + 79]).toBeGreaterThan(2)
    expect(feats[0 * SPEC.nMels + 79]).toBe(-4)
  })

  it('changes nothing for a full-band recording', () => {
    const feats = Float32Array.from({ length: 2 * SPEC.nMels }, (_, i) => i % 7)
    const before = feats.slice()
    expect(extendBand(feats, SPEC, 44100)).toEqual(before)
  })
})

// Golden arrays from training/export_golden.py: the aligner trains on band-limited copies made by
// training/voicefill/features.py extend_band, which must be the engine's fill.
describe('extendBand matches training/voicefill/features.py extend_band', () => {
  const GOLDEN = join(__dirname, '../../fixtures/golden')
  const index = JSON.parse(readFileSync(join(GOLDEN, 'index.json'), 'utf8')) as {
    bands: { inputRate: number; input: string; output: string; frames: number }[]
  }
  const readF32 = (file: string): Float32Array => {
    const b = readFileSync(join(GOLDEN, file))
    return new Float32Array(new Uint8Array(b).buffer, 0, b.length / 4)
  }

  it('has the 8, 11.025 and 12 kHz cases', () => {
    expect(index.bands.map((b) => b.inputRate)).toEqual([8000, 11025, 12000])
  })

  for (const c of index.bands) {
    it(`${c.inputRate} Hz: ${c.frames} frames within 1e-5`, () => {
      const input = readF32(c.input)
      const want = readF32(c.output)
      const got = extendBand(input.slice(), SPEC, c.inputRate)
      expect(got.length).toBe(want.length)
      let d = 0
      let changed = 0
      for (let i = 0; i < got.length; i++) {
        d = Math.max(d, Math.abs(got[i] - want[i]))
        if (want[i] !== input[i]) changed++
      }
      expect(d).toBeLessThan(1e-5)
      expect(changed).toBeGreaterThan(c.frames) // the fill did something
    })
  }
})

// The velocity model's band extension, fitted by training/fit_band_extension.py: the engine must apply the
// shipped table as training/voicefill/features.py extend_band_learned does.
describe('extendBandLearned matches training/voicefill/features.py extend_band_learned', () => {
  const GOLDEN = join(__dirname, '../../fixtures/golden')
  const index = JSON.parse(readFileSync(join(GOLDEN, 'index.json'), 'utf8')) as {
    learnedBands: { inputRate: number; table: string; input: string; output: string; frames: number }[]
  }
  const readF32 = (file: string): Float32Array => {
    const b = readFileSync(join(GOLDEN, file))
    return new Float32Array(new Uint8Array(b).buffer, 0, b.length / 4)
  }
  const table = parseBandExtension(JSON.parse(readFileSync(join(__dirname, '../../..', index.learnedBands[0].table), 'utf8')), 80)
  const spec: FeatureSpec = { ...SPEC, bandExtension: table }

  it('uses the table of the highest rate not above the input (12 kHz takes the 11.025 kHz one)', () => {
    expect(extensionFor(spec, 8000)?.rate).toBe(8000)
    expect(extensionFor(spec, 10000)?.rate).toBe(8000)
    expect(extensionFor(spec, 12000)?.rate).toBe(11025)
    expect(extensionFor(spec, 6000)).toBeNull() // below every table: the flat fill
    expect(extensionFor(spec, 16000)).toBeNull()
    expect(extensionFor(SPEC, 8000)).toBeNull() // a model without one
  })

  for (const c of index.learnedBands) {
    it(`${c.inputRate} Hz: ${c.frames} frames within 1e-4, and unlike the flat fill`, () => {
      const input = readF32(c.input)
      const want = readF32(c.output)
      const got = extendBandLearned(input.slice(), spec, c.inputRate)
      let d = 0
      for (let i = 0; i < got.length; i++) d = Math.max(d, Math.abs(got[i] - want[i]))
      expect(d).toBeLessThan(1e-4)
      const flat = extendBand(input.slice(), SPEC, c.inputRate)
      expect(got.some((v, i) => Math.abs(v - flat[i]) > 0.1)).toBe(true)
    })
  }

  it('refuses a malformed table with the reason', () => {
    const r = table.rates[0]
    expect(() => parseBandExtension({}, 80)).toThrow(/rates/)
    expect(() => parseBandExtension({ rates: [{ ...r, low: [...r.low, 80] }] }, 80)).toThrow(/low\[\d+\] must be an integer from 0 to 79/)
    expect(() => parseBandExtension({ rates: [{ ...r, weights: r.weights.slice(1) }] }, 80)).toThrow(/weights must have .* rows/)
    expect(() => parseBandExtension({ rates: [{ ...r, weights: [[NaN], ...r.weights.slice(1)] }] }, 80)).toThrow(/weights\[0\] must hold/)
    expect(() => parseBandExtension({ rates: [{ ...r, missing: [r.low[0]] }] }, 80)).toThrow(/both in low and in missing/)
  })
})
