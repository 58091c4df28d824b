import { describe, expect, it } from 'vitest'
import { BAND_MISSING_FROM, extendBand, missingBand } from '../../../electron/engine/dsp/band'
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
