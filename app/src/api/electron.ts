// StudioApi over the preload bridge (desktop app).
import type { VoicefillBridge } from '../../../electron/shared/bridge'
import type { StudioApi } from './types'
import { StudioError, unwrap } from './errors'
import { mediaQuery } from './media-url'

declare global {
  interface Window {
    voicefill?: VoicefillBridge
  }
}

export function createElectronApi(bridge: VoicefillBridge): StudioApi {
  const i = bridge.invoke
  return {
    kind: 'electron',
    appInfo: async () => unwrap(await i.appInfo(undefined)),
    openAudio: async (source) => unwrap(await i.audioOpen(source)),
    onOpenProgress: (listener) => bridge.on.audioProgress(listener),
    pathForFile: (file) => bridge.pathForFile(file) || null,
    uploadAudio: async () => {
      throw new StudioError('the desktop app opens files by path', 'UNSUPPORTED')
    },
    closeAudio: async (audioId) => unwrap(await i.audioClose({ audioId })),
    getPeaks: async (req) => unwrap(await i.audioPeaks(req)),
    readPcm: async (req) => unwrap(await i.audioRead(req)),
    mediaUrl: (audioId, takeIds) => `${bridge.mediaBase}/${encodeURIComponent(audioId)}${mediaQuery(takeIds)}`,
    generate: async (req) => unwrap(await i.jobGenerate(req)),
    ladder: async (req) => unwrap(await i.jobLadder(req)),
    say: async (req) => unwrap(await i.jobSay(req)),
    align: async (req) => unwrap(await i.jobAlign(req)),
    cancelJob: async (jobId) => unwrap(await i.jobCancel({ jobId })),
    onJobEvent: (listener) => bridge.on.jobEvent(listener),
    getTake: async (takeId) => unwrap(await i.takeGet({ takeId })),
    dropTakes: async (takeIds) => unwrap(await i.takeDrop({ takeIds })),
    exportAudio: async (req) => unwrap(await i.exportAudio(req)),
    cancelExport: async (exportId) => unwrap(await i.exportCancel({ exportId })),
    onExportProgress: (listener) => bridge.on.exportProgress(listener),
    exportVoiceover: async (req) => unwrap(await i.voiceoverExport(req)),
    vocodeTrajectory: async (req) => unwrap(await i.trajectoryVocode(req)),
    saveProject: async (req) => unwrap(await i.projectSave(req)),
    openProject: async (path) => unwrap(await i.projectOpen(path === undefined ? undefined : { path })),
    listProjects: async () => unwrap(await i.projectList(undefined)),
    autosave: async (doc, projectPath) => unwrap(await i.projectAutosave({ doc, projectPath })),
    listRecovery: async () => unwrap(await i.recoveryList(undefined)),
    recover: async (id) => unwrap(await i.recoveryOpen({ id })),
    discardRecovery: async (id) => unwrap(await i.recoveryDiscard({ id })),
    getModel: async () => unwrap(await i.modelGet(undefined)),
    chooseModel: async (dir, second) => unwrap(await i.modelChoose(dir === undefined && !second ? undefined : { ...(dir !== undefined ? { dir } : {}), ...(second ? { second } : {}) })),
    getSettings: async () => unwrap(await i.settingsGet(undefined)),
    updateSettings: async (patch) => unwrap(await i.settingsUpdate(patch)),
    getRecent: async () => unwrap(await i.recentGet(undefined)),
    getEngineStatus: async () => unwrap(await i.engineStatus(undefined)),
    onEngineStatus: (listener) => bridge.on.engineStatus(listener),
    onMenuCommand: (listener) => bridge.on.menuCommand(listener),
    // The renderer and main process live and die together: there is no connection to lose.
    onConnectionLost: () => () => undefined,
    setWindowState: async (title, dirty) => unwrap(await i.windowState({ title, dirty })),
  }
}
