// Stage 2: where each region sits (its model window and the input samples it replaces) and the
// crossfades at its splice points. Cheap: no audio is read.
import { contextSeconds, type EngineCore } from '../core'
import { frameCount } from '../dsp/features'
import { frameToSeconds, secondsToFrame, secondsToSample } from '../frames'
import type { PcmAudio } from '../types'
import type { PlannedRegion } from './plan'

/** Equal-power crossfade at each splice point. */
export const CROSSFADE_SECONDS = 0.015

/**
 * Where a region sits: the model window around it and the input samples it replaces. Cheap (no
 * audio is read), so every region's splice points are known before any of them is generated.
 */
export interface RegionGeometry {
  plan: PlannedRegion
  /** input samples [windowStart, windowEnd) feed the model; windowStart < 0 reads zeros */
  windowStart: number
  windowEnd: number
  /** frames of the original window, and where the region starts and ends in them */
  origFrames: number
  genStart: number
  origEnd: number
  /** input-rate samples [inStart, inEnd) are replaced */
  inStart: number
  inEnd: number
}

/** Input sample of a model-window frame. */
export function frameToInput(core: EngineCore, windowStart: number, frame: number, rate: number): number {
  return windowStart + Math.round((frame * core.spec.hop * rate) / core.spec.sampleRate)
}

export function regionGeometry(core: EngineCore, audio: PcmAudio, plan: PlannedRegion, offset = 0): RegionGeometry {
  const { spec: fs } = core
  const clock = { sampleRate: fs.sampleRate, hop: fs.hop }
  const rate = audio.sampleRate
  const n = audio.channels[0].length
  // `audio` may be an excerpt of the (partly edited) timeline: input sample x is its sample x + offset.
  const startS = plan.spec.start + offset / rate
  const endS = plan.spec.end + offset / rate
  const planIn = plan.inStart + offset
  const planOut = plan.inEnd + offset
  // The window starts a whole number of frames before the region, so frame genStart is centred on
  // it; near the file start it may begin up to half a frame early (read as zeros).
  const context = contextSeconds(core)
  const genStart = secondsToFrame(Math.min(context, startS), clock)
  const windowStart = secondsToSample(startS - frameToSeconds(genStart, clock), rate)
  const windowEnd = Math.min(n, secondsToSample(endS + context, rate))
  // The resampler returns round(N · to / from) samples.
  const modelSamples = rate === fs.sampleRate ? windowEnd - windowStart : Math.round(((windowEnd - windowStart) * fs.sampleRate) / rate)
  const origFrames = frameCount(modelSamples, fs.hop)
  const origEnd = Math.min(origFrames, genStart + secondsToFrame(plan.spec.end - plan.spec.start, clock))
  // Region-length replaces keep the input's timeline exactly; natural lengths cut where the
  // original frame grid resumes (origEnd), so the right context lines up, or at the file's end.
  if (plan.length === 'region') return { plan, windowStart, windowEnd, origFrames, genStart, origEnd, inStart: planIn, inEnd: planOut }
  const inStart = Math.max(0, frameToInput(core, windowStart, genStart, rate))
  if (planOut === n) return { plan, windowStart, windowEnd, origFrames, genStart, origEnd, inStart, inEnd: n }
  // The original resumes on a whole frame inside the region, never after its end: rounding to the
  // nearest frame would replace up to half a frame (8 ms) of audio the user did not select.
  let resume = origEnd
  const at = (f: number) => Math.min(n, Math.max(inStart, frameToInput(core, windowStart, f, rate)))
  while (resume > genStart && at(resume) > planOut) resume--
  return { plan, windowStart, windowEnd, origFrames, genStart, origEnd: resume, inStart, inEnd: at(resume) }
}

/** Crossfade lengths at a region's two splice points, in input samples. */
export interface Fades {
  left: number
  right: number
  /** The region starts (ends) the file: a fill fades in (out) over this many samples there (splice.ts). */
  fileStart?: number
  fileEnd?: number
  /**
   * A delete right before the region ends at its start (edit.ts): the left crossfade (`left`) fades from the
   * region's own first samples, which the delete's output leads into, and the replacement starts at the region.
   */
  afterCut?: boolean
  /**
   * Deletes right after the region (edit.ts): the replacement also takes the `skip` samples between the region's
   * end and theirs, and its right crossfade (`right` samples) fades into `into` (per channel), the deleted
   * audio that leads into what follows the deletes (none when they reach the file's end).
   */
  beforeCut?: { skip: number; into?: Float32Array[] }
}

/**
 * Crossfades per region side: the nominal length, shortened where the file ends or where a
 * neighbouring region is close (each side gets half of the gap), so spans never overlap.
 */
export function crossfades(plans: readonly { inStart: number; inEnd: number }[], length: number, nominal: number): Fades[] {
  return plans.map((p, i) => ({
    left: Math.max(0, Math.min(nominal, p.inStart, i > 0 ? Math.floor((p.inStart - plans[i - 1].inEnd) / 2) : Infinity)),
    right: Math.max(0, Math.min(nominal, length - p.inEnd, i < plans.length - 1 ? Math.floor((plans[i + 1].inStart - p.inEnd) / 2) : Infinity)),
    ...(p.inStart === 0 ? { fileStart: nominal } : {}),
    ...(p.inEnd === length ? { fileEnd: nominal } : {}),
  }))
}
