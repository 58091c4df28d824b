// Projects (save/open a folder through the host), autosave after edits and recovery of the work a
// crashed session left behind.

import { api, StudioError } from '../api'
import type { ProjectRef } from '../api/types'
import { studio } from '../store'
import { docOf } from '../store/history-slice'
import { selectTitle, toProjectDoc } from '../store/selectors'
import { isDirty } from '../store/session-slice'
import type { Store } from '../store/types'
import { loadOpenedProject, withOpenProgress } from './audio'
import { confirmLeave } from './leave'
import { guarded, reportError, success } from './notify'

/** Debounce before an autosave: long enough to batch a burst of edits. */
export const AUTOSAVE_MS = 2000

/** Saves in flight: an autosave waits for them (written after a save, it was left as "unsaved work" of a saved project). */
let savesInFlight = 0

/**
 * Saves the project. Desktop: to its folder, or through a folder dialog the first time / for
 * "save as". Web mode: by `name` in the projects folder (asked for by the save dialog).
 */
export async function saveProject(opts: { saveAs?: boolean; name?: string; overwrite?: boolean } = {}): Promise<ProjectRef | null> {
  const s = studio.getState()
  const doc = toProjectDoc(s, opts.name ?? selectTitle(s))
  if (!doc) return null
  const web = s.appInfo?.kind === 'web'
  // A name (the web save dialog: first save or save as) makes a new project; the host picks a free folder.
  const path = opts.saveAs || opts.name ? undefined : s.project?.path
  if (web && !path && !opts.name) {
    s.openDialog('save') // the dialog asks for a name and calls back with it
    return null
  }
  // Over the version this tab opened or last saved, not over one another tab saved since (unless asked to).
  const base = s.project?.savedAt
  const expectSavedAt = path && !opts.overwrite && base !== undefined && Number.isFinite(base) ? base : undefined
  savesInFlight++
  s.setBusy('Saving…')
  let ref: ProjectRef | null
  try {
    ref = await api.saveProject({
      doc,
      ...(path ? { path } : {}),
      ...(opts.name ? { name: opts.name } : {}),
      ...(opts.saveAs && !web ? { saveAs: true } : {}),
      ...(expectSavedAt !== undefined ? { expectSavedAt } : {}),
    })
  } catch (e) {
    if (e instanceof StudioError && e.code === 'CONFLICT') {
      studio.getState().pushToast('error', `Not saved: ${e.message}`, [
        { label: 'Save as new…', run: () => void saveProject({ saveAs: true }) },
        { label: 'Overwrite', run: () => void saveProject({ overwrite: true }) },
      ])
    } else reportError('Save failed', e)
    return null
  } finally {
    savesInFlight--
    studio.getState().setBusy(null)
  }
  if (!ref) return null
  // Edits made while saving stay unsaved: only mark what was written.
  studio.getState().markSaved(ref, docOf(s))
  success(`Saved ${ref.name}`)
  return ref
}

/** Opens a project: a path (web list, recent) or the folder dialog (desktop). */
export async function openProject(path?: string): Promise<void> {
  if (!(await confirmLeave('opening a project'))) return
  await guarded(
    'Cannot open the project',
    async () => {
      const opened = await withOpenProgress(() => api.openProject(path))
      if (opened) await loadOpenedProject(opened, true)
    },
    'Opening project…',
  )
}

export async function refreshRecovery(): Promise<void> {
  try {
    studio.getState().setRecovery(await api.listRecovery())
  } catch {
    // No recovery list is not worth an error: the editor works without it.
  }
}

export async function recover(id: string): Promise<void> {
  if (!(await confirmLeave('restoring the earlier work'))) return
  await guarded(
    'Cannot recover',
    async () => {
      const entry = studio.getState().recovery.find((r) => r.id === id)
      const opened = await withOpenProgress(() => api.recover(id))
      // Only work that belonged to a saved project goes back to that project; the rest is untitled.
      await loadOpenedProject(opened, Boolean(entry?.projectPath))
      // Recovered work is unsaved by definition. It saves to its project, not to the autosave's copy
      // it was read from (a save went there, or was refused in web mode), and over whatever version
      // is on disk: it was made from that project, so no other tab's save is expected.
      const projectPath = entry?.projectPath
      const project = projectPath ? { path: projectPath, name: projectPath.replace(/[\\/]+$/, '').split(/[\\/]/).pop()!.replace(/\.voicefill$/, ''), savedAt: Number.NaN } : null
      studio.setState({ savedDoc: null, ...(projectPath ? { project } : {}) })
      await api.discardRecovery(id).catch(() => undefined)
      studio.getState().setRecovery(studio.getState().recovery.filter((r) => r.id !== id))
      // It is this run's unsaved work now: autosave it at once, so another crash or reload before
      // the next edit still finds it.
      const now = studio.getState()
      const doc = toProjectDoc(now, selectTitle(now))
      if (doc) await api.autosave(doc, now.project?.path ?? null).catch(() => undefined)
    },
    'Recovering…',
  )
}

export async function discardRecovery(id: string): Promise<void> {
  await guarded('Cannot discard', () => api.discardRecovery(id))
  studio.getState().setRecovery(studio.getState().recovery.filter((r) => r.id !== id))
}

/** Autosaves the document after edits (debounced) and keeps the window title and dirty flag current. */
export function startAutosave(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  let failedOnce = false
  const docChanged = (s: Store, p: Store) =>
    s.regions !== p.regions || s.takes !== p.takes || s.applied !== p.applied || s.transcript !== p.transcript || s.alignment !== p.alignment
  let lastTitle = ''
  const unsubscribe = studio.subscribe((s, prev) => {
    const named = s.project || s.audio ? `${selectTitle(s)}${isDirty(s) ? ' •' : ''} — ` : ''
    const title = `${named}Voicefill` // not "Voicefill — Voicefill" with nothing open
    if (title !== lastTitle) {
      lastTitle = title
      void api.setWindowState(title, isDirty(s)).catch(() => undefined)
    }
    if (!s.audio || !docChanged(s, prev) || !isDirty(s)) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(later, AUTOSAVE_MS)
  })
  const later = () => {
    timer = null
    // A save in flight writes this work itself; wait for it, then autosave only what it left unsaved.
    if (savesInFlight > 0) return void (timer = setTimeout(later, 250))
    const now = studio.getState()
    if (!isDirty(now)) return // saved since the edit
    const doc = toProjectDoc(now, selectTitle(now))
    if (!doc) return
    api.autosave(doc, now.project?.path ?? null).then(
      () => (failedOnce = false),
      (e) => {
        // One toast per failure streak, not one per edit.
        if (!failedOnce) reportError('Autosave failed', e)
        failedOnce = true
      },
    )
  }
  // A reload or a closed tab within the debounce would lose the last edits (an Apply, words typed):
  // autosave what is pending now, while the page can still send it.
  const flush = () => {
    if (!timer) return
    clearTimeout(timer)
    later()
  }
  globalThis.addEventListener?.('pagehide', flush)
  return () => {
    unsubscribe()
    globalThis.removeEventListener?.('pagehide', flush)
    if (timer) clearTimeout(timer)
  }
}
