// Whether to trust electron-vite's dev server (ELECTRON_RENDERER_URL). Pure, so it is testable without Electron.

/**
 * The dev server URL to load and trust, or null: never in a packaged app (setting the variable in
 * the environment must not point an installed app at another page), and only a local http server.
 */
export function devServerFrom(env: string | undefined, packaged: boolean): string | null {
  if (packaged || !env) return null
  return /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/.test(env) ? env : null
}
