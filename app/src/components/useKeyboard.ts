// Keyboard shortcuts. Editing keys (Space, Del, +/-) are left to text fields when one has focus;
// undo/redo always act on the document (the region text is part of it) so there is one history.

import { useEffect } from 'react'
import { openAudioDialog } from '../actions/audio'
import { commands } from '../actions/commands'
import { generateAll, generateSelected } from '../actions/generate'
import { saveProject } from '../actions/project'
import { info } from '../actions/notify'
import { stopAuditioning } from '../actions/takes'
import { transport } from '../audio/transport'
import { currentClip, stopClip } from '../features/common/clip-player'
import { viewToSource } from '../lib/timeline'
import { studio } from '../store'
import { selectEditMap } from '../store/selectors'
import { pickAudioFile } from './Toolbar'

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

export function handleKey(e: KeyboardEvent): boolean {
  const s = studio.getState()
  const mod = e.ctrlKey || e.metaKey
  const key = e.key.toLowerCase()
  if (s.leavePrompt) return false // the unsaved-work question is answered first
  if (mod) {
    // A dialog is answered first (Ctrl+E in Settings had replaced it, dropping what was typed); in a text
    // field, undo and redo are the field's own (Ctrl+Z in the voiceover script had unapplied a take).
    if (s.dialog) return false
    // (Region fields are the editor's own history: data-app-undo.)
    if (typingIn(e.target) && (key === 'z' || key === 'y') && !(e.target as HTMLElement).closest('[data-app-undo]')) return false
    if (key === 'z' && !e.shiftKey) return commands.undo(), true
    if ((key === 'z' && e.shiftKey) || key === 'y') return commands.redo(), true
    if (key === 'o') return s.appInfo?.kind === 'web' ? pickAudioFile() : void openAudioDialog(), true
    if (key === 's') return void saveProject({ saveAs: e.shiftKey }), true
    if (key === 'e') return commands.export(), true
    if (key === ',') return commands.settings(), true
    if (key === 'enter') return void (e.shiftKey ? generateAll() : generateSelected()), true
    return false
  }
  if (s.dialog || typingIn(e.target)) return false
  switch (e.key) {
    case ' ':
      // A focused button would also "click" on Space: the shortcut wins.
      if (e.target instanceof HTMLButtonElement) e.target.blur()
      return commands['play-pause'](), true
    case 'Delete':
    case 'Backspace':
      return commands.delete(), true
    case '+':
    case '=':
      return commands['zoom-in'](), true
    case '-':
    case '_':
      return commands['zoom-out'](), true
    case '0':
      return commands['zoom-fit'](), true
    case 'l':
    case 'L':
      return s.toggleLoop(), true
    case 'r':
    case 'R':
      return addRegionAtPlayhead(), true
    case 'Escape':
      if (s.audition) return stopAuditioning(), true
      // A compare variant or a voiceover line playing: Escape stops it, as it stops an audition.
      if (currentClip()) return stopClip(), true
      return s.selectRegion(null), true
    case 'Home':
      stopAuditioning()
      return transport.toStart(), true
    case 'End':
      stopAuditioning()
      return transport.toEnd(), true
    case 'ArrowLeft':
    case 'ArrowRight':
      // 1 s a press, a tenth with Shift; held, it repeats.
      return transport.nudge((e.key === 'ArrowLeft' ? -1 : 1) * (e.shiftKey ? NUDGE_FINE_SECONDS : NUDGE_SECONDS)), true
    default:
      return false
  }
}

export function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Held keys repeat only where repeating means more of the same (zoom, moving the playhead).
      if (e.defaultPrevented || (e.repeat && !REPEATING_KEYS.has(e.key))) return
      if (handleKey(e)) e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}

/** Playhead moves of the arrow keys (Shift: the fine one). */
export const NUDGE_SECONDS = 1
export const NUDGE_FINE_SECONDS = 0.1
const REPEATING_KEYS = new Set(['ArrowLeft', 'ArrowRight', '+', '=', '-', '_'])

/** Length of a region made with the R key (then set exactly in its start and end fields). */
const KEY_REGION_SECONDS = 1

/** R: a region from the playhead (fitted between its neighbours), selected, its text box focused to type. */
export function addRegionAtPlayhead(): void {
  const s = studio.getState()
  if (!s.audio) return
  const map = selectEditMap(s)
  const at = map ? viewToSource(map, s.currentTime) : s.currentTime
  const id = s.addRegion({ start: at, end: Math.min(s.audio.duration, at + KEY_REGION_SECONDS) })
  if (!id) return info('No room for a region here: move the playhead to free audio')
  // After React has drawn the new card.
  setTimeout(() => document.querySelector<HTMLTextAreaElement>(`[data-region-id="${id}"] [data-testid="region-text"]`)?.focus(), 0)
}
