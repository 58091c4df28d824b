// Shared bits of the end-to-end tests: where the server is, and screenshots for the README.
import { expect, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

/**
 * docs/screenshots (what the README shows) with `npm run screenshots`; otherwise tests/output/screenshots,
 * so a test run leaves the working tree as it was (take times and seeds differ on every run).
 */
export const screenshotsDir = resolve(
  import.meta.dirname,
  process.env.VOICEFILL_SCREENSHOTS === 'docs' ? '../../docs/screenshots' : '../output/screenshots',
)

export function server() {
  const url = process.env.VOICEFILL_E2E_URL
  const origin = process.env.VOICEFILL_E2E_ORIGIN
  const token = process.env.VOICEFILL_E2E_TOKEN
  if (!url || !origin || !token) throw new Error('the e2e web server is not running (tests/e2e/global-setup.ts)')
  return { url, origin, token, port: Number(new URL(origin).port) }
}

/** Saves <name>.png in screenshotsDir. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotsDir, { recursive: true })
  const path = join(screenshotsDir, `${name}.png`)
  await page.screenshot({ path })
  return path
}

/**
 * Waits until start-up has asked for recoverable work, and discards what earlier specs autosaved in
 * this same server run (a fresh page offers it, as after a reload), so each spec starts clean.
 */
export async function discardLeftoverRecovery(page: Page): Promise<void> {
  const banner = page.getByTestId('recovery-banner')
  const checked = page.getByTestId('recovery-checked')
  for (let i = 0; i < 20; i++) {
    await expect(checked.or(banner)).toBeAttached({ timeout: 30_000 })
    if (await checked.count()) break
    // Short timeouts: the banner may vanish between two reads (the last entry was discarded), and a
    // read without one would wait for it forever.
    const before = await banner.textContent({ timeout: 1000 }).catch(() => null)
    if (before === null) continue
    await banner.getByTestId('recovery-discard').click({ timeout: 2000 }).catch(() => undefined)
    // Wait for the discard to land (next entry shown, or none left) before looking again.
    await expect
      .poll(async () => (await checked.count()) > 0 || (await banner.count()) === 0 || (await banner.textContent({ timeout: 1000 }).catch(() => null)) !== before)
      .toBe(true)
  }
  await expect(checked).toBeAttached()
}
