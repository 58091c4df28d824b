// Steps the feature-panel specs (compare, trajectory, voiceover) share: open the app and a
// recording, mask a region by dragging on the waveform, open a dock tab.
import { expect, type Page } from '@playwright/test'
import { basename, resolve } from 'node:path'
import { discardLeftoverRecovery, server } from './helpers'

export const SPEECH = resolve(import.meta.dirname, '../fixtures/audio/speech-16k-s16.wav')

export async function openApp(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(server().url)
  await expect(page.getByTestId('engine-status')).toHaveText(/engine ready/, { timeout: 60_000 })
  await discardLeftoverRecovery(page)
}

export async function openAudio(page: Page, path: string): Promise<void> {
  await page.getByTestId('open-file-input').setInputFiles(path)
  // This file's name, not only a status line: over an open recording the old one still shows until the new
  // one is in (a test went on to the previous file's export choices, CI, session 18).
  await expect(page.getByTestId('status-audio')).toContainText(basename(path))
  await expect(page.getByTestId('status-time')).toHaveText(/\/ 0:0\d\.\d{3}/)
}

/** Drags a region from fraction `a` to `b` of the waveform's width and types its text. */
export async function maskRegion(page: Page, a: number, b: number, text: string): Promise<void> {
  const before = await page.getByTestId('region-item').count()
  const box = (await page.getByTestId('waveform').boundingBox())!
  const y = box.y + box.height * 0.55
  await page.mouse.move(box.x + box.width * a, y)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width * ((a + b) / 2), y, { steps: 4 })
  await page.mouse.move(box.x + box.width * b, y, { steps: 4 })
  await page.mouse.up()
  await expect(page.getByTestId('region-item')).toHaveCount(before + 1)
  const item = page.getByTestId('region-item').nth(before)
  await item.getByTestId('region-text').fill(text)
  await item.click() // selects it
}

export async function openDock(page: Page, tab: 'compare' | 'trajectory' | 'voiceover'): Promise<void> {
  await page.getByTestId(`dock-tab-${tab}`).click()
  await expect(page.getByTestId(`${tab}-panel`)).toBeVisible()
}

/** Sets sampler settings through the settings dialog. */
export async function setSampler(page: Page, steps: number, solver: 'euler' | 'midpoint' | 'heun'): Promise<void> {
  await page.getByTestId('settings-button').click()
  await page.getByTestId('settings-steps').fill(String(steps))
  await page.getByTestId('settings-solver').selectOption(solver)
  await page.getByTestId('settings-apply').click()
  await expect(page.getByTestId('settings-dialog')).toBeHidden()
}
