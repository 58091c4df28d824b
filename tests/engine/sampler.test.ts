import { describe, expect, it } from 'vitest'
import { gaussianNoise } from '../../electron/engine/rng'
import {
  combineGuidance,
  networkCalls,
  prunedGrid,
  sample,
  swayGrid,
  timeGrid,
  uniformGrid,
  type VelocityFn,
} from '../../electron/engine/sampler'
import type { Solver } from '../../electron/engine/types'

// Linear field dx/dt = λ·x + t with exact solution x(t) = (x0 + 1/λ²)·e^{λt} − t/λ − 1/λ².
const LAMBDAS = [-1.5, -0.5, 0.7, 1.2]
const linearField: VelocityFn = async (x, t) => x.map((xi, i) => LAMBDAS[i % LAMBDAS.length] * xi + t)
function linearExact(x0: Float32Array): Float64Array {
  return Float64Array.from(x0, (v, i) => {
    const l = LAMBDAS[i % LAMBDAS.length]
    return (v + 1 / l ** 2) * Math.exp(l) - 1 / l - 1 / l ** 2
  })
}

// OT path between N(0, 1) and N(μ, σ²) (independent coupling): the marginal flow is
// x(t) = t·μ + s(t)·x0 with s(t) = sqrt((1−t)² + t²σ²), so v = μ + (x − tμ)·s'(t)/s(t) and x(1) = μ + σ·x0.
const MU = 2
const SIGMA = 2
const gaussianField: VelocityFn = async (x, t) => {
  const s = Math.sqrt((1 - t) ** 2 + t ** 2 * SIGMA ** 2)
  const ds = (-(1 - t) + t * SIGMA ** 2) / s
  return x.map((xi) => MU + ((xi - t * MU) * ds) / s)
}
const gaussianExact = (x0: Float32Array) => Float64Array.from(x0, (v) => MU + SIGMA * v)

const X0 = Float32Array.from([0.8, -1.1, 0.3, 1.7, -0.4, 0.05, 2.2, -2.0])

async function maxError(field: VelocityFn, exact: Float64Array, solver: Solver, steps: number): Promise<number> {
  const { x } = await sample({ velocity: field, x0: X0, grid: uniformGrid(steps), solver })
  return Math.max(...Array.from(x, (v, i) => Math.abs(v - exact[i])))
}

/** Least-squares slope of log(error) against log(N). */
function slope(ns: number[], errs: number[]): number {
  const xs = ns.map(Math.log)
  const ys = errs.map(Math.log)
  const mx = xs.reduce((a, b) => a + b) / xs.length
  const my = ys.reduce((a, b) => a + b) / ys.length
  const num = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0)
  return num / xs.reduce((a, x) => a + (x - mx) ** 2, 0)
}

describe('sampler convergence order (N = 4…64)', () => {
  const ns = [4, 8, 16, 32, 64]

  it('linear field: Euler error ∝ 1/N, midpoint and Heun ∝ 1/N²', async () => {
    const exact = linearExact(X0)
    const order = async (solver: Solver) => slope(ns, await Promise.all(ns.map((n) => maxError(linearField, exact, solver, n))))
    const euler = await order('euler')
    expect(euler).toBeGreaterThan(-1.15)
    expect(euler).toBeLessThan(-0.85)
    for (const solver of ['midpoint', 'heun'] as const) {
      const p = await order(solver)
      expect(p).toBeGreaterThan(-2.3)
      expect(p).toBeLessThan(-1.8)
    }
  })

  // On this field the leading midpoint error term happens to cancel (it converges like 1/N³), so
  // the second-order solvers are only required to be at least second order here.
  it('Gaussian OT path: Euler error ∝ 1/N, midpoint and Heun at least ∝ 1/N²', async () => {
    const exact = gaussianExact(X0)
    const errors = (solver: Solver) => Promise.all(ns.map((n) => maxError(gaussianField, exact, solver, n)))
    const euler = slope(ns, await errors('euler'))
    expect(euler).toBeGreaterThan(-1.15)
    expect(euler).toBeLessThan(-0.85)
    for (const solver of ['midpoint', 'heun'] as const) {
      const errs = await errors(solver)
      expect(slope(ns, errs)).toBeLessThan(-1.8)
      expect(errs[errs.length - 1]).toBeLessThan(1e-3)
    }
  })
})

describe('time grids', () => {
  it('uniform grid has steps + 1 evenly spaced points', () => {
    expect(uniformGrid(4)).toEqual([0, 0.25, 0.5, 0.75, 1])
  })

  it('sway grid keeps the endpoints, is monotone, and crowds near 0 for s < 0', () => {
    for (const s of [-1, -0.5, 0.3, 2 / (Math.PI - 2)]) {
      const g = swayGrid(32, s)
      expect(g[0]).toBe(0)
      expect(g[32]).toBe(1)
      for (let i = 1; i < g.length; i++) expect(g[i]).toBeGreaterThan(g[i - 1])
    }
    const g = swayGrid(32, -1)
    expect(g[1]).toBeLessThan(1 / 32 / 10) // F5: 0.0012 for 32 steps
    expect(g[1]).toBeCloseTo(1 - Math.cos(Math.PI / 64), 10) // s = −1 reduces to 1 − cos(πu/2)
    expect(g[32] - g[31]).toBeGreaterThan(1 / 32)
    expect(swayGrid(8, 0)).toEqual(uniformGrid(8))
  })

  it('pruned 16-step grid is F5-TTS EPSS-16; every pruned grid is monotone from 0 to 1', () => {
    const epss16 = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32].map((k) => k / 32)
    expect(prunedGrid(16)).toEqual(epss16)
    for (let n = 1; n <= 64; n++) {
      const g = prunedGrid(n)
      expect(g).toHaveLength(n + 1)
      expect(g[0]).toBe(0)
      expect(g[n]).toBe(1)
      for (let i = 1; i < g.length; i++) expect(g[i]).toBeGreaterThan(g[i - 1])
    }
  })

  it('timeGrid picks the schedule', () => {
    expect(timeGrid('uniform', 4, -1)).toEqual(uniformGrid(4))
    expect(timeGrid('sway', 4, -1)).toEqual(swayGrid(4, -1))
    expect(timeGrid('pruned', 16, -1)).toEqual(prunedGrid(16))
  })
})

describe('sample()', () => {
  it('makes steps × stages network calls with one progress event each, t non-decreasing to 1', async () => {
    for (const solver of ['euler', 'midpoint', 'heun'] as const) {
      const ts: number[] = []
      const out = await sample({ velocity: linearField, x0: X0, grid: swayGrid(7, -1), solver, onCall: (call, t) => ts.push(t) })
      expect(out.calls).toBe(networkCalls(7, solver))
      expect(ts).toHaveLength(out.calls)
      for (let i = 1; i < ts.length; i++) expect(ts[i]).toBeGreaterThanOrEqual(ts[i - 1])
      expect(ts[ts.length - 1]).toBe(1)
    }
  })

  it('cancels between network calls', async () => {
    const controller = new AbortController()
    let calls = 0
    const field: VelocityFn = async (x, t) => {
      if (++calls === 3) controller.abort()
      return linearField(x, t)
    }
    await expect(sample({ velocity: field, x0: X0, grid: uniformGrid(10), solver: 'midpoint', signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    })
    expect(calls).toBe(3)
  })

  it('captures the trajectory: x_t at each grid time and the predicted x1 = x_t + (1 − t)·v', async () => {
    const grid = uniformGrid(4)
    const out = await sample({ velocity: gaussianField, x0: X0, grid, solver: 'euler', captureTrajectory: true })
    expect(out.states).toHaveLength(5)
    expect(out.estimates).toHaveLength(5)
    expect(Array.from(out.states![0])).toEqual(Array.from(X0))
    const v0 = await gaussianField(X0, 0)
    out.estimates![0].forEach((e, i) => expect(e).toBeCloseTo(X0[i] + v0[i], 5))
    expect(Array.from(out.states![4])).toEqual(Array.from(out.x))
    // Late in the flow the prediction is closer to the endpoint than the state itself.
    const exact = gaussianExact(X0)
    const err = (a: Float32Array) => Math.max(...Array.from(a, (v, i) => Math.abs(v - exact[i])))
    expect(err(out.estimates![3])).toBeLessThan(err(out.states![3]))
  })

  it('does not modify x0 and rejects a grid that does not run from 0 to 1', async () => {
    const x0 = new Float32Array(X0)
    await sample({ velocity: linearField, x0, grid: uniformGrid(3), solver: 'heun' })
    expect(Array.from(x0)).toEqual(Array.from(X0))
    await expect(sample({ velocity: linearField, x0, grid: [0, 0.5], solver: 'euler' })).rejects.toMatchObject({ code: 'BAD_SETTINGS' })
  })

  it('combines guidance as v_c + w·(v_c − v_u)', () => {
    const out = combineGuidance(Float32Array.of(1, 2), Float32Array.of(0.5, 3), 2, new Float32Array(2))
    expect(Array.from(out)).toEqual([2, 0])
  })
})

describe('seeded noise', () => {
  it('depends only on (seed, length): same seed same noise, longer runs extend it', () => {
    const a = gaussianNoise(42, 1000)
    expect(Array.from(gaussianNoise(42, 1000))).toEqual(Array.from(a))
    expect(Array.from(gaussianNoise(42, 1001).subarray(0, 1000))).toEqual(Array.from(a))
    expect(Array.from(gaussianNoise(43, 1000))).not.toEqual(Array.from(a))
    expect(Array.from(gaussianNoise(42, 1000, 1))).not.toEqual(Array.from(a))
  })

  it('is standard normal', () => {
    const x = gaussianNoise(7, 200_000)
    const mean = x.reduce((s, v) => s + v, 0) / x.length
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length
    expect(Math.abs(mean)).toBeLessThan(0.01)
    expect(Math.abs(variance - 1)).toBeLessThan(0.02)
    expect(x.every(Number.isFinite)).toBe(true)
  })

  it('gives every step count the same x0', async () => {
    const firstInputs: Float32Array[] = []
    for (const steps of [1, 8, 32]) {
      let first: Float32Array | null = null
      await sample({
        velocity: async (x, t) => {
          first ??= new Float32Array(x)
          return linearField(x, t)
        },
        x0: gaussianNoise(1234, 64),
        grid: uniformGrid(steps),
        solver: 'euler',
      })
      firstInputs.push(first!)
    }
    expect(Array.from(firstInputs[1])).toEqual(Array.from(firstInputs[0]))
    expect(Array.from(firstInputs[2])).toEqual(Array.from(firstInputs[0]))
  })
})
