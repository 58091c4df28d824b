// Opening and closing audio. The engine decodes at the native rate and returns overview peaks; the
// page never decodes audio itself.

import { AUDIO_EXTENSIONS } from '../../../electron/shared/formats'
import { api } from '../api'
import type { AudioInfo, OpenAudioSource, OpenedProject } from '../api/types'
import { stopAudition } from '../audio/audition'
import { transport } from '../audio/transport'
import { studio } from '../store'
import { fromProjectDoc } from '../store/selectors'
import { takeAudio } from '../store/take-audio'
import { toTakeInfo } from '../store/takes-slice'
import type { Doc } from '../store/types'
import { confirmLeave } from './leave'
import { guarded, info, warn } from './notify'

/** Audio the page may offer to open (the engine has the final word). */
export const AUDIO_ACCEPT = [...AUDIO_EXTENSIONS.map((e) => `.${e}`), 'audio/*'].join(',')

/** Swaps the editor to new audio, freeing the previous audio and its takes in the engine. */
async function replaceAudio(audio: AudioInfo, project: OpenedProject['ref'] | null, doc?: Doc): Promise<void> {
  const prev = studio.getState().audio
  stopAudition()
  transport.pause()
  takeAudio.clear()
  studio.getState().setAudio(audio, project, doc)
  studio.getState().setTranscriptSource(null, null) // a transcript belongs to its recording
  studio.getState().setTranscriptDraft('') // and so does the text pasted for it
  // Errors and warnings about the previous recording (its regions, its file) no longer apply.
  for (const t of studio.getState().toasts) if (t.kind === 'error' || t.kind === 'warning') studio.getState().dismissToast(t.id)
  // A truncated or odd file opens as far as it goes: say so, and keep saying it until dismissed. The
  // decoder's times are the file's: shown on the edited timeline, which later takes may lengthen.
  for (const w of audio.warnings ?? []) warn(`${audio.name}: ${w}`, { sourceTimes: true })
  if (prev && prev.audioId !== audio.audioId) await api.closeAudio(prev.audioId).catch(() => undefined)
}

/**
 * Runs `open` with the engine's progress in the status bar ("Opening name… 40 %"): decoding a long
 * compressed file, or the first peak pass over a long WAV, takes seconds.
 */
export async function withOpenProgress<T>(open: () => Promise<T>): Promise<T> {
  const setBusy = studio.getState().setBusy
  let shown = false
  const off = api.onOpenProgress((e) => {
    shown = true
    setBusy(`Opening ${e.name}… ${Math.floor(e.fraction * 100)} %`)
  })
  try {
    return await open()
  } finally {
    off()
    if (shown) setBusy(null)
  }
}

/**
 * A file picked in the page or dropped on it: by path in the desktop app (opened in place, no copy);
 * in web mode streamed to the server's disk first, with the upload's progress in the status bar.
 */
export async function openAudioFile(file: File): Promise<void> {
  if (!(await confirmLeave(`opening ${file.name}`))) return
  await guarded(
    `Cannot open ${file.name}`,
    async () => {
      const path = api.pathForFile(file)
      let source: OpenAudioSource
      if (path) source = { path }
      else if (api.kind === 'web') {
        const setBusy = studio.getState().setBusy
        const uploadId = await api.uploadAudio(file, (f) => setBusy(`Uploading ${file.name}… ${Math.floor(f * 100)} %`))
        setBusy(`Opening ${file.name}…`)
        source = { uploadId, name: file.name }
      } else source = { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name }
      const audio = await withOpenProgress(() => api.openAudio(source))
      if (audio) await replaceAudio(audio, null)
    },
    `Opening ${file.name}…`,
    file.name,
  )
}

/** A file on disk (recent files, menu). */
export async function openAudioPath(path: string): Promise<void> {
  if (!(await confirmLeave('opening another file'))) return
  await guarded(
    'Cannot open the file',
    async () => {
      const audio = await withOpenProgress(() => api.openAudio({ path }))
      if (audio) await replaceAudio(audio, null)
    },
    'Opening…',
  )
}

/** The native open dialog (desktop only; web mode uses the file input). */
export async function openAudioDialog(): Promise<void> {
  if (!(await confirmLeave('opening another file'))) return
  await guarded('Cannot open the file', async () => {
    const audio = await withOpenProgress(() => api.openAudio())
    if (audio) await replaceAudio(audio, null)
  })
}

/** Loads an opened project or recovered session into the editor. */
export async function loadOpenedProject(opened: OpenedProject, asProject: boolean): Promise<void> {
  const infos = Object.fromEntries(opened.takes.map((t) => [t.takeId, toTakeInfo(t)]))
  const doc = fromProjectDoc(opened.doc, infos)
  await replaceAudio(opened.audio, asProject ? opened.ref : null, doc)
  // After replaceAudio, which clears the previous file's take audio.
  for (const t of opened.takes) takeAudio.set(t.takeId, t.pcm)
  const tr = opened.doc.transcript
  studio.getState().setTranscriptSource(tr?.source ?? null, tr?.alignment ?? null)
  const ui = opened.doc.ui
  const s = studio.getState()
  if (typeof ui.pxPerSec === 'number') s.setZoom(ui.pxPerSec)
  if (typeof ui.preRoll === 'number' && typeof ui.postRoll === 'number') s.setRolls(ui.preRoll, ui.postRoll)
  if (typeof ui.showSpectrogram === 'boolean' && ui.showSpectrogram !== s.showSpectrogram) s.toggleSpectrogram()
  for (const w of opened.warnings) info(w)
}
