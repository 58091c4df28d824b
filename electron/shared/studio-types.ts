// Plain data that crosses the studio API (renderer ⇄ main / web server ⇄ engine process).
// Browser-safe: types only, no Node or Electron imports. Request payload types live next to their
// zod schemas in ./ipc.ts and ./schemas.ts; everything a handler *returns* or *emits* is declared here.
//
// Units: regions are in seconds of the source audio (as in RegionSpec); anything that addresses PCM
// exactly (peaks, reads, takes) is in frames = samples per channel at the source rate.

import type { Alignment } from '../engine/align'
import type { TakeCheck } from '../engine/align/check'
import type { RoomTone } from '../engine/dsp/roomtone'
import type { HeardDeletes } from './context-deletes'
import type {
  ModelInfo,
  Progress,
  RegionSpec,
  SamplerSettings,
  SpliceInfo,
  Timings,
  Trajectory,
} from '../engine/types'
import type { ProjectDoc, StudioSettingsPatch } from './schemas'

/** Which transport implements the API. */
export type ApiKind = 'electron' | 'web'

export interface AppInfo {
  kind: ApiKind
  version: string
  platform: string
  /** Electron: native open/save dialogs exist, so openAudio()/saveProject() without a path show one. */
  nativeDialogs: boolean
  /** Web mode: folder where projects are saved by name (saveProject({name})). Electron: null. */
  projectsDir: string | null
}

/** Error codes every API call can fail with (engine codes plus transport/host ones). */
export type ErrorCode =
  | 'BAD_AUDIO'
  | 'BAD_REGION'
  | 'BAD_TEXT'
  | 'BAD_MODEL'
  | 'BAD_SETTINGS'
  | 'CANCELLED'
  | 'INTERNAL'
  | 'BAD_REQUEST' // payload failed schema validation
  | 'FORBIDDEN' // sender or path not allowed
  | 'NOT_FOUND' // unknown audio/take/job/project id
  | 'NO_MODEL' // no usable model loaded
  | 'ENGINE_CRASHED' // the engine process died during the call; it is being restarted
  | 'IO' // file system error
  | 'UNSUPPORTED' // not available in this mode (e.g. native dialog in web mode)
  | 'CONFLICT' // the project on disk was saved from elsewhere (another tab) since this copy was opened
  | 'DISCONNECTED' // web mode: the page lost its connection to the server (the call never reached it, or its answer never came)

export interface ApiErrorInfo {
  code: ErrorCode
  message: string // one line, safe to show to the user
}

/** Every invoke returns this envelope on the wire; the renderer-side api unwraps it and throws StudioError. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorInfo }

// ---------------------------------------------------------------- audio

/**
 * min/max per bucket per channel; bucket b covers frames
 * [startFrame + b*samplesPerPeak, startFrame + (b+1)*samplesPerPeak) (the last one may be shorter).
 * For wavesurfer `peaks`, interleave max/min (peaksForWavesurfer in app/src/api/peaks.ts).
 */
export interface PeakData {
  startFrame: number
  endFrame: number
  samplesPerPeak: number
  channels: { min: Float32Array; max: Float32Array }[]
}

export interface AudioInfo {
  audioId: string
  name: string // file name shown to the user
  /** Where the engine re-reads it after a restart; for uploads/voiceovers a copy in the session folder. */
  path: string
  /** 'file': a user file opened by path; 'upload': bytes from the page; 'generated': a voiceover (say). */
  origin: 'file' | 'upload' | 'generated'
  sampleRate: number // native rate, never resampled for editing
  channels: number
  frames: number
  duration: number // seconds
  format: string // what the decoder found, e.g. "WAV 24-bit PCM", "FLAC 16-bit", "Ogg Opus"
  /** Non-fatal decode problems, one line each (e.g. a truncated file opened up to its last whole frame). */
  warnings?: string[]
  /** Overview peaks of the whole file, ≤ ~8k buckets: enough to draw it at once. */
  peaks: PeakData
}

/** PCM for a frame range of the source or of the edited timeline (planar, source rate). */
export interface PcmChunk {
  sampleRate: number
  startFrame: number // frame of the timeline it was read from
  channels: Float32Array[]
}

// ---------------------------------------------------------------- jobs and takes

export type JobKind = 'generate' | 'ladder' | 'say' | 'align'

export interface JobTicket {
  jobId: string
  kind: JobKind
}

/** Engine progress (one event per network call) plus job-level totals and an estimate. */
export interface JobProgress extends Progress {
  jobCall: number // network calls done in the whole job
  jobTotalCalls: number
  etaMs: number | null // null until one call has been timed
  /** "Until it checks": which seed of how many this region is on (absent for a plain generation) */
  tryIndex?: number
  tryCount?: number
}

/** Metadata of a take: one generated alternative for one region. */
export interface TakeInfo {
  takeId: string
  audioId: string
  regionId: string
  region: RegionSpec // what was generated, seconds of the source
  /**
   * Applying the take replaces source frames [replaceStart, replaceEnd) with its `frames` samples.
   * The range is the engine's splice plus its crossfade margins, so the samples outside it are the
   * source's own, bit for bit.
   */
  replaceStart: number
  replaceEnd: number
  frames: number
  sampleRate: number
  splice: SpliceInfo // as reported by the engine for this fill
  phones: string[]
  generatedSeconds: number
  networkCalls: number
  settings: SamplerSettings & { model: string }
  timings: Timings
  createdAt: number // epoch ms
  label: string // e.g. "seed 42 · 16 steps · euler"
  /** What the aligner heard in the take (typed words found, old words gone, seams); absent without an aligner or text. */
  check?: TakeCheck
  /** Non-fatal problems with the take, one line each (e.g. its words squeezed into too short a region). */
  warnings?: string[]
  /** Seconds of the source generated when the engine narrowed the region to where its words are said (the rest kept the recording's sound). */
  narrowed?: { start: number; end: number }
  /**
   * A generated take's context: the document's deletions it heard as cut (deletesHeard), so the studio can
   * say when they have moved or gone since. Absent on deletes, ladder rungs and takes made before session 20.
   */
  heard?: HeardDeletes
  /** Ladder takes: the rung, the reference rung and the distance of its log-mel from the reference. */
  ladder?: { rung: number; reference: number; melL1: number; wallMs: number; rtf: number }
}

export interface Take extends TakeInfo {
  /** The replacement segment, planar, at the source rate and channel count. */
  pcm: Float32Array[]
  trajectory?: Trajectory // only when captureTrajectory was requested
}

export type JobResult =
  | {
      kind: 'generate'
      takes: Take[]
      /** regions of a several-region job that could not be filled (the others' takes are here) */
      failed?: { regionId: string; message: string }[]
      /** cancelled part way: the takes are those made before it */
      cancelled?: boolean
    }
  | { kind: 'ladder'; takes: Take[]; /** cancelled part way: the takes are the variants made before it */ cancelled?: boolean }
  | { kind: 'align'; alignment: Alignment }
  | {
      kind: 'say'
      audio: AudioInfo // the voiceover, registered like an opened file
      sentences: { text: string; start: number; end: number }[]
      settings: SamplerSettings & { model: string }
      timings: Timings
      networkCalls: number
      /** The voice's room (SayResult.room): the voiceover's pauses carry it. */
      room: RoomTone | null
      /** What is wrong with the voice prompt that still let it speak (say.ts voiceWarnings): no speech in it… */
      voiceWarnings: string[]
    }

export type JobEvent =
  | { jobId: string; kind: JobKind; type: 'progress'; progress: JobProgress }
  | { jobId: string; kind: JobKind; type: 'done'; result: JobResult }
  /** Also sent for cancel (code CANCELLED) and engine crash (code ENGINE_CRASHED). */
  | { jobId: string; kind: JobKind; type: 'error'; error: ApiErrorInfo }

// ---------------------------------------------------------------- export, projects, recovery

export interface ExportResult {
  fileName: string
  bytes: number
  /** Electron: where it was written. Web mode: null (the file is served at downloadUrl). */
  path: string | null
  /** Web mode: same-origin URL of the file (the web api starts the download itself). Electron: null. */
  downloadUrl: string | null
  sampleRate: number
  frames: number
  /** Samples beyond full scale that an integer format clipped (a float source over 0 dBFS); absent when none. */
  clipped?: number
}

/** Frames of an export written so far (output frames, at the export's rate). */
export interface ExportProgress {
  frames: number
  totalFrames: number
}

/** How far opening a file has got: its decode (compressed formats) or its peak pass (uncached WAV). */
export interface OpenProgress {
  fraction: number
}

/** Progress of an open, with the name the user knows the file by. */
export interface OpenProgressEvent extends OpenProgress {
  name: string
}

/** Progress of a running export, tagged with the id the renderer gave it. */
export interface ExportProgressEvent extends ExportProgress {
  exportId: string
}

/** A written voiceover: the WAV, its subtitles (one cue per line) and the cue times. */
export interface VoiceoverExportResult {
  wav: ExportResult
  srt: { fileName: string; path: string | null; downloadUrl: string | null }
  cues: { start: number; end: number; text: string }[]
}

export interface ProjectRef {
  path: string // the project folder
  name: string
  savedAt: number // epoch ms
  /** project lists only: why its project.json cannot be read (the folder is listed rather than hidden) */
  damaged?: string
}

export interface OpenedProject {
  ref: ProjectRef
  audio: AudioInfo
  /** The saved document, with audioId rewritten to the newly opened audio. */
  doc: ProjectDoc
  takes: Take[]
  /** Non-fatal problems (e.g. a take file that could not be read); the rest was opened. */
  warnings: string[]
}

export interface RecoveryEntry {
  id: string
  name: string // title of the unsaved document
  savedAt: number
  projectPath: string | null // the project it belonged to, if it had been saved before
  /** autosaved by this same run (the page was reloaded or the window re-opened), not a crashed one */
  thisRun?: boolean
  /** autosaved by another page of this run that is no longer open (a closed tab in web mode) */
  otherPage?: boolean
}

// ---------------------------------------------------------------- model, settings, status

export interface ModelState {
  dir: string
  isDefault: boolean // the shipped model
  info: ModelInfo | null // null when the model failed to load
  error: string | null
}

export interface StudioSettings {
  modelDir: string | null // null = shipped default
  /** The second model a ladder may run rungs on; null = the shipped model of the other family (the diffusion twin) */
  secondModelDir: string | null
  threads: number | null // null = onnxruntime default
  sampler: Partial<SamplerSettings>
  randomSeed: boolean // draw a new seed per generation (the seed in `sampler` is used otherwise)
  /** 'source': the encoding that keeps the source's samples exactly (sourceEncoding) */
  exportFormat: 'source' | 'pcm16' | 'pcm24' | 'float32'
  exportSampleRate: number | null // null = source rate
  /** Free-form renderer preferences (zoom, view toggles...). */
  ui: Record<string, unknown>
}
export type { StudioSettingsPatch }

export interface RecentEntry {
  path: string
  name: string
  openedAt: number
}

export interface RecentLists {
  files: RecentEntry[]
  projects: RecentEntry[]
}

export type EngineState = 'starting' | 'ready' | 'crashed' | 'restarting' | 'stopped'

export interface EngineStatus {
  state: EngineState
  model: ModelState | null
  /** The second model (ladders mixing flow and diffusion); null when none is loaded */
  secondModel?: ModelState | null
  /** For 'crashed': why it died (exit code / signal); cleared when it is ready again. */
  message: string | null
  restarts: number
  pid: number | null
}

/** Commands from the native application menu (Electron) for the renderer to carry out. */
export type MenuCommand =
  | { command: 'open-audio'; path: string }
  | { command: 'open-project'; path: string }
  | {
      command:
        | 'open-audio-dialog'
        | 'open-project-dialog'
        | 'save-project'
        | 'save-project-as'
        | 'export'
        | 'undo'
        | 'redo'
        | 'delete'
        | 'select-all'
        | 'play-pause'
        | 'zoom-in'
        | 'zoom-out'
        | 'zoom-fit'
        | 'toggle-spectrogram'
        | 'generate-selected'
        | 'generate-all'
        | 'settings'
        | 'shortcuts'
        | 'about'
    }

/** Events pushed to the renderer. */
export interface EventMap {
  'job:event': JobEvent
  'export:progress': ExportProgressEvent
  'audio:progress': OpenProgressEvent
  'engine:status': EngineStatus
  'menu:command': MenuCommand
}
export type EventChannel = keyof EventMap
