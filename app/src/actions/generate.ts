// Generating regions: one job at a time, progress per network call, Cancel between calls. Each
// region's result becomes a take (metadata in the store, PCM in take-audio.ts).

import { api, runJob } from '../api'
import type { GenerateRegion, SamplerSettings } from '../api/types'
import { StudioError } from '../api/errors'
import { randomSeed } from '../lib/ids'
import { documentDeletes, regionRequest } from '../lib/region-request'
import { studio } from '../store'
import { takeAudio } from '../store/take-audio'
import { toTakeInfo } from '../store/takes-slice'
import { info, reportError, success } from './notify'

/** Sampler settings for one generation: the saved ones, with a fresh seed when "random seed" is on. */
function samplerFor(): Partial<SamplerSettings> {
  const settings = studio.getState().settings
  const sampler = { ...(settings?.sampler ?? {}) }
  if (settings?.randomSeed ?? true) sampler.seed = randomSeed()
  return sampler
}

/** Default of "Generate until it checks": seeds tried per region. */
export const DEFAULT_CHECK_TAKES = 4

/** Seeds "Generate until it checks" tries per region (Settings → Checked takes). */
export function checkTakesOf(settings: { ui: Record<string, unknown> } | null): number {
  const n = settings?.ui.checkTakes
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 16 ? n : DEFAULT_CHECK_TAKES
}

/** Generates the regions; with `untilChecks`, up to that many seeds each, stopping at the first take that checks. */
export async function generateRegions(regionIds: string[], opts: { untilChecks?: number } = {}): Promise<void> {
  const s = studio.getState()
  if (!s.audio || s.job || regionIds.length === 0) return
  const audioId = s.audio.audioId
  const requests: GenerateRegion[] = []
  const skipped: { id: string; why: string }[] = []
  for (const id of regionIds) {
    const index = s.regions.findIndex((r) => r.id === id)
    if (index < 0) continue
    // Named as the engine names a region, so the toast says its number as it is when read.
    const req = regionRequest(s.regions[index], index, 'region 1')
    if (typeof req === 'string') {
      // Generate all makes what it can: one region still waiting for its words does not hold up the rest.
      if (regionIds.length > 1) skipped.push({ id, why: req })
      else return void s.pushToast('error', req, { regions: [id] })
    } else requests.push(req)
  }
  for (const { id, why } of skipped) s.pushToast('warning', `${why} (skipped)`, { regions: [id] })
  if (requests.length === 0) return
  // Every deletion in the document, generated or not: a fill beside one hears what the edit keeps beyond it.
  const deletes = documentDeletes(s)
  s.startJob(requests.map((r) => r.regionId))
  try {
    const result = await runJob(
      api,
      () => api.generate({ audioId, regions: requests, ...(deletes.length ? { deletes } : {}), settings: samplerFor(), ...(opts.untilChecks ? { untilChecks: opts.untilChecks } : {}) }),
      (p) => studio.getState().setJobProgress(p),
      (ticket) => studio.getState().setJobTicket(ticket.jobId),
    )
    if (result.kind !== 'generate') return
    // The audio may have been closed meanwhile: then these takes belong to nothing.
    if (studio.getState().audio?.audioId !== audioId) return
    for (const t of result.takes) takeAudio.set(t.takeId, t.pcm)
    const { added, orphaned } = studio.getState().addTakes(result.takes.map(toTakeInfo))
    if (orphaned.length > 0) {
      void api.dropTakes(orphaned).catch(() => undefined)
      info(`${orphaned.length} take(s) dropped: their region was deleted while generating.`)
    }
    if (result.cancelled) info(`Generation cancelled: the ${added.length === 1 ? 'take' : `${added.length} takes`} made before it ${added.length === 1 ? 'is' : 'are'} kept`)
    else if (added.length > 0) success(added.length === 1 ? 'Take ready' : `${added.length} takes ready`)
    // Regions that could not be filled, each by its own number (the others' takes are above), as
    // the regions and the timeline are while the error is up (Toast.regions).
    const requested = requests.map((r) => r.regionId)
    for (const f of result.failed ?? []) studio.getState().pushToast('error', `Generation failed: ${f.message}`, { regions: requested })
    // One note per region (its takes share the text and the region), e.g. words squeezed too tight.
    const noted = new Set<string>()
    for (const t of result.takes) {
      if (!t.warnings?.length || noted.has(t.regionId)) continue
      noted.add(t.regionId)
      // Else dropped above with its region.
      if (studio.getState().regions.some((r) => r.id === t.regionId)) studio.getState().pushToast('info', `region 1: ${t.warnings.join('; ')}`, { regions: [t.regionId] })
    }
    if (opts.untilChecks) {
      const failed = requests.filter((r) => r.text && !result.takes.some((t) => t.regionId === r.regionId && t.check?.passes))
      if (failed.length) info(`${failed.length} region(s) without a take that checks after ${opts.untilChecks} tries: listen to the best-ranked one`)
    }
  } catch (e) {
    if (e instanceof StudioError && e.code === 'CANCELLED') info('Generation cancelled')
    else {
      reportError('Generation failed', e, undefined, { regions: requests.map((r) => r.regionId) })
    }
  } finally {
    studio.getState().endJob()
  }
}

/** "Generate until it checks" for one region. */
export function generateUntilChecks(regionId: string): Promise<void> {
  return generateRegions([regionId], { untilChecks: checkTakesOf(studio.getState().settings) })
}

export function generateSelected(): Promise<void> {
  const id = studio.getState().selectedRegionId
  return id ? generateRegions([id]) : Promise.resolve(info('Select a region to generate'))
}

export function generateAll(): Promise<void> {
  const s = studio.getState()
  // Regions whose take is applied are done; generate the rest.
  const ids = s.regions.filter((r) => !(r.id in s.applied)).map((r) => r.id)
  if (ids.length) return generateRegions(ids)
  return Promise.resolve(
    info(s.regions.length ? 'Every region has its take applied: unapply one (or select it and Generate) to make new takes' : 'No region to generate: drag on the waveform or press R to mark one'),
  )
}

/** Asks the engine to stop between network calls; the job then ends with CANCELLED. */
export async function cancelGeneration(): Promise<void> {
  const job = studio.getState().job
  if (!job || job.cancelling) return
  studio.getState().setCancelling()
  if (!job.jobId) return // the ticket has not arrived yet: cancel once it does (see below)
  try {
    await api.cancelJob(job.jobId)
  } catch (e) {
    reportError('Cancel failed', e)
  }
}

// A Cancel pressed before the ticket arrived is sent as soon as the job id is known.
studio.subscribe((s, prev) => {
  if (s.job?.cancelling && s.job.jobId && !prev.job?.jobId) void api.cancelJob(s.job.jobId).catch(() => undefined)
})
