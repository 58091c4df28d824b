// Pro recording formats end to end, in Chromium against web mode: a 24-bit AIFF (big-endian, every
// bit in use) opens under its own name and depth, the export dialog offers "Same as source" as the
// 24-bit WAV it will write, and the download holds exactly the source's samples.
import { expect, test } from '@playwright/test'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { decodeAudio } from '../../electron/engine/audio/decode'
import { discardLeftoverRecovery, server } from './helpers'

const FIXTURES = join(import.meta.dirname, '../fixtures/audio')

test('a 24-bit AIFF opens as such and exports in its own depth, every sample as it was', async ({ page }) => {
  test.setTimeout(120_000)
  await page.setViewportSize({ width: 1440, height: 860 })
  await page.goto(server().url)
  await expect(page.getByTestId('engine-status')).toHaveText(/engine ready/, { timeout: 60_000 })
  await discardLeftoverRecovery(page)

  await page.getByTestId('open-file-input').setInputFiles(join(FIXTURES, 'speech-16k-s24g.aiff'))
  await expect(page.getByTestId('status-audio')).toContainText('speech-16k-s24g.aiff', { timeout: 60_000 })
  await expect(page.getByTestId('status-audio')).toContainText('AIFF 24-bit PCM')

  await page.getByTestId('export-button').click()
  const format = page.getByTestId('export-format')
  await format.selectOption('source')
  await expect(format.locator('option[value="source"]')).toHaveText('Same as source (WAV 24-bit PCM)')
  const download = page.waitForEvent('download')
  await page.getByTestId('export-confirm').click()
  const exported = await decodeAudio(new Uint8Array(await readFile(await (await download).path())), 'export.wav')
  const twin = await decodeAudio(new Uint8Array(await readFile(join(FIXTURES, 'speech-16k-s24g.wav'))), 'twin.wav')
  expect(exported.format).toBe('WAV 24-bit PCM')
  expect(exported.sampleRate).toBe(16000)
  expect(exported.channels[0].length).toBe(twin.channels[0].length)
  expect(exported.channels[0].findIndex((v, i) => v !== twin.channels[0][i])).toBe(-1)
  await expect(page.locator('[data-testid="toast"][data-kind="error"]')).toHaveCount(0)
})

test('a truncated WAV opens as far as it goes, with a warning that stays until dismissed', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 860 })
  await page.goto(server().url)
  await expect(page.getByTestId('engine-status')).toHaveText(/engine ready/, { timeout: 60_000 })
  await discardLeftoverRecovery(page)
  await page.getByTestId('open-file-input').setInputFiles(join(FIXTURES, 'truncated.wav'))
  await expect(page.getByTestId('status-audio')).toContainText('truncated.wav')
  const warning = page.locator('[data-testid="toast"][data-kind="warning"]')
  await expect(warning).toContainText('truncated.wav: truncated WAV: file ends early at 0:00.3')
  await page.waitForTimeout(6_000) // longer than an info toast lives
  await expect(warning).toBeVisible()
  await warning.getByTestId('toast-dismiss').click()
  await expect(warning).toHaveCount(0)
})

test('a warning about one recording goes when another is opened', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 860 })
  await page.goto(server().url)
  await expect(page.getByTestId('engine-status')).toHaveText(/engine ready/, { timeout: 60_000 })
  await discardLeftoverRecovery(page)
  await page.getByTestId('open-file-input').setInputFiles(join(FIXTURES, 'truncated.wav'))
  const warning = page.locator('[data-testid="toast"][data-kind="warning"]')
  await expect(warning).toContainText('truncated.wav: truncated WAV')
  await page.getByTestId('open-file-input').setInputFiles(join(FIXTURES, 'speech-16k-s16.wav'))
  await expect(page.getByTestId('status-audio')).toContainText('speech-16k-s16.wav')
  await expect(warning).toHaveCount(0)
})
