// Desktop smoke test with Playwright's Electron driver. Electron's binary cannot be downloaded
// everywhere (npm install skips it here), so the test runs when the binary is present and is
// reported as skipped, with the reason, when it is not.
import { _electron as electron, expect, test } from '@playwright/test'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { screenshot } from './helpers'

const root = resolve(import.meta.dirname, '../..')

/** Path of the Electron binary, or why there is none. */
function electronBinary(): { path: string } | { reason: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown
    if (typeof path === 'string' && existsSync(path)) return { path }
    return { reason: `Electron's binary is not installed (expected at ${String(path)})` }
  } catch {
    // require('electron') throws when its postinstall could not download the binary.
    return { reason: "Electron's binary is not installed (its download was skipped or unavailable)" }
  }
}

const binary = electronBinary()

test.describe('desktop app (Electron)', () => {
  test('opens a sandboxed window whose preload bridge reaches the engine', async () => {
    if (!('path' in binary)) {
      const reason = `${binary.reason}; skipped (the web-mode tests cover the same renderer and engine)`
      console.log(`electron.spec: ${reason}`)
      test.skip(true, reason)
      return
    }
    execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' })
    const userData = mkdtempSync(join(tmpdir(), 'voicefill-electron-'))
    const app = await electron.launch({
      executablePath: binary.path,
      args: [root, `--user-data-dir=${userData}`, '--no-sandbox', '--disable-gpu'],
      cwd: root,
      env: { ...process.env, VOICEFILL_E2E: '1' },
    })
    try {
      const win = await app.firstWindow()
      await expect(win).toHaveTitle(/Voicefill/)
      expect(win.url()).toMatch(/^voicefill:\/\/app\//)
      // No Node in the page; only the named-function bridge.
      expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
      expect(await win.evaluate(() => typeof (window as unknown as { voicefill?: { invoke?: unknown } }).voicefill?.invoke)).toBe('object')
      const info = await win.evaluate(() =>
        (window as unknown as { voicefill: { invoke: { appInfo(p: undefined): Promise<{ ok: boolean; value: { kind: string } }> } } }).voicefill.invoke.appInfo(undefined),
      )
      expect(info).toMatchObject({ ok: true, value: { kind: 'electron' } })
      // Navigation away from the app and popups are denied.
      await win.evaluate(() => window.open('https://example.com'))
      expect(app.windows()).toHaveLength(1)
      await screenshot(win, 'electron-start')
    } finally {
      await app.close()
      rmSync(userData, { recursive: true, force: true })
    }
  })
})
