// Every keyboard shortcut of the studio window, in one table: useKeyboard dispatches through it (each
// id to its action) and the shortcuts dialog lists it, so the help cannot drift from what the keys do.

/** One key combination: `key` as KeyboardEvent.key gives it (letters in lower case). */
export interface Combo {
  key: string
  /** Ctrl (Cmd on a Mac) held. */
  mod?: boolean
  /** Shift must be held (true) or not (false); absent: either (e.g. '+', which is Shift+= on many layouts). */
  shift?: boolean
}

export type ShortcutGroup = 'File' | 'Edit' | 'Playback' | 'View' | 'Generate' | 'Help'

/** Playhead moves of the arrow keys (Shift: the fine one). */
export const NUDGE_SECONDS = 1
export const NUDGE_FINE_SECONDS = 0.1

export const SHORTCUTS = [
  { id: 'open', group: 'File', combos: [{ key: 'o', mod: true }], does: 'Open audio' },
  { id: 'save', group: 'File', combos: [{ key: 's', mod: true, shift: false }], does: 'Save the project' },
  { id: 'save-as', group: 'File', combos: [{ key: 's', mod: true, shift: true }], does: 'Save the project as…' },
  { id: 'export', group: 'File', combos: [{ key: 'e', mod: true }], does: 'Export audio' },
  { id: 'settings', group: 'File', combos: [{ key: ',', mod: true }], does: 'Settings' },
  // In a text field undo and redo are the field's own, except in the editor's fields (data-app-undo), which share its history.
  { id: 'undo', group: 'Edit', combos: [{ key: 'z', mod: true, shift: false }], does: 'Undo', fieldsOwn: true },
  { id: 'redo', group: 'Edit', combos: [{ key: 'z', mod: true, shift: true }, { key: 'y', mod: true }], does: 'Redo', fieldsOwn: true },
  { id: 'region', group: 'Edit', combos: [{ key: 'r' }], does: 'New region at the playhead (its text box takes the words)' },
  { id: 'delete', group: 'Edit', combos: [{ key: 'Delete' }, { key: 'Backspace' }], does: 'Delete the selected region' },
  { id: 'escape', group: 'Edit', combos: [{ key: 'Escape' }], does: 'Stop the take or clip playing; otherwise deselect the region' },
  { id: 'play', group: 'Playback', combos: [{ key: ' ' }], does: 'Play / pause' },
  // Held, these repeat: only where more of the same makes sense (moving the playhead, zooming).
  { id: 'nudge', group: 'Playback', combos: [{ key: 'ArrowLeft', shift: false }, { key: 'ArrowRight', shift: false }], does: `Move the playhead ${NUDGE_SECONDS} s back / on`, repeats: true },
  { id: 'nudge-fine', group: 'Playback', combos: [{ key: 'ArrowLeft', shift: true }, { key: 'ArrowRight', shift: true }], does: `Move the playhead ${NUDGE_FINE_SECONDS} s back / on`, repeats: true },
  { id: 'home', group: 'Playback', combos: [{ key: 'Home' }], does: 'Playhead to the start' },
  { id: 'end', group: 'Playback', combos: [{ key: 'End' }], does: 'Playhead to the end' },
  { id: 'loop', group: 'Playback', combos: [{ key: 'l' }], does: 'Loop the selected region on / off' },
  { id: 'zoom-in', group: 'View', combos: [{ key: '+' }, { key: '=' }], does: 'Zoom in', repeats: true },
  { id: 'zoom-out', group: 'View', combos: [{ key: '-' }, { key: '_' }], does: 'Zoom out', repeats: true },
  { id: 'zoom-fit', group: 'View', combos: [{ key: '0' }], does: 'Fit the whole recording in view' },
  { id: 'generate', group: 'Generate', combos: [{ key: 'Enter', mod: true, shift: false }], does: 'Generate the selected region' },
  { id: 'generate-all', group: 'Generate', combos: [{ key: 'Enter', mod: true, shift: true }], does: 'Generate every region without an applied take' },
  { id: 'help', group: 'Help', combos: [{ key: '?' }], does: 'This list of shortcuts' },
] as const satisfies readonly { id: string; group: ShortcutGroup; combos: readonly Combo[]; does: string; repeats?: boolean; fieldsOwn?: boolean }[]

export type Shortcut = (typeof SHORTCUTS)[number]
export type ShortcutId = Shortcut['id']

type KeyInput = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey'>

function matches(c: Combo, e: KeyInput): boolean {
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key
  return c.key === key && (c.mod ?? false) === (e.ctrlKey || e.metaKey) && (c.shift === undefined || c.shift === e.shiftKey)
}

/** Whether a shortcut is pressed with Ctrl (Cmd): such keys are not typing, so they act from text fields too. */
export function withCtrl(s: Shortcut): boolean {
  return s.combos.some((c: Combo) => c.mod === true)
}

/** The shortcut a key press means, if any. */
export function findShortcut(e: KeyInput): Shortcut | undefined {
  return SHORTCUTS.find((s) => s.combos.some((c: Combo) => matches(c, e)))
}

const KEY_NAMES: Record<string, string> = { ' ': 'Space', ArrowLeft: '←', ArrowRight: '→', Delete: 'Del', Escape: 'Esc', '-': '−' }

/** "Ctrl+Shift+Z": a combination as the help writes it. */
export function comboLabel(c: Combo): string {
  const name = KEY_NAMES[c.key] ?? (c.key.length === 1 ? c.key.toUpperCase() : c.key)
  return [c.mod ? 'Ctrl' : '', c.shift ? 'Shift' : '', name].filter(Boolean).join('+')
}

/** A shortcut's combinations for a tooltip or aria-keyshortcuts-like text: "Ctrl+Shift+Z or Ctrl+Y". */
export function shortcutLabel(id: ShortcutId): string {
  const s = SHORTCUTS.find((x) => x.id === id)
  return s ? s.combos.map((c: Combo) => comboLabel(c)).join(' or ') : ''
}
