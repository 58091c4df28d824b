// Which aligner graph reads a recording: the band-limited one only where the recording lacks part of the
// model's band (align/posteriors.ts alignerFor).
import { describe, expect, it } from 'vitest'
import { alignerFor } from '../../../electron/engine/align/posteriors'
import type { EngineCore } from '../../../electron/engine/core'

const SPEC = { sampleRate: 16000, nFft: 1024, win: 1024, hop: 256, nMels: 80, fMin: 0, fMax: 8000, logFloor: 1e-5, mean: [], std: [] }
const main = { path: 'aligner.onnx' }
const band = { path: 'aligner-band.onnx' }

function core(withBand: boolean, missingBand?: 'fill' | 'keep'): EngineCore {
  return {
    spec: { ...SPEC, ...(missingBand ? { missingBand } : {}) },
    model: { manifestPath: 'm/manifest.json', aligner: main, alignerBandLimited: withBand ? band : null },
  } as unknown as EngineCore
}

describe('alignerFor', () => {
  it('reads recordings below twice fMax with graphs.alignerBandLimited and the rest with graphs.aligner', () => {
    for (const rate of [8000, 11025, 12000]) expect(alignerFor(core(true), rate)).toBe(band)
    for (const rate of [16000, 22050, 44100, 48000]) expect(alignerFor(core(true), rate)).toBe(main)
  })

  it('falls back to graphs.aligner without a band-limited graph, or for a model that keeps the empty band', () => {
    expect(alignerFor(core(false), 8000)).toBe(main)
    expect(alignerFor(core(true, 'keep'), 8000)).toBe(main)
  })

  it('names the missing graph for a model without an aligner', () => {
    const none = { spec: SPEC, model: { manifestPath: 'm/manifest.json', aligner: null } } as unknown as EngineCore
    expect(() => alignerFor(none, 16000)).toThrow(/no aligner graph/)
  })
})
