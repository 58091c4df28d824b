// Takes: each generation adds one take per region (metadata only; PCM lives in take-audio.ts).
// Applying a take puts its audio on the edited timeline; all of it is undoable.

import type { StateCreator } from 'zustand'
import type { TakePlacement } from '../../../electron/shared/edit-list'
import { layoutEdits } from '../../../electron/shared/edit-list'
import type { Take, TakeInfo } from '../../../electron/shared/studio-types'
import { overlaps } from '../lib/regions'
import { commit } from './history-slice'
import type { Store, TakesSlice } from './types'

/** A take without its audio: what the document (and so the history) may hold. */
export function toTakeInfo(take: Take): TakeInfo {
  const { pcm: _pcm, trajectory: _trajectory, ...info } = take
  return info
}

/** Takes the aligner checked first, best score first; then the rest, oldest first. */
export function rankTakes(takes: readonly TakeInfo[], text?: string): TakeInfo[] {
  // Takes of the words now in the box come first: a well-checked take of earlier words is not what to apply.
  const words = (x: string) => x.trim().replace(/\s+/g, ' ')
  const current = (t: TakeInfo) => (text === undefined || words(t.region.text) === words(text) ? 4 : 0)
  const rank = (t: TakeInfo) => current(t) + (t.check ? (t.check.passes ? 2 : 1) + t.check.score / 2 : 0)
  return [...takes].sort((a, b) => rank(b) - rank(a) || a.createdAt - b.createdAt)
}

/** The applied takes as edit-list placements. */
export function appliedPlacements(s: Pick<Store, 'takes' | 'applied'>): TakePlacement[] {
  return Object.values(s.applied).flatMap((takeId) => {
    const t = s.takes[takeId]
    // The crossfade margins lie over the source sample for sample (edit-list.ts TakePlacement).
    return t ? [{ takeId, replaceStart: t.replaceStart, replaceEnd: t.replaceEnd, frames: t.frames, lead: t.splice.inStart - t.replaceStart, trail: t.replaceEnd - t.splice.inEnd }] : []
  })
}

/** The applied take ids, in a stable order (media URLs and exports key on them). */
export function appliedTakeIds(s: Pick<Store, 'applied'>): string[] {
  return Object.values(s.applied).sort()
}

/** Seconds a region may differ from the span its take was made for and still be where it was made (the engine's rounding). */
const MADE_AT_EPSILON = 0.0005

/** Whether `take` was made for a span other than its region's now (the region moved or was resized since). */
export function madeElsewhere(take: Pick<TakeInfo, 'region'>, region: { start: number; end: number }): boolean {
  return Math.abs(region.start - take.region.start) > MADE_AT_EPSILON || Math.abs(region.end - take.region.end) > MADE_AT_EPSILON
}

export const createTakesSlice: StateCreator<Store, [], [], TakesSlice> = (set, get) => ({
  takes: {},
  applied: {},
  selectedTakeId: null,

  addTakes: (incoming) => {
    const s = get()
    const live = new Set(s.regions.map((r) => r.id))
    const keep = incoming.filter((t) => live.has(t.regionId))
    const orphaned = incoming.filter((t) => !live.has(t.regionId)).map((t) => t.takeId)
    if (keep.length > 0) {
      const takes = { ...s.takes, ...Object.fromEntries(keep.map((t) => [t.takeId, t])) }
      commit(set, get, keep.length === 1 ? 'Generate take' : `Generate ${keep.length} takes`, { takes })
      const last = keep[keep.length - 1]
      set({ selectedTakeId: last.takeId, selectedRegionId: s.selectedRegionId ?? last.regionId })
    }
    return { added: keep.map((t) => t.takeId), orphaned }
  },

  applyTake: (takeId) => {
    const s = get()
    const take = s.takes[takeId]
    if (!take || s.applied[take.regionId] === takeId) return
    const applied = { ...s.applied, [take.regionId]: takeId }
    // A take replaces its region ± a crossfade: one that reaches into another applied take is refused, by region numbers.
    const number = (regionId: string) => s.regions.findIndex((r) => r.id === regionId) + 1
    for (const [regionId, otherId] of Object.entries(s.applied)) {
      const other = s.takes[otherId]
      if (regionId === take.regionId || !other) continue
      if (take.replaceStart < other.replaceEnd && other.replaceStart < take.replaceEnd) {
        throw new Error(
          `region ${number(take.regionId)}'s take reaches into the take applied on region ${number(regionId)} (their crossfades meet); unapply that one first, or leave more room between the regions`,
        )
      }
    }
    // Anything else the edit list refuses (a take outside the audio) fails with its own line.
    if (s.audio) layoutEdits(s.audio.frames, appliedPlacements({ takes: s.takes, applied }))
    // A take's audio goes where it was made: a region moved or resized since goes back there with it
    // (its card and the waveform had shown the new span while the take's audio sat at the old one,
    // and another region could be drawn over that audio).
    const region = s.regions.find((r) => r.id === take.regionId)
    const made = { start: take.region.start, end: take.region.end }
    const moved = region !== undefined && madeElsewhere(take, region)
    if (moved) {
      const other = s.regions.find((r) => r.id !== take.regionId && overlaps(made, r))
      if (other) {
        throw new Error(
          `region ${number(take.regionId)}'s take was made where region ${number(other.id)} now is; move that region, or generate region ${number(take.regionId)} again where it is`,
        )
      }
    }
    const regions = moved ? s.regions.map((r) => (r.id === take.regionId ? { ...r, ...made } : r)).sort((a, b) => a.start - b.start) : s.regions
    commit(set, get, 'Apply take', moved ? { applied, regions } : { applied })
  },

  unapplyRegion: (regionId) => {
    const s = get()
    if (!(regionId in s.applied)) return
    const { [regionId]: _removed, ...applied } = s.applied
    commit(set, get, 'Unapply take', { applied })
  },

  removeTake: (takeId) => {
    const s = get()
    const take = s.takes[takeId]
    if (!take) return
    const { [takeId]: _removed, ...takes } = s.takes
    const applied = Object.fromEntries(Object.entries(s.applied).filter(([, id]) => id !== takeId))
    commit(set, get, 'Delete take', { takes, applied })
    if (s.selectedTakeId === takeId) set({ selectedTakeId: null })
  },

  selectTake: (takeId) => {
    const take = takeId ? get().takes[takeId] : undefined
    set(take ? { selectedTakeId: takeId, selectedRegionId: take.regionId } : { selectedTakeId: null })
  },
})
