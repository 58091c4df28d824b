// The transcript pane's state. The aligned transcript and its alignment belong to the recording
// (like the audio: set by Align or by opening a project, not undoable); the edited words are part
// of the undoable document (Doc.transcript), so undo/redo walks through transcript edits together
// with the regions they make.

import type { Alignment } from '../../../../electron/engine/align'
import type { FeatureJob } from '../common/feature-job'

export interface TranscriptSlice {
  /** text in the paste box, before aligning */
  transcriptDraft: string
  /** the transcript as aligned; null before aligning */
  transcriptSource: string | null
  alignment: Alignment | null
  /** the words as edited (undoable, part of Doc); null: as aligned */
  transcript: string | null
  alignJob: FeatureJob | null
  /** words selected in the transcript, first and last index */
  wordSelection: [number, number] | null
  /** regions the last edit could not make (they would overlap regions drawn by hand) */
  transcriptSkipped: number
  setTranscriptDraft(text: string): void
  /** The aligned transcript (or none); `fresh` (a new alignment) also drops the edits of the previous one. */
  setTranscriptSource(source: string | null, alignment: Alignment | null, fresh?: boolean): void
  setAlignJob(job: FeatureJob | null): void
  /** Edits the words (one undo step per burst of typing); the transcript's regions follow. */
  editTranscript(text: string): void
  selectWords(selection: [number, number] | null): void
}
