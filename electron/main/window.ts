// The editor window: sandboxed, context-isolated renderer with our preload, loaded from
// voicefill://app (or the dev server), hardened against navigation and popups.
import { app, BrowserWindow } from 'electron'
import { join } from 'node:path'
import { APP_ORIGIN } from '../shared/channels'
import { confirmDiscard } from './dialogs'
import { devServerUrl } from './ipc'
import { hardenContents } from './security'

const dirty = new WeakMap<BrowserWindow, boolean>()

export function setWindowState(title: string, isDirty: boolean): void {
  for (const win of BrowserWindow.getAllWindows()) {
    win.setTitle(`${isDirty ? '• ' : ''}${title || 'Untitled'} — Voicefill`)
    win.setDocumentEdited(isDirty)
    dirty.set(win, isDirty)
  }
}

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 520,
    show: false,
    title: 'Voicefill',
    backgroundColor: '#15171c',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
    },
  })
  hardenContents(win.webContents)
  win.once('ready-to-show', () => win.show())
  win.on('close', (event) => {
    if (dirty.get(win) && !confirmDiscard(win)) event.preventDefault()
  })
  const dev = devServerUrl()
  void (dev && !app.isPackaged ? win.loadURL(dev) : win.loadURL(`${APP_ORIGIN}/index.html`))
  return win
}
