// The engine's public face: load a model folder once, then fill / say / ladder against it.
// Plain Node (no Electron import), so the app's engine process, web mode, CLI and tests share it.
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { alignSourceTranscript, alignTranscript, type AlignOptions, type Alignment } from './align'
import { checkTake, type TakeCheck } from './align/check'
import { regionsForEdit, type EditRegion } from './align/edits'
import { editableWords, unsayableTokens } from './align/diff'
import { fillChecked, type CheckedFill, type TakeOptions } from './align/takes'
import { readAudioFile } from './audio/decode'
import type { AudioSource } from './audio/source'
import { contextSeconds, emptyTimings, vocode, type EngineCore } from './core'
import { fill } from './edit'
import { ladder } from './ladder'
import { featureSpec, loadModel, releaseModel } from './model'
import { promptSeconds, say, voiceWarnings } from './say'
import {
  EngineError,
  type FillResult,
  type LadderResult,
  type ModelInfo,
  type PcmAudio,
  type RegionSpec,
  type RunHooks,
  type SamplerSettings,
  type SayOptions,
  type SayResult,
} from './types'

/**
 * The folder holding `models/` and `voices/`: $VOICEFILL_RESOURCES, then a packaged app's
 * resources (process.resourcesPath), then the nearest `resources/` above this module (repo
 * checkout, tsx, vitest, electron-vite's out/), then the working directory's.
 */
export function resourcesDir(): string {
  const candidates: string[] = []
  if (process.env.VOICEFILL_RESOURCES) candidates.push(resolve(process.env.VOICEFILL_RESOURCES))
  const packaged = (process as { resourcesPath?: string }).resourcesPath
  if (packaged) candidates.push(join(packaged, 'resources'), packaged)
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    candidates.push(join(dir, 'resources'))
    if (dirname(dir) === dir) break
  }
  candidates.push(resolve('resources'))
  return candidates.find((c) => existsSync(join(c, 'models')) || existsSync(join(c, 'voices'))) ?? resolve('resources')
}

/** resources/models/default: the shipped model. */
export function defaultModelDir(): string {
  return join(resourcesDir(), 'models', 'default')
}

/** resources/voices/sample.wav: the voice `say` uses when no prompt is given. */
export function defaultVoicePath(): string {
  return join(resourcesDir(), 'voices', 'sample.wav')
}

export class Engine {
  private builtInVoice: PcmAudio | null = null

  private constructor(private readonly core: EngineCore) {}

  /** Loads and checks a model folder (docs/model-format.md); threads = ONNX intra-op threads. */
  static async load(modelDir: string, opts: { threads?: number } = {}): Promise<Engine> {
    const model = await loadModel(modelDir, opts)
    return new Engine({ model, spec: featureSpec(model) })
  }

  info(): ModelInfo {
    const { model } = this.core
    const m = model.manifest
    const parameters = m.provenance?.parameters
    return {
      dir: model.dir,
      name: m.name ?? model.dir,
      objective: model.objective,
      ...(m.diffusion ? { diffusion: { schedule: m.diffusion.schedule, steps: m.diffusion.steps } } : {}),
      sampleRate: m.features.sampleRate,
      nMels: m.features.nMels,
      hop: m.features.hop,
      phoneSet: m.phones.set,
      phones: [...m.phones.symbols],
      defaults: {
        steps: m.sampler.steps,
        solver: m.sampler.solver,
        guidance: m.sampler.guidance,
        schedule: m.sampler.schedule ?? 'sway',
        sway: m.sampler.sway ?? -1,
        ...(model.objective === 'ddpm-epsilon' ? { eta: m.sampler.eta ?? 0, variance: m.sampler.variance ?? 'beta' } : {}),
      },
      hasDurationGraph: model.duration !== null,
      hasAligner: model.aligner !== null,
      hasBandLimitedAligner: Boolean(model.alignerBandLimited), // the manifest allows it only beside graphs.aligner
      meanFrames: { ...m.durations.mean },
      vocoder: model.vocoder ? 'onnx' : model.magnitude ? 'magnitude' : 'griffin-lim',
      contextSeconds: contextSeconds(this.core),
      ...(typeof parameters === 'number' ? { parameters } : {}),
      provenance: m.provenance ?? {},
    }
  }

  /** Fills, inserts, deletes or regenerates regions; the result keeps the input's rate and channels. */
  fill(audio: PcmAudio, regions: RegionSpec[], settings: Partial<SamplerSettings> = {}, hooks: RunHooks = {}): Promise<FillResult> {
    return fill(this.core, audio, regions, settings, hooks)
  }

  /** Zero-shot TTS in the voice of opts.voice, or of the built-in sample voice. */
  async say(text: string, opts: SayOptions = {}, hooks: RunHooks = {}): Promise<SayResult> {
    const voice = opts.voice ?? (this.builtInVoice ??= await readAudioFile(defaultVoicePath()))
    return say(this.core, text, voice, opts, hooks)
  }

  /**
   * What is wrong with a voice prompt that still lets say() speak (silent, very short, no speech), judged
   * on the part of it say() uses (promptSeconds); `hint` says where to find speech when it comes later.
   */
  voiceWarnings(voice: PcmAudio, hint?: string): string[] {
    return voiceWarnings(voice, promptSeconds(this.core), hint)
  }

  /**
   * The same region at several sampler settings from the same starting noise. `also`: more engines
   * a rung may run on (e.g. the diffusion twin for ancestral / ddim rungs), after this one.
   */
  ladder(
    audio: PcmAudio,
    region: RegionSpec,
    variants: Partial<SamplerSettings>[],
    settings: Partial<SamplerSettings> = {},
    hooks: RunHooks = {},
    also: readonly Engine[] = [],
  ): Promise<LadderResult> {
    return ladder([this.core, ...also.map((e) => e.core)], audio, region, variants, settings, hooks)
  }

  /** Word and phone times of a transcript in the recording, with a confidence per word (needs graphs.aligner). */
  align(audio: PcmAudio, text: string, opts: AlignOptions = {}): Promise<Alignment> {
    return alignTranscript(this.core, audio, text, opts)
  }

  /** The same for a recording on disk, read in pieces (a long file is never held whole). */
  alignSource(source: AudioSource, text: string, opts: AlignOptions = {}): Promise<Alignment> {
    return alignSourceTranscript(this.core, source, text, opts)
  }

  /** The regions that turn an aligned transcript into `newText` (one per changed run of words). */
  editRegions(alignment: Alignment, newText: string): EditRegion[] {
    const symbols = unsayableTokens(newText)
    if (symbols.length) throw new EngineError(`the new text has ${symbols.map((s) => `"${s}"`).join(', ')}, which cannot be said: write it as words`, 'BAD_TEXT')
    return regionsForEdit(alignment.words, editableWords(newText), alignment.duration, {
      meanFrames: this.core.model.manifest.durations.mean,
      frameSeconds: alignment.frameSeconds,
    })
  }

  /**
   * Scores the take that output samples [outStart, outEnd) of `audio` hold: does it say `text`, is
   * `oldText` gone, are the seams smooth (needs graphs.aligner).
   */
  checkTake(audio: PcmAudio, outStart: number, outEnd: number, text: string, oldText = ''): Promise<TakeCheck> {
    return checkTake(this.core, audio, outStart, outEnd, text, oldText)
  }

  /** Up to opts.count takes of the same regions (seeds from settings.seed on), each checked; the best is kept. */
  fillTakes(audio: PcmAudio, regions: RegionSpec[], settings: Partial<SamplerSettings>, opts: TakeOptions, hooks: RunHooks = {}): Promise<CheckedFill> {
    return fillChecked(
      (a, r, s, h) => fill(this.core, a, r, s, h),
      (a, from, to, text, old) => checkTake(this.core, a, from, to, text, old),
      audio,
      regions,
      settings,
      opts,
      hooks,
    )
  }

  /** Normalised features [frames × nMels] (e.g. one step of a trajectory) → mono audio at the model rate. */
  async vocode(feats: Float32Array): Promise<PcmAudio> {
    const { nMels, sampleRate } = this.core.spec
    if (feats.length === 0 || feats.length % nMels !== 0) {
      throw new EngineError(`features must be whole frames of ${nMels} mels (got ${feats.length} values)`, 'INTERNAL')
    }
    return { sampleRate, channels: [await vocode(this.core, feats, emptyTimings())] }
  }

  async release(): Promise<void> {
    await releaseModel(this.core.model)
  }
}
