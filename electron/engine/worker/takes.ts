// One fill of one region → one take: the output samples that differ from the source, widened by
// the crossfade on both sides so that outside [replaceStart, replaceEnd) the source stays untouched.

import type { FillResult, LadderResult, RegionSpec } from '../types'
import { EngineError } from '../types'
import type { Take } from '../../shared/studio-types'

export interface TakeContext {
  takeId: string
  audioId: string
  regionId: string
  region: RegionSpec
  sourceFrames: number
  label: string
  createdAt: number
}

/**
 * The take of region `k` of a fill. Other regions of the fill are deletes it heard as context (worker
 * generate): its output coordinates are then read as if the take were the only edit, as a take applies.
 */
export function takeFromFill(ctx: TakeContext, fill: FillResult, k?: number): Take {
  const r = fill.regions[k ?? 0]
  if (!r || (k === undefined && fill.regions.length !== 1)) throw new EngineError('expected exactly one region in the fill result', 'INTERNAL')
  const { inStart, inEnd, outStart, outEnd, crossfadeSamples: cf } = r.splice
  const replaceStart = Math.max(0, inStart - cf)
  const replaceEnd = Math.min(ctx.sourceFrames, inEnd + cf)
  const outA = outStart - (inStart - replaceStart)
  const outB = outEnd + (replaceEnd - inEnd)
  const outFrames = fill.audio.channels[0]?.length ?? 0
  if (outA < 0 || outB > outFrames || outB < outA) {
    throw new EngineError(`splice ${outA}..${outB} does not fit the output (${outFrames} frames)`, 'INTERNAL')
  }
  return {
    takeId: ctx.takeId,
    audioId: ctx.audioId,
    regionId: ctx.regionId,
    region: ctx.region,
    replaceStart,
    replaceEnd,
    frames: outB - outA,
    sampleRate: fill.audio.sampleRate,
    // Deletes before it in the fill moved its output by this much; applied, it sits at its own source frames.
    splice: { ...r.splice, outStart: outStart - (outA - replaceStart), outEnd: outEnd - (outA - replaceStart) },
    phones: r.phones,
    generatedSeconds: r.generatedSeconds,
    networkCalls: r.networkCalls,
    settings: fill.settings,
    timings: fill.timings,
    createdAt: ctx.createdAt,
    label: ctx.label,
    pcm: fill.audio.channels.map((c) => c.slice(outA, outB)),
    ...(r.trajectory ? { trajectory: r.trajectory } : {}),
    ...(r.warnings?.length ? { warnings: r.warnings } : {}),
  }
}

/** Rung `rung` of a ladder → a take (the engine already cut its segment with the crossfade margins). */
export function takeFromRung(ctx: TakeContext, ladder: LadderResult, rung: number): Take {
  const v = ladder.variants[rung]
  const { inStart, inEnd, crossfadeSamples: cf } = v.splice
  const frames = v.segment.channels[0]?.length ?? 0
  // At the file's start or end the engine's crossfade is shorter on that side (none at all for a region
  // from 0:00, edit/geometry.ts crossfades): the segment starts and ends where the audio does, as a fill's.
  const replaceStart = inStart - Math.min(cf, inStart)
  const replaceEnd = inEnd + Math.min(cf, ctx.sourceFrames - inEnd)
  if (replaceStart < 0 || replaceEnd > ctx.sourceFrames || replaceEnd < inEnd) {
    throw new EngineError(`ladder rung ${rung} spans ${replaceStart}..${replaceEnd}, outside the audio`, 'INTERNAL')
  }
  return {
    takeId: ctx.takeId,
    audioId: ctx.audioId,
    regionId: ctx.regionId,
    region: ctx.region,
    replaceStart,
    replaceEnd,
    frames,
    sampleRate: v.segment.sampleRate,
    splice: v.splice,
    phones: v.phones,
    generatedSeconds: v.generatedSeconds,
    networkCalls: v.networkCalls,
    settings: v.settings,
    timings: v.timings,
    createdAt: ctx.createdAt,
    label: ctx.label,
    ladder: { rung, reference: ladder.reference, melL1: v.melL1, wallMs: v.wallMs, rtf: v.rtf },
    pcm: v.segment.channels,
    ...(ladder.warnings?.length ? { warnings: ladder.warnings } : {}),
  }
}

export function takeLabel(settings: { seed: number; steps: number; solver: string }): string {
  return `seed ${settings.seed} · ${settings.steps} steps · ${settings.solver}`
}

/** A take cut from a window's fill (window coordinates) → the same take in source coordinates. */
export function shiftTake(t: Take, by: number): Take {
  const s = t.splice
  return {
    ...t,
    replaceStart: t.replaceStart + by,
    replaceEnd: t.replaceEnd + by,
    splice: { ...s, inStart: s.inStart + by, inEnd: s.inEnd + by, outStart: s.outStart + by, outEnd: s.outEnd + by },
  }
}
