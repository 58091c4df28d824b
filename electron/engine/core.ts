// What every engine operation shares: the loaded model, settings resolution, input checks,
// text → phone ids, and the vocoder (the manifest's ONNX vocoder, its magnitude graph + the built-in
// phase reconstruction, or the built-in mel inversion + phase reconstruction).
import { channelSigns } from './dsp/channels'
import { magnitudeToAudio, melToAudio } from './dsp/griffinlim'
import type { FeatureSpec } from './dsp/features'
import type { LoadedModel } from './model'
import { randomSeed } from './rng'
import { firstNonFinite } from './velocity'
import { textToPhones } from './text'
import { DIFFUSION_SOLVERS, EngineError, FLOW_SOLVERS, type Family, type PcmAudio, type SamplerSettings, type Solver, type Timings } from './types'

export interface EngineCore {
  model: LoadedModel
  spec: FeatureSpec
}

export const SOLVERS = [...FLOW_SOLVERS, ...DIFFUSION_SOLVERS] as const
export const SCHEDULES = ['uniform', 'sway', 'pruned'] as const
export const MAX_STEPS = 256
/** Sway is monotone (a valid time grid) only for s in [−1, 2/(π−2)] (F5-TTS §3.3). */
export const SWAY_RANGE = [-1, 2 / (Math.PI - 2)] as const
export const MAX_GUIDANCE = 20
/** Context each side of a region when the manifest does not say (models trained on long crops). */
export const DEFAULT_CONTEXT_SECONDS = 3

/** Seconds of original audio the model hears on each side of a region: the manifest's choice,
 * because a model trained on short crops is out of its depth (and slower) in a longer window. */
export function contextSeconds(core: EngineCore): number {
  return core.model.manifest.sampler.contextSeconds ?? DEFAULT_CONTEXT_SECONDS
}

/** The sampler family a solver belongs to: flow ODE solvers, or DDPM samplers. */
export function familyOf(solver: Solver): Family {
  return (DIFFUSION_SOLVERS as readonly string[]).includes(solver) ? 'diffusion' : 'flow'
}

/** The family of samplers a model's network can drive (its manifest objective). */
export function modelFamily(model: LoadedModel): Family {
  return model.objective === 'ddpm-epsilon' ? 'diffusion' : 'flow'
}

/** Solvers a model can use. */
export function solversFor(family: Family): readonly Solver[] {
  return family === 'diffusion' ? DIFFUSION_SOLVERS : FLOW_SOLVERS
}

/**
 * The manifest's defaults overlaid with the caller's; every value is checked. A diffusion model also
 * gets eta and variance (its schedule and sway are carried but unused); a flow model drops them.
 */
export function resolveSettings(model: LoadedModel, patch: Partial<SamplerSettings> = {}): SamplerSettings {
  const d = model.manifest.sampler
  const family = modelFamily(model)
  const s: SamplerSettings = {
    steps: patch.steps ?? d.steps,
    solver: patch.solver ?? d.solver,
    guidance: patch.guidance ?? d.guidance,
    schedule: patch.schedule ?? d.schedule ?? 'sway',
    sway: patch.sway ?? d.sway ?? -1,
    seed: patch.seed ?? randomSeed(),
  }
  if (family === 'diffusion') {
    s.eta = patch.eta ?? d.eta ?? 0
    s.variance = patch.variance ?? d.variance ?? 'beta'
  }
  const bad = (msg: string) => new EngineError(msg, 'BAD_SETTINGS')
  // Diffusion steps respace the model's T trained steps, so up to T of them (DDPM's own chain).
  const maxSteps = family === 'diffusion' ? Math.max(MAX_STEPS, model.schedule?.steps ?? 0) : MAX_STEPS
  if (!Number.isInteger(s.steps) || s.steps < 1 || s.steps > maxSteps) throw bad(`steps must be an integer from 1 to ${maxSteps} (got ${s.steps})`)
  if (!SOLVERS.includes(s.solver)) throw bad(`solver must be ${SOLVERS.join(', ')} (got ${JSON.stringify(s.solver)})`)
  if (familyOf(s.solver) !== family) {
    throw bad(`solver ${s.solver} is for ${familyOf(s.solver) === 'flow' ? 'flow-matching' : 'diffusion (ddpm-epsilon)'} models; model "${model.manifest.name}" is ${model.objective}: use ${solversFor(family).join(' or ')}`)
  }
  if (s.eta !== undefined && !(Number.isFinite(s.eta) && s.eta >= 0 && s.eta <= 1)) throw bad(`eta must be from 0 to 1 (got ${s.eta})`)
  if (s.variance !== undefined && s.variance !== 'beta' && s.variance !== 'beta-tilde') {
    throw bad(`variance must be beta or beta-tilde (got ${JSON.stringify(s.variance)})`)
  }
  if (!SCHEDULES.includes(s.schedule)) throw bad(`schedule must be ${SCHEDULES.join(', ')} (got ${JSON.stringify(s.schedule)})`)
  if (!Number.isFinite(s.guidance) || s.guidance < 0 || s.guidance > MAX_GUIDANCE) throw bad(`guidance must be from 0 to ${MAX_GUIDANCE} (got ${s.guidance})`)
  if (!Number.isFinite(s.sway) || s.sway < SWAY_RANGE[0] || s.sway > SWAY_RANGE[1]) {
    throw bad(`sway must be from -1 to ${SWAY_RANGE[1].toFixed(3)} (got ${s.sway})`)
  }
  if (!Number.isInteger(s.seed) || s.seed < 0 || s.seed > 0xffffffff) throw bad(`seed must be an integer from 0 to 4294967295 (got ${s.seed})`)
  return s
}

/**
 * Sample rates the engine edits (an input outside them cannot be resampled sensibly). The top is the
 * resampler's limit (audio/resample.ts, as audio/source.ts MAX_SOURCE_RATE): at 768 000 a 384 kHz
 * recording passed this check and failed later, in the resampler, and `info` called such rates editable.
 */
export const MIN_RATE = 1000
export const MAX_RATE = 192000

/** Same-length finite channels at a sane rate, else BAD_AUDIO. */
export function checkAudio(audio: PcmAudio, what = 'audio'): void {
  const bad = (msg: string) => new EngineError(`${what}: ${msg}`, 'BAD_AUDIO')
  if (!audio || !Array.isArray(audio.channels) || audio.channels.length === 0) throw bad('has no channels')
  if (!Number.isFinite(audio.sampleRate) || audio.sampleRate < MIN_RATE || audio.sampleRate > MAX_RATE) throw bad(`sample rate ${audio.sampleRate} Hz is not supported (${MIN_RATE}–${MAX_RATE} Hz)`)
  const n = audio.channels[0].length
  if (audio.channels.some((c) => !(c instanceof Float32Array) || c.length !== n)) throw bad('channels must be Float32Arrays of equal length')
  if (n === 0) throw bad('is empty')
}

/** Average of the channels (the model hears mono). */
export { channelSigns } from './dsp/channels'

export function mixDown(channels: readonly Float32Array[], from: number, to: number): Float32Array {
  const out = new Float32Array(Math.max(0, to - from))
  const lo = Math.max(0, from)
  const signs = channels.length > 1 ? channelSigns(channels, from, to) : [1]
  for (const [c, ch] of channels.entries()) {
    const hi = Math.min(ch.length, to)
    const s = signs[c]
    for (let i = lo; i < hi; i++) out[i - from] += s * ch[i]
  }
  if (channels.length > 1) for (let i = 0; i < out.length; i++) out[i] /= channels.length
  return out
}

export interface PhoneSequence {
  symbols: string[]
  ids: number[]
  /** index into symbols of each word's first phone */
  wordStarts: number[]
  /** the words said, as the front end wrote them out ("$5" → "five dollars"): what the user can check */
  spoken: string
}

/** Text → inventory phones → model ids. Front-end errors (BAD_TEXT) pass through. */
export function phonesForText(core: EngineCore, text: string, pauses: { leading: boolean; trailing: boolean }): PhoneSequence {
  const { phones, words } = textToPhones(text, { leadingPause: pauses.leading, trailingPause: pauses.trailing })
  const ids = phones.map((p) => {
    const id = core.model.phoneIds.get(p)
    if (id === undefined) throw new EngineError(`model ${core.model.manifestPath}: phones.symbols lacks "${p}"`, 'BAD_MODEL')
    return id
  })
  // The flat phones are the words' phones in order, with pauses between some of them.
  const wordStarts: number[] = []
  let at = 0
  for (const w of words) {
    while (phones[at] === 'sil') at++
    wordStarts.push(at)
    at += w.phones.length
  }
  return { symbols: phones, ids, wordStarts, spoken: words.map((w) => w.text).join(' ') }
}

/** Normalised features [frames × nMels] → audio at the model rate, frames · hop samples. */
export async function vocode(core: EngineCore, feats: Float32Array, timings: Timings): Promise<Float32Array> {
  const started = performance.now()
  try {
    const frames = feats.length / core.spec.nMels
    const mag = core.model.magnitude
    if (mag) {
      const before = mag.onnxMs
      const { magnitude } = await mag.run({ mel: { type: 'float32', data: feats, dims: [1, frames, core.spec.nMels] } })
      timings.onnxMs += mag.onnxMs - before
      const bins = (core.spec.nFft >> 1) + 1
      if (magnitude.data.length !== frames * bins) {
        throw new EngineError(`model ${mag.path}: magnitude has ${magnitude.data.length} values, expected ${frames} frames × ${bins} bins`, 'BAD_MODEL')
      }
      assertFinite(magnitude.data, `model ${mag.path}: the magnitude graph`)
      return magnitudeToAudio(Float64Array.from(magnitude.data), frames, core.spec)
    }
    const onnx = core.model.vocoder
    if (!onnx) return melToAudio(feats, core.spec)
    const before = onnx.onnxMs
    const { audio } = await onnx.run({ mel: { type: 'float32', data: feats, dims: [1, frames, core.spec.nMels] } })
    timings.onnxMs += onnx.onnxMs - before
    assertFinite(audio.data, `model ${onnx.path}: the vocoder graph`)
    const want = frames * core.spec.hop
    // A vocoder may pad its output by up to a frame; one that makes much less or more audio than its
    // frames hold (a wrong hop) would be stretched silence or cut speech, so it is an error.
    if (audio.data.length < want - core.spec.hop || audio.data.length > want + core.spec.nFft) {
      throw new EngineError(`model ${onnx.path}: audio has ${audio.data.length} samples for ${frames} frames, expected ${frames} × hop ${core.spec.hop} = ${want}`, 'BAD_MODEL')
    }
    if (audio.data.length >= want) return audio.data.slice(0, want)
    const padded = new Float32Array(want)
    padded.set(audio.data)
    return padded
  } finally {
    timings.vocoderMs += performance.now() - started
  }
}

/** A graph's output with a NaN or ±Infinity in it (damaged weights) is an error, not a silent fill. */
function assertFinite(x: Float32Array, what: string): void {
  const bad = firstNonFinite(x)
  if (bad >= 0) throw new EngineError(`${what} returned ${x[bad]} (index ${bad} of ${x.length}): its weights may be damaged`, 'BAD_MODEL')
}

export function emptyTimings(): Timings {
  return { totalMs: 0, onnxMs: 0, vocoderMs: 0, featuresMs: 0 }
}

/** Throws CANCELLED once the caller's signal has fired (checked between regions, lines and variants). */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new EngineError('cancelled', 'CANCELLED')
}
