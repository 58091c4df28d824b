// The transcript pane's actions: load a .txt/.srt, align (a job with progress and Cancel), seek to a
// word, make a region from selected words, and generate the transcript's regions.

import { reportError, info } from '../../actions/notify'
import { generateRegions } from '../../actions/generate'
import { api } from '../../api'
import { StudioError } from '../../api/errors'
import { transport } from '../../audio/transport'
import { sourceToView } from '../../lib/timeline'
import { studio } from '../../store'
import { selectEditMap } from '../../store/selectors'
import { cancelFeatureJob, runFeatureJob, type JobSlot } from '../common/run-feature-job'
import { newFeatureJob, type FeatureJob } from '../common/feature-job'
import { transcriptFromFile, wordsSpan } from './sync'

const slot: JobSlot<FeatureJob> = {
  get: () => studio.getState().alignJob,
  set: (job) => studio.getState().setAlignJob(job),
}

/** Reads a .txt or .srt picked in the pane into the paste box. */
export async function loadTranscriptFile(file: File): Promise<void> {
  try {
    studio.getState().setTranscriptDraft(transcriptFromFile(file.name, await file.text()))
  } catch (e) {
    reportError(`Cannot read ${file.name}`, e)
  }
}

/** Aligns the paste box's text to the open recording. */
export async function alignTranscript(): Promise<void> {
  const s = studio.getState()
  const text = s.transcriptDraft.trim()
  if (!s.audio || s.alignJob || !text) return
  const audioId = s.audio.audioId
  s.setAlignJob(newFeatureJob())
  try {
    const result = await runFeatureJob(slot, () => api.align({ audioId, text }))
    if (result.kind !== 'align' || studio.getState().audio?.audioId !== audioId) return
    const a = result.alignment
    studio.getState().setTranscriptSource(text, a, true)
    if (a.mismatch) studio.getState().pushToast('error', `Transcript: ${a.mismatch}`)
    // The aligner reads the source and quotes its seconds: said as the clock and the ruler give them,
    // for as long as the warning stays (a take applied later moves them).
    else if (a.coverage) studio.getState().pushToast('warning', `Transcript: ${a.coverage}`, { sourceTimes: true })
    else info(a.lowCount ? `Aligned ${a.words.length} words; ${a.lowCount} may not be said as written (underlined)` : `Aligned ${a.words.length} words`)
  } catch (e) {
    if (e instanceof StudioError && e.code === 'CANCELLED') info('Alignment cancelled')
    else reportError('Alignment failed', e)
  } finally {
    studio.getState().setAlignJob(null)
  }
}

export const cancelAlign = (): Promise<void> => cancelFeatureJob(slot)

/** Back to the paste box (the regions already made stay). */
export function newTranscript(): void {
  studio.getState().setTranscriptSource(null, null, true)
}

/** Moves the playhead to the start of word `index` (source time → the edited timeline). */
export function seekToWord(index: number): void {
  const s = studio.getState()
  const word = s.alignment?.words[index]
  const map = selectEditMap(s)
  if (!word || !map) return
  const start = sourceToView(map, word.start)
  // The word in sight, its start a margin in from the edge, at any zoom: first, as the waveform's own
  // scroll on the seek would put it on the very left edge and then count it as in view.
  transport.revealSpan(start, Math.max(start, sourceToView(map, word.end)))
  transport.seek(start)
}

/** Plays the word (or the selected words through it) alone: double-click, to hear what a word sounds like. */
export function playWords(first: number, last = first): void {
  const s = studio.getState()
  const words = s.alignment?.words
  const map = selectEditMap(s)
  if (!words?.[first] || !words[last] || !map) return
  transport.play(sourceToView(map, words[first].start), sourceToView(map, words[last].end))
}

/**
 * A replace region over the selected words, its text the words themselves (type the new ones); it
 * remembers them as the words it replaces, so its takes are checked for still saying them.
 */
export function regionFromSelection(): void {
  const s = studio.getState()
  const a = s.alignment
  const sel = s.wordSelection
  if (!a || !sel || !s.audio) return info('Select words in the transcript first (click one, shift-click another)')
  const [first, last] = sel
  const words = a.words.slice(first, last + 1).map((w) => w.text).join(' ')
  const id = s.addRegion(wordsSpan(a.words, first, last, s.audio.duration), { text: words, oldText: words })
  if (!id) return info('No room for a region there: regions cannot overlap.')
}

/** Generates every transcript region that has no applied take yet. */
export function generateTranscriptRegions(): Promise<void> {
  const s = studio.getState()
  const ids = s.regions.filter((r) => r.origin === 'transcript' && !(r.id in s.applied)).map((r) => r.id)
  return ids.length ? generateRegions(ids) : Promise.resolve(info('Edit the words first: there is nothing to generate'))
}
