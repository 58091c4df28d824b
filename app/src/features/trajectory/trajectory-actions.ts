// The trajectory view: generate the selected region once with every step captured (x_t and the
// model's estimate of the result: x_t + (1 − t)·v for flow, x̂_0 for diffusion), scrub through the
// steps, and hear any step vocoded; beside it, the original region under the forward process.

import { regionRequest } from '../../lib/region-request'
import { info, reportError, success } from '../../actions/notify'
import { api, StudioError } from '../../api'
import type { TakeInfo, Trajectory } from '../../api/types'
import { studio } from '../../store'
import { takeAudio } from '../../store/take-audio'
import { toTakeInfo } from '../../store/takes-slice'
import { currentClip, playClip, stopClip, toAudioBuffer } from '../common/clip-player'
import { newFeatureJob, type FeatureJob } from '../common/feature-job'
import { featureRange } from '../common/images'
import { cancelFeatureJob, runFeatureJob } from '../common/run-feature-job'
import { samplerWithSeed } from '../common/sampler'

/** The captured generation (its arrays stay out of the store). */
let current: { take: TakeInfo; trajectory: Trajectory } | null = null

export function trajectoryData(): Trajectory | null {
  return current?.trajectory ?? null
}

const slot = { get: () => studio.getState().trajectoryJob, set: (job: FeatureJob | null) => studio.getState().setTrajectoryJob(job) }

/** Forgets the trajectory; its take is dropped in the engine unless it was kept. */
export function discardTrajectory(dropInEngine = true): void {
  const s = studio.getState()
  if (current && dropInEngine && !s.trajectory?.kept) void api.dropTakes([current.take.takeId]).catch(() => undefined)
  if (currentClip()?.key.startsWith('trajectory:')) stopClip()
  current = null
  s.setTrajectory(null)
}

export async function generateTrajectory(): Promise<void> {
  const s = studio.getState()
  if (!s.audio || s.trajectoryJob) return
  const index = s.regions.findIndex((r) => r.id === s.selectedRegionId)
  if (index < 0) return info('Select a region on the waveform to watch it being generated')
  // Named as the engine names a region: the toast says its number as it is when read (Toast.regions).
  const region = regionRequest(s.regions[index], index, 'region 1')
  if (typeof region === 'string') return void s.pushToast('error', region, { regions: [s.regions[index].id] })
  if (region.mode === 'delete') return void s.pushToast('error', 'A delete region generates nothing to watch')

  discardTrajectory()
  const audioId = s.audio.audioId
  const settings = { ...samplerWithSeed(), steps: s.trajectorySteps }
  s.setTrajectoryJob(newFeatureJob())
  try {
    const result = await runFeatureJob(slot, () => api.generate({ audioId, regions: [region], settings, captureTrajectory: true }))
    if (result.kind !== 'generate' || studio.getState().audio?.audioId !== audioId) return
    const take = result.takes[0]
    const trajectory = take?.trajectory
    if (!take || !trajectory) throw new Error('the engine returned no trajectory')
    takeAudio.set(take.takeId, take.pcm)
    current = { take: toTakeInfo(take), trajectory }
    studio.getState().setTrajectory({
      takeId: take.takeId,
      audioId,
      regionId: region.regionId,
      settings: take.settings,
      times: trajectory.times,
      family: trajectory.family ?? 'flow',
      timesteps: trajectory.timesteps ?? null,
      alphaBars: trajectory.alphaBars ?? null,
      hasForward: trajectory.forward !== undefined,
      frames: trajectory.frames,
      nMels: trajectory.nMels,
      maskStart: trajectory.maskStart,
      maskEnd: trajectory.maskEnd,
      range: featureRange(trajectory.estimates[trajectory.estimates.length - 1]),
      kept: false,
    })
  } catch (e) {
    if (e instanceof StudioError && e.code === 'CANCELLED') info('Generation cancelled')
    else reportError('Trajectory generation failed', e, undefined, { regions: [region.regionId] }) // the engine calls it region 1
  } finally {
    studio.getState().setTrajectoryJob(null)
  }
}

export function cancelTrajectory(): Promise<void> {
  return cancelFeatureJob(slot)
}

/** Vocodes the shown step (the estimate of the result, or the state x_t itself) and plays it. */
export async function playTrajectoryStep(kind: 'estimate' | 'state'): Promise<void> {
  const s = studio.getState()
  const view = s.trajectory
  if (!view) return
  const step = s.trajectoryStep
  try {
    const chunk = await api.vocodeTrajectory({ takeId: view.takeId, step, kind })
    await playClip(`trajectory:${view.takeId}:${kind}:${step}`, toAudioBuffer(chunk.channels, chunk.sampleRate))
  } catch (e) {
    reportError('Cannot play this step', e)
  }
}

/** Vocodes the original region noised by the closed form at the slider's level, and plays it. */
export async function playForward(): Promise<void> {
  const s = studio.getState()
  const view = s.trajectory
  if (!view?.hasForward) return
  const level = s.forwardLevel
  try {
    const chunk = await api.vocodeTrajectory({ takeId: view.takeId, step: 0, kind: 'forward', level })
    await playClip(`trajectory:${view.takeId}:forward:${Math.round(level * 1000)}`, toAudioBuffer(chunk.channels, chunk.sampleRate))
  } catch (e) {
    reportError('Cannot play the forward process', e)
  }
}

/** Adds the captured generation to its region's takes. */
export function keepTrajectoryTake(): void {
  if (!current) return
  const { added } = studio.getState().addTakes([current.take])
  if (!added.length) return void studio.getState().pushToast('error', 'Cannot keep the take: its region was deleted')
  studio.getState().markTrajectoryKept()
  success('Kept as a take')
}

// Another recording: the engine freed the captured take with the old one.
studio.subscribe((s, prev) => {
  if (s.audio?.audioId !== prev.audio?.audioId && (current || s.trajectory)) discardTrajectory(false)
})
