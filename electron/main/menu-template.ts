// The application menu as data (File/Edit/View/Help with the usual accelerators and recent files).
// Commands the renderer carries out are sent to it as MenuCommand; text editing uses Electron roles.
// Undo/Redo are commands, not roles: the renderer applies them to the text field in focus or to the
// editor's history. Space/Delete are left to the renderer so typing in text fields keeps working.
import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand, RecentLists } from '../shared/studio-types'

export interface MenuContext {
  isMac: boolean
  isDev: boolean
  appName: string
  recent: RecentLists
  send: (command: MenuCommand) => void
}

type Simple = Extract<MenuCommand, { command: string; path?: never }>['command']

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
      cmd('Open Audio…', 'open-audio-dialog', 'CmdOrCtrl+O'),
      cmd('Open Project…', 'open-project-dialog', 'CmdOrCtrl+Shift+O'),
      { label: 'Open Recent', enabled: recentItems.length > 0, submenu: recentItems.length ? recentItems : [{ label: 'No recent files', enabled: false }] },
      { type: 'separator' },
      cmd('Save Project', 'save-project', 'CmdOrCtrl+S'),
      cmd('Save Project As…', 'save-project-as', 'CmdOrCtrl+Shift+S'),
      cmd('Export Audio…', 'export', 'CmdOrCtrl+E'),
      { type: 'separator' },
      ...(ctx.isMac ? [] : [cmd('Settings…', 'settings', 'CmdOrCtrl+,'), { type: 'separator' as const }]),
      ctx.isMac ? { role: 'close' } : { role: 'quit' },
    ],
  }
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      cmd('Undo', 'undo', 'CmdOrCtrl+Z'),
      cmd('Redo', 'redo', ctx.isMac ? 'Cmd+Shift+Z' : 'Ctrl+Shift+Z'),
      ...(ctx.isMac ? [] : [{ ...cmd('Redo', 'redo', 'Ctrl+Y'), visible: false, acceleratorWorksWhenHidden: true }]),
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      cmd('Select All Regions', 'select-all', 'CmdOrCtrl+Shift+A'),
      cmd('Delete Region', 'delete'),
      { type: 'separator' },
      cmd('Generate Selected Region', 'generate-selected', 'CmdOrCtrl+Enter'),
      cmd('Generate All Regions', 'generate-all', 'CmdOrCtrl+Shift+Enter'),
    ],
  }
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      cmd('Play / Pause', 'play-pause'),
      { type: 'separator' },
      cmd('Zoom In', 'zoom-in', 'CmdOrCtrl+='),
      cmd('Zoom Out', 'zoom-out', 'CmdOrCtrl+-'),
      cmd('Zoom to Fit', 'zoom-fit', 'CmdOrCtrl+0'),
      cmd('Spectrogram', 'toggle-spectrogram', 'CmdOrCtrl+Shift+P'),
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
      cmd('Settings…', 'settings', 'Cmd+,'),
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
