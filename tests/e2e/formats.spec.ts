// Pro recording formats end to end, in Chromium against web mode: a 24-bit AIFF (big-endian, every
// bit in use) opens under its own name and depth, the export dialog offers "Same as source" as the
// 24-bit WAV it will write, and the download holds exactly the source's samples.
import { expect, test } from '@playwright/test'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
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

test('a truncated file\'s warning says where it ends on the edited timeline, after a take lengthens it too', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 860 })
  await page.goto(server().url)
  await expect(page.getByTestId('engine-status')).toHaveText(/engine ready/, { timeout: 60_000 })
  await discardLeftoverRecovery(page)
  // The speech fixture cut off at 1.5 s, its header still declaring all of it (a recorder that crashed).
  const dir = await mkdtemp(join(tmpdir(), 'voicefill-cut-'))
  try {
    const whole = await readFile(join(FIXTURES, 'speech-16k-s16.wav'))
    const cut = join(dir, 'cut-speech.wav')
    await writeFile(cut, whole.subarray(0, 44 + 2 * 24_000))
    await page.getByTestId('open-file-input').setInputFiles(cut)
    const clock = page.getByTestId('status-time')
    await expect(page.getByTestId('status-audio')).toContainText('cut-speech.wav')
    await expect(clock).toHaveText(/\/ 0:01\.500/)
    const warning = page.locator('[data-testid="toast"][data-kind="warning"]')
    await expect(warning).toContainText('cut-speech.wav: truncated WAV: file ends early at 0:01.5 ')

    // A natural-length take with many more words than the region had: the timeline grows.
    const box = (await page.getByTestId('waveform').boundingBox())!
    const y = box.y + box.height * 0.55
    await page.mouse.move(box.x + box.width * 0.3, y)
    await page.mouse.down()
    await page.mouse.move(box.x + box.width * 0.4, y, { steps: 4 })
    await page.mouse.move(box.x + box.width * 0.5, y, { steps: 4 })
    await page.mouse.up()
    const region = page.getByTestId('region-item').first()
    await region.getByTestId('region-text').fill('and a few more words here today')
    await region.getByTestId('region-length').selectOption('natural')
    await region.getByTestId('region-generate').click()
    await expect(region.getByTestId('take-item').first()).toBeVisible({ timeout: 90_000 })
    await region.getByTestId('take-apply').first().click()
    const total = async () => {
      const [m, sec] = (await clock.textContent())!.split('/')[1].trim().split(':')
      return Number(m) * 60 + Number(sec)
    }
    await expect.poll(total).toBeGreaterThan(1.8)
    // Where the file ends is where the timeline now ends (to the warning's tenth of a second).
    const end = await total()
    const said = async () => Number(/ends early at 0:(\d\d\.\d)/.exec((await warning.textContent()) ?? '')?.[1])
    await expect.poll(async () => Math.abs((await said()) - end)).toBeLessThanOrEqual(0.1)
    // Undone, the warning says the file's own time again.
    await page.getByTestId('waveform').focus()
    await page.keyboard.press('Control+z')
    await expect(warning).toContainText('file ends early at 0:01.5 ')
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})
