// Shared bits of the end-to-end tests: where the server is, and screenshots for the README.
import type { Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const screenshotsDir = resolve(import.meta.dirname, '../../docs/screenshots')

export function server() {
  const url = process.env.VOICEFILL_E2E_URL
  const origin = process.env.VOICEFILL_E2E_ORIGIN
  const token = process.env.VOICEFILL_E2E_TOKEN
  if (!url || !origin || !token) throw new Error('the e2e web server is not running (tests/e2e/global-setup.ts)')
  return { url, origin, token, port: Number(new URL(origin).port) }
}

/** Saves docs/screenshots/<name>.png (the README shows these). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotsDir, { recursive: true })
  const path = join(screenshotsDir, `${name}.png`)
  await page.screenshot({ path })
  return path
}
