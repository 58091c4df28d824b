// The application menu as data (File/Edit/View/Help with the usual accelerators and recent files).
// Commands the renderer carries out are sent to it as MenuCommand; text editing uses Electron roles.
// Undo/Redo are commands, not roles: the renderer applies them to the text field in focus or to the
// editor's history. Space/Delete are left to the renderer so typing in text fields keeps working.
// Accelerators come from the shortcuts table (shared/shortcuts.ts), which the help lists.
import type { MenuItemConstructorOptions } from 'electron'
import { accelerator, shortcut, type ShortcutId } from '../shared/shortcuts'
import type { MenuCommand, RecentLists } from '../shared/studio-types'

export interface MenuContext {
  isMac: boolean
  isDev: boolean
  appName: string
  recent: RecentLists
  send: (command: MenuCommand) => void
}

type Simple = Extract<MenuCommand, { command: string; path?: never }>['command']

/** The accelerator of shortcut `id`'s `index`-th key combination. */
const keys = (id: ShortcutId, index = 0): string => accelerator(shortcut(id).combos[index])

export function menuTemplate(ctx: MenuContext): MenuItemConstructorOptions[] {
  const cmd = (label: string, command: Simple, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator } : {}),
    click: () => ctx.send({ command } as MenuCommand),
  })
  const recentItems: MenuItemConstructorOptions[] = [
    ...ctx.recent.files.map((e) => ({ label: e.name, click: () => ctx.send({ command: 'open-audio', path: e.path }) })),
    ...(ctx.recent.files.length && ctx.recent.projects.length ? [{ type: 'separator' as const }] : []),
    ...ctx.recent.projects.map((e) => ({ label: `${e.name} (project)`, click: () => ctx.send({ command: 'open-project', path: e.path }) })),
  ]
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      cmd('Open Audio…', 'open-audio-dialog', keys('open')),
      cmd('Open Project…', 'open-project-dialog', keys('open-project')),
      { label: 'Open Recent', enabled: recentItems.length > 0, submenu: recentItems.length ? recentItems : [{ label: 'No recent files', enabled: false }] },
      { type: 'separator' },
      cmd('Save Project', 'save-project', keys('save')),
      cmd('Save Project As…', 'save-project-as', keys('save-as')),
      cmd('Export Audio…', 'export', keys('export')),
      { type: 'separator' },
      ...(ctx.isMac ? [] : [cmd('Settings…', 'settings', keys('settings')), { type: 'separator' as const }]),
      ctx.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  }
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      cmd('Undo', 'undo', keys('undo')),
      cmd('Redo', 'redo', keys('redo')),
      ...(ctx.isMac ? [] : [{ ...cmd('Redo', 'redo', keys('redo', 1)), visible: false, acceleratorWorksWhenHidden: true }]),
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      cmd('Select First Region', 'select-all', keys('select-all')),
      cmd('Delete Region', 'delete'),
      { type: 'separator' },
      cmd('Generate Selected Region', 'generate-selected', keys('generate')),
      cmd('Generate All Regions', 'generate-all', keys('generate-all')),
    ],
  }
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      cmd('Play / Pause', 'play-pause'),
      { type: 'separator' },
      cmd('Zoom In', 'zoom-in', keys('menu-zoom-in')),
      cmd('Zoom Out', 'zoom-out', keys('menu-zoom-out')),
      cmd('Zoom to Fit', 'zoom-fit', keys('menu-zoom-fit')),
      cmd('Spectrogram', 'toggle-spectrogram', keys('spectrogram')),
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(ctx.isDev ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }] : []),
    ],
  }
  // No accelerator: '?' as a menu accelerator would be taken from every text field; the page handles it.
  const help: MenuItemConstructorOptions = { role: 'help', submenu: [cmd('Keyboard Shortcuts (?)', 'shortcuts'), { type: 'separator' }, cmd(`About ${ctx.appName}`, 'about')] }
  const macApp: MenuItemConstructorOptions = {
    label: ctx.appName,
    submenu: [
      cmd(`About ${ctx.appName}`, 'about'),
      { type: 'separator' },
      cmd('Settings…', 'settings', keys('settings')),
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  }
  return [...(ctx.isMac ? [macApp] : []), file, edit, view, help]
}
