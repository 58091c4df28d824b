// The editor end to end, in Chromium against web mode with the real engine process and model:
// open a WAV, drag regions on the waveform, type, generate (progress visible), audition and A/B,
// apply, undo/redo, export, and check the exported file against the source sample by sample.
import { expect, test, type Page } from '@playwright/test'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { decodeAudio } from '../../electron/engine/audio/decode'
import { discardLeftoverRecovery, screenshot, server } from './helpers'

const fixtures = resolve(import.meta.dirname, '../fixtures/audio')
const SPEECH = resolve(fixtures, 'speech-16k-s16.wav')

async function openApp(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 860 })
  await page.goto(server().url)
  await expect(page.getByTestId('engine-status')).toHaveText(/engine ready/, { timeout: 60_000 })
  await discardLeftoverRecovery(page)
}

async function openAudio(page: Page, path: string): Promise<void> {
  await page.getByTestId('open-file-input').setInputFiles(path)
  // This file's name: over an open recording the previous one still shows (and passes the time check
  // below) until the new one is in.
  await expect(page.getByTestId('status-audio')).toContainText(basename(path))
  // The waveform is drawn from the engine's peaks once wavesurfer has loaded them.
  await expect(page.getByTestId('status-time')).toHaveText(/\/ 0:0\d\.\d{3}/)
}

/** Drags on the waveform from fraction `a` to `b` of its width (the plugin's drag selection). */
async function dragRegion(page: Page, a: number, b: number): Promise<void> {
  const box = (await page.getByTestId('waveform').boundingBox())!
  const y = box.y + box.height * 0.55
  await page.mouse.move(box.x + box.width * a, y)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width * ((a + b) / 2), y, { steps: 4 })
  await page.mouse.move(box.x + box.width * b, y, { steps: 4 })
  await page.mouse.up()
}

/** Seconds of a "m:ss.mmm" label. */
function seconds(label: string): number {
  const [m, s] = label.trim().split(':')
  return Number(m) * 60 + Number(s)
}

/** Sets sampler settings through the settings panel. */
async function setSampler(page: Page, steps: number, solver: 'euler' | 'midpoint' | 'heun'): Promise<void> {
  await page.getByTestId('settings-button').click()
  await page.getByTestId('settings-steps').fill(String(steps))
  await page.getByTestId('settings-solver').selectOption(solver)
  await page.getByTestId('settings-apply').click()
  await expect(page.getByTestId('settings-dialog')).toBeHidden()
}

test('edit flow: region, generate, audition, apply, undo/redo, export differs only inside the region', async ({ page }) => {
  await openApp(page)
  await setSampler(page, 32, 'midpoint')
  await openAudio(page, SPEECH)
  await expect(page.getByTestId('status-audio')).toContainText('16 kHz')

  // Two regions drawn with the mouse; each shows in the waveform and in the side panel.
  const first = page.getByTestId('region-item').first()
  const second = page.getByTestId('region-item').nth(1)
  await dragRegion(page, 0.27, 0.42)
  await expect(page.getByTestId('region-item')).toHaveCount(1)
  await first.getByTestId('region-text').fill('hello world')
  await dragRegion(page, 0.66, 0.8)
  await expect(page.getByTestId('region-item')).toHaveCount(2)
  await second.getByTestId('region-text').fill('thank you')
  await expect(page.getByTestId('waveform').getByTestId('wave-region')).toHaveCount(2)
  await expect(first.getByTestId('region-text')).toHaveValue('hello world')
  await screenshot(page, 'editor-regions')

  // Undo the second region's text, then the region itself; redo both.
  await page.keyboard.press('Control+z')
  await expect(second.getByTestId('region-text')).toHaveValue('')
  await page.keyboard.press('Control+z')
  await expect(page.getByTestId('region-item')).toHaveCount(1)
  await expect(first.getByTestId('region-text')).toHaveValue('hello world')
  await page.keyboard.press('Control+Shift+z')
  await page.keyboard.press('Control+y')
  await expect(page.getByTestId('region-item')).toHaveCount(2)
  await expect(second.getByTestId('region-text')).toHaveValue('thank you')

  // Generate the first region: progress shows network calls and then a take appears.
  await first.click()
  await first.getByTestId('region-generate').click()
  const progress = page.getByTestId('job-progress')
  await expect(progress).toBeVisible()
  // Screenshot mid-job. Any call short of the last: after the first call (which warms the session up) the
  // e2e model's calls take a few ms each, so the page can see 1/64 and next 42/64 (4-39 was asked for, and
  // missed on most runs alone).
  await expect(page.getByTestId('job-progress-text')).toContainText(/network call ([1-9]|[1-5]\d|6[0-3])\/64/)
  await screenshot(page, 'generating')
  await expect(progress).toBeHidden({ timeout: 90_000 })
  await expect(first.getByTestId('take-item')).toHaveCount(1)
  // A second take of the same region (another random seed).
  await first.getByTestId('region-generate').click()
  await expect(first.getByTestId('take-item')).toHaveCount(2, { timeout: 90_000 })
  await expect(progress).toBeHidden()
  const take = first.getByTestId('take-item').first()
  await expect(take.getByTestId('take-wave')).toBeVisible() // drawn from the take's PCM
  await expect(take.getByTestId('take-meta')).toContainText(/seed \d+ · 32 steps · midpoint · w [\d.]+ · made in [\d.]+ m?s$/)
  const seeds = await first.getByTestId('take-meta').allTextContents()
  expect(seeds[0].match(/seed (\d+)/)![1]).not.toBe(seeds[1].match(/seed (\d+)/)![1])

  // Audition in context (the playhead follows it), switch to the original (A/B) and stop: the playhead goes back.
  const clock = page.getByTestId('status-time')
  const home = (await clock.textContent())!
  await take.getByTestId('take-audition').click()
  await expect(take.getByTestId('take-playing')).toHaveText(/take/)
  await expect(clock).not.toHaveText(home)
  const during = await clock.textContent()
  await expect(clock).not.toHaveText(during!) // it moves while the take plays
  await take.getByTestId('take-ab').click()
  await expect(take.getByTestId('take-playing')).toHaveText(/original/)
  await take.getByTestId('take-stop').click()
  await expect(take.getByTestId('take-playing')).toBeHidden()
  await expect(clock).toHaveText(home)

  // Apply, undo, redo.
  await take.getByTestId('take-apply').click()
  await expect(take.getByTestId('take-unapply')).toBeVisible()
  await expect(first).toHaveClass(/applied/)
  await screenshot(page, 'takes')
  await page.keyboard.press('Control+z')
  await expect(take.getByTestId('take-apply')).toBeVisible()
  await expect(first.getByTestId('take-item')).toHaveCount(2) // undoing the apply keeps the takes
  await page.keyboard.press('Control+Shift+z')
  await expect(take.getByTestId('take-unapply')).toBeVisible()

  // The transport plays the edited timeline.
  await page.getByTestId('play-button').click()
  await expect.poll(async () => seconds((await page.getByTestId('status-time').textContent())!.split('/')[0]), { timeout: 10_000 }).toBeGreaterThan(0.1)
  await page.getByTestId('stop-button').click()

  // Export in the source's own encoding (16-bit WAV here) at the source rate and compare with the source.
  const replaceStart = Number(await take.getAttribute('data-replace-start'))
  const replaceEnd = Number(await take.getAttribute('data-replace-end'))
  await page.getByTestId('export-button').click()
  await page.getByTestId('export-format').selectOption('source')
  await expect(page.getByTestId('export-format').locator('option[value="source"]')).toHaveText('Same as source (WAV 16-bit PCM)')
  // The dialog and the toast give the file's length as the clock gives the timeline's.
  const total = (await page.getByTestId('status-time').textContent())!.split('/')[1].trim()
  await expect(page.getByTestId('export-length')).toHaveText(total)
  const download = page.waitForEvent('download')
  await page.getByTestId('export-confirm').click()
  const file = await (await download).path()
  const exported = await decodeAudio(new Uint8Array(await readFile(file)), 'export.wav')
  const source = await decodeAudio(new Uint8Array(await readFile(SPEECH)), 'speech.wav')
  expect(exported.format).toBe(source.format)
  expect(exported.sampleRate).toBe(source.sampleRate)
  expect(exported.channels.length).toBe(source.channels.length)
  expect(exported.channels[0].length).toBe(source.channels[0].length) // "keep region length"
  let inside = 0
  const outside: number[] = []
  const a = exported.channels[0]
  const b = source.channels[0]
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue
    if (i >= replaceStart && i < replaceEnd) inside++
    else outside.push(i)
  }
  expect(outside, `samples changed outside [${replaceStart}, ${replaceEnd})`).toEqual([])
  expect(inside).toBeGreaterThan((replaceEnd - replaceStart) / 4)
  await expect(page.getByTestId('toast').filter({ hasText: 'Exported' })).toContainText(`(${total}, `)
  await setSampler(page, 16, 'midpoint')
})

/** Width in pixels of the scrolled waveform (inside wavesurfer's shadow root). */
function waveWidth(page: Page): Promise<number> {
  return page.getByTestId('waveform').evaluate((el) => el.firstElementChild?.shadowRoot?.querySelector('.scroll')?.scrollWidth ?? 0)
}

test('view: zoom with keys, buttons and Ctrl+wheel, fit, spectrogram toggle', async ({ page }) => {
  await openApp(page)
  await openAudio(page, resolve(fixtures, 'speech-44k-stereo.wav'))
  await expect(page.getByTestId('status-audio')).toContainText('44.1 kHz · 2 ch')
  const fit = await waveWidth(page)
  await page.getByTestId('zoom-in').click()
  await expect.poll(() => waveWidth(page)).toBeGreaterThan(fit * 1.4)
  await page.keyboard.press('+')
  await expect.poll(() => waveWidth(page)).toBeGreaterThan(fit * 2.2)
  const box = (await page.getByTestId('waveform').boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.keyboard.down('Control')
  await page.mouse.wheel(0, -100)
  await page.keyboard.up('Control')
  await expect.poll(() => waveWidth(page)).toBeGreaterThan(fit * 3.3)
  await page.keyboard.press('0')
  await expect.poll(() => waveWidth(page)).toBe(fit)

  await page.getByTestId('spectrogram-toggle').click()
  await expect(page.locator('[part="spec-labels"]')).toBeVisible()
  await expect(page.getByTestId('busy')).toBeHidden()
  await dragRegion(page, 0.3, 0.45)
  await expect(page.getByTestId('region-item')).toHaveCount(1)
  await screenshot(page, 'spectrogram')
  await page.getByTestId('spectrogram-toggle').click()
  await expect(page.locator('[part="spec-labels"]')).toHaveCount(0)
  await expect(page.locator('[data-testid="toast"][data-kind="error"]')).toHaveCount(0)
})

test('a file that is not audio shows an error and the editor stays usable', async ({ page }) => {
  await openApp(page)
  await page.getByTestId('open-file-input').setInputFiles(resolve(fixtures, 'garbage.wav'))
  const error = page.locator('[data-testid="toast"][data-kind="error"]')
  await expect(error).toContainText(/^Cannot open garbage\.wav: not an audio file/) // the name once, not twice
  await expect(page.getByTestId('empty-state')).toBeVisible()
  await error.getByTestId('toast-dismiss').click()
  await expect(error).toHaveCount(0)
  await openAudio(page, SPEECH)
  await expect(page.getByTestId('status-audio')).toContainText('speech-16k-s16.wav')
})

test('cancel mid-generation adds no take and leaves the UI idle', async ({ page }) => {
  await openApp(page)
  // Enough network calls that Cancel lands mid-job.
  await setSampler(page, 256, 'heun')
  try {
    await openAudio(page, SPEECH)
    await dragRegion(page, 0.3, 0.45)
    const region = page.getByTestId('region-item').first()
    await region.getByTestId('region-text').fill('cancel me')
    await region.getByTestId('region-generate').click()
    await expect(page.getByTestId('job-progress-text')).toContainText(/network call [1-9]\d*\//)
    await page.getByTestId('job-cancel').click()
    await expect(page.getByTestId('job-progress')).toBeHidden({ timeout: 30_000 })
    await expect(page.locator('[data-testid="toast"]').filter({ hasText: 'Generation cancelled' })).toBeVisible()
    await expect(page.getByTestId('take-item')).toHaveCount(0)
    await expect(region.getByTestId('region-generate')).toBeEnabled()
    await expect(region.getByTestId('region-generate')).toHaveText('Generate')
    await expect(page.getByTestId('generate-selected')).toBeEnabled()
    // Undo history holds the region, not a phantom take: one undo (the text) and one more (the region).
    await page.keyboard.press('Control+z')
    await page.keyboard.press('Control+z')
    await expect(page.getByTestId('region-item')).toHaveCount(0)
  } finally {
    await setSampler(page, 16, 'midpoint')
  }
})

test('words squeezed into a short region still make a take, with a note that they will sound rushed', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await dragRegion(page, 0.3, 0.65) // about 0.7 s: room for every phone, not for a natural pace
  const region = page.getByTestId('region-item').first()
  await region.getByTestId('region-text').fill('and then a great many other things happened to all of us')
  await region.getByTestId('region-generate').click()
  await expect(region.getByTestId('take-item')).toHaveCount(1, { timeout: 90_000 })
  await expect(page.locator('[data-testid="toast"][data-kind="info"]').filter({ hasText: /^Region 1: the words take about \d+\.\d s .* they will sound rushed/ })).toBeVisible()
  await expect(page.locator('[data-testid="toast"][data-kind="error"]')).toHaveCount(0)
})

test('a reloaded page offers the unsaved edits of this run and restores them', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await dragRegion(page, 0.3, 0.5)
  await page.getByTestId('region-item').first().getByTestId('region-text').fill('kept across a reload')
  await page.getByTestId('region-item').first().getByTestId('region-generate').click()
  await expect(page.getByTestId('take-item')).toHaveCount(1, { timeout: 60_000 })
  // Autosave is debounced (2 s after the last edit); wait for its marker in the window title.
  await expect.poll(() => page.title(), { timeout: 15_000 }).toMatch(/•/)
  await page.waitForTimeout(3_000)

  await page.reload()
  await expect(page.getByTestId('engine-status')).toHaveText(/engine ready/, { timeout: 60_000 })
  const banner = page.getByTestId('recovery-banner')
  await expect(banner).toContainText('before this page was reloaded')
  await expect(page.getByTestId('region-item')).toHaveCount(0) // the reloaded page starts empty
  await banner.getByTestId('recovery-restore').click()
  await expect(page.getByTestId('region-item')).toHaveCount(1)
  await expect(page.getByTestId('region-item').first().getByTestId('region-text')).toHaveValue('kept across a reload')
  await expect(page.getByTestId('status-audio')).toBeVisible()
  await expect(banner).toBeHidden()
  // The take comes back with its audio, drawn in miniature (its audio arrives after the list of takes).
  await expect(page.getByTestId('take-item')).toHaveCount(1)
  await expect(page.getByTestId('take-wave')).toBeVisible()
})

test('words typed just before a reload are restored with it (the pending autosave goes out as the page leaves)', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await dragRegion(page, 0.3, 0.5)
  const text = page.getByTestId('region-item').first().getByTestId('region-text')
  await text.fill('first words')
  await page.waitForTimeout(3_000) // autosaved (debounced 2 s)
  await text.fill('typed just before the reload')
  await page.waitForTimeout(300) // well inside the debounce: only the page leaving can save it

  await page.reload()
  await expect(page.getByTestId('engine-status')).toHaveText(/engine ready/, { timeout: 60_000 })
  const banner = page.getByTestId('recovery-banner')
  await expect(banner).toContainText('before this page was reloaded')
  await banner.getByTestId('recovery-restore').click()
  await expect(page.getByTestId('region-item').first().getByTestId('region-text')).toHaveValue('typed just before the reload')
})

test('two tabs keep their own unsaved work; a closed tab\'s work is offered to the next page', async ({ page, context }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await dragRegion(page, 0.3, 0.5)
  await page.getByTestId('region-item').first().getByTestId('region-text').fill('work of the first tab')
  await expect.poll(() => page.title(), { timeout: 15_000 }).toMatch(/•/)
  await page.waitForTimeout(3_000) // autosave is debounced

  // A second tab while the first is open: nothing of the first tab's is offered (it is still being worked on).
  const second = await context.newPage()
  await openApp(second)
  await expect(second.getByTestId('recovery-banner')).toHaveCount(0)
  await openAudio(second, SPEECH)
  await dragRegion(second, 0.6, 0.8)
  await second.getByTestId('region-item').first().getByTestId('region-text').fill('work of the second tab')
  await second.waitForTimeout(3_000)

  // The first tab reloads: it gets its own work back, not the second tab's.
  await page.reload()
  const banner = page.getByTestId('recovery-banner')
  await expect(banner).toContainText('before this page was reloaded', { timeout: 60_000 })
  await banner.getByTestId('recovery-restore').click()
  await expect(page.getByTestId('region-item').first().getByTestId('region-text')).toHaveValue('work of the first tab')

  // The second tab is closed unsaved: the next new tab is offered its work (and not the open first tab's).
  await second.close()
  const third = await context.newPage()
  await third.goto(server().url)
  await expect(third.getByTestId('engine-status')).toHaveText(/engine ready/, { timeout: 60_000 })
  const offered = third.getByTestId('recovery-banner')
  await expect(offered).toContainText('from a tab that was closed')
  await expect(offered).not.toContainText('more') // one entry: the first tab's work stays its own
  await offered.getByTestId('recovery-restore').click()
  await expect(third.getByTestId('region-item').first().getByTestId('region-text')).toHaveValue('work of the second tab')
  await third.close()
})

test('opening other audio over unsaved work asks first: Cancel keeps it, Save saves it, Don\'t save drops it', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await dragRegion(page, 0.3, 0.5)
  await page.getByTestId('region-item').first().getByTestId('region-text').fill('work worth keeping')
  const other = resolve(fixtures, 'speech-44k-stereo.wav')
  const dialog = page.getByTestId('leave-dialog')

  await page.getByTestId('open-file-input').setInputFiles(other)
  await expect(page.getByTestId('leave-message')).toContainText('speech-16k-s16.wav has unsaved changes. Save them before opening speech-44k-stereo.wav?')
  await page.getByTestId('leave-cancel').click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('status-audio')).toContainText('speech-16k-s16.wav')
  await expect(page.getByTestId('region-item').first().getByTestId('region-text')).toHaveValue('work worth keeping')

  await page.getByTestId('open-file-input').setInputFiles(other)
  await page.getByTestId('leave-save').click()
  await expect(page.locator('[data-testid="toast"]').filter({ hasText: 'Saved speech-16k-s16' })).toBeVisible()
  await expect(page.getByTestId('status-audio')).toContainText('speech-44k-stereo.wav')
  await expect(page.getByTestId('region-item')).toHaveCount(0)

  // A project whose file got damaged stays listed, saying so (hidden, it would look like lost work).
  const damaged = join(process.env.VOICEFILL_E2E_DATA!, 'projects', 'damaged e2e.voicefill')
  await mkdir(damaged, { recursive: true })
  await writeFile(join(damaged, 'project.json'), '{ not json')
  // The saved project holds the work; leaving a clean document asks nothing.
  await page.getByTestId('open-project-button').click()
  await expect(page.getByTestId('project-item').filter({ hasText: 'damaged e2e' })).toContainText('cannot be read')
  await page.getByTestId('open-project-dialog').getByText('speech-16k-s16').first().click()
  await expect(page.getByTestId('status-audio')).toContainText('speech-16k-s16.wav')
  await expect(page.getByTestId('region-item').first().getByTestId('region-text')).toHaveValue('work worth keeping')
  await page.getByTestId('region-item').first().getByTestId('region-text').fill('changed, then dropped')
  await page.getByTestId('open-file-input').setInputFiles(other)
  await page.getByTestId('leave-discard').click()
  await expect(page.getByTestId('status-audio')).toContainText('speech-44k-stereo.wav')
  await page.getByTestId('open-file-input').setInputFiles(SPEECH)
  await expect(page.getByTestId('status-audio')).toContainText('speech-16k-s16.wav')
  await expect(dialog).toHaveCount(0)
})

test('a narrow window wraps the toolbar: every button stays on screen, and Ctrl+, opens Settings', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  for (const width of [1024, 800]) {
    await page.setViewportSize({ width, height: 640 })
    for (const button of await page.getByTestId('toolbar').locator('button').all()) {
      const box = (await button.boundingBox())!
      expect(box.x + box.width, `${await button.getAttribute('data-testid')} at ${width} px`).toBeLessThanOrEqual(width)
    }
    // The status bar stays one line, the time on screen; the file's description gives way (its title keeps it whole).
    const bar = (await page.getByTestId('status-bar').boundingBox())!
    expect(bar.height, `status bar at ${width} px`).toBeLessThan(30)
    const time = (await page.getByTestId('status-time').boundingBox())!
    expect(time.x + time.width).toBeLessThanOrEqual(width)
  }
  await expect(page.getByTestId('status-audio')).toHaveAttribute('title', /speech-16k-s16\.wav · 16 kHz · mono/)
  // A message (here: a file that is not audio) shows under the wrapped toolbar, not over Settings and ?.
  await page.getByTestId('open-file-input').setInputFiles({ name: 'broken.wav', mimeType: 'audio/wav', buffer: Buffer.from('not audio at all') })
  const toast = page.locator('[data-testid="toast"][data-kind="error"]')
  await expect(toast).toBeVisible()
  for (const width of [1024, 800]) {
    await page.setViewportSize({ width, height: 640 })
    const toolbar = (await page.getByTestId('toolbar').boundingBox())!
    expect((await toast.boundingBox())!.y, `toast at ${width} px`).toBeGreaterThanOrEqual(toolbar.y + toolbar.height)
  }
  await toast.getByTestId('toast-dismiss').click()
  await page.keyboard.press('Control+,')
  await expect(page.getByTestId('settings-dialog')).toBeVisible()
})

test('settings: a bad seed does not block Apply while "random" is ticked (the field is unused then); a named problem follows the fields', async ({ page }) => {
  await openApp(page)
  await page.getByTestId('settings-button').click()
  const random = page.getByTestId('settings-random-seed')
  if (await random.isChecked()) await random.uncheck()
  await page.getByTestId('settings-seed').fill('-5')
  // Unticked, Apply names the bad seed; the message follows the fields from then on.
  await page.getByTestId('settings-apply').click()
  await expect(page.getByTestId('settings-problem')).toHaveText(/Seed must be a whole number/)
  await page.getByTestId('settings-steps').fill('0')
  await expect(page.getByTestId('settings-problem')).toHaveText(/Steps must be a whole number/)
  await page.getByTestId('settings-steps').fill('16')
  await expect(page.getByTestId('settings-problem')).toHaveText(/Seed must be a whole number/)
  await random.check()
  await expect(page.getByTestId('settings-problem')).toHaveCount(0)
  await page.getByTestId('settings-apply').click()
  await expect(page.getByTestId('settings-dialog')).toBeHidden()
})

test('settings: Enter in a field applies, as Apply does (a problem keeps the dialog open and says so)', async ({ page }) => {
  await openApp(page)
  const dialog = page.getByTestId('settings-dialog')
  await page.getByTestId('settings-button').click()
  const [steps, preRoll] = [await page.getByTestId('settings-steps').inputValue(), await page.getByTestId('settings-preroll').inputValue()]
  await page.getByTestId('settings-steps').fill('0')
  await page.getByTestId('settings-steps').press('Enter')
  await expect(page.getByTestId('settings-problem')).toHaveText(/Steps must be a whole number/)
  await expect(dialog).toBeVisible()
  await page.getByTestId('settings-steps').fill('13')
  await page.getByTestId('settings-preroll').fill('0.25')
  await page.getByTestId('settings-preroll').press('Enter')
  await expect(dialog).toBeHidden()
  await page.getByTestId('settings-button').click()
  await expect(page.getByTestId('settings-steps')).toHaveValue('13')
  await expect(page.getByTestId('settings-preroll')).toHaveValue('0.25')
  // Put back what the other tests expect of this server's settings.
  await page.getByTestId('settings-steps').fill(steps)
  await page.getByTestId('settings-preroll').fill(preRoll)
  await page.getByTestId('settings-apply').click()
  await expect(dialog).toBeHidden()
})

test('export: Enter exports from the dialog or a list in it, a focused button keeps its own Enter, Esc cancels', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  const dialog = page.getByTestId('export-dialog')
  let downloads = 0
  page.on('download', () => downloads++)
  // Opened, the dialog itself has the focus: Enter exports (it had done nothing).
  await page.getByTestId('export-button').click()
  await expect(dialog).toBeFocused()
  let download = page.waitForEvent('download', { timeout: 15_000 })
  await page.keyboard.press('Enter')
  await download
  await expect(dialog).toBeHidden()
  // From a list, after choosing in it.
  await page.getByTestId('export-button').click()
  await page.getByTestId('export-rate').selectOption('8000')
  await page.getByTestId('export-rate').focus()
  download = page.waitForEvent('download', { timeout: 15_000 })
  await page.keyboard.press('Enter')
  expect((await (await download).path()) !== null).toBe(true)
  await expect(dialog).toBeHidden()
  expect(downloads).toBe(2)
  // Enter on Cancel is Cancel's; Esc cancels too: nothing more is written.
  await page.getByTestId('export-button').click()
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).focus()
  await page.keyboard.press('Enter')
  await expect(dialog).toBeHidden()
  await page.getByTestId('export-button').click()
  await page.getByTestId('export-format').focus()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await page.waitForTimeout(500)
  expect(downloads).toBe(2)
})

test('dialogs take the focus, keep Tab inside, and give the focus back when closed', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await page.getByTestId('export-button').focus()
  await page.keyboard.press('Control+e')
  const dialog = page.getByTestId('export-dialog')
  await expect(dialog).toBeVisible()
  const inside = () => page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')))
  expect(await inside()).toBe(true)
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab')
    expect(await inside(), `after ${i + 1} Tab(s)`).toBe(true)
  }
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('export-button')
})

test('keyboard only: R makes a region at the playhead, its edges are typed as times, the text box takes the words', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await page.getByTestId('waveform').click({ position: { x: 5, y: 5 } }) // focus away from any field
  await page.keyboard.press('Escape')
  await page.keyboard.press('r')
  const region = page.getByTestId('region-item').first()
  await expect(region).toBeVisible()
  await expect(region.getByTestId('region-text')).toBeFocused()
  await page.keyboard.type('typed words')
  await expect(region.getByTestId('region-text')).toHaveValue('typed words')
  const start = region.getByTestId('region-start')
  const end = region.getByTestId('region-end')
  await end.fill('1.5')
  await end.press('Enter')
  await expect(end).toHaveValue('0:01.500')
  await start.fill('0:00.750')
  await start.press('Enter')
  await expect(start).toHaveValue('0:00.750')
  await expect(region.locator('.region-time')).toHaveText('0:00.750 – 0:01.500')
  await start.fill('soon')
  await start.press('Enter')
  await expect(start).toHaveValue('0:00.750') // not a time: the edge stays, and it says why
  await expect(page.getByTestId('toast').filter({ hasText: '"soon" is not a time' })).toBeVisible()
  // A start typed after the end moves the region, its length kept (then the end can be typed).
  await start.fill('1.6')
  await start.press('Enter')
  await expect(region.locator('.region-time')).toHaveText('0:01.335 – 0:02.085') // the file ends at 2.085: it stops there
  await expect(end).toHaveValue('0:02.085')
  await end.fill('1.0')
  await end.press('Enter')
  await expect(region.locator('.region-time')).toHaveText('0:00.250 – 0:01.000')
  await expect(page.getByTestId('toast').filter({ hasText: 'Region 1 moved to 0:00.250 – 0:01.000, its length kept' })).toBeVisible()
  await expect(start).toHaveValue('0:00.250') // the fields show the move before they are typed in again
  await start.fill('0.75')
  await start.press('Enter')
  await expect(start).toHaveValue('0:00.750')
  await end.fill('1.5')
  await end.press('Enter')
  await expect(region.locator('.region-time')).toHaveText('0:00.750 – 0:01.500')
  // An end past the file's end stops at it, and says so.
  await end.fill('9')
  await end.press('Enter')
  await expect(end).toHaveValue('0:02.085')
  await expect(page.getByTestId('toast').filter({ hasText: 'Region 1: end set at 0:02.085, not 0:09.000' })).toBeVisible()
})

/** Opens the speech fixture and exports it as 32-bit float at 8 kHz: a choice that is not a file's own. */
async function exportSpeechAsFloat8k(page: Page): Promise<void> {
  await openApp(page)
  await openAudio(page, SPEECH)
  await page.getByTestId('export-button').click()
  await page.getByTestId('export-format').selectOption('float32')
  await page.getByTestId('export-rate').selectOption('8000')
  const download = page.waitForEvent('download')
  await page.getByTestId('export-confirm').click()
  await download
  await expect(page.getByTestId('export-dialog')).toBeHidden()
}

test('each recording\'s export opens on its own encoding and rate, not the last file\'s choice', async ({ page }) => {
  await exportSpeechAsFloat8k(page)
  // The same recording remembers its choice …
  await page.getByTestId('export-button').click()
  await expect(page.getByTestId('export-format')).toHaveValue('float32')
  await expect(page.getByTestId('export-rate')).toHaveValue('8000')
  await page.keyboard.press('Escape')
  // … another one starts from its own.
  await openAudio(page, resolve(fixtures, 'speech-44k-stereo.wav'))
  await page.getByTestId('export-button').click()
  await expect(page.getByTestId('export-format')).toHaveValue('source')
  await expect(page.getByTestId('export-rate')).toHaveValue('')
})

test('a recording opened while the Export dialog is up gets its own encoding and rate there', async ({ page }) => {
  await exportSpeechAsFloat8k(page)
  // Another file is picked; its upload is held, so Export opens on the first one (as a click during a
  // slow upload does) and the second lands under the open dialog.
  let release!: () => void
  const held = new Promise<void>((r) => (release = r))
  await page.route((url) => url.pathname === '/upload' && url.searchParams.get('name') === 'speech-44k-stereo.wav', async (route) => {
    await held
    await route.continue()
  })
  await page.getByTestId('open-file-input').setInputFiles(resolve(fixtures, 'speech-44k-stereo.wav'))
  await page.getByTestId('export-button').click()
  await expect(page.getByTestId('export-format')).toHaveValue('float32')
  await expect(page.getByTestId('export-rate')).toHaveValue('8000')
  await expect(page.getByTestId('status-audio')).toContainText('speech-16k-s16.wav') // still held
  release()
  await expect(page.getByTestId('status-audio')).toContainText('speech-44k-stereo.wav')
  await expect(page.getByTestId('export-dialog')).toContainText('speech-44k-stereo-edited.wav')
  await expect(page.getByTestId('export-format')).toHaveValue('source')
  await expect(page.getByTestId('export-rate')).toHaveValue('')
})

test('Generate all makes what it can and names a region still waiting for its words', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await dragRegion(page, 0.1, 0.3)
  await dragRegion(page, 0.6, 0.8)
  await page.getByTestId('region-item').nth(0).getByTestId('region-text').fill('hello there')
  await page.getByTestId('generate-all').click()
  await expect(page.getByTestId('region-item').nth(0).getByTestId('take-item')).toHaveCount(1, { timeout: 90_000 })
  await expect(page.getByTestId('region-item').nth(1).getByTestId('take-item')).toHaveCount(0)
  await expect(page.locator('[data-testid="toast"][data-kind="warning"]').filter({ hasText: 'Region 2: type the words to put there first (skipped)' })).toBeVisible()
})

test('Regenerate without words cannot be started until they are typed', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await dragRegion(page, 0.3, 0.5)
  const region = page.getByTestId('region-item').first()
  await region.getByTestId('region-mode').selectOption('regenerate')
  await expect(region.getByTestId('region-generate')).toBeDisabled()
  await expect(region.getByTestId('region-generate')).toHaveAttribute('title', 'Type the words it says first')
  await region.getByTestId('region-text').fill('hello')
  await expect(region.getByTestId('region-generate')).toBeEnabled()
})

test('a deletion\'s take says it is a cut, with no seed or steps of a model that did not run', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await dragRegion(page, 0.3, 0.5)
  const region = page.getByTestId('region-item').first()
  await region.getByTestId('region-mode').selectOption('delete')
  await region.getByTestId('region-generate').click()
  await expect(region.getByTestId('take-meta')).toContainText('a crossfaded cut, no model', { timeout: 60_000 })
  await expect(region.getByTestId('take-meta')).not.toContainText('seed')
})

test('shortcuts leave an open dialog alone, and undo in a field outside the editor is the field\'s own', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await page.getByTestId('waveform').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('Escape')
  await page.keyboard.press('r')
  await expect(page.getByTestId('region-item')).toHaveCount(1)
  // Escape leaves the region's text box (R put the cursor there), so Space plays again.
  await expect(page.getByTestId('region-text')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('region-text')).not.toBeFocused()
  await page.getByTestId('waveform').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('Control+,')
  await expect(page.getByTestId('settings-dialog')).toBeVisible()
  await page.keyboard.press('Control+e') // not the Export dialog over unsaved settings
  await expect(page.getByTestId('settings-dialog')).toBeVisible()
  await expect(page.getByTestId('export-dialog')).toHaveCount(0)
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('settings-dialog')).toHaveCount(0)
  // Typing in the voiceover script, Ctrl+Z is the script's: the editor's region stays.
  await page.getByTestId('dock-tab-voiceover').click()
  await page.getByTestId('vo-script').click()
  await page.keyboard.type('Hello there.')
  await page.keyboard.press('Control+z')
  await expect(page.getByTestId('region-item')).toHaveCount(1)
})

test('a narrow region at the end of the file keeps its whole label inside the waveform', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await page.getByTestId('waveform').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('Escape')
  await page.keyboard.press('r')
  const region = page.getByTestId('region-item').first()
  await region.getByTestId('region-text').fill('the last words here')
  const start = region.getByTestId('region-start')
  await expect(async () => {
    await start.fill('1.985')
    await start.press('Enter')
    await expect(start).toHaveValue('0:01.985', { timeout: 1000 })
  }).toPass({ timeout: 15_000 })
  await expect(region.locator('.region-time')).toHaveText('0:01.985 – 0:02.085')
  const label = page.getByTestId('waveform').getByTestId('wave-region').locator('[part="region-content"]')
  await expect(label).toHaveText('1 · the last words here')
  const wave = (await page.getByTestId('waveform').boundingBox())!
  await expect(async () => {
    const box = (await label.boundingBox())!
    expect(box.x + box.width).toBeLessThanOrEqual(wave.x + wave.width + 1)
    expect(box.width).toBeGreaterThan(80) // the words, not the number alone
  }).toPass({ timeout: 5000 })
  // A start typed too close to the end stops 50 ms short of it, and says that that is why.
  await start.fill('2.07')
  await start.press('Enter')
  await expect(page.getByTestId('toast').filter({ hasText: 'start set at 0:02.035, not 0:02.070: a region is at least 50 ms long' })).toBeVisible()
  // An insert typed into another region stays where it was and says what to do instead.
  await dragRegion(page, 0.2, 0.3)
  await expect(page.getByTestId('region-item')).toHaveCount(2)
  const insert = page.getByTestId('region-item').first() // the new one, earlier in the file
  await insert.getByTestId('region-mode').selectOption('insert')
  const was = await insert.getByTestId('region-start').inputValue()
  await insert.getByTestId('region-start').fill('2.04')
  await insert.getByTestId('region-start').press('Enter')
  await expect(page.getByTestId('toast').filter({ hasText: 'an insert cannot go at 0:02.040, inside or against Region 2' })).toBeVisible()
  await expect(insert.getByTestId('region-start')).toHaveValue(was)
})

test('a repair is made only where its words are said, and the take says so; Exact generates all of the region', async ({ page }) => {
  // LibriVox "… rather selfish is …" (public domain), masked by Whisper's word times: the "sh" of "selfish" lies after 3.28 s.
  await openApp(page)
  await page.getByTestId('open-file-input').setInputFiles(resolve(import.meta.dirname, '../../training/eval/librivox/ss01-0890.wav'))
  await expect(page.getByTestId('status-audio')).toBeVisible()
  await dragRegion(page, 0.3, 0.5)
  const region = page.getByTestId('region-item').first()
  // Each edge typed and committed before the next (the field shows it as a time once it has moved).
  for (const [which, value, shown] of [['region-end', '3.28', '0:03.280'], ['region-start', '2.36', '0:02.360']] as const) {
    const field = region.getByTestId(which)
    await expect(async () => {
      await field.fill(value)
      await field.press('Enter')
      await expect(field).toHaveValue(shown, { timeout: 1000 })
    }).toPass({ timeout: 15_000 })
  }
  await expect(region.locator('.region-time')).toHaveText('0:02.360 – 0:03.280')
  await region.getByTestId('region-mode').selectOption('regenerate')
  await region.getByTestId('region-text').fill('rather selfish')
  await region.getByTestId('region-generate').click()
  const takes = region.getByTestId('take-item')
  await expect(takes).toHaveCount(1, { timeout: 60_000 })
  // Written as the region's own times are.
  await expect(takes.first().getByTestId('take-narrowed')).toHaveText(/^made over 0:02\.3\d\d – 0:03\.2\d\d, where the words are said$/)
  // The take replaces less than the region: the samples after its end are the recording's.
  expect(Number(await takes.first().getAttribute('data-replace-end'))).toBeLessThan(3.28 * 16000)

  await region.getByTestId('region-exact').check()
  await region.getByTestId('region-generate').click()
  await expect(takes).toHaveCount(2, { timeout: 60_000 })
  const exact = takes.filter({ hasNot: page.getByTestId('take-narrowed') })
  await expect(exact).toHaveCount(1)
  expect(Number(await exact.getAttribute('data-replace-end'))).toBeGreaterThan(3.28 * 16000)

  // An earlier region's take that lengthens the recording moves the repair on the timeline: the take's
  // "made over" moves with the region's times (it had stayed in source seconds, before the region began).
  const repair = page.getByTestId('region-item').filter({ has: page.getByTestId('take-narrowed') })
  await dragRegion(page, 0.05, 0.15)
  const early = page.getByTestId('region-item').first()
  await expect(early.getByTestId('take-item')).toHaveCount(0)
  await early.getByTestId('region-text').fill('unless it happens to be the case that one is')
  await early.getByTestId('region-length').selectOption('natural')
  await early.getByTestId('region-generate').click()
  await expect(early.getByTestId('take-item')).toHaveCount(1, { timeout: 60_000 })
  await early.getByTestId('take-apply').click()
  const span = async (text: string | null) => text!.replace(/^made over |, where.*$/g, '').split('–').map(seconds)
  await expect.poll(async () => (await span(await repair.locator('.region-time').textContent()))[0]).toBeGreaterThan(2.36 + 0.3)
  const [from, to] = await span(await repair.locator('.region-time').textContent())
  const [madeFrom, madeTo] = await span(await repair.getByTestId('take-narrowed').textContent())
  expect(madeFrom).toBeGreaterThanOrEqual(from - 0.001)
  expect(madeTo).toBeLessThanOrEqual(to + 0.001)
})

test('a region drawn with the mouse starts and ends where the pointer did (snap off)', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  const snap = page.getByTestId('snap-toggle')
  if ((await snap.getAttribute('aria-pressed')) === 'true') await snap.click()
  await expect(snap).toHaveAttribute('aria-pressed', 'false')
  const duration = seconds((await page.getByTestId('status-time').textContent())!.split('/')[1])
  const width = (await page.getByTestId('waveform').boundingBox())!.width
  const px = duration / width
  for (const [a, b] of [[0.3, 0.5], [0.8, 0.6]] as const) {
    await dragRegion(page, a, b)
    const region = page.getByTestId('region-item').last()
    const got = [seconds(await region.getByTestId('region-start').inputValue()), seconds(await region.getByTestId('region-end').inputValue())]
    // Within 2 px of the pointer's path (the plugin used to put the end 5 px past it).
    expect(Math.abs(got[0] - Math.min(a, b) * duration), `start of ${a}→${b}`).toBeLessThan(2 * px)
    expect(Math.abs(got[1] - Math.max(a, b) * duration), `end of ${a}→${b}`).toBeLessThan(2 * px)
  }
})

test('transport: arrows move the playhead, End goes to the end, Stop returns to where playback started', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  const clock = page.getByTestId('status-time')
  const now = async () => seconds((await clock.textContent())!.split('/')[0])
  await page.locator('body').click({ position: { x: 5, y: 5 } }) // focus off any field
  await page.keyboard.press('ArrowRight')
  await expect.poll(now).toBeCloseTo(1, 2)
  await page.keyboard.press('Shift+ArrowLeft')
  await expect.poll(now).toBeCloseTo(0.9, 2)
  await page.keyboard.press('End')
  await expect.poll(now).toBeCloseTo(seconds((await clock.textContent())!.split('/')[1]), 2)
  await page.keyboard.press('Home')
  await expect.poll(now).toBe(0)
  await page.waitForTimeout(300) // a person's pace: the media settles its seek before the next key
  // Play from 0.5 s, stop: back at 0.5 s; stop again: at the start.
  for (let i = 1; i <= 5; i++) {
    await page.keyboard.press('Shift+ArrowRight')
    await expect.poll(now).toBeCloseTo(i / 10, 2)
  }
  await page.getByTestId('play-button').click()
  await expect.poll(now, { timeout: 10_000 }).toBeGreaterThan(0.7)
  await page.getByTestId('stop-button').click()
  await expect.poll(now).toBeCloseTo(0.5, 2)
  await page.getByTestId('stop-button').click()
  await expect.poll(now).toBe(0)
})

test('the time ruler follows the timeline when a take makes it longer', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await dragRegion(page, 0.8, 0.95)
  const region = page.getByTestId('region-item').first()
  await region.getByTestId('region-text').fill('and a few more words here today')
  await region.getByTestId('region-length').selectOption('natural')
  await region.getByTestId('region-generate').click()
  const take = region.getByTestId('take-item').first()
  await expect(take).toBeVisible({ timeout: 90_000 })
  await take.getByTestId('take-apply').click()
  const total = async () => seconds((await page.getByTestId('status-time').textContent())!.split('/')[1])
  await expect.poll(total).toBeGreaterThan(2.3) // the natural length made the timeline longer
  // Every labelled tick sits where its time is on the waveform (within 2 px).
  await expect
    .poll(async () => {
      const duration = await total()
      return page.evaluate((d) => {
        const notches: { t: string; left: number }[] = []
        const walk = (root: Document | ShadowRoot) => {
          for (const el of root.querySelectorAll<HTMLElement>('[part~="timeline-notch-primary"]')) notches.push({ t: el.textContent ?? '', left: parseFloat(el.style.left) })
          for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot)
        }
        walk(document)
        const wrapper = document.querySelector('[data-testid="waveform"] div')?.shadowRoot?.querySelector<HTMLElement>('.wrapper')
        const width = wrapper?.scrollWidth ?? 0
        const errors = notches
          .filter((n) => /^\d+:\d{2}(\.\d+)?$/.test(n.t))
          .map((n) => {
            const [m, s] = n.t.split(':')
            return Math.abs(n.left - ((Number(m) * 60 + Number(s)) * width) / d)
          })
        return errors.length ? Math.max(...errors) : Infinity
      }, duration)
    })
    .toBeLessThan(2)
})

test('after a take that lengthens the recording is applied, a later region\'s times are the playhead clock\'s', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await dragRegion(page, 0.15, 0.3)
  await dragRegion(page, 0.7, 0.8)
  const [first, second] = [page.getByTestId('region-item').nth(0), page.getByTestId('region-item').nth(1)]
  await expect(second).toBeVisible()
  await first.getByTestId('region-text').fill('and a few more words here today')
  await first.getByTestId('region-length').selectOption('natural')
  await first.getByTestId('region-generate').click()
  await expect(first.getByTestId('take-item').first()).toBeVisible({ timeout: 90_000 })
  const clock = page.getByTestId('status-time')
  const total = async () => seconds((await clock.textContent())!.split('/')[1])
  const before = await total()
  await first.getByTestId('take-apply').first().click()
  await expect.poll(total).toBeGreaterThan(before + 0.3) // what follows region 1 moved later
  // Played from its time in the panel, region 2 ends where the panel says (the clock had read 1.5 s later).
  const [, end] = (await second.locator('.region-time').textContent())!.split('–').map(seconds)
  await second.locator('.region-time').click()
  await expect.poll(async () => Math.abs(seconds((await clock.textContent())!.split('/')[0]) - end)).toBeLessThan(0.05)
  // A time typed into its field is one of that timeline too: it stays as typed, not clamped to the source's end.
  const start = second.getByTestId('region-start')
  const typed = (seconds(await start.inputValue()) + 0.05).toFixed(3)
  await start.fill(typed)
  await start.press('Enter')
  await expect(start).toHaveValue(`0:0${typed}`)
  await expect(page.getByTestId('toast').filter({ hasText: 'Region 2' })).toHaveCount(0)
})

test('projects: a save over another tab\'s newer save is refused with a choice; recovered work saves to its own project', async ({ page, context }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  const name = `conflict e2e ${Date.now()}`
  await page.getByTestId('save-project-button').click()
  await page.getByTestId('save-name').fill(name)
  await page.getByTestId('save-confirm').click()
  await expect(page.locator('[data-testid="toast"]').filter({ hasText: `Saved ${name}` })).toBeVisible()

  // A second tab opens the same project and saves a region first.
  const second = await context.newPage()
  await openApp(second)
  await second.getByTestId('open-project-button').click()
  await second.getByTestId('open-project-dialog').getByText(name).first().click()
  await expect(second.getByTestId('status-audio')).toContainText('speech-16k-s16.wav')
  await dragRegion(second, 0.6, 0.8)
  await second.getByTestId('region-item').first().getByTestId('region-text').fill('saved by the second tab')
  await second.getByTestId('save-project-button').click()
  await expect(second.locator('[data-testid="toast"]').filter({ hasText: `Saved ${name}` })).toBeVisible()

  // The first tab's save would drop it: refused, with Save as new… and Overwrite offered.
  await dragRegion(page, 0.2, 0.4)
  await page.getByTestId('region-item').first().getByTestId('region-text').fill('made in the first tab')
  await page.getByTestId('save-project-button').click()
  const refused = page.locator('[data-testid="toast"][data-kind="error"]').filter({ hasText: 'was saved from another tab or window' })
  await expect(refused).toContainText(`Not saved: ${name}`)
  await expect(refused.getByTestId('toast-action')).toHaveText(['Save as new…', 'Overwrite'])
  const file = join(process.env.VOICEFILL_E2E_DATA!, 'projects', `${name}.voicefill`, 'project.json')
  expect(await readFile(file, 'utf8')).toContain('saved by the second tab')
  await refused.getByTestId('toast-action').filter({ hasText: 'Overwrite' }).click()
  await expect(page.locator('[data-testid="toast"]').filter({ hasText: `Saved ${name}` })).toBeVisible()
  expect(await readFile(file, 'utf8')).toContain('made in the first tab')
  await second.close()

  // Unsaved work on the project, recovered after a reload, is saved into that project.
  await page.getByTestId('region-item').first().getByTestId('region-text').fill('recovered, then saved')
  await expect.poll(() => page.title(), { timeout: 15_000 }).toMatch(/•/)
  await page.waitForTimeout(3_000) // autosave is debounced
  await page.reload()
  await expect(page.getByTestId('engine-status')).toHaveText(/engine ready/, { timeout: 60_000 })
  await page.getByTestId('recovery-banner').getByTestId('recovery-restore').click()
  await expect(page.getByTestId('region-item').first().getByTestId('region-text')).toHaveValue('recovered, then saved')
  await page.getByTestId('save-project-button').click()
  await expect(page.locator('[data-testid="toast"]').filter({ hasText: `Saved ${name}` })).toBeVisible()
  expect(await readFile(file, 'utf8')).toContain('recovered, then saved')

  // Saved within the autosave's delay after an edit: the pending autosave does not come back as unsaved work.
  await page.getByTestId('region-item').first().getByTestId('region-text').fill('saved at once')
  await page.getByTestId('save-project-button').click()
  await expect(page.locator('[data-testid="toast"]').filter({ hasText: `Saved ${name}` })).toHaveCount(1)
  await page.waitForTimeout(3_500)
  await page.close()
  const next = await context.newPage()
  await next.goto(server().url)
  await expect(next.getByTestId('engine-status')).toHaveText(/engine ready/, { timeout: 60_000 })
  await expect(next.getByTestId('recovery-checked')).toHaveCount(1)
  await expect(next.getByTestId('recovery-banner')).toHaveCount(0)
  await next.close()
})

test('a take made before its region moved says where it was made, and applying it puts the region back there', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await dragRegion(page, 0.2, 0.4)
  const region = page.getByTestId('region-item').first()
  await region.getByTestId('region-text').fill('hello there')
  await region.getByTestId('region-generate').click()
  const take = region.getByTestId('take-item')
  await expect(take).toHaveCount(1, { timeout: 60_000 })
  const time = region.locator('.region-time')
  const madeFor = (await time.textContent())!
  await expect(take.getByTestId('take-elsewhere')).toHaveCount(0)
  // Moved later by its start field (its length kept): the take stays, and says where it was made.
  const end = seconds(await region.getByTestId('region-end').inputValue())
  await region.getByTestId('region-start').fill((end + 0.3).toFixed(3))
  await region.getByTestId('region-start').press('Enter')
  await expect(time).not.toHaveText(madeFor)
  const moved = (await time.textContent())!
  await expect(take.getByTestId('take-elsewhere')).toHaveText(`made at ${madeFor}: Apply moves the region back there`)
  // Applied, the region is where the take's audio went (it had stayed at the new span, the take at the old).
  await take.getByTestId('take-apply').click()
  await expect(time).toHaveText(madeFor)
  await expect(take.getByTestId('take-elsewhere')).toHaveCount(0)
  await page.getByTestId('undo-button').click()
  await expect(time).toHaveText(moved)
  await expect(take.getByTestId('take-apply')).toBeVisible()
})

test('a fill generated beside a deletion says so once the deletion moves (it was made hearing the cut where it was)', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await dragRegion(page, 0.2, 0.4)
  await dragRegion(page, 0.5, 0.6)
  const fill = page.getByTestId('region-item').nth(0)
  const cut = page.getByTestId('region-item').nth(1)
  await fill.getByTestId('region-text').fill('hello there')
  await cut.getByTestId('region-mode').selectOption('delete')
  await page.getByTestId('generate-all').click()
  const take = fill.getByTestId('take-item')
  await expect(take).toHaveCount(1, { timeout: 90_000 })
  await expect(cut.getByTestId('take-item')).toHaveCount(1)
  await expect(take.getByTestId('take-heard')).toHaveCount(0)
  // The deletion moved later (its length kept): the fill's take led into the audio as the old cut left it.
  const endText = await cut.getByTestId('region-end').inputValue()
  await cut.getByTestId('region-start').fill((seconds(endText) + 0.1).toFixed(3))
  await cut.getByTestId('region-start').press('Enter')
  await expect(take.getByTestId('take-heard')).toHaveText('made before a deletion beside it changed: generate again for a join that fits')
  // Back where it was (undo), the take fits again.
  await page.getByTestId('undo-button').click()
  await expect(cut.getByTestId('region-end')).toHaveValue(endText)
  await expect(take.getByTestId('take-heard')).toHaveCount(0)
})

test('"Take ready" and other messages sit under the waveform, hiding none of it (it had covered the time ruler), nor the panels', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await dragRegion(page, 0.3, 0.45)
  const region = page.getByTestId('region-item').first()
  await region.getByTestId('region-text').fill('hello world')
  await region.getByTestId('region-generate').click()
  const toast = page.getByTestId('toast').filter({ hasText: 'Take ready' })
  await expect(toast).toBeVisible({ timeout: 90_000 })
  const overlap = (a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) =>
    a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
  const check = async (ids: string[]) => {
    const box = (await toast.boundingBox())!
    for (const id of ids) {
      const other = await page.getByTestId(id).boundingBox()
      if (other) expect(overlap(box, other), `the message over ${id}`).toBe(false)
    }
    // What is drawn at the message's centre is the message: nothing lies over it either.
    const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-testid="toast"]')?.textContent ?? null, { x: box.x + box.width / 2, y: box.y + box.height / 2 })
    expect(hit).toContain('Take ready')
  }
  await check(['waveform', 'minimap', 'region-panel', 'feature-dock', 'toolbar', 'status-bar'])
  // With the voiceover's dock open the waveform is at its least height and still the message hides none of
  // it (the waveform's pane scrolls to its minimap: the column is too short for all of them).
  await page.getByTestId('dock-tab-voiceover').click()
  await expect(page.getByTestId('voiceover-panel')).toBeVisible()
  await check(['waveform', 'region-panel', 'feature-dock', 'toolbar', 'status-bar'])
})

test("a region card's note names its region by the number it has now (a region deleted before it renumbers the note at once)", async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await dragRegion(page, 0.1, 0.25)
  await dragRegion(page, 0.5, 0.6)
  await expect(page.getByTestId('region-item')).toHaveCount(2)
  const second = page.getByTestId('region-item').nth(1)
  // A start typed after its end moves region 2, and its card says so.
  await second.getByTestId('region-start').fill('1.8')
  await second.getByTestId('region-start').press('Enter')
  const note = page.getByTestId('toast').filter({ hasText: /moved to 0:01\.800/ })
  await expect(note).toHaveText(/Region 2 moved to 0:01\.800/)
  // Region 1 goes: the moved region is region 1 now, and the note says so while it is up (it kept "Region 2" for its 5 s).
  await page.getByTestId('region-item').first().getByTestId('region-delete').click()
  await expect(page.getByTestId('region-item')).toHaveCount(1)
  await expect(note).toHaveText(/Region 1 moved to 0:01\.800/, { timeout: 1500 })
  // The region itself deleted: the note says whose it was.
  await page.getByTestId('region-item').first().getByTestId('region-delete').click()
  await expect(note).toHaveText(/Deleted region moved to 0:01\.800/, { timeout: 1500 })
})
