// Stage 4: sample one region's window with the model, flow matching or diffusion (sample-family.ts).
import type { EngineCore } from '../core'
import { pasteKnownFrames } from '../frames'
import { forwardProcess, sampleWindow } from '../sample-family'
import type { RunHooks, SamplerSettings, Timings, Trajectory } from '../types'
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
  const session = core.model.velocity
  const before = session.onnxMs
  try {
    const out = await sampleWindow(core, {
      cond: job.cond,
      phones: job.phoneFrames,
      frames: job.frames,
      settings,
      stream: job.plan.stream,
      onCall,
      signal: hooks.signal,
      captureTrajectory: hooks.captureTrajectory,
    })
    pasteKnownFrames(out.x, job.cond, job.mask, nMels)
    const trajectory: Trajectory | undefined = out.trajectory && {
      ...out.trajectory,
      frames: job.frames,
      nMels,
      maskStart: job.genStart,
      maskEnd: job.genStart + job.genFrames,
      forward: forwardProcess(core, job.feats, job.genStart, job.origEnd, settings.seed, job.plan.stream),
    }
    return { mel: out.x, calls: out.calls, trajectory }
  } finally {
    timings.onnxMs += session.onnxMs - before
  }
}
