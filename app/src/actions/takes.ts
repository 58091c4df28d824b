// Takes: audition in context (pre-roll + take + post-roll on the edited timeline), A/B against the
// original at the same place, apply / unapply.

import type { TakePlacement } from '../../../electron/shared/edit-list'
import { api } from '../api'
import { auditionPosition, playAudition, stopAudition } from '../audio/audition'
import { transport } from '../audio/transport'
import { buildEditMap, clipTimeOnView, contextRange, type EditMap } from '../lib/timeline'
import { studio } from '../store'
import { selectEditMap } from '../store/selectors'
import { appliedPlacements } from '../store/takes-slice'
import type { Audition } from '../store/types'
import { errorMessage, reportError } from './notify'

/**
 * Plays a take (or, for 'original', the audio it would replace) in context. The other regions'
 * applied takes stay in, so what you hear is what applying would give. `offset` seconds into the clip.
 */
export async function audition(takeId: string, variant: Audition['variant'], offset = 0): Promise<void> {
  const s = studio.getState()
  const take = s.takes[takeId]
  if (!s.audio || !take) return
  const others = appliedPlacements(s).filter((p) => s.takes[p.takeId]?.regionId !== take.regionId)
  const withTake = variant === 'take' ? [...others, { takeId, replaceStart: take.replaceStart, replaceEnd: take.replaceEnd, frames: take.frames }] : others
  try {
    const map = buildEditMap(s.audio.frames, s.audio.sampleRate, withTake)
    const replaced = variant === 'take' ? take.frames : take.replaceEnd - take.replaceStart
    const range = contextRange(map, take.replaceStart, replaced, s.preRoll, s.postRoll)
    const chunk = await api.readPcm({
      audioId: s.audio.audioId,
      startFrame: range.startFrame,
      endFrame: range.endFrame,
      takeIds: withTake.map((p) => p.takeId),
    })
    transport.pause()
    // The playhead follows the audition and goes back afterwards (an A/B switch keeps where it was before).
    if (!studio.getState().audition) homeTime = transport.time()
    const entry: Audition = { regionId: take.regionId, takeId, variant }
    await playAudition(chunk, offset, () => {
      if (studio.getState().audition === entry) {
        studio.getState().setAudition(null)
        goHome()
      }
    })
    studio.getState().setAudition(entry)
    // What stands in the region's place in the clip: the take, or the source range it would replace.
    const placed = { takeId, replaceStart: take.replaceStart, replaceEnd: take.replaceEnd, frames: replaced }
    follow(entry, map, placed, range.startFrame / s.audio.sampleRate)
  } catch (e) {
    reportError('Cannot play the take', e)
  }
}

/** Where the playhead was before an audition began; it returns there when the audition stops. */
let homeTime: number | null = null

function goHome(): void {
  if (homeTime !== null) transport.settleAt(homeTime)
  homeTime = null
}

/**
 * Moves the playhead with the audition while `entry` plays: clip seconds from `clipStart` of the clip's
 * timeline (`clipMap`, `placed` in the region's place), said on the waveform's timeline, which may hold
 * another take there or none (a natural-length take heard before it is applied is longer than the range).
 */
function follow(entry: Audition, clipMap: EditMap, placed: TakePlacement, clipStart: number): void {
  const step = () => {
    const s = studio.getState()
    if (s.audition !== entry) return // replaced by an A/B switch, or stopped
    const at = auditionPosition()
    const view = selectEditMap(s)
    if (at !== null && view) transport.follow(clipTimeOnView(view, clipMap, placed, clipStart + at))
    requestAnimationFrame(step)
  }
  requestAnimationFrame(step)
}

/** A/B: switches between the take and the original, keeping the position in the clip. */
export function toggleAB(takeId: string): Promise<void> {
  const current = studio.getState().audition
  if (!current || current.takeId !== takeId) return audition(takeId, 'original')
  const at = auditionPosition() ?? 0
  return audition(takeId, current.variant === 'take' ? 'original' : 'take', at)
}

export function stopAuditioning(): void {
  stopAudition()
  studio.getState().setAudition(null)
  goHome()
}

export function applyTake(takeId: string): void {
  try {
    stopAuditioning()
    studio.getState().applyTake(takeId)
  } catch (e) {
    studio.getState().pushToast('error', `Cannot apply the take: ${errorMessage(e)}`)
  }
}

export function unapplyRegion(regionId: string): void {
  stopAuditioning()
  studio.getState().unapplyRegion(regionId)
}
