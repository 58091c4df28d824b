// Sandboxed preload: exposes `window.voicefill` with one named function per channel of the map and
// one subscriber per event. No ipcRenderer, no Electron event objects reach the page.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import type { BridgeInvokers, VoicefillBridge } from '../shared/bridge'
import { APP_ORIGIN, camelChannel, EVENT_CHANNELS, INVOKE_CHANNELS } from '../shared/channels'

const invoke = Object.fromEntries(
  INVOKE_CHANNELS.map((channel) => [camelChannel(channel), (payload: unknown) => ipcRenderer.invoke(channel, payload)]),
) as unknown as BridgeInvokers

function subscriber(channel: string) {
  return (listener: (payload: unknown) => void) => {
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(channel, wrapped)
    return () => {
      ipcRenderer.off(channel, wrapped)
    }
  }
}

const on = Object.fromEntries(EVENT_CHANNELS.map((c) => [camelChannel(c), subscriber(c)])) as unknown as VoicefillBridge['on']

const bridge: VoicefillBridge = {
  invoke,
  on,
  pathForFile: (file) => {
    try {
      return webUtils.getPathForFile(file)
    } catch {
      return ''
    }
  },
  mediaBase: `${APP_ORIGIN}/media`,
}

contextBridge.exposeInMainWorld('voicefill', bridge)
