// Desktop entry: a list of setups. The engine runs in a utilityProcess; the studio service (shared
// with web mode) answers the IPC channels, every one validated by the gateway first.
import { app, BrowserWindow, Menu } from 'electron'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { EngineHost } from '../studio/engine-host'
import { StudioService, type Platform } from '../studio/service'
import { createSession } from '../studio/sessions'
import { loadSettings } from '../studio/settings'
import type { MenuCommand, RecentLists } from '../shared/studio-types'
import * as dialogs from './dialogs'
import { utilityLauncher } from './engine'
import { devServerUrl, handleAll, sendToWindows } from './ipc'
import { menuTemplate } from './menu-template'
import { registerAppScheme, setupAppProtocol } from './protocol'
import { setupSessionSecurity } from './security'
import { createMainWindow, setWindowState } from './window'

let service: StudioService | null = null
const pendingCommands: MenuCommand[] = []

function sendCommand(command: MenuCommand): void {
  const win = BrowserWindow.getAllWindows()[0]
  if (!win) {
    pendingCommands.push(command)
    return
  }
  if (win.webContents.isLoading()) win.webContents.once('did-finish-load', () => sendToWindows('menu:command', command))
  else sendToWindows('menu:command', command)
}

function setupMenu(recent: RecentLists): void {
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({ isMac: process.platform === 'darwin', isDev: !app.isPackaged, appName: 'Voicefill', recent, send: sendCommand }),
    ),
  )
}

/** Audio files given on the command line (or by the OS) open once the window is there. */
function setupOpenFiles(argv: string[]): void {
  for (const arg of argv.slice(app.isPackaged ? 1 : 2)) {
    if (!arg.startsWith('-') && existsSync(arg)) sendCommand({ command: 'open-audio', path: resolve(arg) })
  }
  app.on('open-file', (event, path) => {
    event.preventDefault()
    sendCommand({ command: 'open-audio', path })
  })
}

async function setupStudio(): Promise<StudioService> {
  const dataDir = app.getPath('userData')
  const saved = await loadSettings(join(dataDir, 'settings.json'))
  const host = new EngineHost({
    launcher: utilityLauncher(join(import.meta.dirname, 'worker.js')),
    modelDir: saved.modelDir,
    secondModelDir: saved.secondModelDir,
    threads: saved.threads,
  })
  const platform: Platform = {
    kind: 'electron',
    version: app.getVersion(),
    pickAudioFile: dialogs.pickAudioFile,
    pickExportPath: dialogs.pickExportPath,
    pickProjectToOpen: dialogs.pickProjectToOpen,
    pickProjectSavePath: dialogs.pickProjectSavePath,
    pickModelDir: dialogs.pickModelDir,
    offerDownload: () => null,
    setWindowState,
    recentChanged: setupMenu,
  }
  const studio = new StudioService({
    host,
    platform,
    dataDir,
    session: await createSession(dataDir),
    projectsDir: null,
    emit: sendToWindows,
  })
  await studio.init()
  handleAll(studio.handlers)
  void host.start()
  return studio
}

function main(): void {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  registerAppScheme()
  app.on('second-instance', (_e, argv) => {
    const win = BrowserWindow.getAllWindows()[0]
    if (win) {
      if (win.isMinimized()) win.restore()
      win.focus()
    }
    setupOpenFiles(argv)
  })
  app.whenReady().then(async () => {
    setupSessionSecurity()
    setupAppProtocol(join(import.meta.dirname, '../renderer'), () => service!)
    service = await setupStudio()
    setupMenu(service.recentLists)
    createMainWindow()
    pendingCommands.splice(0).forEach(sendCommand)
    setupOpenFiles(process.argv)
    app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && createMainWindow())
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  let shuttingDown = false
  app.on('will-quit', (event) => {
    if (shuttingDown || !service) return
    // Clean exit: stop the engine and delete this session's folder, then quit for real.
    event.preventDefault()
    shuttingDown = true
    void service.shutdown().finally(() => app.quit())
  })
  if (devServerUrl()) console.log(`renderer from ${devServerUrl()}`)
}

main()
