// The transcript pane's slice; its state is declared in transcript-state.ts.

import type { StateCreator } from 'zustand'
import { commit } from '../../store/history-slice'
import type { Store } from '../../store/types'
import { syncTranscriptRegions } from './sync'
import type { TranscriptSlice } from './transcript-state'

export const createTranscriptSlice: StateCreator<Store, [], [], TranscriptSlice> = (set, get) => ({
  transcriptDraft: '',
  transcriptSource: null,
  alignment: null,
  transcript: null,
  alignJob: null,
  wordSelection: null,
  transcriptSkipped: 0,
  setTranscriptDraft: (transcriptDraft) => set({ transcriptDraft }),
  setTranscriptSource: (transcriptSource, alignment, fresh = false) => {
    set({ transcriptSource, alignment, wordSelection: null, transcriptSkipped: 0, ...(transcriptSource !== null ? { transcriptDraft: transcriptSource } : {}) })
    if (!fresh) return
    // A newly aligned transcript starts unedited; older documents in the history hold edits of
    // another transcript: their text goes, their regions stay.
    const clean = (e: Store['past'][number]) => ({ ...e, doc: { ...e.doc, transcript: null } })
    set((s) => ({ transcript: null, past: s.past.map(clean), future: s.future.map(clean) }))
  },
  setAlignJob: (alignJob) => set({ alignJob }),
  editTranscript: (text) => {
    const s = get()
    if (!s.alignment || text === (s.transcript ?? s.transcriptSource)) return
    const meanFrames = s.model?.info?.meanFrames ?? {}
    const { skipped, unapplied, droppedApplied, ...doc } = syncTranscriptRegions(s, s.alignment, text, meanFrames)
    commit(set, get, 'Edit transcript', { ...doc, transcript: text }, 'transcript')
    if (skipped !== s.transcriptSkipped) set({ transcriptSkipped: skipped })
    // An applied take is never changed or thrown away without a word (undo brings it back).
    if (unapplied) get().pushToast('info', `${unapplied === 1 ? 'A region' : `${unapplied} regions`} with an applied take got new words: the take, which says the old ones, is unapplied (kept in the list); generate again`)
    if (droppedApplied) get().pushToast('info', `${droppedApplied === 1 ? 'A region' : `${droppedApplied} regions`} with an applied take went with this edit (Undo brings ${droppedApplied === 1 ? 'it' : 'them'} back)`)
  },
  selectWords: (wordSelection) => set({ wordSelection }),
})
