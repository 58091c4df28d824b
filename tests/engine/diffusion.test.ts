import { describe, expect, it } from 'vitest'
import {
  alphaBars,
  cosineBetas,
  ddpmToFlow,
  epsFromX0,
  flowToDdpm,
  linearBetas,
  noiseSchedule,
  predictX0,
  qSample,
  respace,
  sampleDiffusion,
  type DiffusionRequest,
  type EpsilonFn,
  type NoiseSchedule,
} from '../../electron/engine/diffusion'
import { gaussianNoise } from '../../electron/engine/rng'

const LINEAR = noiseSchedule({ schedule: 'linear', steps: 1000, betaStart: 1e-4, betaEnd: 0.02 })
const COSINE = noiseSchedule({ schedule: 'cosine', steps: 1000 })

// Gaussian toy: data x_0 ~ N(μ, s²) per value. Then x_t ~ N(√ᾱ μ, ᾱ s² + 1 − ᾱ) and the exact
// (minimum mean-square) ε is E[z | x_t] = √(1 − ᾱ)·(x_t − √ᾱ μ)/(ᾱ s² + 1 − ᾱ).
const MU = 2
const S = 0.5
function exactEps(schedule: NoiseSchedule): EpsilonFn {
  return async (x, t) => {
    const a = schedule.alphaBar[t]
    const k = Math.sqrt(1 - a) / (a * S * S + 1 - a)
    return x.map((v) => k * (v - Math.sqrt(a) * MU))
  }
}

function moments(x: Float32Array): { mean: number; std: number } {
  const mean = x.reduce((a, b) => a + b, 0) / x.length
  return { mean, std: Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length) }
}

const N = 8000
const toy = (method: DiffusionRequest['method'], steps: number, extra: Partial<DiffusionRequest> = {}, schedule = LINEAR) =>
  sampleDiffusion({
    epsilon: exactEps(schedule),
    xT: gaussianNoise(7, N),
    schedule,
    timesteps: respace(1000, steps),
    method,
    noise: (t) => gaussianNoise(7, N, 1000 + t),
    ...extra,
  })

describe('noise schedule', () => {
  it('ᾱ_t is the product of the α_s, for the linear and the cosine schedule', () => {
    for (const sch of [LINEAR, COSINE]) {
      expect(sch.alphaBar.length).toBe(1001)
      expect(sch.alphaBar[0]).toBe(1)
      let prod = 1
      for (let t = 1; t <= 1000; t++) {
        prod *= 1 - sch.betas[t - 1]
        expect(Math.abs(sch.alphaBar[t] - prod)).toBeLessThanOrEqual(1e-12 * prod)
        expect(sch.alphaBar[t]).toBeLessThan(sch.alphaBar[t - 1])
      }
    }
  })

  it('matches the Python schedule (training/voicefill/diffusion.py) to 1e-12', () => {
    // /usr/bin/python3 -c "from voicefill.diffusion import *; a = alpha_bars(betas_for(DiffusionConfig())); ..."
    const python = {
      linear: [0.9999, 0.5240853738253606, 0.07858724288177824, 4.118193638138445e-5, 4.035829765375676e-5],
      cosine: [0.9999587157751783, 0.8470121613269054, 0.4938435904406382, 2.4287669070348544e-6, 2.4287669070348567e-9],
    }
    ;[1, 250, 500, 999, 1000].forEach((t, i) => {
      expect(LINEAR.alphaBar[t]).toBeCloseTo(python.linear[i], 12)
      expect(Math.abs(COSINE.alphaBar[t] / python.cosine[i] - 1)).toBeLessThan(1e-9)
    })
    expect(linearBetas(1000, 1e-4, 0.02)[999]).toBeCloseTo(0.02, 15)
    expect(Math.max(...cosineBetas(1000))).toBeCloseTo(0.999, 12) // clipped at maxBeta
    expect(alphaBars(Float64Array.of(0.5, 0.5))).toEqual(Float64Array.of(1, 0.5, 0.25))
  })

  it('respaces the 1000 steps to any count, always starting at t = T', () => {
    expect(respace(1000, 1)).toEqual([1000])
    expect(respace(1000, 4)).toEqual([1000, 750, 500, 250])
    expect(respace(1000, 3)).toEqual([1000, 667, 333])
    const all = respace(1000, 1000)
    expect(all[0]).toBe(1000)
    expect(all[999]).toBe(1)
    for (const n of [1, 2, 7, 16, 64, 333, 999]) {
      const ts = respace(1000, n)
      expect(ts.length).toBe(n)
      expect(ts.every((t, k) => Number.isInteger(t) && t >= 1 && (k === 0 || t < ts[k - 1]))).toBe(true)
    }
    expect(() => respace(1000, 0)).toThrow(/from 1 to 1000/)
    expect(() => respace(1000, 1001)).toThrow(/from 1 to 1000/)
    expect(() => respace(1000, 2.5)).toThrow(/integer/)
  })
})

describe('closed forms', () => {
  it("x_t's mean and variance over many draws are √ᾱ·x_0 and 1 − ᾱ", () => {
    const x0 = new Float32Array(N).fill(1.5)
    for (const a of [0.95, 0.5, 0.05]) {
      const m = moments(qSample(x0, gaussianNoise(3, N), a))
      expect(m.mean).toBeCloseTo(Math.sqrt(a) * 1.5, 1)
      expect(m.std ** 2 / (1 - a)).toBeGreaterThan(0.96)
      expect(m.std ** 2 / (1 - a)).toBeLessThan(1.04)
    }
  })

  it('ε ↔ x̂_0: the true noise gives the data back, and the two maps are inverses', () => {
    const x0 = gaussianNoise(1, 64)
    const z = gaussianNoise(2, 64)
    for (const a of [0.9999, 0.5, 1e-3]) {
      const xt = qSample(x0, z, a)
      const back = predictX0(xt, z, a)
      back.forEach((v, i) => expect(v).toBeCloseTo(x0[i], 2))
      const eps = gaussianNoise(9, 64)
      epsFromX0(xt, predictX0(xt, eps, a), a).forEach((v, i) => expect(v).toBeCloseTo(eps[i], 3))
    }
  })

  it('maps DDPM notation (x_0 data, x_T noise) onto flow notation (x0 noise, x1 data)', () => {
    const data = gaussianNoise(4, 32)
    const noise = gaussianNoise(5, 32)
    for (const a of [0.98, 0.5, 0.02]) {
      const { tau, scale } = ddpmToFlow(a)
      const xt = qSample(data, noise, a)
      // the flow path x_τ = (1 − τ)·noise + τ·data at the same signal-to-noise ratio
      xt.forEach((v, i) => expect(v / scale).toBeCloseTo((1 - tau) * noise[i] + tau * data[i], 5))
      const inv = flowToDdpm(tau)
      expect(inv.alphaBar).toBeCloseTo(a, 12)
      expect(inv.scale).toBeCloseTo(scale, 12) // x_t = x_τ·scale both ways
    }
    expect(ddpmToFlow(0.5).tau).toBeCloseTo(0.5, 12)
    expect(ddpmToFlow(1).tau).toBe(1)
    expect(ddpmToFlow(0).tau).toBe(0)
  })
})

describe('samplers on a Gaussian toy with the exact ε', () => {
  it('ancestral (σ² = β and β̃) and DDIM (η = 0, 0.5) reach the data mean and variance at 1000 steps', async () => {
    const runs = [
      await toy('ancestral', 1000),
      await toy('ancestral', 1000, { variance: 'beta-tilde' }),
      await toy('ddim', 1000),
      await toy('ddim', 1000, { eta: 0.5 }),
      await toy('ddim', 1000, {}, COSINE),
    ]
    for (const { x, calls } of runs) {
      expect(calls).toBe(1000)
      const m = moments(x)
      expect(Math.abs(m.mean - MU)).toBeLessThan(0.02)
      expect(Math.abs(m.std / S - 1)).toBeLessThan(0.03)
    }
  })

  it('DDIM converges as the step count grows; ancestral at few steps keeps less of the variance right', async () => {
    const stdError = async (method: 'ancestral' | 'ddim', steps: number) => Math.abs(moments((await toy(method, steps)).x).std / S - 1)
    const ddim = [await stdError('ddim', 2), await stdError('ddim', 10), await stdError('ddim', 100)]
    expect(ddim[0]).toBeGreaterThan(ddim[1])
    expect(ddim[1]).toBeGreaterThan(ddim[2])
    expect(ddim[2]).toBeLessThan(0.04) // first order: 0.028 at 100 steps, under 0.03 at 1000 (above)
    // With 1 step both samplers land on x̂_0 = E[x_0 | x_T] ≈ μ: the spread is gone.
    expect(moments((await toy('ancestral', 1)).x).std).toBeLessThan(0.05)
    expect(moments((await toy('ddim', 1)).x).std).toBeLessThan(0.05)
    expect(await stdError('ancestral', 100)).toBeLessThan(0.05)
  })

  it('DDIM with η = 1 is ancestral sampling with β̃ (same noise)', async () => {
    const a = await toy('ddim', 20, { eta: 1 })
    const b = await toy('ancestral', 20, { variance: 'beta-tilde' })
    a.x.forEach((v, i) => expect(v).toBeCloseTo(b.x[i], 4))
  })

  it('DDIM with η = 0 is Euler on the flow ODE (v = x̂_0 − ε̂) at the mapped times', async () => {
    const steps = 12
    const timesteps = respace(1000, steps)
    const eps = exactEps(LINEAR)
    const xT = gaussianNoise(11, 256)
    const { x: ddim } = await sampleDiffusion({ epsilon: eps, xT, schedule: LINEAR, timesteps, method: 'ddim', noise: () => new Float32Array(256) })
    // Flow coordinates: x_τ = x_t / scale(ᾱ_t); τ runs from τ(ᾱ_T) ≈ 0.006 to 1.
    const taus = [...timesteps.map((t) => ddpmToFlow(LINEAR.alphaBar[t]).tau), 1]
    let x = xT.map((v) => v / ddpmToFlow(LINEAR.alphaBar[timesteps[0]]).scale)
    for (let k = 0; k < steps; k++) {
      const a = LINEAR.alphaBar[timesteps[k]]
      const xt = x.map((v) => v * ddpmToFlow(a).scale)
      const e = await eps(xt, timesteps[k])
      const x0 = predictX0(xt, e, a)
      x = x.map((v, i) => v + (taus[k + 1] - taus[k]) * (x0[i] - e[i]))
    }
    x.forEach((v, i) => expect(v).toBeCloseTo(ddim[i], 4))
  })
})

describe('sampleDiffusion mechanics', () => {
  const xT = gaussianNoise(1, 40)
  const eps: EpsilonFn = async (x) => x.map((v) => 0.9 * v)
  const base = { epsilon: eps, xT, schedule: LINEAR, noise: (t: number) => gaussianNoise(1, 40, t) }

  it('is deterministic for the same noise, and the last step adds none', async () => {
    const a = await sampleDiffusion({ ...base, timesteps: respace(1000, 8), method: 'ancestral' })
    const b = await sampleDiffusion({ ...base, timesteps: respace(1000, 8), method: 'ancestral' })
    expect(Array.from(a.x)).toEqual(Array.from(b.x))
    let asked = 0
    const one = await sampleDiffusion({ ...base, timesteps: [1000], method: 'ancestral', noise: () => (asked++, new Float32Array(40)) })
    expect(asked).toBe(0)
    const want = predictX0(xT, await eps(xT, 1000), LINEAR.alphaBar[1000])
    one.x.forEach((v, i) => expect(v).toBeCloseTo(want[i], 3))
  })

  it('reports progress per network call, cancels between calls, captures x_t and x̂_0', async () => {
    const seen: [number, number][] = []
    const out = await sampleDiffusion({ ...base, timesteps: respace(1000, 4), method: 'ddim', captureTrajectory: true, onCall: (c, r) => seen.push([c, r]) })
    expect(seen).toEqual([
      [1, 0.25],
      [2, 0.5],
      [3, 0.75],
      [4, 1],
    ])
    expect(out.states!.length).toBe(5)
    expect(Array.from(out.states![0])).toEqual(Array.from(xT))
    const x0 = predictX0(xT, await eps(xT, 1000), LINEAR.alphaBar[1000])
    out.estimates![0].forEach((v, i) => expect(v).toBeCloseTo(x0[i], 3))
    expect(Array.from(out.estimates![4])).toEqual(Array.from(out.x))

    const ctl = new AbortController()
    let calls = 0
    const run = sampleDiffusion({ ...base, timesteps: respace(1000, 10), method: 'ddim', signal: ctl.signal, onCall: (c) => ((calls = c), c === 2 && ctl.abort()) })
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(calls).toBe(2)
  })

  it('clips x̂_0 to the data range and re-derives ε̂ from it', async () => {
    const wild: EpsilonFn = async (x) => x.map((v) => v - 0.3) // x̂_0 ≈ 0.3/√ᾱ_T ≈ 47 without the clip
    const out = await sampleDiffusion({ ...base, epsilon: wild, timesteps: [1000], method: 'ddim', clipX0: 6, captureTrajectory: true })
    expect(Math.max(...out.estimates![0].map(Math.abs))).toBeLessThanOrEqual(6)
    expect(Math.max(...out.x.map(Math.abs))).toBeLessThanOrEqual(6)
  })

  it('refuses bad timesteps and η with one line', async () => {
    await expect(sampleDiffusion({ ...base, timesteps: [500, 700], method: 'ddim' })).rejects.toThrow(/decrease strictly/)
    await expect(sampleDiffusion({ ...base, timesteps: [1001], method: 'ddim' })).rejects.toThrow(/1…1000/)
    await expect(sampleDiffusion({ ...base, timesteps: [10], method: 'ddim', eta: 2 })).rejects.toThrow(/eta must be from 0 to 1/)
  })
})
