// Which pages may talk to the main process, and where a window may navigate. Pure (no Electron
// import) so it is unit-tested; electron/main/ipc.ts and security.ts apply it.
import { APP_HOST, APP_SCHEME } from '../shared/channels'

/** Our pages: voicefill://app/… when packaged/previewed, or the electron-vite dev server. */
export function isAppUrl(url: string | null | undefined, devServerUrl?: string | null): boolean {
  if (!url) return false
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  // Custom schemes have an opaque origin in WHATWG URLs, so compare scheme and host instead.
  if (u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password) return true
  if (devServerUrl) {
    try {
      const dev = new URL(devServerUrl)
      return u.origin === dev.origin && (u.hostname === 'localhost' || u.hostname === '127.0.0.1')
    } catch {
      return false
    }
  }
  return false
}

export interface SenderFrame {
  url: string
  /** True for a window's top frame; sub-frames (iframes) are never trusted. */
  isMainFrame: boolean
}

export function isTrustedSender(frame: SenderFrame | null | undefined, devServerUrl?: string | null): boolean {
  return !!frame && frame.isMainFrame && isAppUrl(frame.url, devServerUrl)
}
