// Flow-matching ODE sampler: a pure function of (velocity fn, x0, time grid). It knows nothing about
// ONNX, masks or guidance; the caller's velocity fn owns those (one batched network call each).
import type { Schedule, Solver } from './types'
import { EngineError } from './types'

/**
 * Velocity at (x, t). x and the result are row-major [frames × nMels]. The returned array is only
 * read until the next call, so implementations may reuse one output buffer.
 */
export type VelocityFn = (x: Float32Array, t: number) => Promise<Float32Array>

export interface SampleRequest {
  velocity: VelocityFn
  /** Starting noise at t = grid[0]; not modified. */
  x0: Float32Array
  /** Increasing times from 0 to 1; steps = grid.length − 1. */
  grid: readonly number[]
  solver: Solver
  /** After every network call: calls done so far and the flow time the solver has reached. */
  onCall?: (call: number, t: number) => void
  /** Checked before every network call. */
  signal?: AbortSignal
  /** Keep x_t and the predicted x1 = x_t + (1 − t)·v at every grid time. */
  captureTrajectory?: boolean
}

export interface SampleOutput {
  x: Float32Array
  calls: number
  /** Present when captureTrajectory was set; one entry per grid time. */
  states?: Float32Array[]
  estimates?: Float32Array[]
}

/** Network calls per step: two for midpoint and Heun, one for Euler and the diffusion samplers. */
export function stagesPerStep(solver: Solver): number {
  return solver === 'midpoint' || solver === 'heun' ? 2 : 1
}

export function networkCalls(steps: number, solver: Solver): number {
  return steps * stagesPerStep(solver)
}

/** steps + 1 evenly spaced times in [0, 1]. */
export function uniformGrid(steps: number): number[] {
  return Array.from({ length: steps + 1 }, (_, i) => i / steps)
}

/**
 * Sway sampling (F5-TTS §3.3): t ← t + s·(cos(π/2·t) − 1 + t) on a uniform grid. Monotone for
 * s ∈ [−1, 2/(π−2)]; s < 0 crowds steps near t = 0, where the flow sketches the utterance.
 */
export function swayGrid(steps: number, s: number): number[] {
  return uniformGrid(steps).map((t, i) => (i === steps ? 1 : t + s * (Math.cos((Math.PI / 2) * t) - 1 + t)))
}

/**
 * Pruned few-step grid: a dyadic split of [0, 1] that gives half the steps to [0, ¼], a quarter to
 * [¼, ½] and the rest to [½, 1], evenly within each band; a band left without steps merges into the
 * next. For 16 steps this is exactly F5-TTS's empirically pruned EPSS-16 grid
 * ([0…8, 10, 12, 14, 16, 20, 24, 28, 32] / 32); other counts follow the same shape.
 */
export function prunedGrid(steps: number): number[] {
  const n1 = Math.ceil(steps / 2)
  const n2 = Math.floor((steps - n1) / 2)
  const bands: [number, number, number][] = [
    [0, 0.25, n1],
    [0.25, 0.5, n2],
    [0.5, 1, steps - n1 - n2],
  ]
  const grid = [0]
  let from = 0
  for (const [, to, n] of bands) {
    if (n === 0) continue // merge this band into the next one
    for (let i = 1; i <= n; i++) grid.push(from + ((to - from) * i) / n)
    from = to
  }
  grid[grid.length - 1] = 1
  return grid
}

export function timeGrid(schedule: Schedule, steps: number, sway: number): number[] {
  if (schedule === 'sway') return swayGrid(steps, sway)
  if (schedule === 'pruned') return prunedGrid(steps)
  return uniformGrid(steps)
}

/** Classifier-free guidance v_c + w·(v_c − v_u), written into out. */
export function combineGuidance(vc: Float32Array, vu: Float32Array, w: number, out: Float32Array): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = vc[i] + w * (vc[i] - vu[i])
  return out
}

/** out = a + h·b */
function axpy(a: Float32Array, h: number, b: Float32Array, out: Float32Array): Float32Array {
  for (let i = 0; i < out.length; i++) out[i] = a[i] + h * b[i]
  return out
}

/**
 * Integrates dx/dt = v(x, t) over the grid. Euler: x += h·v(x, t). Midpoint: x += h·v(x + h/2·k1,
 * t + h/2). Heun: x += h/2·(k1 + v(x + h·k1, t + h)). Cancellation is checked between calls.
 */
export async function sample(req: SampleRequest): Promise<SampleOutput> {
  const { grid, solver, velocity } = req
  if (grid.length < 2 || grid[0] !== 0 || grid[grid.length - 1] !== 1) {
    throw new EngineError(`time grid must run from 0 to 1 (got ${grid.length} points)`, 'BAD_SETTINGS')
  }
  const n = req.x0.length
  const x = new Float32Array(req.x0)
  const probe = new Float32Array(n) // the midpoint / Euler-predictor state
  const k1 = solver === 'heun' ? new Float32Array(n) : null // Heun needs k1 after the second call
  const states: Float32Array[] = []
  const estimates: Float32Array[] = []
  let calls = 0

  const call = async (state: Float32Array, t: number, reached: number): Promise<Float32Array> => {
    if (req.signal?.aborted) throw new EngineError('cancelled', 'CANCELLED')
    const v = await velocity(state, t)
    if (v.length !== n) throw new EngineError(`velocity returned ${v.length} values, expected ${n}`, 'INTERNAL')
    calls++
    req.onCall?.(calls, reached)
    return v
  }

  for (let i = 0; i < grid.length - 1; i++) {
    const t = grid[i]
    const h = grid[i + 1] - t
    const v1 = await call(x, t, solver === 'euler' ? grid[i + 1] : t + h / 2)
    if (req.captureTrajectory) {
      states.push(new Float32Array(x))
      estimates.push(axpy(x, 1 - t, v1, new Float32Array(n)))
    }
    if (solver === 'euler') {
      axpy(x, h, v1, x)
    } else if (solver === 'midpoint') {
      const v2 = await call(axpy(x, h / 2, v1, probe), t + h / 2, grid[i + 1])
      axpy(x, h, v2, x)
    } else {
      k1!.set(v1)
      const v2 = await call(axpy(x, h, v1, probe), grid[i + 1], grid[i + 1])
      for (let j = 0; j < n; j++) x[j] += (h / 2) * (k1![j] + v2[j])
    }
  }
  if (req.captureTrajectory) {
    states.push(new Float32Array(x))
    estimates.push(new Float32Array(x)) // at t = 1 the state is its own prediction
  }
  return req.captureTrajectory ? { x, calls, states, estimates } : { x, calls }
}
