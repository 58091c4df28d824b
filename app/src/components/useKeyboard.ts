// Keyboard shortcuts: the table in lib/shortcuts.ts says which keys do what (and the help lists it);
// here each is bound to its action. Editing keys (Space, Del, +/-) are left to text fields when one has
// focus; undo/redo always act on the document (the region text is part of it) so there is one history.

import { useEffect } from 'react'
import { flushSync } from 'react-dom'
import { openAudioDialog } from '../actions/audio'
import { commands } from '../actions/commands'
import { generateAll, generateSelected } from '../actions/generate'
import { saveProject } from '../actions/project'
import { info } from '../actions/notify'
import { stopAuditioning } from '../actions/takes'
import { transport } from '../audio/transport'
import { currentClip, stopClip } from '../features/common/clip-player'
import { findShortcut, NUDGE_FINE_SECONDS, NUDGE_SECONDS, withCtrl, type ShortcutAt } from '../lib/shortcuts'
import { viewToSource } from '../lib/timeline'
import { studio } from '../store'
import { selectEditMap } from '../store/selectors'
import { pickAudioFile } from './Toolbar'

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

const nudge = (e: KeyboardEvent, seconds: number) => transport.nudge((e.key === 'ArrowLeft' ? -1 : 1) * seconds)

/** What each editor shortcut does (a Record: an entry of the table without an action, or the reverse, does not compile). */
const ACTIONS: Record<ShortcutAt<'Editor'>['id'], (e: KeyboardEvent) => void> = {
  open: () => (studio.getState().appInfo?.kind === 'web' ? pickAudioFile() : void openAudioDialog()),
  save: () => void saveProject(),
  'save-as': () => void saveProject({ saveAs: true }),
  export: () => commands.export(),
  settings: () => commands.settings(),
  undo: () => commands.undo(),
  redo: () => commands.redo(),
  region: () => addRegionAtPlayhead(),
  delete: () => commands.delete(),
  escape: () => {
    const s = studio.getState()
    if (s.audition) return stopAuditioning()
    // A compare variant or a voiceover line playing: Escape stops it, as it stops an audition.
    if (currentClip()) return stopClip()
    s.selectRegion(null)
  },
  play: (e) => {
    // A focused button would also "click" on Space: the shortcut wins.
    if (e.target instanceof HTMLButtonElement) e.target.blur()
    // Space stops whatever plays, as it stops an audition: a compare variant or the voiceover playing
    // had gone on under the main transport (or, with no recording open, Space did nothing at all).
    if (currentClip()) return stopClip()
    commands['play-pause']()
  },
  nudge: (e) => nudge(e, NUDGE_SECONDS),
  'nudge-fine': (e) => nudge(e, NUDGE_FINE_SECONDS),
  home: () => {
    stopAuditioning()
    transport.toStart()
  },
  end: () => {
    stopAuditioning()
    transport.toEnd()
  },
  loop: () => studio.getState().toggleLoop(),
  'zoom-in': () => commands['zoom-in'](),
  'zoom-out': () => commands['zoom-out'](),
  'zoom-fit': () => commands['zoom-fit'](),
  generate: () => void generateSelected(),
  'generate-all': () => void generateAll(),
  help: () => commands.shortcuts(),
}

export function handleKey(e: KeyboardEvent): boolean {
  const s = studio.getState()
  if (s.leavePrompt) return false // the unsaved-work question is answered first
  const shortcut = findShortcut(e)
  // A dialog is answered first (Ctrl+E in Settings had replaced it, dropping what was typed).
  if (!shortcut || s.dialog) return false
  if (typingIn(e.target)) {
    // Plain keys are the field's typing; with Ctrl, undo and redo are the field's own (Ctrl+Z in the
    // voiceover script had unapplied a take), except in the region fields, the editor's own history.
    if (!withCtrl(shortcut)) return false
    if ('fieldsOwn' in shortcut && !(e.target as HTMLElement).closest('[data-app-undo]')) return false
  }
  ACTIONS[shortcut.id](e)
  return true
}

export function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Held keys repeat only where repeating means more of the same (zoom, moving the playhead).
      if (e.defaultPrevented) return
      const shortcut = findShortcut(e)
      if (e.repeat && !(shortcut && 'repeats' in shortcut)) return
      if (handleKey(e)) e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}

/** Length of a region made with the R key (then set exactly in its start and end fields). */
const KEY_REGION_SECONDS = 1

/** R: a region from the playhead (fitted between its neighbours), selected, its text box focused to type. */
export function addRegionAtPlayhead(): void {
  const s = studio.getState()
  if (!s.audio) return
  const map = selectEditMap(s)
  const at = map ? viewToSource(map, s.currentTime) : s.currentTime
  const end = Math.min(s.audio.duration, at + KEY_REGION_SECONDS)
  // The card drawn at once and its text box focused before this key press returns: focused a task
  // later, the keys typed straight after R went to the waveform ("word" came out "ord").
  const id = flushSync(() => s.addRegion({ start: at, end }))
  if (!id) return info('No room for a region here: move the playhead to free audio')
  document.querySelector<HTMLTextAreaElement>(`[data-region-id="${id}"] [data-testid="region-text"]`)?.focus()
}
