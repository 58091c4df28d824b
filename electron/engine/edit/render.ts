// Stage 5: vocode a region's generated frames (plus margins), bring them to the input rate and level,
// and splice them into every channel; a delete is a crossfaded cut.
import { resample } from '../audio/resample'
import { mixDown, vocode, type EngineCore } from '../core'
import { dcOffsets, withoutMean } from './prepare'
import { extendHighBand, highBandProfile, modelBandTopHz } from '../dsp/highband'
import { fillToFloor, roomToneProfile } from '../dsp/roomtone'
import { findSteadyTones, notchTones, TONE_CONTEXT_SECONDS, toneRun } from '../dsp/tones'
import { secondsToFrame } from '../frames'
import { correlation } from '../dsp/channels'
import { cutChannel, equalPowerFade, JOIN_REFERENCE, spliceChannel } from '../splice'
import type { PcmAudio, SpliceInfo, Timings } from '../types'
import type { Fades } from './geometry'
import { contextMatch, levelGain, limitCeiling, scaled, softLimit } from './level'
import type { PlannedRegion } from './plan'
import type { RegionJob } from './prepare'

/** Extra frames vocoded on each side of the generated ones (Griffin-Lim and the resampler misbehave at edges). */
export const VOCODE_MARGIN_SECONDS = 0.1

/**
 * Audio read beyond the model window on each side for the room-tone floor. Within the reach of a
 * windowed fill (window-fill.ts: context + 1.5 s), so a fill from disk and one in memory agree.
 */
export const ROOM_TONE_EXTRA_SECONDS = 1.0

/** Noise streams of the room tone start here, apart from the high band's (stream = region index). */
const ROOM_TONE_STREAM = 1 << 12

/** A region's result as a replacement for input [spanStart, spanEnd) (planar, input rate). */
export interface Replacement {
  spanStart: number
  spanEnd: number
  segment: Float32Array[]
  splice: SpliceInfo
}

/** Vocodes the generated frames plus margins, resamples to the input rate and splices every channel. */
export async function renderReplacement(
  core: EngineCore,
  audio: PcmAudio,
  job: RegionJob,
  mel: Float32Array,
  fades: Fades,
  timings: Timings,
  seed = 0,
): Promise<Replacement> {
  const { spec: fs } = core
  const rate = audio.sampleRate
  const clock = { sampleRate: fs.sampleRate, hop: fs.hop }
  const margin = secondsToFrame(VOCODE_MARGIN_SECONDS, clock)
  const a = Math.max(0, job.genStart - margin)
  const b = Math.min(job.frames, job.genStart + job.genFrames + margin)
  const voc = scaled(await vocode(core, mel.slice(a * fs.nMels, b * fs.nMels), timings), 1 / job.inputGain)
  // Levels are compared in the band the output keeps: below a low-rate recording's Nyquist (8 kHz audio
  // keeps 0–4 kHz of the model's 0–8 kHz), else a fill matched at the model's rate came out 4–6 dB quiet.
  const heard = rate < fs.sampleRate ? await bandLimited(voc, fs.sampleRate, rate) : voc
  const vocGain = vocoderGain(job, heard, a, b, fs.hop)
  const genFrom = (job.genStart - a) * fs.hop
  // The profiles below hear the context without its DC offset (prepare: dc), as the model did.
  const unbiased = (x: Float32Array) => (job.dc.some((d) => d !== 0) ? withoutMean(x) : x)
  const context = [unbiased(mixDown(audio.channels, job.windowStart, job.inStart)), unbiased(mixDown(audio.channels, job.inEnd, job.windowEnd))]
  // A clipped or limited recording: the fill keeps the speech's level and is limited as the context is.
  const ceiling = limitCeiling(context)
  const gain =
    vocGain *
    contextMatch(
      [job.mono.subarray(0, job.genStart * fs.hop), job.mono.subarray(job.origEnd * fs.hop)],
      heard.subarray(genFrom, genFrom + job.genFrames * fs.hop).map((v) => v * vocGain),
      fs.hop,
      ceiling !== null,
    )

  const started = performance.now()
  // 'medium' keeps 90 % of the band: the model's audio has little above its mel fMax anyway.
  let atRate = rate === fs.sampleRate ? voc : await resample(voc, fs.sampleRate, rate, 'medium')
  const bands = { rate, modelTopHz: fs.fMax }
  // Both profiles are in the recording's units: shape the fill at the level it will be spliced at.
  if (gain > 0) {
    // The room's background runs on under the fill (the model's pauses are far quieter than a real room).
    // The floor is read over a second more than the model's window on each side: a window of
    // continuous speech has no pause, and its quietest frames would be speech (docs/engine.md).
    const ext = Math.round(ROOM_TONE_EXTRA_SECONDS * rate)
    const n = audio.channels[0].length
    const around = [
      unbiased(mixDown(audio.channels, Math.max(0, job.windowStart - ext), job.inStart)),
      unbiased(mixDown(audio.channels, job.inEnd, Math.min(n, job.windowEnd + ext))),
    ]
    const room = roomToneProfile(around, rate, modelBandTopHz(bands))
    // Above the model's band the recording has breath, sibilance and room; give the fill the same.
    const high = highBandProfile(context, bands)
    if (room || high) {
      let y: Float32Array = atRate.map((v) => v * gain)
      if (room) y = fillToFloor(y, room, seed, ROOM_TONE_STREAM + job.plan.stream)
      if (high) y = extendHighBand(y, high, seed, job.plan.stream)
      atRate = y.map((v) => v / gain)
    }
  }
  // atRate[0] sits at input sample windowStart + a·hop (output time equals input time up to the region).
  const origin = job.windowStart + Math.round((a * fs.hop * rate) / fs.sampleRate)
  // A steady hum or whine runs on through the fill in phase (the model made it from noise: a third of
  // its level, a random phase). Read on the recording around the region, notched out of what the model
  // made and put back as the recording has it (dsp/tones.ts).
  if (gain > 0) {
    const n = audio.channels[0].length
    const side = Math.round(TONE_CONTEXT_SECONDS * rate)
    const tones = findSteadyTones(
      unbiased(mixDown(audio.channels, Math.max(0, job.inStart - side), job.inStart)),
      unbiased(mixDown(audio.channels, job.inEnd, Math.min(n, job.inEnd + side))),
      rate,
      job.inEnd - job.inStart,
    )
    if (tones.length) {
      atRate = notchTones(atRate, tones, rate)
      const run = toneRun(tones, job.inner, job.inEnd - job.inStart, rate, 1 / gain)
      const at = job.inStart - origin
      for (let i = 0; i < run.length; i++) if (at + i >= 0 && at + i < atRate.length) atRate[at + i] += run[i]
    }
  }
  // Balance ≤ 1 for every channel but the loudest, whose level the mix carries: its ceiling is the mix's.
  if (ceiling !== null && gain > 0) atRate = softLimit(atRate, ceiling / (gain * Math.max(1, ...job.balance.map(Math.abs))))
  timings.featuresMs += performance.now() - started
  const { left, right } = fades
  const gen = new Float32Array(left + job.inner + right)
  const from = job.inStart - left - origin
  for (let i = 0; i < gen.length; i++) {
    const k = from + i
    if (k >= 0 && k < atRate.length) gen[i] = atRate[k]
  }

  const spanStart = job.inStart - left
  // Deletes right after the region: it ends where they start (their samples are the crossfade's `into`).
  const cut = fades.beforeCut
  const spanEnd = cut ? job.inEnd + cut.skip : job.inEnd + right
  // A channel that hears the voice later than the mix (a spaced pair) gets the fill as late (job.lags).
  const delayed = (lag: number) => {
    if (lag === 0) return gen
    const g = new Float32Array(gen.length)
    for (let i = 0; i < g.length; i++) {
      const k = from + i - lag
      if (k >= 0 && k < atRate.length) g[i] = atRate[k]
    }
    return g
  }
  const keep = otherVoiceChannels(audio.channels, job.inStart, job.inEnd, job.windowStart, job.windowEnd, job.inner)
  const ends = { fileStart: fades.fileStart, fileEnd: fades.fileEnd }
  const replacedTo = job.inEnd + (cut ? cut.skip : 0) - spanStart
  const segment = audio.channels.map((ch, c) => {
    const into = cut?.into?.[c]
    if (keep[c]) return into ? crossfadeInto(ch.slice(spanStart, spanEnd), into, Math.min(right, job.inEnd - job.inStart), job.dc[c]) : ch.slice(spanStart, spanEnd)
    // Deletes right after the region are already cut from the window (edit.ts reads it so): the audio after the
    // span is what they keep, what the join's loudness is held to (the deleted audio's last samples had set it).
    const follows = cut ? ch.subarray(spanEnd, spanEnd + JOIN_REFERENCE) : undefined
    const spliced = spliceChannel(ch.subarray(spanStart, spanEnd), left, replacedTo, delayed(job.lags[c] ?? 0), job.inner, left, right, gain * job.balance[c], job.dc[c], { ...ends, into, follows })
    // Near full scale (a clipped or hot recording) a crossfade adds two signals at full scale: it stops at
    // the channel's own extremes, which no original sample passes (those stay as they are; 16-bit full
    // scale is −1…32767/32768).
    const extremes = extremesOf(ch, job.windowStart, job.windowEnd)
    return ceiling === null && Math.max(-extremes[0], extremes[1]) < NEAR_FULL_SCALE ? spliced : clampTo(spliced, extremes)
  })
  // After a delete the first `left` samples are the delete's own output, read back from the timeline: left to it.
  const head = fades.afterCut ? left : 0
  return {
    spanStart: spanStart + head,
    spanEnd,
    segment: segment.map((x) => x.subarray(head)),
    splice: { inStart: job.inStart, inEnd: spanEnd - (cut ? 0 : right), outStart: job.inStart, outEnd: job.inStart + job.inner, crossfadeSamples: Math.max(left, right) },
  }
}

/** x with its last n samples crossfaded into `into`'s last n (around the offset dc). */
function crossfadeInto(x: Float32Array, into: Float32Array, n: number, dc: number): Float32Array {
  const k = Math.min(n, x.length, into.length)
  const { fadeOut, fadeIn } = equalPowerFade(k)
  for (let i = 0; i < k; i++) x[x.length - k + i] = (x[x.length - k + i] - dc) * fadeOut[i] + (into[into.length - k + i] - dc) * fadeIn[i] + dc
  return x
}

const NEAR_FULL_SCALE = 0.99

function extremesOf(x: Float32Array, from: number, to: number): [number, number] {
  let lo = 0
  let hi = 0
  for (let i = Math.max(0, from); i < Math.min(x.length, to); i++) {
    lo = Math.min(lo, x[i])
    hi = Math.max(hi, x[i])
  }
  return [lo, hi]
}

function clampTo(x: Float32Array, [lo, hi]: [number, number]): Float32Array {
  for (let i = 0; i < x.length; i++) x[i] = Math.min(hi, Math.max(lo, x[i]))
  return x
}

/** Channels this far under the loudest one inside the region did not carry the words being replaced. */
const OTHER_VOICE_DB = -15
/** …and share this little with it around the region (|correlation|): a separate microphone, not a mix. */
const OTHER_VOICE_CORRELATION = 0.3

/**
 * Per channel, whether it keeps its own audio in a region-length replace: a channel of separate
 * content (a two-microphone interview, |correlation| with the loudest channel under 0.3 around the
 * region) that is 15 dB or more under it inside the region holds the other person, not the words being
 * replaced; the fill had put the edited voice into it. With a length change every channel is filled.
 */
export function otherVoiceChannels(channels: readonly Float32Array[], inStart: number, inEnd: number, windowStart: number, windowEnd: number, inner: number): boolean[] {
  const none = channels.map(() => false)
  if (channels.length < 2 || inner !== inEnd - inStart || inEnd <= inStart) return none
  const energy = (x: Float32Array, from: number, to: number) => {
    let e = 0
    for (let i = Math.max(0, from); i < Math.min(x.length, to); i++) e += x[i] * x[i]
    return e
  }
  const inside = channels.map((ch) => energy(ch, inStart, inEnd))
  const loud = inside.indexOf(Math.max(...inside))
  if (!(inside[loud] > 0)) return none
  const ref = channels[loud]
  return channels.map((ch, c) => {
    if (c === loud || 10 * Math.log10(inside[c] / inside[loud] + 1e-30) > OTHER_VOICE_DB) return false
    const r = correlation(ref, ch, windowStart, windowEnd)
    return r !== 0 && Math.abs(r) < OTHER_VOICE_CORRELATION
  })
}

/** x (at `rate`) as it sounds after a trip through `lowRate`: the band below lowRate / 2, same length. */
export async function bandLimited(x: Float32Array, rate: number, lowRate: number): Promise<Float32Array> {
  const back = await resample(await resample(x, rate, lowRate, 'medium'), lowRate, rate, 'medium')
  const out = new Float32Array(x.length)
  out.set(back.subarray(0, x.length))
  return out
}

/** The context frames inside the vocoded stretch [a, b), two frames in from its ends. */
function vocoderGain(job: RegionJob, voc: Float32Array, a: number, b: number, hop: number): number {
  const edge = 2
  const genEnd = job.genStart + job.genFrames
  const leftFrom = Math.min(job.genStart, a + edge)
  const rightTo = Math.max(genEnd, b - edge)
  return levelGain([
    { orig: job.mono, origFrom: leftFrom * hop, voc, vocFrom: (leftFrom - a) * hop, length: (job.genStart - leftFrom) * hop },
    { orig: job.mono, origFrom: job.origEnd * hop, voc, vocFrom: (genEnd - a) * hop, length: (rightTo - genEnd) * hop },
  ])
}

/** Deletes back to back, cut as one (deleteReplacement); `joined`: a fill ends where the run starts. */
export interface DeleteRun {
  from: number
  to: number
  leftFade: number
  joined?: boolean
}

/** Samples either side of a deleted span over which its offset (mean) is read. */
const DC_SPAN = 4096

/**
 * Delete: cut input [inStart, inEnd) with a crossfade; no model involved. `run` is the stretch of deletes that
 * share ends with this one ([from, to): the caller's regions back to back), cut as one: the first takes the
 * crossfade before the run into the samples that lead into its end, the others are plain cuts, and the last
 * takes the fade-in after it when nothing before the run can fade (another region ends there). Cut one by one,
 * the second faded the audio after the run in from silence: a dip, and samples outside both regions changed.
 */
export function deleteReplacement(audio: PcmAudio, plan: PlannedRegion, fades: Fades, run: DeleteRun = { from: plan.inStart, to: plan.inEnd, leftFade: fades.left }): Replacement {
  const first = plan.inStart === run.from
  const last = plan.inEnd === run.to
  // After a fill (`joined`) the fill's own crossfade leads into the run's end: the run is a plain cut.
  // At the file's end nothing follows the cut: the output simply ends where the run began. A crossfade
  // there took the run's last deleted samples in as the file's end (deleting a beep or a cough to the end
  // left 15 ms of it, faded in, as the last thing heard) and changed 15 ms of audio the user kept.
  const left = first && !run.joined && run.to < audio.channels[0].length ? Math.min(fades.left, run.to - run.from) : 0
  // At the file's start nothing is kept before the cut: the output simply begins where the region
  // ended, as a trimmed recording does. A fade-in there changed 15 ms of audio the user kept.
  const right = last && run.from > 0 && run.leftFade === 0 && !run.joined ? fades.right : 0
  const spanStart = plan.inStart - left
  const spanEnd = plan.inEnd + right
  // The offset over the run and a fade's length either side (DC_SPAN); none for a clean recording.
  const dc = dcOffsets(audio.channels, run.from - left - DC_SPAN, run.to + right + DC_SPAN)
  const segment = audio.channels.map((ch, c) => {
    if (left > 0) {
      // The kept samples before the run crossfade with the run's last deleted ones, which lead into its end.
      const kept = ch.subarray(spanStart, plan.inStart)
      const tail = ch.subarray(run.to - left, run.to)
      return cutChannel(concat(kept, tail), left, 2 * left, left, 0, dc[c])
    }
    // A plain cut, or (the run's last, with no fade before it) the audio after the run fading in.
    return cutChannel(ch.subarray(plan.inStart, spanEnd), 0, plan.inEnd - plan.inStart, 0, right, dc[c])
  })
  return { spanStart, spanEnd, segment, splice: { inStart: plan.inStart, inEnd: plan.inEnd, outStart: plan.inStart, outEnd: plan.inStart, crossfadeSamples: Math.max(left, right) } }
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}
