// Stage 4: sample one region's window with the flow-matching model.
import type { EngineCore } from '../core'
import { pasteKnownFrames } from '../frames'
import { gaussianNoise } from '../rng'
import { sample, timeGrid } from '../sampler'
import type { RunHooks, SamplerSettings, Timings, Trajectory } from '../types'
import { velocityFn } from '../velocity'
import type { RegionJob } from './prepare'

export interface GenerateOutput {
  /** the whole model window after sampling, known frames pasted back exactly; [frames × nMels] */
  mel: Float32Array
  calls: number
  trajectory?: Trajectory
}

/** Samples one region's window. x0 comes from (seed, window size, region index) only. */
export async function generateMel(
  core: EngineCore,
  job: RegionJob,
  settings: SamplerSettings,
  hooks: RunHooks,
  onCall: (call: number, t: number) => void,
  timings: Timings,
): Promise<GenerateOutput> {
  const nMels = core.spec.nMels
  const grid = timeGrid(settings.schedule, settings.steps, settings.sway)
  const x0 = gaussianNoise(settings.seed, job.frames * nMels, job.plan.index)
  const session = core.model.velocity
  const before = session.onnxMs
  try {
    const out = await sample({
      velocity: velocityFn(session, { cond: job.cond, phones: job.phoneFrames, frames: job.frames, nMels }, settings.guidance),
      x0,
      grid,
      solver: settings.solver,
      onCall,
      signal: hooks.signal,
      captureTrajectory: hooks.captureTrajectory,
    })
    pasteKnownFrames(out.x, job.cond, job.mask, nMels)
    const trajectory: Trajectory | undefined = out.states && out.estimates && {
      frames: job.frames,
      nMels,
      times: grid,
      states: out.states,
      estimates: out.estimates,
      maskStart: job.genStart,
      maskEnd: job.genStart + job.genFrames,
    }
    return { mel: out.x, calls: out.calls, trajectory }
  } finally {
    timings.onnxMs += session.onnxMs - before
  }
}
