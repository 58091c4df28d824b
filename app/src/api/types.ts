// The API the renderer uses, identical in the desktop app (preload → main → engine process) and in
// web mode (WebSocket → web server → engine process). Get it from `api` in ./index.ts.
//
// Model: the engine process holds the decoded audio (native rate, never modified) under an audioId and
// every generated take under a takeId. The edited timeline = the source with a set of takes applied
// (takeIds): pass the applied takeIds to readPcm / getPeaks / mediaUrl / exportAudio to hear, draw or
// export the edit. Regions are seconds of the source; PCM ranges are frames (samples per channel).
// Failures reject with StudioError (./errors.ts): a `code` and a one-line `message` to show.

import type { RegionSpec } from '../../../electron/engine/types'
import type { ProjectDoc, RequestOf, StudioSettingsPatch } from '../../../electron/shared/ipc'
import type {
  ApiKind,
  AppInfo,
  AudioInfo,
  EngineStatus,
  ExportProgressEvent,
  OpenProgressEvent,
  ExportResult,
  JobEvent,
  JobTicket,
  MenuCommand,
  ModelState,
  OpenedProject,
  PcmChunk,
  PeakData,
  ProjectRef,
  RecentLists,
  RecoveryEntry,
  StudioSettings,
  Take,
  VoiceoverExportResult,
} from '../../../electron/shared/studio-types'

export type * from '../../../electron/shared/studio-types'
export type { ModelInfo, Progress, RegionSpec, SamplerSettings, SpliceInfo, Timings, Trajectory } from '../../../electron/engine/types'
export type { ProjectDoc, ProjectRegion, StudioSettingsPatch } from '../../../electron/shared/ipc'

export type Unsubscribe = () => void

export type OpenAudioSource = NonNullable<RequestOf<'audio:open'>>
/** A region to generate: RegionSpec plus the renderer's region id (takes come back tagged with it). */
export type GenerateRegion = RegionSpec & { regionId: string; oldText?: string }

export type PeaksRequest = RequestOf<'audio:peaks'>
export type ReadPcmRequest = RequestOf<'audio:read'>
export type GenerateRequest = RequestOf<'job:generate'>
export type LadderRequest = RequestOf<'job:ladder'>
export type SayRequest = RequestOf<'job:say'>
export type AlignRequest = RequestOf<'job:align'>
export type ExportRequest = RequestOf<'export:audio'>
export type VoiceoverExportRequest = RequestOf<'voiceover:export'>
export type VocodeTrajectoryRequest = RequestOf<'trajectory:vocode'>
export type SaveProjectRequest = RequestOf<'project:save'>

export interface StudioApi {
  readonly kind: ApiKind

  appInfo(): Promise<AppInfo>

  // ---- audio -------------------------------------------------------------------------------
  /**
   * Open an audio file: decoded at its native rate in the engine process.
   * No argument: native file dialog (Electron; UNSUPPORTED in web mode) → null when cancelled.
   * {path}: a file on disk (Electron, recent files). {bytes, name}: an <input type=file> or a drop.
   */
  openAudio(source?: OpenAudioSource): Promise<AudioInfo | null>
  /** How far the engine has got opening a file (a compressed file's decode, a WAV's first peak pass). */
  onOpenProgress(listener: (e: OpenProgressEvent) => void): Unsubscribe
  /** Electron: the on-disk path of a dropped/picked File (open it by path, no copy). Web: null. */
  pathForFile(file: File): string | null
  /**
   * Web mode: streams a picked/dropped file to the server's disk (never read whole into the page),
   * reporting the fraction sent; resolves to the uploadId that openAudio({uploadId, name}) takes.
   * Electron: UNSUPPORTED (files open by path).
   */
  uploadAudio(file: File, onProgress?: (fraction: number) => void): Promise<string>
  /** Frees the audio and its takes in the engine. */
  closeAudio(audioId: string): Promise<void>
  /** min/max peaks for a frame range (zoomed-in views); pass takeIds for the edited timeline. */
  getPeaks(req: PeaksRequest): Promise<PeakData>
  /** PCM for a frame range (≤ 2^24 frames), e.g. to audition a take in context with WebAudio. */
  readPcm(req: ReadPcmRequest): Promise<PcmChunk>
  /**
   * A URL for an <audio>/wavesurfer `media` element streaming the source (or the edited timeline with
   * `takeIds` applied) as 16-bit WAV with HTTP Range support, so hour-long files play without
   * decoding in the page. Synchronous: the URL encodes the request.
   */
  mediaUrl(audioId: string, takeIds?: string[]): string

  // ---- jobs (engine work; one progress event per network call) ------------------------------
  generate(req: GenerateRequest): Promise<JobTicket>
  ladder(req: LadderRequest): Promise<JobTicket>
  say(req: SayRequest): Promise<JobTicket>
  /** Aligns a transcript to an open audio (the result: word and phone times with confidences). */
  align(req: AlignRequest): Promise<JobTicket>
  /** Stops between network calls; the job then ends with an error event, code CANCELLED. */
  cancelJob(jobId: string): Promise<boolean>
  /** progress / done / error for every job. */
  onJobEvent(listener: (e: JobEvent) => void): Unsubscribe
  getTake(takeId: string): Promise<Take>
  dropTakes(takeIds: string[]): Promise<void>

  // ---- export -----------------------------------------------------------------------------
  /**
   * Electron: save dialog (unless req.path) → written file; null if cancelled. Web: a download.
   * Written in a stream by the engine; with req.exportId it reports progress (onExportProgress) and
   * cancelExport(exportId) stops it (the call then fails with CANCELLED and no file is left).
   */
  exportAudio(req: ExportRequest): Promise<ExportResult | null>
  /** false when no export with that id is running. */
  cancelExport(exportId: string): Promise<boolean>
  onExportProgress(listener: (e: ExportProgressEvent) => void): Unsubscribe
  /** Voiceover clips joined with a pause → WAV + SRT. Electron: save dialog unless req.path. Web: two downloads. */
  exportVoiceover(req: VoiceoverExportRequest): Promise<VoiceoverExportResult | null>

  // ---- trajectory ---------------------------------------------------------------------------
  /** Vocodes step `step` of a take's trajectory (generate with captureTrajectory) around its generated span. */
  vocodeTrajectory(req: VocodeTrajectoryRequest): Promise<PcmChunk>

  // ---- projects, autosave, recovery ------------------------------------------------------------
  /** Project folder = project.json + source reference + takes/*.wav. See SaveProjectRequest. */
  saveProject(req: SaveProjectRequest): Promise<ProjectRef | null>
  /** No path: folder dialog (Electron). Web mode: a path from listProjects(). */
  openProject(path?: string): Promise<OpenedProject | null>
  /** Web mode: projects in the projects folder. Electron: recent projects that still exist. */
  listProjects(): Promise<ProjectRef[]>
  autosave(doc: ProjectDoc, projectPath: string | null): Promise<void>
  /** Unsaved work left by a session that did not exit cleanly. */
  listRecovery(): Promise<RecoveryEntry[]>
  recover(id: string): Promise<OpenedProject>
  discardRecovery(id: string): Promise<void>

  // ---- model, settings, status -----------------------------------------------------------
  getModel(): Promise<ModelState>
  /**
   * dir: load that folder (validated; the old model stays on failure). null: shipped default. undefined:
   * dialog (Electron). second: the second model a ladder may run rungs on (null: the shipped twin).
   */
  chooseModel(dir?: string | null, second?: boolean): Promise<ModelState | null>
  getSettings(): Promise<StudioSettings>
  updateSettings(patch: StudioSettingsPatch): Promise<StudioSettings>
  getRecent(): Promise<RecentLists>
  getEngineStatus(): Promise<EngineStatus>
  /** starting / ready / crashed / restarting: after a crash the engine restarts by itself and
   * re-opens every audio and take under the same ids; running jobs fail with ENGINE_CRASHED. */
  onEngineStatus(listener: (s: EngineStatus) => void): Unsubscribe
  /** Web mode: the connection to the server is gone (it stopped or crashed); calls fail with DISCONNECTED from then on. Never fires in Electron. */
  onConnectionLost(listener: () => void): Unsubscribe
  /** Native menu commands (Electron only; never fires in web mode). */
  onMenuCommand(listener: (c: MenuCommand) => void): Unsubscribe
  /** Window title and dirty flag (Electron asks before closing with unsaved changes). */
  setWindowState(title: string, dirty: boolean): Promise<void>
}
