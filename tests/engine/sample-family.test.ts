// Flow and diffusion side by side through the real tiny ONNX models: tests/fixtures/tiny-model
// (flow matching) and tests/fixtures/tiny-diffusion (its DDPM ε twin, `make_tiny.py --objective ddpm-epsilon`).
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAudioFile } from '../../electron/engine/audio/decode'
import { forwardState } from '../../electron/engine/diffusion'
import { Engine } from '../../electron/engine/engine'
import { alignedMeanAbsDiff, renormalise } from '../../electron/engine/ladder'
import { loadModel, releaseModel } from '../../electron/engine/model'
import { gaussianNoise } from '../../electron/engine/rng'
import { stepNoiseStream } from '../../electron/engine/sample-family'
import type { FeatureSpec } from '../../electron/engine/dsp/features'
import type { PcmAudio, Progress } from '../../electron/engine/types'

const FLOW = resolve('tests/fixtures/tiny-model')
const DIFFUSION = resolve('tests/fixtures/tiny-diffusion')
const REGION = { start: 0.8, end: 1.3, text: 'new words' }

let flow: Engine
let diffusion: Engine
let mono: PcmAudio

beforeAll(async () => {
  ;[flow, diffusion] = await Promise.all([Engine.load(FLOW, { threads: 1 }), Engine.load(DIFFUSION, { threads: 1 })])
  mono = await readAudioFile(resolve('tests/fixtures/audio/speech-16k-s16.wav'))
})
afterAll(async () => {
  await Promise.all([flow.release(), diffusion.release()])
})

function bitEqual(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]))
}

describe('a ddpm-epsilon model', () => {
  it('loads with its objective, β schedule and ε graph', async () => {
    const m = await loadModel(DIFFUSION, { threads: 1 })
    expect(m.objective).toBe('ddpm-epsilon')
    expect(m.output).toBe('eps')
    expect(m.velocity.outputs.map((o) => o.name)).toEqual(['eps'])
    expect(m.schedule!.steps).toBe(1000)
    expect(m.schedule!.betas[0]).toBeCloseTo(1e-4, 12)
    await releaseModel(m)
    const info = diffusion.info()
    expect(info.objective).toBe('ddpm-epsilon')
    expect(info.diffusion).toEqual({ schedule: 'linear', steps: 1000 })
    expect(info.defaults).toMatchObject({ solver: 'ddim', eta: 0, variance: 'beta' })
    expect(flow.info().objective).toBe('flow-matching')
  })

  it('fills with ancestral and DDIM: one call per step, samples outside the region untouched, seed-determined', async () => {
    for (const solver of ['ancestral', 'ddim'] as const) {
      const a = await diffusion.fill(mono, [REGION], { steps: 5, solver, seed: 3 })
      const b = await diffusion.fill(mono, [REGION], { steps: 5, solver, seed: 3 })
      expect(a.networkCalls).toBe(5)
      expect(a.settings).toMatchObject({ solver, steps: 5, eta: 0, variance: 'beta' })
      expect(bitEqual(a.audio.channels[0], b.audio.channels[0])).toBe(true)
      const s = a.regions[0].splice
      const x = mono.channels[0]
      const out = a.audio.channels[0]
      expect(bitEqual(out.subarray(0, s.inStart - s.crossfadeSamples), x.subarray(0, s.inStart - s.crossfadeSamples))).toBe(true)
      expect(bitEqual(out.subarray(s.outEnd + s.crossfadeSamples), x.subarray(s.inEnd + s.crossfadeSamples))).toBe(true)
      expect(out.subarray(s.inStart, s.inEnd).some((v, i) => v !== x[s.inStart + i])).toBe(true)
      const c = await diffusion.fill(mono, [REGION], { steps: 5, solver, seed: 4 })
      expect(bitEqual(a.audio.channels[0], c.audio.channels[0])).toBe(false)
    }
  })

  it('η and the ancestral variance are settings that change the result', async () => {
    const base = await diffusion.fill(mono, [REGION], { steps: 4, solver: 'ddim', seed: 5 })
    const eta = await diffusion.fill(mono, [REGION], { steps: 4, solver: 'ddim', seed: 5, eta: 1 })
    expect(eta.settings.eta).toBe(1)
    expect(bitEqual(base.audio.channels[0], eta.audio.channels[0])).toBe(false)
    const beta = await diffusion.fill(mono, [REGION], { steps: 4, solver: 'ancestral', seed: 5 })
    const tilde = await diffusion.fill(mono, [REGION], { steps: 4, solver: 'ancestral', seed: 5, variance: 'beta-tilde' })
    expect(bitEqual(beta.audio.channels[0], tilde.audio.channels[0])).toBe(false)
  })

  it('refuses the other family’s solvers (and bad η) with one line, in both directions', async () => {
    await expect(diffusion.fill(mono, [REGION], { solver: 'midpoint' })).rejects.toMatchObject({
      code: 'BAD_SETTINGS',
      message: expect.stringMatching(/^solver midpoint is for flow-matching models; model "Voicefill tiny DDPM test model \(not for use\)" is ddpm-epsilon: use ancestral or ddim$/),
    })
    await expect(flow.fill(mono, [REGION], { solver: 'ddim' })).rejects.toMatchObject({ code: 'BAD_SETTINGS', message: expect.stringMatching(/^solver ddim is for diffusion \(ddpm-epsilon\) models; .* use euler or midpoint or heun$/) })
    await expect(diffusion.fill(mono, [REGION], { eta: 1.5 })).rejects.toMatchObject({ code: 'BAD_SETTINGS', message: 'eta must be from 0 to 1 (got 1.5)' })
    await expect(diffusion.fill(mono, [REGION], { steps: 1001 })).rejects.toMatchObject({ message: 'steps must be an integer from 1 to 1000 (got 1001)' })
  })

  it('reports progress per network call and cancels between calls', async () => {
    const seen: Progress[] = []
    await diffusion.fill(mono, [REGION], { steps: 4, solver: 'ddim', seed: 1 }, { onProgress: (p) => seen.push(p) })
    expect(seen.map((p) => [p.call, p.totalCalls, p.t])).toEqual([
      [1, 4, 0.25],
      [2, 4, 0.5],
      [3, 4, 0.75],
      [4, 4, 1],
    ])
    const ctl = new AbortController()
    const run = diffusion.fill(mono, [REGION], { steps: 20, solver: 'ancestral', seed: 1 }, { signal: ctl.signal, onProgress: (p) => p.call === 3 && ctl.abort() })
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' })
  })

  it('captures x_t and x̂_0 on the chain, and starts from the flow model’s noise for the same seed', async () => {
    const d = (await diffusion.fill(mono, [REGION], { steps: 4, solver: 'ddim', seed: 9 }, { captureTrajectory: true })).regions[0].trajectory!
    const f = (await flow.fill(mono, [REGION], { steps: 4, solver: 'euler', seed: 9 }, { captureTrajectory: true })).regions[0].trajectory!
    expect(d.family).toBe('diffusion')
    expect(d.timesteps).toEqual([1000, 750, 500, 250, 0])
    expect(d.times).toEqual([0, 0.25, 0.5, 0.75, 1])
    expect(d.alphaBars![0]).toBeCloseTo(4.0358e-5, 8)
    expect(d.alphaBars![4]).toBe(1)
    expect(d.states.length).toBe(5)
    expect(bitEqual(d.states[0], f.states[0])).toBe(true) // same seed, same window: same starting noise
    expect(bitEqual(d.states[0], gaussianNoise(9, d.frames * d.nMels, 0))).toBe(true)
    expect(bitEqual(d.estimates[4], d.states[4])).toBe(true)
    // Known frames are pasted back into the result only; x̂_0 of the context is the model's own.
    const last = d.estimates[3]
    expect(last.every(Number.isFinite)).toBe(true)
    expect(Math.max(...last.map(Math.abs))).toBeLessThanOrEqual(6) // X0_CLIP
    // The forward view: the original region and the very same noise.
    const fp = d.forward!
    expect(fp.family).toBe('diffusion')
    expect(fp.alphaBar!.length).toBe(1001)
    expect(bitEqual(fp.noise, d.states[0])).toBe(true)
  })

  it('keeps the per-step noise of ancestral sampling apart from every starting-noise stream', () => {
    const streams = new Set<number>()
    for (let region = 0; region < 8; region++) for (const t of [1, 2, 500, 999, 1000]) streams.add(stepNoiseStream(region, t))
    expect(streams.size).toBe(40)
    expect([...streams].every((s) => s >= 0x40000000 && s < 2 ** 32)).toBe(true)
  })
})

describe('forward process view (forwardState)', () => {
  it('noises only the region: data at level 0, the closed form in between, the seed’s noise at the end', async () => {
    const tr = (await diffusion.fill(mono, [REGION], { steps: 2, solver: 'ddim', seed: 2 }, { captureTrajectory: true })).regions[0].trajectory!
    const fp = tr.forward!
    const n = tr.nMels
    const clean = forwardState(fp, n, 0)
    expect(clean.level).toMatchObject({ t: 0, alphaBar: 1, tau: 1 })
    expect(bitEqual(clean.state, fp.clean)).toBe(true)
    const mid = forwardState(fp, n, 0.5)
    expect(mid.level.t).toBe(500)
    const a = fp.alphaBar![500]
    const i = fp.maskStart * n + 7
    expect(mid.state[i]).toBeCloseTo(Math.sqrt(a) * fp.clean[i] + Math.sqrt(1 - a) * fp.noise[i], 5)
    expect(mid.state[3]).toBe(fp.clean[3]) // context frame
    const end = forwardState(fp, n, 1)
    expect(end.level.t).toBe(1000)
    expect(end.state[i]).toBeCloseTo(fp.noise[i], 1)

    const ftr = (await flow.fill(mono, [REGION], { steps: 2, solver: 'euler', seed: 2 }, { captureTrajectory: true })).regions[0].trajectory!
    const ffp = ftr.forward!
    expect(ffp.family).toBe('flow')
    const fm = forwardState(ffp, n, 0.25)
    expect(fm.level.t).toBeNull()
    expect(fm.level.tau).toBe(0.75)
    expect(fm.state[i]).toBeCloseTo(0.25 * ffp.noise[i] + 0.75 * ffp.clean[i], 5)
    expect(forwardState(ffp, n, 1).state[i]).toBeCloseTo(ffp.noise[i], 6)
  })
})

describe('a ladder that mixes a flow model and a diffusion model', () => {
  let res: Awaited<ReturnType<Engine['ladder']>>
  beforeAll(async () => {
    res = await flow.ladder(
      mono,
      REGION,
      [
        { steps: 2, solver: 'midpoint' },
        { steps: 4, solver: 'ddim' },
        { steps: 4, solver: 'ancestral' },
        { steps: 8, solver: 'euler' },
      ],
      { seed: 21, solver: 'heun', guidance: 1 },
      {},
      [diffusion],
    )
  })

  it('runs each rung on the model of its family, one seed, with calls and distances', () => {
    expect(res.variants.map((v) => [v.family, v.settings.solver, v.networkCalls])).toEqual([
      ['flow', 'midpoint', 4],
      ['diffusion', 'ddim', 4],
      ['diffusion', 'ancestral', 4],
      ['flow', 'euler', 8],
    ])
    expect(res.variants.map((v) => v.settings.model)).toEqual([
      'Voicefill tiny test model (not for use)',
      'Voicefill tiny DDPM test model (not for use)',
      'Voicefill tiny DDPM test model (not for use)',
      'Voicefill tiny test model (not for use)',
    ])
    expect(new Set(res.variants.map((v) => v.settings.seed))).toEqual(new Set([21]))
    expect(res.networkCalls).toBe(20)
    expect(res.reference).toBe(3) // the most steps
    expect(res.variants[3].melL1).toBe(0)
    for (const v of res.variants.slice(0, 3)) expect(v.melL1).toBeGreaterThan(0)
    // Same region, same splice, for both models (same frame grid and context).
    for (const v of res.variants) expect(v.splice).toEqual(res.variants[0].splice)
  })

  it('refuses a rung whose family has no model', async () => {
    await expect(flow.ladder(mono, REGION, [{ steps: 2, solver: 'ddim' }], { seed: 1 })).rejects.toMatchObject({
      code: 'BAD_SETTINGS',
      message: 'variant 1 (ddim) needs a diffusion (ddpm-epsilon) model, and none is loaded (load one as the second model)',
    })
  })
})

describe('ladder distances across normalisations', () => {
  const spec = (mean: number, std: number) => ({ nMels: 2, mean: [mean, mean], std: [std, std] }) as unknown as FeatureSpec
  it('renormalises another model’s frames and stretches a different frame count', () => {
    const mel = Float32Array.of(1, 2, 3, 4)
    expect(renormalise(mel, spec(0, 1), spec(0, 1))).toBe(mel)
    expect(Array.from(renormalise(mel, spec(1, 2), spec(0, 1)))).toEqual([3, 5, 7, 9])
    expect(alignedMeanAbsDiff(Float32Array.of(0, 0, 2, 2), Float32Array.of(0, 0, 0, 0, 2, 2), 2)).toBeCloseTo(2 / 3, 6)
  })
})

describe('say with a diffusion model', () => {
  it('speaks a sentence with DDIM', async () => {
    const res = await diffusion.say('Hello there.', { steps: 3, solver: 'ddim', seed: 1, voice: mono })
    expect(res.networkCalls).toBe(3)
    expect(res.audio.channels[0].length).toBeGreaterThan(1000)
    expect(res.audio.channels[0].every(Number.isFinite)).toBe(true)
  })
})

