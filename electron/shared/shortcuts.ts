// Every keyboard shortcut of the studio, in one table: where it acts (the editor anywhere in the window,
// the compare panel while it is open, the trajectory scrubber while it has the focus, the desktop app's
// menu), its keys and what it does. The editor's keys (app/src/components/useKeyboard.ts), the compare
// and trajectory panels and the menu's accelerators (electron/main/menu-template.ts) all read it, and the
// shortcuts dialog lists it, so the help cannot drift from what the keys do.
import type { MenuCommand } from './studio-types'

/** One key combination: `key` as KeyboardEvent.key gives it (letters in lower case). */
export interface Combo {
  key: string
  /** Ctrl (Cmd on a Mac) held. */
  mod?: boolean
  /** Shift must be held (true) or not (false); absent: either (e.g. '+', which is Shift+= on many layouts). */
  shift?: boolean
}

export type ShortcutGroup = 'File' | 'Edit' | 'Playback' | 'View' | 'Generate' | 'Help'

/**
 * Where a shortcut acts: Editor anywhere in the studio window (web mode too), Compare while the compare
 * panel is open, Trajectory while its scrubber has the focus, Desktop menu only in the desktop app (the
 * menu's accelerators; a browser keeps most Ctrl+Shift keys for itself).
 */
export type ShortcutWhere = 'Editor' | 'Compare' | 'Trajectory' | 'Desktop menu'

/** The command a desktop menu item sends. */
export type MenuCommandName = Extract<MenuCommand, { command: string; path?: never }>['command']

/** Playhead moves of the arrow keys (Shift: the fine one). */
export const NUDGE_SECONDS = 1
export const NUDGE_FINE_SECONDS = 0.1

const DIGITS: Combo[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((key) => ({ key }))

export const SHORTCUTS = [
  // Without Shift: the page hears a key before the desktop menu does, and Ctrl+Shift+O is the menu's Open project.
  { id: 'open', where: 'Editor', group: 'File', combos: [{ key: 'o', mod: true, shift: false }], does: 'Open audio', menu: 'open-audio-dialog' },
  { id: 'save', where: 'Editor', group: 'File', combos: [{ key: 's', mod: true, shift: false }], does: 'Save the project', menu: 'save-project' },
  { id: 'save-as', where: 'Editor', group: 'File', combos: [{ key: 's', mod: true, shift: true }], does: 'Save the project as…', menu: 'save-project-as' },
  { id: 'export', where: 'Editor', group: 'File', combos: [{ key: 'e', mod: true }], does: 'Export audio', menu: 'export' },
  { id: 'settings', where: 'Editor', group: 'File', combos: [{ key: ',', mod: true }], does: 'Settings', menu: 'settings' },
  // In a text field undo and redo are the field's own, except in the editor's fields (data-app-undo), which share its history.
  { id: 'undo', where: 'Editor', group: 'Edit', combos: [{ key: 'z', mod: true, shift: false }], does: 'Undo', fieldsOwn: true, menu: 'undo' },
  { id: 'redo', where: 'Editor', group: 'Edit', combos: [{ key: 'z', mod: true, shift: true }, { key: 'y', mod: true }], does: 'Redo', fieldsOwn: true, menu: 'redo' },
  { id: 'region', where: 'Editor', group: 'Edit', combos: [{ key: 'r' }], does: 'New region at the playhead (its text box takes the words)' },
  { id: 'delete', where: 'Editor', group: 'Edit', combos: [{ key: 'Delete' }, { key: 'Backspace' }], does: 'Delete the selected region' },
  { id: 'escape', where: 'Editor', group: 'Edit', combos: [{ key: 'Escape' }], does: 'Stop the take, variant or clip playing; otherwise deselect the region' },
  { id: 'play', where: 'Editor', group: 'Playback', combos: [{ key: ' ' }], does: 'Play / pause; while a take, variant or voiceover plays, stop it' },
  // Held, these repeat: only where more of the same makes sense (moving the playhead, zooming).
  { id: 'nudge', where: 'Editor', group: 'Playback', combos: [{ key: 'ArrowLeft', shift: false }, { key: 'ArrowRight', shift: false }], does: `Move the playhead ${NUDGE_SECONDS} s back / on`, repeats: true },
  { id: 'nudge-fine', where: 'Editor', group: 'Playback', combos: [{ key: 'ArrowLeft', shift: true }, { key: 'ArrowRight', shift: true }], does: `Move the playhead ${NUDGE_FINE_SECONDS} s back / on`, repeats: true },
  { id: 'home', where: 'Editor', group: 'Playback', combos: [{ key: 'Home' }], does: 'Playhead to the start' },
  { id: 'end', where: 'Editor', group: 'Playback', combos: [{ key: 'End' }], does: 'Playhead to the end' },
  { id: 'loop', where: 'Editor', group: 'Playback', combos: [{ key: 'l' }], does: 'Loop the selected region on / off' },
  { id: 'zoom-in', where: 'Editor', group: 'View', combos: [{ key: '+' }, { key: '=' }], does: 'Zoom in', repeats: true },
  { id: 'zoom-out', where: 'Editor', group: 'View', combos: [{ key: '-' }, { key: '_' }], does: 'Zoom out', repeats: true },
  { id: 'zoom-fit', where: 'Editor', group: 'View', combos: [{ key: '0' }], does: 'Fit the whole recording in view' },
  { id: 'generate', where: 'Editor', group: 'Generate', combos: [{ key: 'Enter', mod: true, shift: false }], does: 'Generate the selected region', menu: 'generate-selected' },
  { id: 'generate-all', where: 'Editor', group: 'Generate', combos: [{ key: 'Enter', mod: true, shift: true }], does: 'Generate every region without an applied take', menu: 'generate-all' },
  { id: 'help', where: 'Editor', group: 'Help', combos: [{ key: '?' }], does: 'This list of shortcuts' },

  // The compare panel's number keys (features/compare/useCompareKeys.ts): the n-th variant as listed.
  { id: 'compare-play', where: 'Compare', group: 'Playback', combos: DIGITS, keys: '1 … 9', does: 'Play the variant listed at that number; while one plays, switch to it at the same playhead' },

  // The trajectory scrubber (features/trajectory/TrajectoryPanel.tsx), with the focus on it.
  { id: 'trajectory-back', where: 'Trajectory', group: 'View', combos: [{ key: 'ArrowLeft' }, { key: 'ArrowDown' }], does: 'One step of the sampler back (towards the noise)' },
  { id: 'trajectory-on', where: 'Trajectory', group: 'View', combos: [{ key: 'ArrowRight' }, { key: 'ArrowUp' }], does: 'One step on (towards the speech)' },
  { id: 'trajectory-first', where: 'Trajectory', group: 'View', combos: [{ key: 'Home' }], does: 'The first step (the starting noise)' },
  { id: 'trajectory-last', where: 'Trajectory', group: 'View', combos: [{ key: 'End' }], does: 'The last step (the result)' },

  // Only the desktop menu's accelerators (electron/main/menu-template.ts).
  { id: 'open-project', where: 'Desktop menu', group: 'File', combos: [{ key: 'o', mod: true, shift: true }], does: 'Open a project', menu: 'open-project-dialog' },
  { id: 'select-all', where: 'Desktop menu', group: 'Edit', combos: [{ key: 'a', mod: true, shift: true }], does: 'Select the first region (one is selected at a time)', menu: 'select-all' },
  { id: 'spectrogram', where: 'Desktop menu', group: 'View', combos: [{ key: 'p', mod: true, shift: true }], does: 'Spectrogram on / off', menu: 'toggle-spectrogram' },
  { id: 'menu-zoom-in', where: 'Desktop menu', group: 'View', combos: [{ key: '=', mod: true }], does: 'Zoom in', menu: 'zoom-in' },
  { id: 'menu-zoom-out', where: 'Desktop menu', group: 'View', combos: [{ key: '-', mod: true }], does: 'Zoom out', menu: 'zoom-out' },
  { id: 'menu-zoom-fit', where: 'Desktop menu', group: 'View', combos: [{ key: '0', mod: true }], does: 'Fit the whole recording in view', menu: 'zoom-fit' },
] as const satisfies readonly {
  id: string
  where: ShortcutWhere
  group: ShortcutGroup
  combos: readonly Combo[]
  does: string
  /** How the help writes the keys when listing each combination would be long ("1 … 9"). */
  keys?: string
  repeats?: boolean
  fieldsOwn?: boolean
  /** The desktop menu item that sends this command has these keys as its accelerators. */
  menu?: MenuCommandName
}[]

export type Shortcut = (typeof SHORTCUTS)[number]
export type ShortcutId = Shortcut['id']
/** The shortcuts of one place: `ShortcutAt<'Editor'>['id']` are the keys useKeyboard binds. */
export type ShortcutAt<W extends ShortcutWhere> = Extract<Shortcut, { where: W }>

/** The shortcut `id` (every id is in the table: the type says so). */
export function shortcut(id: ShortcutId): Shortcut {
  return SHORTCUTS.find((s) => s.id === id)!
}

export type KeyInput = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey'>

function matches(c: Combo, e: KeyInput): boolean {
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key
  return c.key === key && (c.mod ?? false) === (e.ctrlKey || e.metaKey) && (c.shift === undefined || c.shift === e.shiftKey)
}

/** The shortcut of `where` a key press means, if any. */
export function findShortcut<W extends ShortcutWhere = 'Editor'>(e: KeyInput, where?: W): ShortcutAt<W> | undefined {
  const at = where ?? 'Editor'
  return SHORTCUTS.find((s) => s.where === at && s.combos.some((c: Combo) => matches(c, e))) as ShortcutAt<W> | undefined
}

/** Whether a shortcut is pressed with Ctrl (Cmd): such keys are not typing, so they act from text fields too. */
export function withCtrl(s: Shortcut): boolean {
  return s.combos.some((c: Combo) => c.mod === true)
}

const KEY_NAMES: Record<string, string> = { ' ': 'Space', ArrowLeft: '←', ArrowRight: '→', ArrowUp: '↑', ArrowDown: '↓', Delete: 'Del', Escape: 'Esc', '-': '−' }

/** "Ctrl+Shift+Z": a combination as the help writes it. */
export function comboLabel(c: Combo): string {
  const name = KEY_NAMES[c.key] ?? (c.key.length === 1 ? c.key.toUpperCase() : c.key)
  return [c.mod ? 'Ctrl' : '', c.shift ? 'Shift' : '', name].filter(Boolean).join('+')
}

/** A shortcut's keys as the help writes them: "Ctrl+Shift+Z or Ctrl+Y", "1 … 9". */
export function shortcutLabel(id: ShortcutId): string {
  const s = shortcut(id)
  return 'keys' in s ? s.keys : s.combos.map((c: Combo) => comboLabel(c)).join(' or ')
}

/** A combination as an Electron menu accelerator: "CmdOrCtrl+Shift+A". */
export function accelerator(c: Combo): string {
  const key = c.key.length === 1 ? c.key.toUpperCase() : c.key
  return [c.mod ? 'CmdOrCtrl' : '', c.shift ? 'Shift' : '', key].filter(Boolean).join('+')
}
