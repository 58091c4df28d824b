// Public types of the speech engine. Plain data only (no Electron, no ORT types), so the CLI, the
// engine process, web mode and the renderer can share them.
import type { RoomTone } from './dsp/roomtone'

/** Planar PCM at its native rate; channels[c][i] in [-1, 1]. */
export interface PcmAudio {
  sampleRate: number
  channels: Float32Array[]
}

/** ODE solvers of flow-matching models. */
export const FLOW_SOLVERS = ['euler', 'midpoint', 'heun'] as const
/** Samplers of DDPM ε-models (diffusion.ts): one network call per step. */
export const DIFFUSION_SOLVERS = ['ancestral', 'ddim'] as const
export type FlowSolver = (typeof FLOW_SOLVERS)[number]
export type DiffusionSolver = (typeof DIFFUSION_SOLVERS)[number]
export type Solver = FlowSolver | DiffusionSolver
export type Schedule = 'uniform' | 'sway' | 'pruned'
/** What a model's network predicts (manifest `objective`). */
export type Objective = 'flow-matching' | 'ddpm-epsilon'
/** The sampler family a solver belongs to, and the objective it needs. */
export type Family = 'flow' | 'diffusion'

export interface SamplerSettings {
  steps: number // number of ODE steps, or of respaced diffusion steps (network calls = steps × solver stages)
  solver: Solver
  guidance: number // classifier-free guidance strength w; 0 = off (no unconditional row)
  schedule: Schedule // flow models only
  sway: number // sway coefficient s (F5-TTS), used when schedule === 'sway'
  seed: number // uint32; same seed → same x0 whatever the step count
  eta?: number // diffusion models: DDIM's η in [0, 1] (0 = deterministic)
  variance?: 'beta' | 'beta-tilde' // diffusion models: ancestral σ² = β_t or the posterior's β̃_t
}

export type RegionMode = 'replace' | 'insert' | 'delete' | 'regenerate'
export type RegionLength = 'region' | 'natural'

/** A region in seconds of the input audio. insert: start === end. delete: text ''. */
export interface RegionSpec {
  start: number
  end: number
  text: string
  mode?: RegionMode
  length?: RegionLength
  /**
   * Speaking tempo for natural lengths: frames per frame of the manifest's mean durations, measured
   * on the speaker's own aligned phones around the region (align/tempo.ts). Absent: estimated from
   * the context's syllable rate.
   */
  tempo?: number
  /** noise stream of x0 and the high band; default: the region's index in the call (a windowed fill passes the original index) */
  noiseStream?: number
  /** how messages name the region when a windowed fill has shifted it: its number and times in the caller's file */
  shownAs?: { index: number; start: number; end: number }
  /**
   * Generate over exactly [start, end): by default a replace or regenerate whose words are already
   * said there is narrowed to where they are said (edit/said.ts)
   */
  exact?: boolean
}

export interface Progress {
  call: number // network calls done so far (1-based after the first call)
  totalCalls: number
  regionIndex: number
  regionCount: number
  t: number // flow time reached
  elapsedMs: number
}

export interface Trajectory {
  frames: number // T of the generated window
  nMels: number
  /** Time grid, length steps+1, from 0 (noise) to 1 (speech): flow time, or 1 − t/T for diffusion. */
  times: number[]
  states: Float32Array[] // x_t at each grid time (normalised features, [T*M] row-major)
  /** The estimate of the result: x1 = x_t + (1 − t)·v (flow), x̂_0 = (x_t − √(1 − ᾱ_t)·ε̂)/√ᾱ_t (diffusion) */
  estimates: Float32Array[]
  maskStart: number // frame range that was generated, within the window
  maskEnd: number
  family?: Family // absent: flow
  /** Diffusion: the DDPM timestep t of each state (T … , then 0 for the result) and its ᾱ_t. */
  timesteps?: number[]
  alphaBars?: number[]
  /** The original region under the closed-form forward process, for the forward-process view. */
  forward?: ForwardProcess
}

/**
 * What the forward-process view needs (forwardState in diffusion.ts): the original window's features
 * (the data) and the generation's own starting noise, so the picture at "all noise" is where sampling began.
 */
export interface ForwardProcess {
  clean: Float32Array // normalised features of the original window, [frames × nMels]
  noise: Float32Array // the same length: the seed's starting noise
  frames: number
  maskStart: number // the original region's frames in that window
  maskEnd: number
  family: Family
  /** diffusion: ᾱ_t for t = 0 … T (T + 1 values) */
  alphaBar?: number[]
}

export interface RunHooks {
  onProgress?: (p: Progress) => void
  signal?: AbortSignal
  captureTrajectory?: boolean
  /** ladder: a cancel keeps the rungs already made (the result says `cancelled`) instead of failing */
  keepPartial?: boolean
}

export interface Timings {
  totalMs: number
  onnxMs: number // time inside session.run
  vocoderMs: number
  featuresMs: number
}

/** How one region was spliced: input samples [inStart, inEnd) became output samples [outStart, outEnd). */
export interface SpliceInfo {
  inStart: number
  inEnd: number
  outStart: number
  outEnd: number
  crossfadeSamples: number
}

export interface RegionResult {
  region: RegionSpec
  splice: SpliceInfo
  phones: string[]
  generatedSeconds: number
  networkCalls: number
  trajectory?: Trajectory
  /** Non-fatal problems with this region's result, one line each, without the region's name (e.g. words squeezed into too short a region). */
  warnings?: string[]
  /**
   * Input seconds actually generated, when the region was narrowed to where its words are already
   * said (edit/said.ts; `exact` turns it off); the rest of the region kept the recording's samples
   */
  narrowed?: { start: number; end: number }
  /**
   * The pace the words were given: `tempo` frames per frame of the manifest's mean durations (1: the
   * corpus's pace; 1.2: a fifth slower) and where it came from: the caller's RegionSpec.tempo (an aligned
   * transcript), heard by the aligner around the region (edit/listen.ts), or the syllable-rate fallback.
   */
  pace?: { tempo: number; from: TempoSource }
}

/** Where a region's pace came from (RegionResult.pace). */
export type TempoSource = 'caller' | 'heard' | 'syllables'

export interface FillResult {
  audio: PcmAudio // same rate and channel count as the input
  regions: RegionResult[]
  settings: SamplerSettings & { model: string }
  timings: Timings
  networkCalls: number
}

export interface SayOptions extends Partial<SamplerSettings> {
  voice?: PcmAudio // voice prompt; the built-in sample voice when absent
  pauseSeconds?: number // pause between sentences
  /** Carry the voice prompt's room noise under the speech, its gaps and pauses (a line to sit in that recording); default clean. */
  roomTone?: boolean
}

export interface SayResult {
  audio: PcmAudio
  /** seconds in the output; spoken: the words said, numbers and abbreviations written out */
  sentences: { text: string; spoken: string; start: number; end: number }[]
  settings: SamplerSettings & { model: string }
  timings: Timings
  networkCalls: number
  /** The voice prompt's room, carried under the speech; a script's pauses carry it too (composeVoiceover). Null: none (roomTone off, a silent prompt). */
  room: RoomTone | null
}

export interface ModelInfo {
  dir: string
  name: string
  /** What the network predicts: velocity (flow matching) or noise (DDPM ε). */
  objective: Objective
  /** ddpm-epsilon: the β schedule (docs/model-format.md) */
  diffusion?: { schedule: 'linear' | 'cosine'; steps: number }
  sampleRate: number
  nMels: number
  hop: number
  phoneSet: string
  phones: string[]
  defaults: Omit<SamplerSettings, 'seed'>
  hasDurationGraph: boolean
  /** the model has graphs.aligner: transcripts can be aligned and takes checked */
  hasAligner: boolean
  /** it also has graphs.alignerBandLimited, which reads recordings sampled below twice its band (8 kHz audio) */
  hasBandLimitedAligner: boolean
  /** the manifest's mean frames per phone (natural lengths; the speaker's tempo is measured against it) */
  meanFrames: Record<string, number>
  /** onnx: the model's vocoder graph; magnitude: its magnitude graph + built-in phase; griffin-lim: all built-in */
  vocoder: 'griffin-lim' | 'onnx' | 'magnitude'
  /** seconds of original audio the model hears on each side of a region */
  contextSeconds: number
  parameters?: number
  provenance: Record<string, unknown>
}

export class EngineError extends Error {
  constructor(
    message: string,
    readonly code:
      | 'BAD_AUDIO'
      | 'BAD_REGION'
      | 'BAD_TEXT'
      | 'BAD_MODEL'
      | 'BAD_SETTINGS'
      | 'CANCELLED'
      | 'IO' // a file that cannot be written (permissions, a full or read-only disk)
      | 'INTERNAL' = 'INTERNAL',
  ) {
    super(message)
    this.name = 'EngineError'
  }
}

/** One rung of a ladder: the same region and starting noise (seed) at other sampler settings. */
export interface LadderVariant {
  settings: SamplerSettings & { model: string }
  family: Family // which kind of model made it (a ladder may mix a flow and a diffusion model)
  /**
   * Replacement for input samples [splice.inStart − crossfade, splice.inEnd + crossfade) (clamped to
   * the file): output samples [splice.outStart − crossfade, splice.outEnd + crossfade), planar at the
   * input rate.
   */
  segment: PcmAudio
  splice: SpliceInfo
  phones: string[]
  generatedSeconds: number
  networkCalls: number
  wallMs: number // sampling + vocoding + splicing of this rung
  rtf: number // wallMs / 1000 / generatedSeconds
  melL1: number // mean |Δ| of the generated normalised log-mel vs the reference rung (0 for it)
  timings: Timings
  /** as RegionResult.narrowed (the same for every rung of a ladder) */
  narrowed?: { start: number; end: number }
}

export interface LadderResult {
  region: RegionSpec
  variants: LadderVariant[]
  reference: number // index of the rung the others are compared with: the most steps (then calls)
  networkCalls: number
  timings: Timings
  /** cancelled part way with RunHooks.keepPartial: `variants` are the rungs made before it */
  cancelled?: boolean
  /** what fill would say about the region (words squeezed, no voice around it, symbols left out) */
  warnings?: string[]
}
