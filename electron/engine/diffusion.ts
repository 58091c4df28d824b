// DDPM ε-prediction (Ho et al. 2020) as pure functions beside the flow solvers in sampler.ts: the β
// schedule, the closed forms, respacing, and the ancestral and DDIM samplers over an ε fn. Like
// sampler.ts it knows nothing about ONNX, masks or guidance. Mirrors training/voicefill/diffusion.py.
//
// Notation. DDPM: x_0 is the data, x_T the noise, t ∈ {1, …, T}; ᾱ_t = Π_{s≤t} (1 − β_s), ᾱ_0 = 1.
// Flow (sampler.ts): x0 is the noise, x1 the data, time τ ∈ [0, 1]. ddpmToFlow / flowToDdpm are the
// one mapping between them. States are row-major [frames × nMels] Float32Arrays.
import { EngineError, type ForwardProcess } from './types'

/** The manifest's `diffusion` object (docs/model-format.md). */
export type DiffusionSpec =
  | { schedule: 'linear'; steps: number; betaStart: number; betaEnd: number }
  | { schedule: 'cosine'; steps: number; cosineS?: number; maxBeta?: number }

export interface NoiseSchedule {
  /** T, the number of steps the model was trained with. */
  steps: number
  /** betas[t − 1] = β_t, t = 1…T */
  betas: Float64Array
  /** alphaBar[t] = ᾱ_t, t = 0…T; alphaBar[0] = 1 */
  alphaBar: Float64Array
}

export type DiffusionMethod = 'ancestral' | 'ddim'
/** Ancestral sampling's σ_t²: β_t, or the posterior's β̃_t = β_t (1 − ᾱ_{t−1}) / (1 − ᾱ_t). */
export type AncestralVariance = 'beta' | 'beta-tilde'

/** β_1 … β_T evenly from betaStart to betaEnd (DDPM: 1e-4 … 0.02, T = 1000). */
export function linearBetas(steps: number, betaStart: number, betaEnd: number): Float64Array {
  const out = new Float64Array(steps)
  for (let i = 0; i < steps; i++) out[i] = steps === 1 ? betaStart : betaStart + ((betaEnd - betaStart) * i) / (steps - 1)
  return out
}

/**
 * Nichol & Dhariwal's cosine schedule: ᾱ(t) = f(t)/f(0), f(t) = cos²((t/T + s)/(1 + s)·π/2), and
 * β_t = 1 − ᾱ(t)/ᾱ(t − 1) clipped at maxBeta (near t = T the ratio goes to 0).
 */
export function cosineBetas(steps: number, s = 0.008, maxBeta = 0.999): Float64Array {
  const f = (t: number) => Math.cos(((t / steps + s) / (1 + s)) * (Math.PI / 2)) ** 2
  const out = new Float64Array(steps)
  for (let t = 1; t <= steps; t++) out[t - 1] = Math.min(maxBeta, 1 - f(t) / f(t - 1))
  return out
}

/** [T + 1]: ᾱ_0 = 1, ᾱ_t = ᾱ_{t−1}·(1 − β_t). */
export function alphaBars(betas: Float64Array): Float64Array {
  const out = new Float64Array(betas.length + 1)
  out[0] = 1
  for (let t = 1; t <= betas.length; t++) out[t] = out[t - 1] * (1 - betas[t - 1])
  return out
}

export function noiseSchedule(spec: DiffusionSpec): NoiseSchedule {
  const betas = spec.schedule === 'linear' ? linearBetas(spec.steps, spec.betaStart, spec.betaEnd) : cosineBetas(spec.steps, spec.cosineS, spec.maxBeta)
  return { steps: spec.steps, betas, alphaBar: alphaBars(betas) }
}

/**
 * Respacing: `count` of the T trained timesteps, from T down, evenly ("trailing" spacing, Lin et al.
 * 2024): t_k = round(T·(count − k)/count), k = 0 … count − 1. The chain always starts at t = T, where
 * x_T is pure noise, and its last step goes to t = 0 (the data). count = T gives T, T − 1, …, 1.
 */
export function respace(steps: number, count: number): number[] {
  if (!Number.isInteger(count) || count < 1 || count > steps) {
    throw new EngineError(`diffusion steps must be an integer from 1 to ${steps} (got ${count})`, 'BAD_SETTINGS')
  }
  return Array.from({ length: count }, (_, k) => Math.round((steps * (count - k)) / count))
}

/** Closed-form forward process x_t = √ᾱ·x_0 + √(1 − ᾱ)·z, into out. */
export function qSample(x0: Float32Array, z: Float32Array, alphaBar: number, out = new Float32Array(x0.length)): Float32Array {
  const a = Math.sqrt(alphaBar)
  const b = Math.sqrt(1 - alphaBar)
  for (let i = 0; i < out.length; i++) out[i] = a * x0[i] + b * z[i]
  return out
}

/** The model's estimate of the clean data: x̂_0 = (x_t − √(1 − ᾱ_t)·ε̂)/√ᾱ_t. */
export function predictX0(xt: Float32Array, eps: Float32Array, alphaBar: number, out = new Float32Array(xt.length)): Float32Array {
  const a = 1 / Math.sqrt(alphaBar)
  const b = Math.sqrt(1 - alphaBar)
  for (let i = 0; i < out.length; i++) out[i] = (xt[i] - b * eps[i]) * a
  return out
}

/** Inverse of predictX0: ε = (x_t − √ᾱ_t·x_0)/√(1 − ᾱ_t). */
export function epsFromX0(xt: Float32Array, x0: Float32Array, alphaBar: number, out = new Float32Array(xt.length)): Float32Array {
  const a = Math.sqrt(alphaBar)
  const b = 1 / Math.sqrt(1 - alphaBar)
  for (let i = 0; i < out.length; i++) out[i] = (xt[i] - a * x0[i]) * b
  return out
}

/**
 * The flow state with the same signal-to-noise ratio as the DDPM state at ᾱ: x_τ = x_t / scale with
 * τ = √ᾱ/(√ᾱ + √(1 − ᾱ)), scale = √ᾱ + √(1 − ᾱ). Then x_τ = (1 − τ)·z + τ·data exactly, for the same
 * data and noise (DDPM x_0 = flow x1, DDPM z = flow x0).
 */
export function ddpmToFlow(alphaBar: number): { tau: number; scale: number } {
  const a = Math.sqrt(alphaBar)
  const scale = a + Math.sqrt(1 - alphaBar)
  return { tau: a / scale, scale }
}

/** Inverse of ddpmToFlow: ᾱ = τ²/(τ² + (1 − τ)²), and x_t = x_τ·scale with scale = 1/√(τ² + (1 − τ)²). */
export function flowToDdpm(tau: number): { alphaBar: number; scale: number } {
  const norm = Math.hypot(tau, 1 - tau)
  return { alphaBar: (tau * tau) / (norm * norm), scale: 1 / norm }
}

/** ε̂ at (x, t), t a DDPM timestep in 1…T. The returned array is only read until the next call. */
export type EpsilonFn = (x: Float32Array, t: number) => Promise<Float32Array>

export interface DiffusionRequest {
  epsilon: EpsilonFn
  /** Starting noise x_T; not modified. */
  xT: Float32Array
  schedule: NoiseSchedule
  /** Strictly decreasing timesteps in 1…T (respace()); one network call each, the last step goes to t = 0. */
  timesteps: readonly number[]
  method: DiffusionMethod
  /** DDIM only: 0 = deterministic; 1 = ancestral with β̃. */
  eta?: number
  /** Ancestral only (default 'beta'). */
  variance?: AncestralVariance
  /** Fresh standard-normal noise for the step that leaves timestep t (ancestral, or DDIM with η > 0). */
  noise: (t: number) => Float32Array
  /** Clip x̂_0 to ±clipX0 (the data's range) and re-derive ε̂ from it, as DDPM implementations do. */
  clipX0?: number
  /** After every network call: calls so far and the progress reached, 1 − t_next/T (1 = data). */
  onCall?: (call: number, reached: number) => void
  /** Checked before every network call. */
  signal?: AbortSignal
  /** Keep x_t and x̂_0 at every timestep (and the result at t = 0). */
  captureTrajectory?: boolean
}

export interface DiffusionOutput {
  x: Float32Array
  calls: number
  states?: Float32Array[]
  estimates?: Float32Array[]
}

/**
 * Runs the reverse chain over `timesteps`, from t to s (the next timestep, 0 after the last):
 *  ancestral  x_s = (x_t − β/√(1 − ᾱ_t)·ε̂)/√α + σ·z, α = ᾱ_t/ᾱ_s, β = 1 − α (the respaced step's β),
 *             σ² = β or β̃ = β(1 − ᾱ_s)/(1 − ᾱ_t); no noise on the last step (DDPM's z = 0 at t = 1);
 *  ddim       x_s = √ᾱ_s·x̂_0 + √(1 − ᾱ_s − σ²)·ε̂ + σ·z, σ = η·√((1 − ᾱ_s)/(1 − ᾱ_t))·√(1 − ᾱ_t/ᾱ_s).
 */
export async function sampleDiffusion(req: DiffusionRequest): Promise<DiffusionOutput> {
  const { schedule, timesteps, method } = req
  const T = schedule.steps
  const eta = req.eta ?? 0
  const variance = req.variance ?? 'beta'
  if (!timesteps.length || timesteps.some((t, k) => !Number.isInteger(t) || t < 1 || t > T || (k > 0 && t >= timesteps[k - 1]))) {
    throw new EngineError(`diffusion timesteps must decrease strictly within 1…${T} (got ${timesteps.length} values)`, 'BAD_SETTINGS')
  }
  if (!(eta >= 0 && eta <= 1)) throw new EngineError(`eta must be from 0 to 1 (got ${eta})`, 'BAD_SETTINGS')
  const n = req.xT.length
  const x = new Float32Array(req.xT)
  const x0 = new Float32Array(n)
  const eps = new Float32Array(n)
  const states: Float32Array[] = []
  const estimates: Float32Array[] = []
  let calls = 0

  for (let k = 0; k < timesteps.length; k++) {
    const t = timesteps[k]
    const s = k + 1 < timesteps.length ? timesteps[k + 1] : 0
    if (req.signal?.aborted) throw new EngineError('cancelled', 'CANCELLED')
    const out = await req.epsilon(x, t)
    if (out.length !== n) throw new EngineError(`epsilon returned ${out.length} values, expected ${n}`, 'INTERNAL')
    calls++
    req.onCall?.(calls, 1 - s / T)
    const abarT = schedule.alphaBar[t]
    const abarS = schedule.alphaBar[s]
    predictX0(x, out, abarT, x0)
    if (req.clipX0 !== undefined) {
      const c = req.clipX0
      for (let i = 0; i < n; i++) x0[i] = Math.min(c, Math.max(-c, x0[i]))
      epsFromX0(x, x0, abarT, eps)
    } else {
      eps.set(out)
    }
    if (req.captureTrajectory) {
      states.push(new Float32Array(x))
      estimates.push(new Float32Array(x0))
    }
    if (method === 'ancestral') {
      const alpha = abarT / abarS
      const beta = 1 - alpha
      const c1 = 1 / Math.sqrt(alpha)
      const c2 = beta / Math.sqrt(1 - abarT)
      const sigma = s > 0 ? Math.sqrt(variance === 'beta' ? beta : (beta * (1 - abarS)) / (1 - abarT)) : 0
      const z = sigma > 0 ? checkedNoise(req, t, n) : null
      for (let i = 0; i < n; i++) x[i] = (x[i] - c2 * eps[i]) * c1 + (z ? sigma * z[i] : 0)
    } else {
      const sigma = s > 0 ? eta * Math.sqrt((1 - abarS) / (1 - abarT)) * Math.sqrt(1 - abarT / abarS) : 0
      const a = Math.sqrt(abarS)
      const b = Math.sqrt(Math.max(0, 1 - abarS - sigma * sigma))
      const z = sigma > 0 ? checkedNoise(req, t, n) : null
      for (let i = 0; i < n; i++) x[i] = a * x0[i] + b * eps[i] + (z ? sigma * z[i] : 0)
    }
  }
  if (req.captureTrajectory) {
    states.push(new Float32Array(x))
    estimates.push(new Float32Array(x)) // at t = 0 the state is the data estimate itself
  }
  return req.captureTrajectory ? { x, calls, states, estimates } : { x, calls }
}

function checkedNoise(req: DiffusionRequest, t: number, n: number): Float32Array {
  const z = req.noise(t)
  if (z.length < n) throw new EngineError(`noise for timestep ${t} has ${z.length} values, expected ${n}`, 'INTERNAL')
  return z
}

// ---------------------------------------------------------------- forward-process view

/** Where a forward-process slider position lands: 0 = the data, 1 = all noise. */
export interface ForwardLevel {
  /** DDPM timestep (diffusion models), else null */
  t: number | null
  /** ᾱ of the state (for flow models, that of the DDPM state with the same signal-to-noise ratio) */
  alphaBar: number
  /** flow time τ of the state (for diffusion models, the same-SNR flow time; ddpmToFlow) */
  tau: number
}

export function forwardLevel(fp: Pick<ForwardProcess, 'family' | 'alphaBar'>, level: number): ForwardLevel {
  const u = Math.min(1, Math.max(0, level))
  if (fp.family === 'diffusion' && fp.alphaBar) {
    const T = fp.alphaBar.length - 1
    const t = Math.round(u * T)
    return { t, alphaBar: fp.alphaBar[t], tau: ddpmToFlow(fp.alphaBar[t]).tau }
  }
  const tau = 1 - u
  const d = tau * tau + (1 - tau) * (1 - tau)
  return { t: null, alphaBar: (tau * tau) / d, tau }
}

/**
 * The region noised by the closed form at `level` (context frames stay the data): diffusion
 * x_t = √ᾱ_t·x_0 + √(1 − ᾱ_t)·z, flow x_τ = (1 − τ)·z + τ·x1, both with the generation's own z.
 */
export function forwardState(fp: ForwardProcess, nMels: number, level: number): { state: Float32Array; level: ForwardLevel } {
  const at = forwardLevel(fp, level)
  const [a, b] = fp.family === 'diffusion' ? [Math.sqrt(at.alphaBar), Math.sqrt(1 - at.alphaBar)] : [at.tau, 1 - at.tau]
  const state = new Float32Array(fp.clean)
  for (let i = fp.maskStart * nMels; i < fp.maskEnd * nMels; i++) state[i] = a * fp.clean[i] + b * fp.noise[i]
  return { state, level: at }
}
