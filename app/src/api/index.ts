// The studio API for this page: the preload bridge in the desktop app, the WebSocket in web mode.
import { createElectronApi } from './electron'
import type { StudioApi } from './types'
import { createWsApi } from './ws'

export function createApi(): StudioApi {
  return window.voicefill ? createElectronApi(window.voicefill) : createWsApi()
}

export const api: StudioApi = createApi()

export { StudioError } from './errors'
export { runJob } from './jobs'
export { peaksForWavesurfer } from './peaks'
export type * from './types'
