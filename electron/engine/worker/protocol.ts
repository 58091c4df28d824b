// Messages between the engine host (main process / web server) and the engine process
// (electron/engine/worker.ts). Structured-clone transports only (utilityProcess / fork with
// serialization 'advanced'), so typed arrays travel as bytes, never JSON arrays.

import type { SrtCue } from '../srt'
import type { ModelInfo } from '../types'
import type { RequestOf } from '../../shared/ipc'
import type {
  ApiErrorInfo,
  AudioInfo,
  ExportProgress,
  JobProgress,
  OpenProgress,
  JobResult,
  PcmChunk,
  PeakData,
  Take,
} from '../../shared/studio-types'

export interface WorkerMethods {
  /** (Re)load the model (null: the shipped default); audio keeps working when it fails (error set). */
  init: {
    params: { modelDir: string | null; threads: number | null }
    result: { dir: string; info: ModelInfo | null; error: string | null }
  }
  /**
   * (Re)load the second model, which ladders may also run rungs on (e.g. the diffusion twin). null:
   * the shipped model of the other family, when there is one (dir null in the result: none loaded).
   */
  initSecond: {
    params: { modelDir: string | null; threads: number | null }
    result: { dir: string | null; info: ModelInfo | null; error: string | null }
  }
  /**
   * Opens a file for windowed reading (never decoded whole): its peaks come from `peakCache` when it
   * is still valid, else from one streaming pass (and are stored there). Compressed formats are
   * decoded once into a float32 cache in `cacheDir`.
   */
  open: {
    params: { audioId: string; path: string; name: string; origin: AudioInfo['origin']; peakCache?: string | null; cacheDir?: string }
    result: AudioInfo
  }
  close: { params: { audioId: string }; result: void }
  peaks: { params: RequestOf<'audio:peaks'>; result: PeakData }
  read: { params: RequestOf<'audio:read'>; result: PcmChunk }
  /** Re-registers takes (engine restart, project open). */
  addTakes: { params: { takes: Take[] }; result: void }
  dropTakes: { params: { takeIds: string[] }; result: void }
  generate: { params: RequestOf<'job:generate'>; result: Extract<JobResult, { kind: 'generate' }> }
  ladder: { params: RequestOf<'job:ladder'>; result: Extract<JobResult, { kind: 'ladder' }> }
  align: { params: RequestOf<'job:align'>; result: Extract<JobResult, { kind: 'align' }> }
  /** The voiceover is written as float WAV to `path` and registered as `audioId`. */
  say: {
    params: RequestOf<'job:say'> & { audioId: string; path: string; name: string }
    result: Extract<JobResult, { kind: 'say' }>
  }
  /** One step of a take's trajectory → audio around its generated span (model rate, mono). */
  vocode: { params: RequestOf<'trajectory:vocode'>; result: PcmChunk }
  /** Joins voiceover clips (registered audios) with pauses; writes the WAV to `path`, the SRT to `srtPath`. */
  voiceover: {
    params: Omit<RequestOf<'voiceover:export'>, 'fileName' | 'path'> & { path: string; srtPath: string }
    result: { bytes: number; frames: number; sampleRate: number; cues: SrtCue[]; clipped: number }
  }
  /** Streams source + takes (resampled when asked) into the WAV file; progress per chunk, cancellable. */
  export: {
    params: Omit<RequestOf<'export:audio'>, 'fileName' | 'path' | 'exportId'> & { path: string }
    result: { bytes: number; frames: number; sampleRate: number; clipped: number }
  }
}
export type WorkerMethod = keyof WorkerMethods
export type ParamsOf<M extends WorkerMethod> = WorkerMethods[M]['params']
export type ResultOf<M extends WorkerMethod> = WorkerMethods[M]['result']

/** What a call reports while it runs: jobs report network calls, an export the frames written, an open its share done. */
export type ProgressOf<M extends WorkerMethod> = M extends 'export' ? ExportProgress : M extends 'open' ? OpenProgress : JobProgress
export type WorkerProgress = JobProgress | ExportProgress | OpenProgress

/** Methods that are jobs: they stream progress and can be cancelled. */
export const JOB_METHODS = ['generate', 'ladder', 'say', 'align'] as const

export type HostMessage =
  | { type: 'call'; id: number; method: WorkerMethod; params: unknown }
  | { type: 'cancel'; id: number }

export type WorkerMessage =
  | { type: 'hello'; pid: number }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: ApiErrorInfo }
  | { type: 'progress'; id: number; progress: WorkerProgress }
