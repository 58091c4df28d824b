// Window and session hardening (Electron security checklist): no navigation away from our pages,
// no new windows, no webviews, every permission request denied, CSP on every response.
import { session, shell, type WebContents } from 'electron'
import { DESKTOP_CSP_HEADER } from '../shared/csp'
import { devServerUrl } from './ipc'
import { isAppUrl } from './sender'

export function setupSessionSecurity(): void {
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.setDevicePermissionHandler(() => false)
  if (!devServerUrl()) {
    // The dev server injects inline scripts (React refresh), so only builds get the header there.
    ses.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [DESKTOP_CSP_HEADER] } })
    })
  }
}

export function hardenContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, devServerUrl())) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, devServerUrl())) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    // Links to the web (e.g. Help) open in the user's browser, never inside the app.
    if (/^https:\/\//.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
}
