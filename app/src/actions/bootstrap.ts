// Start-up: what the host knows (app, settings, model, engine, recovery), and the subscriptions that
// keep the store current (engine status, menu commands, autosave).

import { api } from '../api'
import type { EngineStatus, MenuCommand } from '../api/types'
import { studio } from '../store'
import { openAudioDialog, openAudioPath } from './audio'
import { commands } from './commands'
import { generateAll, generateSelected } from './generate'
import { connectionLost, info, reportError } from './notify'
import { openProject, refreshRecovery, saveProject, startAutosave } from './project'
import { liveAudioIds } from '../features/voiceover/voiceover-actions'
import { keepVoiceoverDraft } from '../features/voiceover/voiceover-draft'
import { applyPrefs } from './settings'

/** The toast announcing a crash, replaced by a note once the engine is back. */
let crashToast: number | null = null

function onEngineStatus(status: EngineStatus): void {
  const s = studio.getState()
  const prev = s.engine
  s.setEngine(status)
  if (status.state === 'crashed' && prev?.state !== 'crashed') {
    const why = status.message ?? 'unknown reason'
    crashToast = s.pushToast('error', `The engine stopped: ${why}; restarting it, your edits are safe`)
  } else if (status.state === 'ready' && crashToast !== null) {
    s.dismissToast(crashToast)
    crashToast = null
    info('Engine restarted; your edits are intact')
  } else if (status.state === 'stopped' && prev?.state !== 'stopped') {
    reportError('The engine is not running', new Error(status.message ?? 'stopped'))
  }
  if (status.model?.error && status.model.error !== prev?.model?.error) reportError('Model error', new Error(status.model.error))
}

function onMenuCommand(c: MenuCommand): void {
  switch (c.command) {
    case 'open-audio':
      return void openAudioPath(c.path)
    case 'open-project':
      return void openProject(c.path)
    case 'open-audio-dialog':
      return void openAudioDialog()
    case 'open-project-dialog':
      return void openProject()
    case 'save-project':
      return void saveProject()
    case 'save-project-as':
      return void saveProject({ saveAs: true })
    case 'generate-selected':
      return void generateSelected()
    case 'generate-all':
      return void generateAll()
    default:
      return commands[c.command]()
  }
}

/** Loads the initial state and subscribes; returns the unsubscribe. */
export function bootstrap(): () => void {
  const s = studio.getState()
  const offs = [api.onEngineStatus(onEngineStatus), api.onConnectionLost(connectionLost), api.onMenuCommand(onMenuCommand), startAutosave(), keepVoiceoverDraft(studio, undefined, liveAudioIds)]
  void (async () => {
    try {
      const [appInfo, settings, engine] = await Promise.all([api.appInfo(), api.getSettings(), api.getEngineStatus()])
      s.setAppInfo(appInfo)
      s.setSettings(settings)
      applyPrefs(settings.ui)
      onEngineStatus(engine)
      if (!engine.model) s.setModel(await api.getModel())
    } catch (e) {
      reportError('Cannot reach the studio', e)
    }
    await refreshRecovery()
  })()
  return () => offs.forEach((off) => off())
}
