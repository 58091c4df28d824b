// Editing: fill / insert / delete / regenerate regions of a recording. Regions are generated left to
// right, each in a context window read from the timeline as edited so far (so a region hears the
// edits to its left), vocoded over the region plus margins only, resampled back to the input rate
// and spliced into every channel. The output is assembled in one pass, so every sample outside each
// region's [inStart − crossfade, inEnd + crossfade) is the input's own.
import { resample } from './audio/resample'
import { checkAudio, contextSeconds, emptyTimings, mixDown, phonesForText, resolveSettings, vocode, type EngineCore } from './core'
import { frameCount, logMel, normalise } from './dsp/features'
import { extendHighBand, highBandProfile } from './dsp/highband'
import {
  corpusPhoneRate,
  estimateSpeakingRate,
  expandPhones,
  naturalDurations,
  phoneMeans,
  fitToRegion,
  quietEdges,
  tempoFactor,
  PHONES_PER_NUCLEUS,
} from './durations'
import { frameToSeconds, pasteKnownFrames, secondsToFrame, secondsToSample, spanMask } from './frames'
import { gaussianNoise } from './rng'
import { networkCalls, sample, timeGrid } from './sampler'
import { cutChannel, rms, spliceChannel } from './splice'
import {
  EngineError,
  type FillResult,
  type PcmAudio,
  type RegionLength,
  type RegionMode,
  type RegionResult,
  type RegionSpec,
  type RunHooks,
  type SamplerSettings,
  type SpliceInfo,
  type Timings,
  type Trajectory,
} from './types'
import { velocityFn } from './velocity'

/** Equal-power crossfade at each splice point. */
export const CROSSFADE_SECONDS = 0.015
/** Extra frames vocoded on each side of the generated ones (Griffin-Lim and the resampler misbehave at edges). */
export const VOCODE_MARGIN_SECONDS = 0.1
/** Longest stretch one region may generate. */
export const MAX_GENERATE_SECONDS = 30

/** A validated region: its mode and its input-rate sample range. */
export interface PlannedRegion {
  index: number // position in the caller's array
  stream: number // noise stream: spec.noiseStream ?? index
  spec: RegionSpec
  mode: RegionMode
  length: RegionLength
  inStart: number
  inEnd: number
}

function describeRegion(r: RegionSpec, index: number): string {
  return `region ${index + 1} (${r.start}–${r.end} s)`
}

/** Checks regions against the audio and each other; returns them sorted by start. */
export function planRegions(regions: readonly RegionSpec[], audio: PcmAudio): PlannedRegion[] {
  const duration = audio.channels[0].length / audio.sampleRate
  const bad = (msg: string) => new EngineError(msg, 'BAD_REGION')
  if (!regions.length) throw bad('no regions given')
  const planned = regions.map((spec, index): PlannedRegion => {
    const name = describeRegion(spec, index)
    if (!Number.isFinite(spec.start) || !Number.isFinite(spec.end)) throw bad(`${name}: start and end must be numbers of seconds`)
    if (spec.end < spec.start) throw bad(`${name}: end is before start`)
    if (spec.start < 0 || spec.end > duration + 1e-6) throw bad(`${name}: outside the audio (0–${duration.toFixed(3)} s)`)
    if (typeof spec.text !== 'string') throw bad(`${name}: text must be a string`)
    const empty = spec.text.trim() === ''
    const mode: RegionMode = spec.mode ?? (empty ? 'delete' : spec.start === spec.end ? 'insert' : 'replace')
    if (mode === 'delete' && spec.end <= spec.start) throw bad(`${name}: nothing to delete in an empty region`)
    if (mode !== 'delete' && empty) throw bad(`${name}: ${mode} needs text (an empty text deletes the region)`)
    if (mode === 'insert' && spec.end !== spec.start) throw bad(`${name}: insert needs start = end`)
    if ((mode === 'replace' || mode === 'regenerate') && spec.end <= spec.start) throw bad(`${name}: ${mode} needs end > start (start = end inserts)`)
    const length: RegionLength = mode === 'insert' ? 'natural' : (spec.length ?? 'region')
    if (length !== 'region' && length !== 'natural') throw bad(`${name}: length must be "region" or "natural"`)
    const n = audio.channels[0].length
    return {
      index,
      stream: spec.noiseStream ?? index,
      spec,
      mode,
      length,
      inStart: Math.min(n, secondsToSample(spec.start, audio.sampleRate)),
      inEnd: Math.min(n, secondsToSample(spec.end, audio.sampleRate)),
    }
  })
  const sorted = [...planned].sort((a, b) => a.spec.start - b.spec.start || a.spec.end - b.spec.end)
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]]
    if (b.spec.start < a.spec.end || (b.spec.start === a.spec.start && b.spec.start === b.spec.end)) {
      throw bad(`${describeRegion(b.spec, b.index)} overlaps ${describeRegion(a.spec, a.index)}`)
    }
  }
  return sorted
}

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
function frameToInput(core: EngineCore, windowStart: number, frame: number, rate: number): number {
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
  const inEnd = planOut === n ? n : Math.min(n, Math.max(inStart, frameToInput(core, windowStart, origEnd, rate)))
  return { plan, windowStart, windowEnd, origFrames, genStart, origEnd, inStart, inEnd }
}

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
  /** gain applied to `mono` before its features (modelInputGain); the vocoded audio is divided by it */
  inputGain: number
}

/** Reads the window and builds the model's inputs for one replace / insert / regenerate region. */
export async function prepareRegion(core: EngineCore, audio: PcmAudio, geo: RegionGeometry, timings: Timings): Promise<RegionJob> {
  const { spec: fs } = core
  const { plan, genStart, origEnd, windowStart, windowEnd } = geo
  const clock = { sampleRate: fs.sampleRate, hop: fs.hop }
  const rate = audio.sampleRate
  const name = describeRegion(plan.spec, plan.index)
  const { symbols, ids } = phonesForText(core, plan.spec.text, { leading: false, trailing: false })

  const started = performance.now()
  const monoIn = mixDown(audio.channels, windowStart, windowEnd) // zeros before the file start
  const mono = rate === fs.sampleRate ? monoIn : await resample(monoIn, rate, fs.sampleRate)
  const inputGain = modelInputGain(mono, fs.hop)
  const logmel = logMel(scaled(mono, inputGain), fs)
  const feats = normalise(logmel, fs)
  timings.featuresMs += performance.now() - started
  const origFrames = feats.length / fs.nMels
  if (origFrames !== geo.origFrames) throw new EngineError(`${name}: window has ${origFrames} frames, expected ${geo.origFrames}`, 'INTERNAL')

  let genFrames: number
  let durations: number[]
  const means = phoneMeans(symbols, core.model.manifest.durations.mean)
  if (plan.length === 'region') {
    genFrames = origEnd - genStart
    if (genFrames < symbols.length) {
      throw new EngineError(
        `${name} is too short for its text: ${symbols.length} phones need at least ${symbols.length} frames (${frameToSeconds(symbols.length, clock).toFixed(2)} s); lengthen it or use natural length`,
        'BAD_REGION',
      )
    }
    const natural = await naturalLength(core, ids, means, contextLogMel(logmel, fs.nMels, genStart, origEnd))
    const quiet = quietEdges(logmel, fs.nMels, genStart, origEnd)
    const fit = fitToRegion(means, natural, genFrames, quiet.before, quiet.after)
    durations = fit.durations
    if (fit.padBefore || fit.padAfter) {
      // A generous selection: speech at a natural pace, pauses where the original had its quiet edges.
      const sil = core.model.phoneIds.get('sil')
      if (sil === undefined) throw new EngineError(`model ${core.model.manifestPath}: phones.symbols lacks "sil"`, 'BAD_MODEL')
      if (fit.padBefore) {
        symbols.unshift('sil')
        ids.unshift(sil)
        durations.unshift(fit.padBefore)
      }
      if (fit.padAfter) {
        symbols.push('sil')
        ids.push(sil)
        durations.push(fit.padAfter)
      }
    }
  } else {
    const context = contextLogMel(logmel, fs.nMels, genStart, origEnd)
    durations = await naturalLength(core, ids, means, context)
    genFrames = durations.reduce((a, b) => a + b, 0)
  }
  if (frameToSeconds(genFrames, clock) > MAX_GENERATE_SECONDS) {
    throw new EngineError(`${name}: the text needs ${frameToSeconds(genFrames, clock).toFixed(1)} s of speech; one region can generate at most ${MAX_GENERATE_SECONDS} s`, 'BAD_TEXT')
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
    balance: channelBalance(audio, windowStart, windowEnd, monoIn),
    inputGain,
  }
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

/** Natural durations: the duration graph if the model has one, else manifest means at the context's tempo. */
export async function naturalLength(core: EngineCore, ids: number[], means: number[], contextLogmel: Float32Array): Promise<number[]> {
  const clock = { sampleRate: core.spec.sampleRate, hop: core.spec.hop }
  const rate = estimateSpeakingRate(contextLogmel, core.spec.nMels, clock)
  const graph = core.model.duration
  if (graph) {
    const phonesPerSecond = rate.nucleiPerSecond * PHONES_PER_NUCLEUS || corpusPhoneRate(core.model.manifest.durations.mean, clock)
    const { frames } = await graph.run({
      phones: { type: 'int64', data: BigInt64Array.from(ids, (i) => BigInt(i)), dims: [1, ids.length] },
      ctxRate: { type: 'float32', data: Float32Array.of(phonesPerSecond), dims: [1] },
    })
    return Array.from(frames.data, (f) => Math.max(1, Math.round(f)))
  }
  return naturalDurations(means, tempoFactor(rate, corpusPhoneRate(core.model.manifest.durations.mean, clock)))
}

/** rms(channel) / rms(mono) over the window, so a panned or quieter channel keeps its level. */
function channelBalance(audio: PcmAudio, from: number, to: number, mono: Float32Array): number[] {
  if (audio.channels.length === 1) return [1]
  const monoRms = rms(mono)
  return audio.channels.map((ch) => {
    if (monoRms < 1e-6) return 1
    const slice = ch.subarray(Math.max(0, from), Math.min(ch.length, to))
    return Math.min(4, rms(slice) / monoRms)
  })
}

export interface GenerateOutput {
  /** the whole model window after sampling, known frames pasted back exactly; [frames × nMels] */
  mel: Float32Array
  calls: number
  trajectory?: Trajectory
}

/** Samples one region's window. x0 comes from (seed, window size, region index) only. */
export async function generateMel(
  core: EngineCore,
  job: RegionJob,
  settings: SamplerSettings,
  hooks: RunHooks,
  onCall: (call: number, t: number) => void,
  timings: Timings,
): Promise<GenerateOutput> {
  const nMels = core.spec.nMels
  const grid = timeGrid(settings.schedule, settings.steps, settings.sway)
  const x0 = gaussianNoise(settings.seed, job.frames * nMels, job.plan.stream)
  const session = core.model.velocity
  const before = session.onnxMs
  try {
    const out = await sample({
      velocity: velocityFn(session, { cond: job.cond, phones: job.phoneFrames, frames: job.frames, nMels }, settings.guidance),
      x0,
      grid,
      solver: settings.solver,
      onCall,
      signal: hooks.signal,
      captureTrajectory: hooks.captureTrajectory,
    })
    pasteKnownFrames(out.x, job.cond, job.mask, nMels)
    const trajectory: Trajectory | undefined = out.states && out.estimates && {
      frames: job.frames,
      nMels,
      times: grid,
      states: out.states,
      estimates: out.estimates,
      maskStart: job.genStart,
      maskEnd: job.genStart + job.genFrames,
    }
    return { mel: out.x, calls: out.calls, trajectory }
  } finally {
    timings.onnxMs += session.onnxMs - before
  }
}

/** A region's result as a replacement for input [spanStart, spanEnd) (planar, input rate). */
export interface Replacement {
  spanStart: number
  spanEnd: number
  segment: Float32Array[]
  splice: SpliceInfo
}

/** Crossfade lengths at a region's two splice points, in input samples. */
export interface Fades {
  left: number
  right: number
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
  const vocGain = vocoderGain(job, voc, a, b, fs.hop)
  const genFrom = (job.genStart - a) * fs.hop
  const gain =
    vocGain *
    contextMatch(
      [job.mono.subarray(0, job.genStart * fs.hop), job.mono.subarray(job.origEnd * fs.hop)],
      voc.subarray(genFrom, genFrom + job.genFrames * fs.hop).map((v) => v * vocGain),
      fs.hop,
    )

  const started = performance.now()
  // 'medium' keeps 90 % of the band: the model's audio has little above its mel fMax anyway.
  let atRate = rate === fs.sampleRate ? voc : await resample(voc, fs.sampleRate, rate, 'medium')
  // Above the model's band the recording has breath, sibilance and room; give the fill the same.
  const profile = highBandProfile(
    [mixDown(audio.channels, job.windowStart, job.inStart), mixDown(audio.channels, job.inEnd, job.windowEnd)],
    { rate, modelTopHz: fs.fMax },
  )
  if (profile && gain > 0) {
    // The profile is in the recording's units: extend the fill at the level it will be spliced at.
    const ext = extendHighBand(atRate.map((v) => v * gain), profile, seed, job.plan.stream)
    atRate = ext.map((v) => v / gain)
  }
  timings.featuresMs += performance.now() - started
  // atRate[0] sits at input sample windowStart + a·hop (output time equals input time up to the region).
  const origin = job.windowStart + Math.round((a * fs.hop * rate) / fs.sampleRate)
  const { left, right } = fades
  const gen = new Float32Array(left + job.inner + right)
  const from = job.inStart - left - origin
  for (let i = 0; i < gen.length; i++) {
    const k = from + i
    if (k >= 0 && k < atRate.length) gen[i] = atRate[k]
  }

  const spanStart = job.inStart - left
  const spanEnd = job.inEnd + right
  const segment = audio.channels.map((ch, c) =>
    spliceChannel(ch.subarray(spanStart, spanEnd), left, left + job.inEnd - job.inStart, gen, job.inner, left, right, gain * job.balance[c]),
  )
  return {
    spanStart,
    spanEnd,
    segment,
    splice: { inStart: job.inStart, inEnd: job.inEnd, outStart: job.inStart, outEnd: job.inStart + job.inner, crossfadeSamples: Math.max(left, right) },
  }
}

/** A stretch of original samples and the resynthesis of the same stretch. */
export interface LevelPair {
  orig: Float32Array
  origFrom: number
  voc: Float32Array
  vocFrom: number
  length: number
}

/**
 * Level correction for the vocoder: RMS of the original over RMS of its resynthesis, summed over
 * the pairs, clamped to [0.5, 2]; 1 when either side is (near) silent.
 */
export function levelGain(pairs: readonly LevelPair[]): number {
  let orig = 0
  let resynth = 0
  let n = 0
  for (const p of pairs) {
    for (let i = 0; i < p.length; i++) {
      const o = p.orig[p.origFrom + i] ?? 0
      const v = p.voc[p.vocFrom + i] ?? 0
      orig += o * o
      resynth += v * v
    }
    n += Math.max(0, p.length)
  }
  const floor = 1e-8 * Math.max(1, n) // −80 dBFS
  if (orig < floor || resynth < floor) return 1
  return Math.min(2, Math.max(0.5, Math.sqrt(orig / resynth)))
}

/** Loudness of speech in x: RMS over hop-sized blocks within 30 dB of the loudest block, and the peak. */
export function activeLevel(parts: readonly Float32Array[], hop: number): { rms: number; peak: number } {
  const blocks: number[] = []
  let peak = 0
  for (const x of parts) {
    for (let i = 0; i + hop <= x.length; i += hop) {
      let e = 0
      for (let k = i; k < i + hop; k++) {
        e += x[k] * x[k]
        peak = Math.max(peak, Math.abs(x[k]))
      }
      blocks.push(e / hop)
    }
  }
  const loudest = blocks.reduce((m, e) => Math.max(m, e), 0)
  const active = blocks.filter((e) => e > loudest * 1e-3)
  const rms = active.length ? Math.sqrt(active.reduce((s, e) => s + e, 0) / active.length) : 0
  return { rms, peak }
}

/**
 * Active speech levels (dBFS, activeLevel) the model's features are taken at. The corpus voices sit
 * at about -13 to -19 dB and its voice-space copies add -12 to +2 dB, so a recording outside this band
 * (a quiet microphone, a hot master) would show the model features it never saw. Such a window is
 * moved to the band's nearest edge before its features; the vocoded audio is moved back.
 */
export const MODEL_LEVEL_BAND_DB: readonly [number, number] = [-30, -12]
/** Most boost for a very quiet window: beyond it the "speech" is likely a noise floor. */
const MAX_INPUT_BOOST_DB = 36

/** Gain that brings x's active speech level into MODEL_LEVEL_BAND_DB (1 inside it, or for silence). */
export function modelInputGain(x: Float32Array, hop: number): number {
  const { rms } = activeLevel([x], hop)
  if (rms < 1e-6) return 1
  const db = 20 * Math.log10(rms)
  const [lo, hi] = MODEL_LEVEL_BAND_DB
  const change = db < lo ? Math.min(lo - db, MAX_INPUT_BOOST_DB) : db > hi ? hi - db : 0
  return change === 0 ? 1 : 10 ** (change / 20)
}

/** x * g as a new array (x itself when g is 1). */
export function scaled(x: Float32Array, g: number): Float32Array {
  return g === 1 ? x : x.map((v) => v * g)
}

/**
 * Extra gain that keeps a fill at the level of the speech around it: natural variation within
 * +3 / -6 dB of the context is kept; beyond that the fill is pulled back to that band, and its
 * peak never exceeds the context's peak by more than 1 dB (an early or unusual model can
 * produce far louder frames than the voice it continues). 1 when the context is silent.
 */
export function contextMatch(context: readonly Float32Array[], gen: Float32Array, hop: number): number {
  const ctx = activeLevel(context, hop)
  const g = activeLevel([gen], hop)
  if (ctx.rms < 1e-4 || g.rms < 1e-6) return 1
  const ratio = ctx.rms / g.rms
  const up = Math.SQRT2 // +3 dB
  let factor = ratio < 1 / up ? ratio * up : ratio > 2 ? ratio / 2 : 1
  const peakLimit = Math.min(0.99, ctx.peak * 1.122)
  if (g.peak * factor > peakLimit) factor = peakLimit / g.peak
  return factor
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

/** Delete: cut input [inStart, inEnd) with a crossfade; no model involved. */
export function deleteReplacement(audio: PcmAudio, plan: PlannedRegion, fades: Fades): Replacement {
  const left = Math.min(fades.left, plan.inEnd - plan.inStart)
  const { right } = fades
  const spanStart = plan.inStart - left
  const spanEnd = plan.inEnd + right
  const segment = audio.channels.map((ch) => cutChannel(ch.subarray(spanStart, spanEnd), left, left + plan.inEnd - plan.inStart, left, right))
  return { spanStart, spanEnd, segment, splice: { inStart: plan.inStart, inEnd: plan.inEnd, outStart: plan.inStart, outEnd: plan.inStart, crossfadeSamples: Math.max(left, right) } }
}

/** Input with each span replaced by its segment; replacements sorted and disjoint. */
export function assemble(audio: PcmAudio, reps: readonly Replacement[]): PcmAudio {
  const n = audio.channels[0].length
  const length = reps.reduce((len, r) => len - (r.spanEnd - r.spanStart) + r.segment[0].length, n)
  const channels = audio.channels.map((ch, c) => {
    const out = new Float32Array(length)
    let read = 0
    let write = 0
    for (const r of reps) {
      out.set(ch.subarray(read, r.spanStart), write)
      write += r.spanStart - read
      out.set(r.segment[c], write)
      write += r.segment[c].length
      read = r.spanEnd
    }
    out.set(ch.subarray(read), write)
    return out
  })
  return { sampleRate: audio.sampleRate, channels }
}

/**
 * Crossfades per region side: the nominal length, shortened where the file ends or where a
 * neighbouring region is close (each side gets half of the gap), so spans never overlap.
 */
export function crossfades(plans: readonly { inStart: number; inEnd: number }[], length: number, nominal: number): Fades[] {
  return plans.map((p, i) => ({
    left: Math.max(0, Math.min(nominal, p.inStart, i > 0 ? Math.floor((p.inStart - plans[i - 1].inEnd) / 2) : Infinity)),
    right: Math.max(0, Math.min(nominal, length - p.inEnd, i < plans.length - 1 ? Math.floor((plans[i + 1].inStart - p.inEnd) / 2) : Infinity)),
  }))
}

/** fill(): every region of one call, sharing settings; see the module comment. */
export async function fill(core: EngineCore, audio: PcmAudio, regions: readonly RegionSpec[], patch: Partial<SamplerSettings> = {}, hooks: RunHooks = {}): Promise<FillResult> {
  const started = performance.now()
  checkAudio(audio)
  const settings = resolveSettings(core.model, patch)
  const plans = planRegions(regions, audio)
  const timings = emptyTimings()
  const perRegion = networkCalls(settings.steps, settings.solver)
  const totalCalls = plans.filter((p) => p.mode !== 'delete').length * perRegion
  const nominal = Math.round(CROSSFADE_SECONDS * audio.sampleRate)
  let callsDone = 0

  const spans = plans.map((p) => (p.mode === 'delete' ? p : regionGeometry(core, audio, p)))
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].inStart < spans[i - 1].inEnd) {
      throw new EngineError(`${describeRegion(plans[i].spec, plans[i].index)} is too close to ${describeRegion(plans[i - 1].spec, plans[i - 1].index)}`, 'BAD_REGION')
    }
  }
  const fades = crossfades(spans, audio.channels[0].length, nominal)
  const reps: Replacement[] = [] // input coordinates, in order
  const results: RegionResult[] = []
  let shift = 0 // output length − input length of the edits so far (all left of the current region)
  // One region at a time, left to right: only its window is held in memory, and that window is read
  // from the timeline as edited so far, so a region's left context hears the edits before it.
  for (const [i, plan] of plans.entries()) {
    throwIfAborted(hooks.signal)
    const span = spans[i]
    if (!('genStart' in span)) {
      reps.push(deleteReplacement(audio, plan, fades[i]))
    } else {
      const rate = audio.sampleRate
      const reach = secondsToSample(contextSeconds(core) + 1, rate)
      const lo = Math.max(0, plan.inStart + shift - reach)
      const hi = Math.min(audio.channels[0].length + shift, plan.inEnd + shift + reach)
      const excerpt = readTimeline(audio, reps, lo, hi)
      const offset = shift - lo // input sample x is excerpt sample x + offset
      const job = await prepareRegion(core, excerpt, regionGeometry(core, excerpt, plan, offset), timings)
      const gen = await generateMel(core, job, settings, hooks, (_, t) => {
        callsDone++
        hooks.onProgress?.({ call: callsDone, totalCalls, regionIndex: plan.index, regionCount: plans.length, t, elapsedMs: performance.now() - started })
      }, timings)
      const rep = await renderReplacement(core, excerpt, job, gen.mel, fades[i], timings, settings.seed)
      reps.push(moveReplacement(rep, -offset))
      results.push({
        region: plan.spec,
        splice: reps[i].splice,
        phones: job.phones,
        generatedSeconds: job.inner / audio.sampleRate,
        networkCalls: gen.calls,
        ...(gen.trajectory ? { trajectory: gen.trajectory } : {}),
      })
    }
    if (results.length === i) results.push({ region: plan.spec, splice: reps[i].splice, phones: [], generatedSeconds: 0, networkCalls: 0 })
    shift += reps[i].segment[0].length - (reps[i].spanEnd - reps[i].spanStart)
  }
  const output = assemble(audio, reps)
  shiftToOutput(results)
  timings.totalMs = performance.now() - started
  const byCaller = plans.map((p, i) => [p.index, results[i]] as const).sort((a, b) => a[0] - b[0]).map(([, r]) => r)
  return {
    audio: output,
    regions: byCaller,
    settings: { ...settings, model: core.model.manifest.name ?? core.model.dir },
    timings,
    networkCalls: results.reduce((a, r) => a + r.networkCalls, 0),
  }
}

/** A replacement computed on an excerpt, moved by `by` samples (excerpt → input coordinates). */
function moveReplacement(r: Replacement, by: number): Replacement {
  const s = r.splice
  return {
    spanStart: r.spanStart + by,
    spanEnd: r.spanEnd + by,
    segment: r.segment,
    splice: { ...s, inStart: s.inStart + by, inEnd: s.inEnd + by, outStart: s.outStart + by, outEnd: s.outEnd + by },
  }
}

/**
 * Samples [from, to) of the timeline that `reps` (input coordinates, sorted, disjoint) make of the
 * input, every channel; only that stretch is built.
 */
export function readTimeline(audio: PcmAudio, reps: readonly Replacement[], from: number, to: number): PcmAudio {
  const channels = audio.channels.map(() => new Float32Array(Math.max(0, to - from)))
  const copy = (src: readonly Float32Array[], srcFrom: number, outFrom: number, length: number) => {
    const a = Math.max(outFrom, from)
    const b = Math.min(outFrom + length, to)
    if (b <= a) return
    src.forEach((ch, c) => channels[c].set(ch.subarray(srcFrom + a - outFrom, srcFrom + b - outFrom), a - from))
  }
  let read = 0
  let write = 0
  for (const r of reps) {
    copy(audio.channels, read, write, r.spanStart - read)
    write += r.spanStart - read
    copy(r.segment, 0, write, r.segment[0].length)
    write += r.segment[0].length
    read = r.spanEnd
  }
  copy(audio.channels, read, write, audio.channels[0].length - read)
  return { sampleRate: audio.sampleRate, channels }
}

/** Splice out* fields start in input coordinates; earlier regions' length changes shift them. */
function shiftToOutput(sorted: RegionResult[]): void {
  let shift = 0
  for (const r of sorted) {
    const s = r.splice
    const delta = s.outEnd - s.outStart - (s.inEnd - s.inStart)
    s.outStart += shift
    s.outEnd += shift
    shift += delta
  }
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new EngineError('cancelled', 'CANCELLED')
}
