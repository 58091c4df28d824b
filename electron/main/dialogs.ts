// Native dialogs for the Platform interface (null = cancelled).
import { BrowserWindow, dialog } from 'electron'
import { AUDIO_EXTENSIONS } from '../shared/formats'
import { PROJECT_EXT } from '../studio/projects'

const AUDIO_FILTER = { name: 'Audio', extensions: [...AUDIO_EXTENSIONS] }

function parent(): BrowserWindow | undefined {
  return BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
}

async function openOne(options: Electron.OpenDialogOptions): Promise<string | null> {
  const win = parent()
  const res = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
  return res.canceled ? null : (res.filePaths[0] ?? null)
}

async function saveOne(options: Electron.SaveDialogOptions): Promise<string | null> {
  const win = parent()
  const res = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
  return res.canceled || !res.filePath ? null : res.filePath
}

export const pickAudioFile = () =>
  openOne({ title: 'Open audio', properties: ['openFile'], filters: [AUDIO_FILTER, { name: 'All files', extensions: ['*'] }] })

export const pickExportPath = (defaultName: string) =>
  saveOne({ title: 'Export audio', defaultPath: defaultName, filters: [{ name: 'WAV audio', extensions: ['wav'] }] })

export const pickProjectToOpen = () =>
  openOne({
    title: 'Open project',
    // A project is a folder; picking its project.json works too.
    properties: ['openFile', 'openDirectory'],
    filters: [{ name: 'Voicefill project', extensions: ['json'] }],
  })

export const pickProjectSavePath = (defaultName: string) =>
  saveOne({ title: 'Save project', defaultPath: defaultName, buttonLabel: 'Save', filters: [{ name: 'Voicefill project', extensions: [PROJECT_EXT.slice(1)] }] })

export const pickModelDir = () => openOne({ title: 'Choose a model folder', properties: ['openDirectory'] })

export function confirmDiscard(win: BrowserWindow): boolean {
  const choice = dialog.showMessageBoxSync(win, {
    type: 'warning',
    buttons: ['Discard changes', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: 'Close without saving?',
    detail: 'Your unsaved changes will be lost.',
  })
  return choice === 0
}
