// ipcMain wiring: one handler per channel, all through invokeChecked (sender + payload validated
// before any handler runs), and events pushed to our windows only.
import { app, BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron'
import { INVOKE_CHANNELS } from '../shared/channels'
import type { InvokeChannel } from '../shared/ipc'
import type { EventMap } from '../shared/studio-types'
import { devServerFrom } from './dev-server'
import { invokeChecked, type Handler } from './gateway'

/**
 * electron-vite's dev server, which the app then trusts as its own origin (and serves without the
 * CSP header). Only in development: a packaged app ignores the variable (devServerFrom).
 */
export const devServerUrl = (): string | null => devServerFrom(process.env.ELECTRON_RENDERER_URL, app.isPackaged)

function frameOf(event: IpcMainInvokeEvent) {
  const frame = event.senderFrame
  // Only frames of windows this app created; a destroyed frame reads as null.
  if (!frame || !BrowserWindow.fromWebContents(event.sender)) return null
  return { url: frame.url, isMainFrame: frame.parent === null }
}

export function handle<C extends InvokeChannel>(channel: C, handler: Handler<C>): void {
  ipcMain.removeHandler(channel)
  ipcMain.handle(channel, (event, payload: unknown) => invokeChecked(channel, frameOf(event), payload, handler, devServerUrl()))
}

export function handleAll(handlers: { [C in InvokeChannel]: Handler<C> }): void {
  for (const channel of INVOKE_CHANNELS) handle(channel, handlers[channel] as Handler<typeof channel>)
}

export function sendToWindows<E extends keyof EventMap>(channel: E, payload: EventMap[E]): void {
  for (const win of BrowserWindow.getAllWindows()) {
    if (!win.isDestroyed()) win.webContents.send(channel, payload)
  }
}
