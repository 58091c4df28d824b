// Per-frame phone log posteriors from the model's aligner graph, for any stretch of a recording.
// A stretch is read with a margin on each side (the graph sees ~1.8 s around a frame; edges of a
// stretch would otherwise see zeros) and long stretches are run in pieces, so memory is bounded by
// the piece size whatever the recording's length.
import { resample } from '../audio/resample'
import { mixDown, type EngineCore } from '../core'
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

/** Frames of the whole recording on the model's grid. */
export function recordingFrames(core: EngineCore, audio: PcmAudio): number {
  const n = audio.channels[0].length
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

/** Log posteriors of global frames [from, to) of the recording. */
export async function posteriors(core: EngineCore, audio: PcmAudio, from: number, to: number, signal?: AbortSignal): Promise<Posteriors> {
  const graph = alignerOf(core)
  const nPhones = core.model.manifest.phones.symbols.length
  const frames = Math.max(0, to - from)
  const logp = new Float32Array(frames * nPhones)
  for (let a = from; a < to; a += POSTERIOR_PIECE_FRAMES) {
    if (signal?.aborted) throw new EngineError('cancelled', 'CANCELLED')
    const b = Math.min(to, a + POSTERIOR_PIECE_FRAMES)
    const piece = await piecePosteriors(core, audio, a, b, nPhones, graph)
    logp.set(piece, (a - from) * nPhones)
  }
  return { logp, frames, nPhones, firstFrame: from }
}

async function piecePosteriors(core: EngineCore, audio: PcmAudio, a: number, b: number, nPhones: number, graph: NonNullable<EngineCore['model']['aligner']>): Promise<Float32Array> {
  const { spec } = core
  const rate = audio.sampleRate
  const m = POSTERIOR_MARGIN_FRAMES
  // Frame a − m of the recording is frame 0 of the piece: the piece starts at its centre sample.
  const s0 = frameToInputSample(core, a - m, rate)
  const s1 = frameToInputSample(core, b + m, rate)
  const monoIn = mixDown(audio.channels, s0, s1) // zeros outside the recording
  const mono = rate === spec.sampleRate ? monoIn : await resample(monoIn, rate, spec.sampleRate, 'medium')
  const feats = normalise(logMel(scaled(mono, modelInputGain(mono, spec.hop)), spec), spec)
  const total = feats.length / spec.nMels
  const { logp } = await graph.run({ mel: { type: 'float32', data: feats, dims: [1, total, spec.nMels] } })
  if (logp.data.length !== total * nPhones) {
    throw new EngineError(`model ${graph.path}: logp has ${logp.data.length} values, expected ${total} frames × ${nPhones} phones`, 'BAD_MODEL')
  }
  const want = b - a
  const out = new Float32Array(want * nPhones)
  out.set(logp.data.subarray(m * nPhones, Math.min(total, m + want) * nPhones))
  return out
}
