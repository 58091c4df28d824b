// Step-ladder comparison: one region generated at several step counts / solvers from one seed,
// each variant heard in context (pre-roll + variant + post-roll), switched by number keys at the
// same playhead, optionally blind; any variant can be kept as a take of its region. While a variant
// plays, the main playhead follows it over the waveform, and goes back where it was when it stops.

import { regionRequest } from '../../lib/region-request'
import { info, reportError, success, warn } from '../../actions/notify'
import { api, StudioError } from '../../api'
import type { TakeInfo } from '../../api/types'
import { transport } from '../../audio/transport'
import { buildEditMap, clipTimeOnView, contextRange, type EditMap } from '../../lib/timeline'
import type { TakePlacement } from '../../../../electron/shared/edit-list'
import { studio } from '../../store'
import { selectEditMap } from '../../store/selectors'
import { takeAudio } from '../../store/take-audio'
import { appliedPlacements, toTakeInfo } from '../../store/takes-slice'
import { clipPosition, currentClip, onClipChange, playClip, setClipLoop, stopClip, switchClip, toAudioBuffer } from '../common/clip-player'
import { newFeatureJob, type FeatureJob } from '../common/feature-job'
import { cancelFeatureJob, runFeatureJob } from '../common/run-feature-job'
import { pcmFingerprint } from '../common/images'
import { samplerWithSeed } from '../common/sampler'
import { displayOrder, rankSlot, reveal, startBlind } from './blind'
import { loadedFamilies, parseStepList, planVariants, sharedSeed, variantRows } from './ladder-plan'

/** Metadata of the current ladder's takes (kept ones also go to the document). */
const ladderTakes = new Map<string, TakeInfo>()
/**
 * Listening clips per variant: the buffer and where the variant sits in it, made for `context` (the
 * other regions' applied takes and the rolls): a take applied elsewhere since, or other rolls, and the
 * clip is made again, so the variant is heard in the context applying it would give.
 */
const clips = new Map<string, { context: string; clip: Promise<{ buffer: AudioBuffer; fingerprint: string }> }>()
/** Each variant's clip: its timeline (the variant in its region's place), the variant there, and where the clip starts on it (s). */
const clipLayouts = new Map<string, { clipMap: EditMap; placed: TakePlacement; start: number }>()

/**
 * The edited-timeline time (the waveform's, the clock's) of a point `seconds` into variant `takeId`'s
 * clip, or null when it is not known: across the region, at the fraction of the variant played.
 */
export function variantTimelineTime(takeId: string, seconds: number): number | null {
  const layout = clipLayouts.get(takeId)
  const map = selectEditMap(studio.getState())
  return layout && map ? clipTimeOnView(map, layout.clipMap, layout.placed, layout.start + seconds) : null
}

/** Where the main playhead was when a variant began to play (switching variants keeps it); null while none plays. */
let home: number | null = null
/** Counts follow loops: only the latest moves the playhead. */
let following = 0

/** Moves the main playhead with the variant that plays, for as long as one does. */
function followVariant(): void {
  const gen = ++following
  const step = () => {
    const clip = currentClip()
    if (gen !== following || !clip || !ladderTakes.has(clip.key)) return
    const at = clipPosition()
    const t = at === null ? null : variantTimelineTime(clip.key, at)
    if (t !== null) transport.follow(t)
    requestAnimationFrame(step)
  }
  requestAnimationFrame(step)
}

/** A variant stopped (ended, Stop, Esc, another player took over): the playhead back where it was, as after an audition. */
function variantStopped(): void {
  if (home === null) return
  const back = home
  home = null
  following++
  // Not when the transport or an audition took over: the playhead is theirs now.
  const s = studio.getState()
  if (!s.playing && !s.audition) transport.settleAt(back)
}

/** Forgets the current ladder; its takes that were not kept are dropped in the engine. */
export function discardLadder(dropInEngine = true): void {
  const s = studio.getState()
  const kept = new Set(s.compareKept)
  const drop = [...ladderTakes.keys()].filter((id) => !kept.has(id))
  if (currentClip() && ladderTakes.has(currentClip()!.key)) stopClip()
  if (dropInEngine && drop.length) void api.dropTakes(drop).catch(() => undefined)
  ladderTakes.clear()
  clips.clear()
  clipLayouts.clear()
  s.setCompareRun(null)
}

/** Generates the ladder for the selected region. */
export async function runLadder(): Promise<void> {
  const s = studio.getState()
  if (!s.audio || s.compareJob) return
  const index = s.regions.findIndex((r) => r.id === s.selectedRegionId)
  if (index < 0) return info('Select a region on the waveform to compare step counts')
  const parsed = parseStepList(s.compareStepsText)
  if ('error' in parsed) return void s.pushToast('error', `Steps: ${parsed.error}`)
  const plan = planVariants(parsed.steps, s.compareSolvers, loadedFamilies(s.model, s.engine?.secondModel ?? null))
  if ('error' in plan) return void s.pushToast('error', `Ladder: ${plan.error}`)
  // Named as the engine names a region: the toast says its number as it is when read (Toast.regions).
  const region = regionRequest(s.regions[index], index, 'region 1')
  if (typeof region === 'string') return void s.pushToast('error', region, { regions: [s.regions[index].id] })
  if (region.mode === 'delete') return void s.pushToast('error', 'A ladder compares generated speech: a delete region has none')

  discardLadder()
  const audioId = s.audio.audioId
  const settings = samplerWithSeed() // one seed: every rung starts from the same noise
  s.setCompareJob(newFeatureJob())
  try {
    const result = await runFeatureJob(compareJobSlot, () => api.ladder({ audioId, region, variants: plan.variants, settings }))
    if (result.kind !== 'ladder') return
    if (studio.getState().audio?.audioId !== audioId) return // the audio was closed meanwhile
    const infos = result.takes.map(toTakeInfo)
    for (const t of result.takes) takeAudio.set(t.takeId, t.pcm)
    for (const t of infos) ladderTakes.set(t.takeId, t)
    const rows = variantRows(infos)
    const seed = sharedSeed(rows)
    if (seed === null) throw new Error('the engine returned variants with different seeds')
    studio.getState().setCompareRun({ audioId, regionId: region.regionId, seed, rows, preRoll: studio.getState().preRoll })
    const keys = rows.length === 1 ? 'press 1' : `press 1–${Math.min(9, rows.length)}`
    // What fill would say about this region (squeezed words, no voice around it), once for the ladder.
    for (const w of infos[0]?.warnings ?? []) warn(`Ladder: ${w}`)
    if (result.cancelled) info(`Ladder cancelled: the ${rows.length} of ${plan.variants.length} variants made are kept (seed ${seed}): ${keys} to listen`)
    else success(`${rows.length} variant${rows.length === 1 ? '' : 's'} ready (seed ${seed}): ${keys} to listen`)
  } catch (e) {
    if (e instanceof StudioError && e.code === 'CANCELLED') info('Ladder cancelled')
    else reportError('Ladder failed', e, undefined, { regions: [region.regionId] }) // the engine calls it region 1
  } finally {
    studio.getState().setCompareJob(null)
  }
}

const compareJobSlot = { get: () => studio.getState().compareJob, set: (job: FeatureJob | null) => studio.getState().setCompareJob(job) }

/** Stops the ladder between network calls. */
export function cancelLadder(): Promise<void> {
  return cancelFeatureJob(compareJobSlot)
}

/**
 * The variant in context on the edited timeline: the other regions' applied takes stay in, this
 * region gets the variant instead of whatever is applied there.
 */
function contextClip(takeId: string): Promise<{ buffer: AudioBuffer; fingerprint: string }> {
  const s = studio.getState()
  const take = ladderTakes.get(takeId)
  const others = take ? appliedPlacements(s).filter((p) => s.takes[p.takeId]?.regionId !== take.regionId) : []
  const context = JSON.stringify([others.map((p) => p.takeId).sort(), s.preRoll, s.postRoll])
  const cached = clips.get(takeId)
  if (cached?.context === context) return cached.clip
  const clip = (async () => {
    if (!s.audio || !take) throw new Error('this variant is no longer available')
    const placements = [...others, { takeId, replaceStart: take.replaceStart, replaceEnd: take.replaceEnd, frames: take.frames }]
    const map = buildEditMap(s.audio.frames, s.audio.sampleRate, placements)
    const range = contextRange(map, take.replaceStart, take.frames, s.preRoll, s.postRoll)
    const chunk = await api.readPcm({ audioId: s.audio.audioId, startFrame: range.startFrame, endFrame: range.endFrame, takeIds: placements.map((p) => p.takeId) })
    const buffer = toAudioBuffer(chunk.channels, chunk.sampleRate)
    // (A clip made for an older context, still in flight, leaves the newer one's layout alone.)
    if (clips.get(takeId)?.context === context) clipLayouts.set(takeId, { clipMap: map, placed: placements[placements.length - 1], start: range.startFrame / s.audio.sampleRate })
    const at = range.focusStart - range.startFrame
    // Fingerprint what the buffer really holds where the variant should be.
    return { buffer, fingerprint: pcmFingerprint(buffer.getChannelData(0).slice(at, at + take.frames)) }
  })()
  clip.catch(() => clips.get(takeId)?.clip === clip && clips.delete(takeId))
  clips.set(takeId, { context, clip })
  return clip
}

/** Plays row `row` in context; while another variant plays, it takes over at the same playhead. */
export async function playVariant(row: number): Promise<void> {
  const run = studio.getState().compareRun
  const r = run?.rows[row]
  if (!r) return
  try {
    const { buffer, fingerprint } = await contextClip(r.takeId)
    const loop = studio.getState().compareLoop
    const now = currentClip()
    const switching = Boolean(now && ladderTakes.has(now.key))
    // Read before the player pauses the transport: where the playhead goes back to afterwards.
    const from = switching && home !== null ? home : transport.time()
    if (switching) await switchClip(r.takeId, buffer, loop)
    else await playClip(r.takeId, buffer, { loop })
    home = from
    studio.getState().setCompareNowPlaying({ takeId: r.takeId, fingerprint })
    followVariant()
  } catch (e) {
    reportError('Cannot play the variant', e)
  }
}

/** Number key n (1-based) → the n-th listed variant (the shuffled order in blind mode). */
export function playByKey(n: number): void {
  const s = studio.getState()
  if (!s.compareRun) return
  const row = displayOrder(s.compareRun.rows.length, s.compareBlind)[n - 1]
  if (row !== undefined) void playVariant(row)
}

export function stopVariant(): void {
  if (currentClip() && ladderTakes.has(currentClip()!.key)) stopClip()
}

export function toggleCompareLoop(): void {
  const loop = !studio.getState().compareLoop
  studio.getState().setCompareLoop(loop)
  if (currentClip() && ladderTakes.has(currentClip()!.key)) setClipLoop(loop)
}

/** Adds a variant to its region's takes (undoable like any generated take). */
export function keepVariant(takeId: string): void {
  const take = ladderTakes.get(takeId)
  if (!take) return
  const { added } = studio.getState().addTakes([take])
  if (!added.length) return void studio.getState().pushToast('error', 'Cannot keep the variant: its region was deleted')
  studio.getState().markCompareKept(takeId)
  success(`Kept ${take.settings.steps} steps · ${take.settings.solver} as a take`)
}

export function startBlindTest(): void {
  const run = studio.getState().compareRun
  if (!run) return
  stopVariant()
  studio.getState().setCompareBlind(startBlind(run.rows.length))
}

export function rankBlindSlot(slot: number): void {
  const blind = studio.getState().compareBlind
  if (blind) studio.getState().setCompareBlind(rankSlot(blind, slot))
}

export function revealBlind(): void {
  const blind = studio.getState().compareBlind
  if (blind) studio.getState().setCompareBlind(reveal(blind))
}

export function endBlindTest(): void {
  studio.getState().setCompareBlind(null)
}

// What plays is shown from the player's own state: a variant that ended or was replaced is not "playing".
onClipChange((clip) => {
  const now = studio.getState().compareNowPlaying
  if (now && clip?.key !== now.takeId) studio.getState().setCompareNowPlaying(null)
  if (!clip || !ladderTakes.has(clip.key)) variantStopped()
})

// Another recording: its ladder went with it (the engine freed its takes).
studio.subscribe((s, prev) => {
  if (s.audio?.audioId === prev.audio?.audioId) return
  home = null // a place on the recording that went
  if (ladderTakes.size || s.compareRun) discardLadder(false)
})
