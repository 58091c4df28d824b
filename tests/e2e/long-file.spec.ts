// A long recording end to end, in Chromium against web mode: a 5-minute 48 kHz stereo 16-bit WAV
// generated here is streamed to the server (upload progress), opened (peak-pass progress), drawn from streamed peaks, and
// exported in a stream with progress: a resampling export is cancelled part-way (no file), then a
// source-rate export is downloaded and holds exactly the source's samples.
import { expect, test, type Page } from '@playwright/test'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encodeWav } from '../../electron/engine/audio/encode'
import { discardLeftoverRecovery, server } from './helpers'

const RATE = 48000
const MINUTES = 5

let dir: string
let wavPath: string
let wavBytes: Uint8Array

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'vf-e2e-long-'))
  // Bursts of tones and noise (speech-like envelopes), different in each channel.
  const n = MINUTES * 60 * RATE
  const channels = [new Float32Array(n), new Float32Array(n)]
  let seed = 99
  for (let i = 0; i < n; i++) {
    seed = (seed * 1664525 + 1013904223) >>> 0
    const t = i / RATE
    const env = Math.max(0, Math.sin(2 * Math.PI * 0.7 * t)) ** 2
    const v = env * (0.3 * Math.sin(2 * Math.PI * 180 * t) + 0.1 * ((seed >>> 8) / 2 ** 24 - 0.5))
    channels[0][i] = Math.round(v * 32767) / 32768
    channels[1][i] = Math.round(v * 0.6 * 32767) / 32768
  }
  wavBytes = encodeWav({ sampleRate: RATE, channels }, 'pcm16')
  wavPath = join(dir, 'five-minutes.wav')
  writeFileSync(wavPath, wavBytes)
})
test.afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function openApp(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 860 })
  await page.goto(server().url)
  await expect(page.getByTestId('engine-status')).toHaveText(/engine ready/, { timeout: 60_000 })
  await discardLeftoverRecovery(page)
}

test('a 5-minute 48 kHz stereo file opens, and exports in a stream with progress and Cancel', async ({ page }) => {
  test.setTimeout(240_000)
  await openApp(page)
  const busyTexts: string[] = []
  await page.exposeFunction('noteBusy', (t: string) => busyTexts.push(t))
  await page.evaluate(() => {
    new MutationObserver(() => {
      const el = document.querySelector('[data-testid="busy"]')
      if (el?.textContent) (window as unknown as { noteBusy: (t: string) => void }).noteBusy(el.textContent)
    }).observe(document.body, { subtree: true, childList: true, characterData: true })
  })

  await page.getByTestId('open-file-input').setInputFiles(wavPath)
  await expect(page.getByTestId('status-audio')).toContainText('five-minutes.wav', { timeout: 60_000 })
  await expect(page.getByTestId('status-audio')).toContainText('48 kHz · 2 ch')
  await expect(page.getByTestId('status-time')).toHaveText(/\/ 5:00\.000/)
  expect(busyTexts.some((t) => /^Uploading five-minutes\.wav… \d+ %$/.test(t))).toBe(true)
  expect(busyTexts.some((t) => /^Opening five-minutes\.wav… \d+ %$/.test(t))).toBe(true) // the first peak pass
  await expect(page.locator('[data-testid="toast"][data-kind="error"]')).toHaveCount(0)

  // Resampling to 16 kHz takes long enough to watch: progress, then Cancel.
  await page.getByTestId('export-button').click()
  await page.getByTestId('export-format').selectOption('float32')
  await page.getByTestId('export-rate').selectOption('16000')
  await page.getByTestId('export-confirm').click()
  await expect(page.getByTestId('export-progress-text')).toHaveText(/^0:\d\d\.\d of 5:00\.0 written$/, { timeout: 30_000 })
  await expect.poll(async () => Number(await page.getByTestId('export-progress-bar').getAttribute('aria-valuenow'))).toBeGreaterThan(0)
  await page.getByTestId('export-cancel').click()
  await expect(page.getByTestId('toast').filter({ hasText: 'Export cancelled' })).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('export-progress')).toBeHidden()

  // At the source rate and format: the download is the source's samples, byte for byte.
  await page.getByTestId('export-rate').selectOption('')
  await page.getByTestId('export-format').selectOption('source')
  const download = page.waitForEvent('download', { timeout: 120_000 })
  await page.getByTestId('export-confirm').click()
  await expect(page.getByTestId('export-progress')).toBeVisible()
  const file = await (await download).path()
  const exported = new Uint8Array(await readFile(file))
  expect(exported.length).toBe(wavBytes.length)
  expect(Buffer.from(exported.subarray(44)).equals(Buffer.from(wavBytes.subarray(44)))).toBe(true)
  await expect(page.getByTestId('toast').filter({ hasText: 'Exported' })).toBeVisible()
  await expect(page.locator('[data-testid="toast"][data-kind="error"]')).toHaveCount(0)
})

test('uploads need the token cookie and our own Origin', async () => {
  const { origin, token, port } = server()
  const cookie = `voicefill_${port}=${token}`
  const body = new Uint8Array(wavBytes.subarray(0, 4096))
  const post = (headers: Record<string, string>) => fetch(`${origin}/upload?name=x.wav`, { method: 'POST', headers, body })
  expect((await post({ Origin: origin })).status).toBe(403) // no token
  expect((await post({ Cookie: cookie })).status).toBe(403) // no Origin
  expect((await post({ Cookie: cookie, Origin: 'http://attacker.example' })).status).toBe(403)
  const ok = await post({ Cookie: cookie, Origin: origin })
  expect(ok.status).toBe(200)
  expect((await ok.json()) as { uploadId: string }).toMatchObject({ uploadId: expect.stringMatching(/^u[0-9a-f]{32}$/) })
})
