// Stage 3: read one region's window and build the model's inputs (condition, frame-aligned phones,
// mask) at the region's length or a natural one.
import { posteriors, recordingFrames } from '../align/posteriors'
import { loopTempo } from '../align/tempo'
import { LISTEN_SECONDS } from './listen'
import { resample } from '../audio/resample'
import { channelSigns, mixDown, phonesForText, type EngineCore } from '../core'
import { extendBandLearned } from '../dsp/band'
import { modelLogMel } from '../dsp/denoise'
import { logMel, normalise } from '../dsp/features'
import {
  corpusPhoneRate,
  estimateSpeakingRate,
  expandPhones,
  naturalDurations,
  phoneMeans,
  fitToRegion,
  fitWithPauses,
  edgesOf,
  quietRuns,
  speechEdges,
  MIN_PAUSE_SECONDS,
  tempoFactor,
  PHONES_PER_NUCLEUS,
  type RegionCut,
} from '../durations'
import { frameToSeconds, secondsToFrame, spanMask } from '../frames'
import { rms } from '../splice'
import { EngineError, type PcmAudio, type TempoSource, type Timings } from '../types'
import { frameToInput, type RegionGeometry } from './geometry'
import { modelInputGain, scaled } from './level'
import { describeRegion, type PlannedRegion } from './plan'

/** Longest stretch one region may generate. */
export const MAX_GENERATE_SECONDS = 30

/** One region ready to sample: the window the model sees and how it maps back to the input. */
export interface RegionJob extends RegionGeometry {
  phones: string[]
  /** original window: mono at the model rate and its normalised features */
  mono: Float32Array
  feats: Float32Array
  /** generated frames in the model window: [genStart, genStart + genFrames) */
  genFrames: number
  /** model window: condition, frame-aligned phones, mask (1 = generate) */
  frames: number
  cond: Float32Array
  phoneFrames: BigInt64Array
  mask: Uint8Array
  /** [inStart, inEnd) becomes `inner` generated samples at the input rate */
  inner: number
  /** per-channel level relative to the mono mix, over the window */
  balance: number[]
  /** per-channel offset (mean) over the window: removed before the model hears it, carried under the fill */
  dc: number[]
  /** per-channel delay (input samples) of the voice against the mono mix around the region: a spaced pair's
   * channels hear it at different times, and the fill keeps that (channelLags); zeros for mono */
  lags: number[]
  /** gain applied to `mono` before its features (modelInputGain); the vocoded audio is divided by it */
  inputGain: number
  /**
   * frames the text's words take at the speaker's natural pace, and the frames they were given; the
   * tempo of that pace and where it came from (RegionResult.pace)
   */
  pace: { natural: number; given: number; tempo: number; from: TempoSource }
}

/**
 * The phones of a region's text; a text problem names the region ("region 2 (1–1.5 s): text has no words
 * to say …"). `cut`: which ends of a narrowed region lie inside a word, its other phones said there.
 */
export function regionPhones(core: EngineCore, plan: PlannedRegion): ReturnType<typeof phonesForText> & { cut: RegionCut } {
  try {
    // An insert at the file's very start begins with a pause phone: the model makes a lead-in (the room, as a
    // recording begins) before the first word; without it the first phone began at sample 0, faded in over 15 ms.
    const lead = plan.mode === 'insert' && plan.inStart === 0
    const seq = phonesForText(core, plan.spec.text, { leading: lead, trailing: false })
    if (!plan.phoneRange) return { ...seq, cut: {} }
    // Only the phones not already said outside the region (trimToSaid); a word cut at p0 starts at 0.
    const [p0, p1] = plan.phoneRange
    const starts = seq.wordStarts.filter((w) => w > p0 && w < p1).map((w) => w - p0)
    const cut = { before: p0 > 0, after: p1 < seq.symbols.length }
    return { symbols: seq.symbols.slice(p0, p1), ids: seq.ids.slice(p0, p1), wordStarts: [0, ...starts], spoken: seq.spoken, cut }
  } catch (e) {
    if (e instanceof EngineError) throw new EngineError(`${describeRegion(plan.spec, plan.index)}: ${e.message}`, e.code)
    throw e
  }
}

/** Reads the window and builds the model's inputs for one replace / insert / regenerate region. */
export async function prepareRegion(core: EngineCore, audio: PcmAudio, geo: RegionGeometry, timings: Timings): Promise<RegionJob> {
  const { spec: fs } = core
  const { plan, genStart, origEnd, windowStart, windowEnd } = geo
  const clock = { sampleRate: fs.sampleRate, hop: fs.hop }
  const rate = audio.sampleRate
  const name = describeRegion(plan.spec, plan.index)
  const { symbols, ids, wordStarts, cut } = regionPhones(core, plan)

  const started = performance.now()
  // A recording's DC offset is not speech: the model, its level match and the room tone hear the window
  // without it, and the splice puts it back under the fill (a fill without it left a step and a rumble).
  const dc = dcOffsets(audio.channels, windowStart, windowEnd)
  // The model hears it without an offset that reaches a quiet room's level; a smaller one only tints
  // the pauses' lowest bins, which the pause and tempo measures were tuned with.
  const heard = dc.some((d) => Math.abs(d) >= DC_IN_FEATURES) ? dc : dc.map(() => 0)
  const monoIn = mixDown(audio.channels.map((ch, c) => withoutOffset(ch, windowStart, windowEnd, heard[c])), 0, windowEnd - windowStart)
  const mono = rate === fs.sampleRate ? monoIn : await resample(monoIn, rate, fs.sampleRate)
  const inputGain = modelInputGain(mono, fs.hop)
  const logmel = logMel(scaled(mono, inputGain), fs)
  // Below twice fMax (8 kHz audio) the empty top band is filled in for the model (dsp/band.ts: learned where the
  // model has a band extension for the rate, else flat); the output keeps the input's rate.
  // A noisy recording's steady floor is taken out of what the model hears (dsp/denoise.ts); the room tone puts
  // the noise back over the fill. The speaking rate is read from the same (in noise every frame had counted
  // as speech, halving it); the pause and level measures keep the recording as it is.
  const heardMel = modelLogMel(logmel, fs.nMels, fs.logFloor)
  const feats = extendBandLearned(normalise(heardMel, fs), fs, rate)
  timings.featuresMs += performance.now() - started
  const origFrames = feats.length / fs.nMels
  if (origFrames !== geo.origFrames) throw new EngineError(`${name}: window has ${origFrames} frames, expected ${geo.origFrames}`, 'INTERNAL')

  let genFrames: number
  let durations: number[]
  let pace: RegionJob['pace']
  // The speaker's pace: the caller's (from an aligned transcript), else what the listen stage heard around the
  // region (listen.ts); neither: the syllable rate of the window (naturalLength).
  const tempo = plan.spec.tempo ?? plan.tempo
  const context = contextLogMel(heardMel, fs.nMels, genStart, origEnd)
  const told: Pick<RegionJob['pace'], 'tempo' | 'from'> =
    plan.spec.tempo !== undefined ? { tempo: plan.spec.tempo, from: 'caller' } : plan.tempo !== undefined ? { tempo: plan.tempo, from: 'heard' } : { tempo: syllableTempo(core, context), from: 'syllables' }
  const means = phoneMeans(symbols, core.model.manifest.durations.mean)
  if (plan.length === 'region') {
    genFrames = origEnd - genStart
    if (genFrames < symbols.length) {
      throw new EngineError(
        `${name} is too short for its text: its ${symbols.length === 1 ? 'sound needs' : `${symbols.length} sounds need`} at least ${frameToSeconds(symbols.length, clock).toFixed(2)} s (one frame each); lengthen it or use natural length`,
        'BAD_REGION',
      )
    }
    const natural = await naturalLength(core, ids, means, context, tempo)
    const runs = quietRuns(logmel, fs.nMels, genStart, origEnd)
    // An end with speech on both sides of it (a word the recording goes on saying) takes no pause, as a
    // narrowed region's cut word does: with no quiet edge to follow, half the spare frames went there, and
    // a region from the file's start to inside a word ended on a pause before the rest of the word (a
    // 20-40 dB dip). With both ends inside speech the words take the spare (as with a narrowed region cut
    // at both ends): split as pauses, each seam had a 40 dB dip inside a word.
    const inside = speechEdges(logmel, fs.nMels, genStart, origEnd)
    const edges: RegionCut = cut.before || cut.after ? cut : inside
    const kept = fitWithPauses(natural, genFrames, runs, wordStarts, secondsToFrame(MIN_PAUSE_SECONDS, clock), edges)
    const sil = () => {
      const id = core.model.phoneIds.get('sil')
      if (id === undefined) throw new EngineError(`model ${core.model.manifestPath}: phones.symbols lacks "sil"`, 'BAD_MODEL')
      return id
    }
    const naturalFrames = natural.reduce((a, b) => a + b, 0)
    if (kept) {
      // The speaker's own pauses stay where they were, between the words nearest them.
      durations = kept.durations
      pace = { natural: naturalFrames, given: kept.durations.reduce((a, b) => a + b, 0), ...told }
      for (const p of [...kept.pauses].reverse()) {
        symbols.splice(p.at, 0, 'sil')
        ids.splice(p.at, 0, sil())
        durations.splice(p.at, 0, p.frames)
      }
    } else {
      const quiet = edgesOf(runs, genFrames)
      const fit = fitToRegion(means, natural, genFrames, quiet.before, quiet.after, edges)
      durations = fit.durations
      pace = { natural: naturalFrames, given: genFrames - fit.padBefore - fit.padAfter, ...told }
      // A generous selection: speech at a natural pace, pauses where the original had its quiet edges.
      if (fit.padBefore) {
        symbols.unshift('sil')
        ids.unshift(sil())
        durations.unshift(fit.padBefore)
      }
      if (fit.padAfter) {
        symbols.push('sil')
        ids.push(sil())
        durations.push(fit.padAfter)
      }
    }
  } else {
    durations = await naturalLength(core, ids, means, context, tempo)
    genFrames = durations.reduce((a, b) => a + b, 0)
    pace = { natural: genFrames, given: genFrames, ...told }
  }
  if (frameToSeconds(genFrames, clock) > MAX_GENERATE_SECONDS) {
    const seconds = frameToSeconds(genFrames, clock).toFixed(1)
    // At the region's length the region is too long, whatever the text; at natural length the text is.
    if (plan.length === 'region') {
      throw new EngineError(`${name} is ${seconds} s long; one region can generate at most ${MAX_GENERATE_SECONDS} s (shorten it or split it)`, 'BAD_REGION')
    }
    throw new EngineError(`${name}: the text needs ${seconds} s of speech; one region can generate at most ${MAX_GENERATE_SECONDS} s (split the text over several regions)`, 'BAD_TEXT')
  }

  // New window: left context, genFrames to generate, then the original frames from origEnd on.
  const nMels = fs.nMels
  const frames = genStart + genFrames + (origFrames - origEnd)
  const cond = new Float32Array(frames * nMels) // zeros on the frames to generate
  cond.set(feats.subarray(0, genStart * nMels))
  cond.set(feats.subarray(origEnd * nMels), (genStart + genFrames) * nMels)
  const phoneFrames = new BigInt64Array(frames)
  phoneFrames.set(expandPhones(ids, durations), genStart)
  const inner = plan.length === 'region' ? geo.inEnd - geo.inStart : frameToInput(core, windowStart, genStart + genFrames, rate) - geo.inStart

  return {
    ...geo,
    phones: symbols,
    mono,
    feats,
    genFrames,
    frames,
    cond,
    phoneFrames,
    mask: spanMask(frames, genStart, genStart + genFrames),
    inner,
    balance: channelBalance(audio, windowStart, windowEnd, monoIn, heard),
    dc,
    lags: channelLags(audio.channels, monoIn, windowStart, geo.inStart, geo.inEnd, rate, heard),
    inputGain,
    pace,
  }
}

/**
 * The speaker's tempo (frames per manifest-mean frame) from the aligner's free phone loop over up to
 * `reachSeconds` either side of input samples [inStart, inEnd), the region itself left out; undefined
 * without an aligner or with too few phones heard (naturalLength then falls back on the syllable rate).
 * Fills and ladders get it from their listen stage (listen.ts); `say` reads its voice prompt with it.
 */
export async function contextTempo(core: EngineCore, audio: PcmAudio, inStart: number, inEnd: number, reachSeconds = LISTEN_SECONDS): Promise<number | undefined> {
  if (!core.model.aligner) return undefined
  const clock = { sampleRate: core.spec.sampleRate, hop: core.spec.hop }
  const toFrame = (sample: number) => Math.round((sample * core.spec.sampleRate) / audio.sampleRate / core.spec.hop)
  const reach = secondsToFrame(reachSeconds, clock)
  const from = Math.max(0, toFrame(inStart) - reach)
  const to = Math.min(recordingFrames(core, audio), toFrame(inEnd) + reach)
  if (to <= from) return undefined
  const post = await posteriors(core, audio, from, to)
  const { symbols } = core.model.manifest.phones
  return loopTempo(post.logp, post.frames, post.nPhones, symbols, core.model.manifest.durations.mean, toFrame(inStart) - from, toFrame(inEnd) - from)
}

/** Unnormalised log-mel of the context frames only (left of genStart, right from origEnd). */
function contextLogMel(logmel: Float32Array, nMels: number, genStart: number, origEnd: number): Float32Array {
  const left = logmel.subarray(0, genStart * nMels)
  const right = logmel.subarray(origEnd * nMels)
  const out = new Float32Array(left.length + right.length)
  out.set(left)
  out.set(right, left.length)
  return out
}

/**
 * Natural durations: the duration graph if the model has one, else manifest means at the context's
 * tempo. `tempo` (frames per manifest-mean frame, from the speaker's own aligned phones) replaces the
 * tempo estimated from the context's syllable rate when the caller knows it.
 */
export async function naturalLength(core: EngineCore, ids: number[], means: number[], contextLogmel: Float32Array, tempo?: number): Promise<number[]> {
  const clock = { sampleRate: core.spec.sampleRate, hop: core.spec.hop }
  const corpusRate = corpusPhoneRate(core.model.manifest.durations.mean, clock)
  const rate = estimateSpeakingRate(contextLogmel, core.spec.nMels, clock)
  return naturalFrom(core, ids, means, tempo, rate, corpusRate)
}

/** The fallback tempo naturalLength uses without one given: the context's syllable rate against the corpus's. */
export function syllableTempo(core: EngineCore, contextLogmel: Float32Array): number {
  const clock = { sampleRate: core.spec.sampleRate, hop: core.spec.hop }
  return tempoFactor(estimateSpeakingRate(contextLogmel, core.spec.nMels, clock), corpusPhoneRate(core.model.manifest.durations.mean, clock))
}

async function naturalFrom(core: EngineCore, ids: number[], means: number[], tempo: number | undefined, rate: ReturnType<typeof estimateSpeakingRate>, corpusRate: number): Promise<number[]> {
  const graph = core.model.duration
  if (graph) {
    const phonesPerSecond = tempo ? corpusRate / tempo : rate.nucleiPerSecond * PHONES_PER_NUCLEUS || corpusRate
    const { frames } = await graph.run({
      phones: { type: 'int64', data: BigInt64Array.from(ids, (i) => BigInt(i)), dims: [1, ids.length] },
      ctxRate: { type: 'float32', data: Float32Array.of(phonesPerSecond), dims: [1] },
    })
    return checkedDurations(frames.data, ids.length, graph.path)
  }
  return naturalDurations(means, tempo ?? tempoFactor(rate, corpusRate))
}

/** Longest a phone may last, in frames (10 s at 62.5 frames/s): a duration graph saying more is broken. */
const MAX_PHONE_FRAMES = 625

/**
 * A duration graph's frames per phone, rounded, at least 1 each; BAD_MODEL naming the graph when it gives
 * the wrong number of values, a NaN or Infinity, a negative or absurd duration (a user's broken graph
 * had made empty or silent takes with no error).
 */
export function checkedDurations(frames: ArrayLike<number>, phones: number, path: string): number[] {
  if (frames.length !== phones) throw new EngineError(`model ${path}: frames has ${frames.length} values for ${phones} phones`, 'BAD_MODEL')
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]
    if (!Number.isFinite(f) || f < 0 || f > MAX_PHONE_FRAMES) {
      throw new EngineError(`model ${path}: frames[${i}] is ${f} (a phone's duration must be 0 to ${MAX_PHONE_FRAMES} frames)`, 'BAD_MODEL')
    }
  }
  return Array.from(frames, (f) => Math.max(1, Math.round(f)))
}

/** Mean of x over [from, to) clipped to x (0 when empty). */
function meanOf(x: Float32Array, from: number, to: number): number {
  const a = Math.max(0, from)
  const b = Math.min(x.length, to)
  let sum = 0
  for (let i = a; i < b; i++) sum += x[i]
  return b > a ? sum / (b - a) : 0
}

/** Below this (−60 dBFS) an offset is inaudible at a join and left alone, so clean recordings fill as before. */
export const DC_AUDIBLE = 1e-3

/** An offset from this level (−40 dBFS) up is taken out of what the model hears as well. */
export const DC_IN_FEATURES = 1e-2

/** Each channel's mean over [from, to) where any channel's reaches DC_AUDIBLE, else zeros. */
export function dcOffsets(channels: readonly Float32Array[], from: number, to: number): number[] {
  const dc = channels.map((ch) => meanOf(ch, from, to))
  return dc.some((d) => Math.abs(d) >= DC_AUDIBLE) ? dc : dc.map(() => 0)
}

/**
 * ch[from, to) less `dc` as a new array of to − from samples; samples outside the channel (before the
 * file start, past its end) stay 0. `ch` itself when dc is 0 and the range lies inside it.
 */
function withoutOffset(ch: Float32Array, from: number, to: number, dc: number): Float32Array {
  if (dc === 0 && from >= 0 && to <= ch.length) return ch.subarray(from, to)
  const out = new Float32Array(to - from)
  for (let i = Math.max(0, from); i < Math.min(ch.length, to); i++) out[i - from] = ch[i] - dc
  return out
}

/** x less its own mean, in place; returns x. */
export function withoutMean(x: Float32Array): Float32Array {
  const m = meanOf(x, 0, x.length)
  if (m !== 0) for (let i = 0; i < x.length; i++) x[i] -= m
  return x
}

/** Largest inter-channel delay looked for (seconds): a spaced pair a metre or so apart. */
export const MAX_CHANNEL_LAG_SECONDS = 0.003
/** Context read for it on each side of the region (seconds). */
const LAG_CONTEXT_SECONDS = 1
/** A lag is used only when the channel follows the mix this closely at it (normalised correlation)… */
const LAG_MIN_CORRELATION = 0.6
/** …and clearly better than with no delay. */
const LAG_MIN_GAIN = 0.02

/**
 * Each channel's delay against the mono mix `mono` (which starts at input sample `windowStart`), read
 * from the audio around [inStart, inEnd) by cross-correlation within ±MAX_CHANNEL_LAG_SECONDS; 0 where
 * the channel does not clearly lead or lag (coincident or dual-mono recordings, noise).
 */
export function channelLags(
  channels: readonly Float32Array[],
  mono: Float32Array,
  windowStart: number,
  inStart: number,
  inEnd: number,
  rate: number,
  dc: readonly number[] = [],
): number[] {
  if (channels.length < 2) return channels.map(() => 0)
  const L = Math.round(MAX_CHANNEL_LAG_SECONDS * rate)
  const reach = Math.round(LAG_CONTEXT_SECONDS * rate)
  const spans = [
    [Math.max(windowStart, inStart - reach) + L, inStart - L],
    [inEnd + L, Math.min(windowStart + mono.length, inEnd + reach) - L],
  ].filter(([a, b]) => b - a > 2 * L)
  const signs = channelSigns(channels, windowStart, windowStart + mono.length)
  return channels.map((ch, c) => {
    const d = dc[c] ?? 0
    const corr = (lag: number) => {
      let xy = 0
      let xx = 0
      let yy = 0
      for (const [a, b] of spans) {
        for (let n = Math.max(a, -lag, 0); n < Math.min(b, ch.length - lag); n++) {
          const x = signs[c] * (ch[n + lag] - d) // the channel `lag` samples on: it matches the mix when it hears the voice that much later
          const y = mono[n - windowStart]
          xy += x * y
          xx += x * x
          yy += y * y
        }
      }
      return xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : 0
    }
    if (!spans.length) return 0
    const atZero = corr(0)
    let best = 0
    let bestCorr = atZero
    for (let lag = -L; lag <= L; lag++) {
      if (lag === 0) continue
      const r = corr(lag)
      if (r > bestCorr) {
        bestCorr = r
        best = lag
      }
    }
    return bestCorr >= LAG_MIN_CORRELATION && bestCorr - atZero >= LAG_MIN_GAIN ? best : 0
  })
}

function channelBalance(audio: PcmAudio, from: number, to: number, mono: Float32Array, dc: readonly number[]): number[] {
  if (audio.channels.length === 1) return [1]
  const monoRms = rms(mono)
  // A channel mixed in inverted (mixDown) gets the fill inverted too: the recording's polarity stays.
  const signs = channelSigns(audio.channels, from, to)
  return audio.channels.map((ch, c) => {
    if (monoRms < 1e-6) return signs[c]
    const slice = withoutOffset(ch, Math.max(0, from), Math.min(ch.length, to), dc[c])
    return signs[c] * Math.min(4, rms(slice) / monoRms)
  })
}
