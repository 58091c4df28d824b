// One sampling run over a model window, whatever the model's family: the flow ODE solvers
// (sampler.ts) over a velocity graph, or the DDPM samplers (diffusion.ts) over an ε graph. This is
// the one place that picks; edit, say and ladder call it. Both families start from the same noise
// for the same (seed, window, stream), so a ladder that mixes them starts every rung alike.
import { modelFamily, type EngineCore } from './core'
import { respace, sampleDiffusion, type DiffusionMethod } from './diffusion'
import { gaussianNoise } from './rng'
import { sample, timeGrid } from './sampler'
import { EngineError, type ForwardProcess, type SamplerSettings, type Trajectory } from './types'
import { velocityFn } from './velocity'

/**
 * x̂_0 is clipped to ±X0_CLIP (normalised log-mel units) on diffusion steps, as DDPM implementations
 * clip to the data's range: the corpus' features lie within about ±5.2, and without the clip a
 * one-step estimate at ᾱ_T ≈ 4·10⁻⁵ multiplies the network's error in ε by 1/√ᾱ_T ≈ 160.
 */
export const X0_CLIP = 6

export interface WindowRequest {
  /** normalised context, zeros on frames to generate; row-major [frames × nMels] */
  cond: Float32Array
  /** phone ids on frames to generate, 0 elsewhere; [frames] */
  phones: BigInt64Array
  frames: number
  settings: SamplerSettings
  /** Noise stream: the region's index in the call (the sentence's for say). */
  stream: number
  /** After every network call: calls so far and the time reached (flow time, or 1 − t/T). */
  onCall?: (call: number, reached: number) => void
  signal?: AbortSignal
  captureTrajectory?: boolean
}

export interface WindowSample {
  /** The window after sampling (known frames NOT pasted back yet). */
  x: Float32Array
  calls: number
  /** With captureTrajectory: the trajectory's grid, states and estimates (the caller adds the window's geometry). */
  trajectory?: Pick<Trajectory, 'family' | 'times' | 'states' | 'estimates' | 'timesteps' | 'alphaBars'>
}

/** Noise stream of the fresh noise a diffusion step draws when it leaves timestep t. */
export function stepNoiseStream(stream: number, t: number): number {
  return 0x40000000 + stream * 0x20000 + t
}

/** Samples one window with the model's own family of samplers. */
export async function sampleWindow(core: EngineCore, req: WindowRequest): Promise<WindowSample> {
  const { model } = core
  const nMels = core.spec.nMels
  const { settings } = req
  const n = req.frames * nMels
  const x0 = gaussianNoise(settings.seed, n, req.stream) // x0 of the flow, x_T of the chain
  const net = velocityFn(model.velocity, { cond: req.cond, phones: req.phones, frames: req.frames, nMels }, settings.guidance, model.output)
  const base = { onCall: req.onCall, signal: req.signal, captureTrajectory: req.captureTrajectory }

  if (modelFamily(model) === 'flow') {
    if (settings.solver !== 'euler' && settings.solver !== 'midpoint' && settings.solver !== 'heun') {
      throw new EngineError(`solver ${settings.solver} needs a diffusion model; ${model.manifest.name} is flow matching`, 'BAD_SETTINGS')
    }
    const grid = timeGrid(settings.schedule, settings.steps, settings.sway)
    const out = await sample({ ...base, velocity: net, x0, grid, solver: settings.solver })
    const trajectory = out.states && out.estimates && { family: 'flow' as const, times: grid, states: out.states, estimates: out.estimates }
    return { x: out.x, calls: out.calls, ...(trajectory ? { trajectory } : {}) }
  }

  const schedule = model.schedule
  if (!schedule) throw new EngineError(`model ${model.manifestPath}: a ddpm-epsilon model needs its diffusion schedule`, 'BAD_MODEL')
  if (settings.solver !== 'ancestral' && settings.solver !== 'ddim') {
    throw new EngineError(`solver ${settings.solver} needs a flow-matching model; ${model.manifest.name} is a diffusion model`, 'BAD_SETTINGS')
  }
  const T = schedule.steps
  const timesteps = respace(T, settings.steps)
  const out = await sampleDiffusion({
    ...base,
    epsilon: (x, t) => net(x, t / T), // the graph's time input is t/T
    xT: x0,
    schedule,
    timesteps,
    method: settings.solver satisfies DiffusionMethod,
    eta: settings.eta,
    variance: settings.variance,
    noise: (t) => gaussianNoise(settings.seed, n, stepNoiseStream(req.stream, t)),
    clipX0: X0_CLIP,
  })
  const chain = [...timesteps, 0]
  const trajectory = out.states &&
    out.estimates && {
      family: 'diffusion' as const,
      times: chain.map((t) => 1 - t / T),
      timesteps: chain,
      alphaBars: chain.map((t) => schedule.alphaBar[t]),
      states: out.states,
      estimates: out.estimates,
    }
  return { x: out.x, calls: out.calls, ...(trajectory ? { trajectory } : {}) }
}

/**
 * The forward-process picture of a region: its original window's features (`feats`, the data)
 * and the starting noise the same seed gives a window of that size.
 */
export function forwardProcess(core: EngineCore, feats: Float32Array, maskStart: number, maskEnd: number, seed: number, stream: number): ForwardProcess {
  const { model } = core
  const frames = feats.length / core.spec.nMels
  const diffusion = modelFamily(model) === 'diffusion' && model.schedule
  return {
    clean: feats,
    noise: gaussianNoise(seed, feats.length, stream),
    frames,
    maskStart,
    maskEnd,
    family: diffusion ? 'diffusion' : 'flow',
    ...(diffusion ? { alphaBar: Array.from(model.schedule!.alphaBar) } : {}),
  }
}
