// Per-frame phone log posteriors from the model's aligner graph, for any stretch of a recording.
// A stretch is read with a margin on each side (the graph sees ~1.8 s around a frame; edges of a
// stretch would otherwise see zeros) and long stretches are run in pieces, so memory is bounded by
// the piece size whatever the recording's length.
import { resample } from '../audio/resample'
import { readWindow, type AudioSource } from '../audio/source'
import { mixDown, type EngineCore } from '../core'
import { extendBand, missingBand } from '../dsp/band'
import { frameCount, logMel, normalise } from '../dsp/features'
import { modelInputGain, scaled } from '../edit/level'
import { EngineError, type PcmAudio } from '../types'

/** Frames read on each side of a piece and dropped (more than half the graph's receptive field). */
export const POSTERIOR_MARGIN_FRAMES = 64
/** Frames per graph run (about 20 s): bounds the features and activations held at once. */
export const POSTERIOR_PIECE_FRAMES = 1250

export interface Posteriors {
  /** log posteriors [frames × nPhones], row-major; column = phone id */
  logp: Float32Array
  frames: number
  nPhones: number
  /** global frame index of row 0 */
  firstFrame: number
}

/** Global frames [from, to) of `post` (which must hold them), sharing its memory. */
export function slicePosteriors(post: Posteriors, from: number, to: number): Posteriors {
  if (from < post.firstFrame || to > post.firstFrame + post.frames || to < from) {
    throw new RangeError(`frames ${from}–${to} are not within the posteriors' ${post.firstFrame}–${post.firstFrame + post.frames}`)
  }
  const n = post.nPhones
  return { logp: post.logp.subarray((from - post.firstFrame) * n, (to - post.firstFrame) * n), frames: to - from, nPhones: n, firstFrame: from }
}

/** Frames of the whole recording on the model's grid. */
export function recordingFrames(core: EngineCore, audio: PcmAudio | { sampleRate: number; frames: number }): number {
  const n = 'frames' in audio ? audio.frames : audio.channels[0].length // an AudioSource has both: frames
  const modelSamples = audio.sampleRate === core.spec.sampleRate ? n : Math.round((n * core.spec.sampleRate) / audio.sampleRate)
  return frameCount(modelSamples, core.spec.hop)
}

/** Input sample at which model frame f is centred. */
function frameToInputSample(core: EngineCore, frame: number, rate: number): number {
  return Math.round((frame * core.spec.hop * rate) / core.spec.sampleRate)
}

/** The aligner graph, or a clear error for a model without one. */
export function alignerOf(core: EngineCore) {
  const graph = core.model.aligner
  if (!graph) throw new EngineError(`model ${core.model.manifestPath} has no aligner graph (graphs.aligner): it cannot align transcripts or check takes`, 'BAD_MODEL')
  return graph
}

/**
 * The aligner for a recording at `rate`: graphs.alignerBandLimited where the model has one and the
 * recording lacks part of the model's band (8 kHz telephone audio; trained on band-filled features, it
 * places 8 kHz words far better), else graphs.aligner.
 */
export function alignerFor(core: EngineCore, rate: number) {
  const band = core.model.alignerBandLimited
  return band && missingBand(core.spec, rate) ? band : alignerOf(core)
}

/** Where posteriors read the recording: its rate and a mono mix of input samples [s0, s1), zeros outside it. */
interface MonoReader {
  rate: number
  mono(s0: number, s1: number): Promise<Float32Array>
}

/** Log posteriors of global frames [from, to) of the recording. */
export function posteriors(core: EngineCore, audio: PcmAudio, from: number, to: number, signal?: AbortSignal): Promise<Posteriors> {
  return posteriorsOf(core, { rate: audio.sampleRate, mono: async (s0, s1) => mixDown(audio.channels, s0, s1) }, from, to, signal)
}

/**
 * The same for a recording read from disk piece by piece (AudioSource): nothing of it is held whole,
 * so aligning an hour costs what aligning a minute does.
 */
export function sourcePosteriors(core: EngineCore, source: AudioSource, from: number, to: number, signal?: AbortSignal): Promise<Posteriors> {
  const mono = async (s0: number, s1: number) => {
    const lo = Math.max(0, s0)
    const hi = Math.min(source.frames, s1)
    const out = new Float32Array(Math.max(0, s1 - s0)) // zeros outside the recording
    if (hi > lo) out.set(mixDown((await readWindow(source, lo, hi)).channels, 0, hi - lo), lo - s0)
    return out
  }
  return posteriorsOf(core, { rate: source.sampleRate, mono }, from, to, signal)
}

async function posteriorsOf(core: EngineCore, reader: MonoReader, from: number, to: number, signal?: AbortSignal): Promise<Posteriors> {
  const graph = alignerFor(core, reader.rate)
  const nPhones = core.model.manifest.phones.symbols.length
  const frames = Math.max(0, to - from)
  const logp = new Float32Array(frames * nPhones)
  for (let a = from; a < to; a += POSTERIOR_PIECE_FRAMES) {
    if (signal?.aborted) throw new EngineError('cancelled', 'CANCELLED')
    const b = Math.min(to, a + POSTERIOR_PIECE_FRAMES)
    const piece = await piecePosteriors(core, reader, a, b, nPhones, graph)
    logp.set(piece, (a - from) * nPhones)
  }
  return { logp, frames, nPhones, firstFrame: from }
}

async function piecePosteriors(core: EngineCore, reader: MonoReader, a: number, b: number, nPhones: number, graph: NonNullable<EngineCore['model']['aligner']>): Promise<Float32Array> {
  const { spec } = core
  const rate = reader.rate
  const m = POSTERIOR_MARGIN_FRAMES
  // Frame a − m of the recording is frame 0 of the piece: the piece starts at its centre sample.
  const s0 = frameToInputSample(core, a - m, rate)
  const s1 = frameToInputSample(core, b + m, rate)
  const monoIn = await reader.mono(s0, s1) // zeros outside the recording
  const mono = rate === spec.sampleRate ? monoIn : await resample(monoIn, rate, spec.sampleRate, 'medium')
  // A recording below twice fMax gets its empty top band filled in (dsp/band.ts): the aligner never saw one empty.
  const feats = extendBand(normalise(logMel(scaled(mono, modelInputGain(mono, spec.hop)), spec), spec), spec, rate)
  const total = feats.length / spec.nMels
  const { logp } = await graph.run({ mel: { type: 'float32', data: feats, dims: [1, total, spec.nMels] } })
  if (logp.data.length !== total * nPhones) {
    throw new EngineError(`model ${graph.path}: logp has ${logp.data.length} values, expected ${total} frames × ${nPhones} phones`, 'BAD_MODEL')
  }
  // A NaN (damaged weights) would rank every take and place every word at random; -Infinity is a log of 0, allowed.
  const nan = logp.data.findIndex((v) => Number.isNaN(v))
  if (nan >= 0) throw new EngineError(`model ${graph.path}: the aligner returned NaN (index ${nan} of ${logp.data.length}): its weights may be damaged`, 'BAD_MODEL')
  const want = b - a
  const out = new Float32Array(want * nPhones)
  out.set(logp.data.subarray(m * nPhones, Math.min(total, m + want) * nPhones))
  return out
}
