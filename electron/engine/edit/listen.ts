// Stage 2 of an edit: what the aligner hears around a region, from one pass of it over the region and
// LISTEN_SECONDS either side (read from the recording before anything is generated): where the region's
// own words are said (said.ts: a repair is narrowed to them) and the speaker's pace (align/tempo.ts
// loopTempo: natural lengths follow it). One pass serves both: they were two aligner runs per region.
import { posteriors, POSTERIOR_MARGIN_FRAMES, recordingFrames } from '../align/posteriors'
import { loopTempo } from '../align/tempo'
import type { EngineCore } from '../core'
import { secondsToFrame } from '../frames'
import type { PcmAudio } from '../types'
import type { PlannedRegion } from './plan'
import { trimToSaid } from './said'

/**
 * Seconds around a region whose phones give the speaker's tempo. Natural lengths of 159 held-out spans
 * against the speaker's time (electron/cli/tempo-check.ts): median |log| 0.238 with 1.5 s, 0.221 with 2 s,
 * 0.225 with 2.5 s; 2 s it is (the aligner's cost grows with it).
 */
export const LISTEN_SECONDS = 2

/** Seconds of audio the listen stage reads beyond a region on each side (LISTEN_SECONDS plus the posteriors' margin). */
export function listenReadSeconds(spec: { sampleRate: number; hop: number }): number {
  return LISTEN_SECONDS + (POSTERIOR_MARGIN_FRAMES * spec.hop) / spec.sampleRate
}

/**
 * The plan narrowed to where its words are said (trimToSaid) and with the speaker's tempo around it
 * (`tempo`: from the phones heard outside the region; absent when the caller gave one, the model has
 * no aligner, or too few phones are heard). A delete is returned as it is.
 */
export async function listenAround(core: EngineCore, audio: PcmAudio, plan: PlannedRegion): Promise<PlannedRegion> {
  if (plan.mode === 'delete' || !core.model.aligner) return plan
  const clock = { sampleRate: core.spec.sampleRate, hop: core.spec.hop }
  const reach = secondsToFrame(LISTEN_SECONDS, clock)
  const from = secondsToFrame(plan.spec.start, clock)
  const to = secondsToFrame(plan.spec.end, clock)
  const a = Math.max(0, from - reach)
  const b = Math.min(recordingFrames(core, audio), to + reach)
  if (b <= a) return trimToSaid(core, audio, plan)
  const heard = await posteriors(core, audio, a, b)
  const trimmed = await trimToSaid(core, audio, plan, heard)
  if (plan.spec.tempo !== undefined) return trimmed
  const tempo = loopTempo(heard.logp, heard.frames, heard.nPhones, core.model.manifest.phones.symbols, core.model.manifest.durations.mean, from - a, to - a)
  return tempo === undefined ? trimmed : { ...trimmed, tempo }
}
