// Shapes of the studio store. The undoable document (regions, take metadata, applied takes) is kept
// apart from session/UI state so history snapshots hold ids and metadata only, never audio.

import type { RegionLength, RegionMode } from '../../../electron/engine/types'
import type { DockSlice } from '../features/common/dock-state'
import type { TranscriptSlice } from '../features/transcript/transcript-state'
import type { CompareSlice } from '../features/compare/compare-state'
import type { TrajectorySlice } from '../features/trajectory/trajectory-state'
import type { VoiceoverSlice } from '../features/voiceover/voiceover-state'
import type {
  AppInfo,
  AudioInfo,
  EngineStatus,
  JobProgress,
  ModelState,
  ProjectRef,
  RecoveryEntry,
  StudioSettings,
  TakeInfo,
} from '../../../electron/shared/studio-types'

/** A masked region, in seconds of the source audio. */
export interface EditRegion {
  id: string
  start: number
  end: number
  text: string
  mode: RegionMode
  length: RegionLength
  /** made by editing the transcript (kept in step with it); absent for regions drawn by hand */
  origin?: 'transcript'
  /** the words the region replaces, so its takes can be checked for them */
  oldText?: string
  /** the speaker's tempo around the region (natural lengths) */
  tempo?: number
  /** generate all of the region, even where its words are already said (a repair is narrowed to them by default) */
  exact?: boolean
  /** an insert made from a region: the length it had, given back when it leaves insert mode */
  lengthBeforeInsert?: number
}

/** The undoable document. */
export interface Doc {
  regions: EditRegion[]
  /** takeId → metadata (the PCM lives in take-audio.ts, outside the history). */
  takes: Record<string, TakeInfo>
  /** regionId → takeId applied on it. */
  applied: Record<string, string>
  /** the transcript's words as edited (null: as aligned); see features/transcript */
  transcript: string | null
}

export interface HistoryEntry {
  doc: Doc
  label: string
  /** Consecutive edits with the same key (typing in one text field) merge into one entry. */
  coalesce?: string
  at: number
}

export interface RegionsSlice {
  regions: EditRegion[]
  selectedRegionId: string | null
  /** Adds a region (clipped between its neighbours); returns its id, or null when there is no room. */
  /** a new region over `span` (text and the words it replaces optional), as one undo step */
  addRegion(span: { start: number; end: number }, fields?: Pick<EditRegion, 'text' | 'oldText'>): string | null
  /** Moves or resizes; the change is constrained to the neighbours. Regions with an applied take are locked. */
  setRegionSpan(id: string, span: { start: number; end: number }): void
  setRegionText(id: string, text: string): void
  setRegionMode(id: string, mode: RegionMode): void
  setRegionLength(id: string, length: RegionLength): void
  setRegionExact(id: string, exact: boolean): void
  /** Removes the region, its takes and its applied take (all restored by undo). */
  removeRegion(id: string): void
  selectRegion(id: string | null): void
}

export interface TakesSlice {
  takes: Record<string, TakeInfo>
  applied: Record<string, string>
  selectedTakeId: string | null
  /** Adds generated takes (metadata only) to their regions; takes of regions that no longer exist are returned. */
  addTakes(takes: TakeInfo[]): { added: string[]; orphaned: string[] }
  /** Applies a take on its region (replacing the one applied there). Throws if it would overlap another applied take. */
  applyTake(takeId: string): void
  unapplyRegion(regionId: string): void
  removeTake(takeId: string): void
  selectTake(takeId: string | null): void
}

export interface HistorySlice {
  past: HistoryEntry[]
  future: HistoryEntry[]
  undo(): void
  redo(): void
  /** Replaces the document without history (opening a project or new audio). */
  resetDoc(doc: Doc): void
}

export interface JobState {
  jobId: string | null // null until the ticket arrives
  regionIds: string[]
  progress: JobProgress | null
  cancelling: boolean
}

export interface JobSlice {
  job: JobState | null
  startJob(regionIds: string[]): void
  setJobTicket(jobId: string): void
  setJobProgress(progress: JobProgress): void
  setCancelling(): void
  endJob(): void
}

export type ToastKind = 'error' | 'warning' | 'info' | 'success'
export interface Toast {
  id: number
  kind: ToastKind
  message: string
  /** Buttons beside the message ("Undo" after removing a voiceover line); a click dismisses the toast. */
  actions?: ToastAction[]
  /**
   * The message quotes times of the source (a decoder's or the aligner's): shown mapped onto the edited
   * timeline as it is now, so a warning that stays keeps up with takes applied after it came.
   */
  sourceTimes?: boolean
  /**
   * The message names regions as the engine does, by place in a request and source seconds ("region 1
   * (2.36–3.28 s)" is regions[0]): shown with each region's number and times as they are now (studioNumbers),
   * so takes applied and regions added or deleted while it is up do not leave it naming the wrong one.
   */
  regions?: readonly string[]
}

export interface ToastOptions {
  actions?: ToastAction[]
  sourceTimes?: boolean
  regions?: readonly string[]
}

export interface ToastAction {
  label: string
  run(): void
}

export type Dialog = 'settings' | 'export' | 'save' | 'open-project' | 'shortcuts' | null

/** The answer to "this document has unsaved work": save it first, drop it, or stay. */
export type LeaveChoice = 'save' | 'discard' | 'cancel'
/** An open question about unsaved work (what is about to replace it, and whether a job is running). */
export interface LeavePrompt {
  action: string
  generating: boolean
  answer(choice: LeaveChoice): void
}

/** What the audition player is playing: a take in context, or the original at the same place. */
export interface Audition {
  regionId: string
  takeId: string
  variant: 'take' | 'original'
}

export interface UiSlice {
  /** Zoom; 0 means "fit the whole file". */
  pxPerSec: number
  showSpectrogram: boolean
  snap: boolean
  loop: boolean
  preRoll: number
  postRoll: number
  playing: boolean
  currentTime: number
  audition: Audition | null
  dialog: Dialog
  leavePrompt: LeavePrompt | null
  toasts: Toast[]
  setZoom(pxPerSec: number): void
  toggleSpectrogram(): void
  toggleSnap(): void
  toggleLoop(): void
  setRolls(preRoll: number, postRoll: number): void
  setPlayback(playing: boolean, currentTime?: number): void
  setAudition(a: Audition | null): void
  openDialog(d: Dialog): void
  setLeavePrompt(p: LeavePrompt | null): void
  pushToast(kind: ToastKind, message: string, options?: ToastAction[] | ToastOptions): number
  dismissToast(id: number): void
}

export interface SessionSlice {
  appInfo: AppInfo | null
  audio: AudioInfo | null
  project: ProjectRef | null
  /** The document as last saved (or opened): the editor is dirty when it differs. */
  savedDoc: Doc | null
  engine: EngineStatus | null
  model: ModelState | null
  settings: StudioSettings | null
  recovery: RecoveryEntry[]
  /** the host has been asked for recoverable work (start-up) */
  recoveryChecked: boolean
  busy: string | null // a blocking operation in progress ("Opening…"), shown in the status bar
  /** Web mode: the connection to the server was lost; what fails because of it is not reported again. */
  connectionLost: boolean
  setAppInfo(info: AppInfo): void
  /** Starts editing new audio: empty document, empty history. */
  setAudio(audio: AudioInfo | null, project?: ProjectRef | null, doc?: Doc): void
  /** Records `doc` (default: the current document) as saved to `project`. */
  markSaved(project: ProjectRef | null, doc?: Doc): void
  setEngine(status: EngineStatus): void
  setModel(model: ModelState): void
  setSettings(settings: StudioSettings): void
  setRecovery(entries: RecoveryEntry[]): void
  setBusy(label: string | null): void
  setConnectionLost(message: string): void
}

/** The feature panels' slices (compare, trajectory, voiceover, transcript, dock) live with their panels in app/src/features. */
export type FeatureSlices = CompareSlice & TrajectorySlice & VoiceoverSlice & DockSlice & TranscriptSlice

export type Store = RegionsSlice & TakesSlice & HistorySlice & JobSlice & UiSlice & SessionSlice & FeatureSlices
