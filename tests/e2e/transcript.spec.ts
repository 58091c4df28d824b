// Editing by text, end to end in Chromium against web mode with the shipped model's aligner: paste
// a transcript, align it, change one word and delete another in the transcript, undo and redo the
// edit, generate all, apply, export, and check that the file changed only inside those two regions.
import { expect, test, type Locator, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { decodeAudio } from '../../electron/engine/audio/decode'
import { discardLeftoverRecovery, screenshot, server } from './helpers'

const FIXTURE = resolve(import.meta.dirname, '../fixtures/align/awb-path')
const TEXT = JSON.parse(readFileSync(`${FIXTURE}.json`, 'utf8')).text as string
// "ten" becomes "five"; "old" goes.
const EDITED = TEXT.replace('ten meters', 'five meters').replace('the old stone', 'the stone')

async function openApp(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(server().url)
  await expect(page.getByTestId('engine-status')).toHaveText(/engine ready/, { timeout: 60_000 })
  await discardLeftoverRecovery(page)
}

async function setSteps(page: Page, steps: number): Promise<void> {
  await page.getByTestId('settings-button').click()
  await page.getByTestId('settings-steps').fill(String(steps))
  await page.getByTestId('settings-solver').selectOption('midpoint')
  await page.getByTestId('settings-apply').click()
  await expect(page.getByTestId('settings-dialog')).toBeHidden()
}

async function numberAttr(l: Locator, name: string): Promise<number> {
  return Number(await l.getAttribute(name))
}

test('edit by text: align, change a word, delete a word, generate all, export changes only those regions', async ({ page }) => {
  await openApp(page)
  await setSteps(page, 8)
  await page.getByTestId('open-file-input').setInputFiles(`${FIXTURE}.wav`)
  await expect(page.getByTestId('status-audio')).toBeVisible()
  await expect(page.getByTestId('status-time')).toHaveText(/\/ 0:0\d\.\d{3}/)

  // Paste the transcript and align it: words appear, boundaries are drawn on the waveform.
  await page.getByTestId('dock-tab-transcript').click()
  await page.getByTestId('transcript-input').fill(TEXT)
  await page.getByTestId('transcript-align').click()
  const words = page.getByTestId('transcript-word')
  await expect(words).toHaveCount(TEXT.split(' ').length, { timeout: 60_000 })
  await expect(page.getByTestId('transcript-mismatch')).toHaveCount(0)
  expect(await page.getByTestId('word-boundaries').evaluate((el) => el.childElementCount)).toBeGreaterThan(20)

  // A click on a word moves the playhead to it.
  await words.filter({ hasText: /^river/ }).click()
  await expect.poll(async () => (await page.getByTestId('status-time').textContent())!.split('/')[0].trim()).not.toBe('0:00.000')
  // A double-click plays that word alone: playback starts, then stops by itself at the word's end.
  const clock = async () => {
    const [m, sec] = (await page.getByTestId('status-time').textContent())!.split('/')[0].trim().split(':')
    return Number(m) * 60 + Number(sec)
  }
  const river = await clock()
  await words.filter({ hasText: /^river/ }).dblclick()
  await expect(page.getByTestId('play-button')).toHaveText('❚❚')
  await expect(page.getByTestId('play-button')).toHaveText('▶', { timeout: 5_000 }) // it stops by itself at the word's end
  const stopped = await clock()
  expect(stopped).toBeGreaterThan(river + 0.1)
  expect(stopped).toBeLessThan(river + 1.0) // one word, not the rest of the file

  // Edit the words: one replace and one delete region appear; undo and redo walk through the edit.
  const edit = page.getByTestId('transcript-edit')
  // A symbol in place of a word is pointed out, not silently taken as a deletion.
  await edit.fill(`${TEXT} 🦊`)
  await expect(page.getByTestId('transcript-unsayable')).toHaveText('“🦊” cannot be said and is left out: write it as words')
  await edit.fill(EDITED)
  await expect(page.getByTestId('transcript-unsayable')).toHaveCount(0)
  const regions = page.getByTestId('region-item')
  await expect(regions).toHaveCount(2)
  await expect(page.getByTestId('transcript-change')).toHaveCount(2)
  await expect(regions.nth(0).getByTestId('region-text')).toHaveValue('five')
  await expect(regions.nth(1).getByTestId('region-mode')).toHaveValue('delete')
  await page.getByTestId('transcript-summary').click() // out of the text box: the keys go to the editor
  await page.keyboard.press('Control+z')
  await expect(regions).toHaveCount(0)
  await expect(edit).toHaveValue(TEXT)
  await page.keyboard.press('Control+Shift+z')
  await expect(regions).toHaveCount(2)
  await expect(edit).toHaveValue(EDITED)
  await screenshot(page, 'transcript')

  // Generate all, then apply the best-ranked take of each region; each take carries its check.
  await page.getByTestId('transcript-generate-all').click()
  await expect(page.getByTestId('job-progress')).toBeVisible()
  await expect(page.getByTestId('job-progress')).toBeHidden({ timeout: 120_000 })
  for (let i = 0; i < 2; i++) await expect(regions.nth(i).getByTestId('take-item')).toHaveCount(1)
  await expect(regions.nth(0).getByTestId('take-check')).toHaveText(/(says|may not say|may still say|rough join)/)
  const spans: { start: number; end: number; frames: number }[] = []
  for (let i = 0; i < 2; i++) {
    const take = regions.nth(i).getByTestId('take-item').first()
    spans.push({ start: await numberAttr(take, 'data-replace-start'), end: await numberAttr(take, 'data-replace-end'), frames: await numberAttr(take, 'data-frames') })
    await take.getByTestId('take-apply').click()
    await expect(take.getByTestId('take-unapply')).toBeVisible()
  }
  // The transcript now shows the edited words as done.
  await expect(page.getByTestId('transcript-applied')).toHaveCount(2)

  // Export and compare with the source: outside the two replaced spans, every sample is the source's.
  await page.getByTestId('export-button').click()
  await page.getByTestId('export-format').selectOption('pcm16')
  const download = page.waitForEvent('download')
  await page.getByTestId('export-confirm').click()
  const exported = (await decodeAudio(new Uint8Array(await readFile(await (await download).path())), 'export.wav')).channels[0]
  const source = (await decodeAudio(new Uint8Array(await readFile(`${FIXTURE}.wav`)), 'source.wav')).channels[0]
  spans.sort((a, b) => a.start - b.start)
  const [r1, r2] = spans
  expect(exported.length).toBe(source.length - (r1.end - r1.start) + r1.frames - (r2.end - r2.start) + r2.frames)
  const same = (outFrom: number, srcFrom: number, n: number) => {
    let diff = 0
    for (let k = 0; k < n; k++) if (exported[outFrom + k] !== source[srcFrom + k]) diff++
    return diff
  }
  const out2 = r1.start + r1.frames + (r2.start - r1.end)
  expect(same(0, 0, r1.start), 'before the first region').toBe(0)
  expect(same(r1.start + r1.frames, r1.end, r2.start - r1.end), 'between the regions').toBe(0)
  expect(same(out2 + r2.frames, r2.end, source.length - r2.end), 'after the second region').toBe(0)
  expect(same(r1.start, r1.start, Math.min(r1.frames, r1.end - r1.start))).toBeGreaterThan(0) // the replace did change something
})
