// The step-ladder comparison end to end, in Chromium against web mode with the real engine and
// model: a region generated at 1, 2 and 4 steps from one seed, listened to in context, switched
// with number keys at the same playhead, kept as a take, then compared blind.
import { expect, test, type Page } from '@playwright/test'
import { screenshot } from './helpers'
import { maskRegion, openApp, openAudio, openDock, SPEECH } from './feature-helpers'

async function nowPlaying(page: Page) {
  const el = page.getByTestId('compare-now-playing')
  return { takeId: await el.getAttribute('data-take-id'), fingerprint: await el.getAttribute('data-fingerprint'), key: await el.getAttribute('data-key') }
}

async function position(page: Page): Promise<number> {
  return Number((await page.getByTestId('compare-position').getAttribute('data-seconds')) || 'NaN')
}

test('ladder: variants from one seed, number keys switch what plays at the same playhead', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await maskRegion(page, 0.27, 0.45, 'hello world')
  await openDock(page, 'compare')
  await expect(page.getByTestId('compare-region')).toContainText('hello world')

  // The default ladder, cancelled part-way (after its 1-step rung, 2 calls): the variants already made
  // are kept and listed, and the panel is ready again.
  await expect(page.getByTestId('compare-steps')).toHaveValue('1, 2, 4, 8, 16, 32')
  await expect(page.getByTestId('compare-plan')).toHaveText('6 variants · 126 network calls')
  await page.getByTestId('compare-run').click()
  await expect(page.getByTestId('compare-progress-text')).toContainText(/network call ([3-9]|\d\d)\/126/)
  await page.getByTestId('compare-cancel').click()
  await expect(page.getByTestId('toast').filter({ hasText: /^Ladder cancelled: the [1-5] of 6 variants made are kept/ })).toBeVisible()
  await expect(page.getByTestId('compare-run')).toBeEnabled()
  const kept = await page.getByTestId('compare-row').count()
  expect(kept).toBeGreaterThanOrEqual(1)
  expect(kept).toBeLessThan(6)
  expect(await page.getByTestId('compare-row').first().getAttribute('data-steps')).toBe('1')

  await page.getByTestId('compare-steps').fill('4, 1 2')
  await expect(page.getByTestId('compare-plan')).toHaveText('3 variants · 14 network calls') // midpoint: 2 calls a step
  await page.getByTestId('compare-run').click()
  await expect(page.getByTestId('compare-progress')).toBeVisible()
  await expect(page.getByTestId('compare-progress-text')).toContainText(/network call \d+\/14/)
  const rows = page.getByTestId('compare-row')
  await expect(rows).toHaveCount(3, { timeout: 90_000 })
  await expect(page.getByTestId('compare-progress')).toBeHidden()

  // Ordered by steps, one seed for all, the 4-step rung is the reference (distance 0).
  expect(await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-steps'))))).toEqual([1, 2, 4])
  const seeds = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-seed')))
  expect(new Set(seeds).size).toBe(1)
  await expect(page.getByTestId('compare-seed')).toContainText(`seed ${seeds[0]}`)
  const distances = (await page.getByTestId('compare-distance').allTextContents()).map(Number)
  expect(distances[2]).toBe(0)
  expect(distances[0]).toBeGreaterThan(0)
  await expect(page.getByTestId('compare-spectrogram')).toHaveCount(3)
  const variants = await rows.evaluateAll((els) => els.map((e) => ({ takeId: e.getAttribute('data-take-id')!, fingerprint: e.getAttribute('data-fingerprint')! })))
  expect(new Set(variants.map((v) => v.fingerprint)).size).toBe(3) // three different audios

  // The main playhead parked at the end: it follows the variants while they play and comes back here.
  const wave = page.getByTestId('waveform')
  await wave.focus()
  await page.keyboard.press('End')
  await expect(wave).toHaveAttribute('aria-valuenow', '2.085')
  const playhead = async () => Number(await wave.getAttribute('aria-valuenow'))

  // Loop so the clip cannot run out; play variant 1, then press 3 while it plays.
  await page.getByTestId('compare-loop').click()
  await rows.nth(0).getByTestId('compare-play').click()
  await expect.poll(() => nowPlaying(page)).toEqual({ ...variants[0], key: '1' })
  await expect.poll(() => position(page)).toBeGreaterThan(0.4)
  const before = await position(page)
  await page.keyboard.press('3')
  // The buffer now playing holds variant 3's samples where the variant belongs.
  await expect.poll(() => nowPlaying(page)).toEqual({ ...variants[2], key: '3' })
  const after = await position(page)
  expect(after).toBeGreaterThanOrEqual(before) // the playhead carried over, not restarted at 0
  expect(after - before).toBeLessThan(0.5)
  await expect(rows.nth(2)).toHaveClass(/playing/)
  // Said as a time of the timeline the clock uses: the clip starts a pre-roll (1 s, clamped to 0) before the region.
  const start = Number((await page.getByTestId('region-start').first().inputValue()).split(':')[1])
  const shown = async () => {
    const [text, into] = [await page.getByTestId('compare-position').textContent(), await position(page)]
    return Math.abs(Number(/^at 0:(\d\d\.\d\d)$/.exec(text ?? '')?.[1]) - (Math.max(0, start - 1) + into))
  }
  await expect.poll(shown).toBeLessThan(0.1)
  // The waveform's playhead is where the panel says the variant is (it was parked at the end).
  // (Read where the variant is well before the clip's end, which lies near where the playhead was parked.)
  const apart = async () => {
    const into = await position(page)
    return into > 1.2 ? 1 : Math.abs((await playhead()) - (Math.max(0, start - 1) + into))
  }
  await expect.poll(apart).toBeLessThan(0.15)
  const seen = new Set<number>()
  await expect.poll(async () => seen.add(await playhead()).size).toBeGreaterThan(3) // it moves, not one jump
  await screenshot(page, 'compare')
  await page.keyboard.press('2')
  await expect.poll(() => nowPlaying(page)).toEqual({ ...variants[1], key: '2' })
  await expect.poll(apart).toBeLessThan(0.15)
  await page.getByTestId('compare-stop').click()
  await expect(page.getByTestId('compare-now-playing')).toHaveAttribute('data-take-id', '')
  // Stopped: back where it was before the first variant played (switching kept that place).
  await expect(wave).toHaveAttribute('aria-valuenow', '2.085')
  // Escape stops a playing variant too, and the playhead comes back the same way.
  await page.keyboard.press('1')
  await expect.poll(() => nowPlaying(page)).toEqual({ ...variants[0], key: '1' })
  await expect.poll(playhead).toBeLessThan(2)
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('compare-now-playing')).toHaveAttribute('data-take-id', '')
  await expect(wave).toHaveAttribute('aria-valuenow', '2.085')
  // So does Space, as it stops an audition: the main transport does not start in its place.
  await page.keyboard.press('1')
  await expect.poll(() => nowPlaying(page)).toEqual({ ...variants[0], key: '1' })
  await page.keyboard.press('Space')
  await expect(page.getByTestId('compare-now-playing')).toHaveAttribute('data-take-id', '')
  await expect(page.getByTestId('play-button')).toHaveAttribute('aria-label', 'Play')
  await expect(wave).toHaveAttribute('aria-valuenow', '2.085')
  // And the toolbar's Play, which says it stops the clip while one plays (it had started the recording on top
  // of the variant). The playhead parked at the start, where the recording would have started playing.
  await wave.focus()
  await page.keyboard.press('Home')
  await expect(wave).toHaveAttribute('aria-valuenow', '0.000')
  await page.keyboard.press('1')
  await expect.poll(() => nowPlaying(page)).toEqual({ ...variants[0], key: '1' })
  await expect(page.getByTestId('play-button')).toHaveAttribute('aria-label', 'Stop the clip playing')
  await page.getByTestId('play-button').click()
  await expect(page.getByTestId('compare-now-playing')).toHaveAttribute('data-take-id', '')
  await page.waitForTimeout(500) // long enough for the transport to have started, had it been told to
  await expect(page.getByTestId('play-button')).toHaveAttribute('aria-label', 'Play')
  await expect(wave).toHaveAttribute('aria-valuenow', '0.000')

  // Keep the 2-step variant: it becomes a take of the region.
  await rows.nth(1).getByTestId('compare-keep').click()
  await expect(rows.nth(1).getByTestId('compare-keep')).toHaveText('Kept')
  const region = page.getByTestId('region-item').first()
  await expect(region.getByTestId('take-item')).toHaveCount(1)
  await expect(region.getByTestId('take-meta')).toContainText(`seed ${seeds[0]} · 2 steps · midpoint`)

  // Blind: letters only, ranks by clicking, then the reveal maps letters back to variants.
  await page.getByTestId('compare-blind').click()
  await expect(page.getByTestId('compare-label')).toHaveText(['A', 'B', 'C'])
  await expect(page.getByTestId('compare-distance')).toHaveCount(0)
  await page.keyboard.press('2')
  await expect(page.getByTestId('compare-now-playing')).toHaveAttribute('data-key', '2')
  const hiddenTake = await page.getByTestId('compare-now-playing').getAttribute('data-take-id')
  await page.getByTestId('compare-rank').nth(1).click()
  await page.getByTestId('compare-rank').nth(0).click()
  await expect(page.getByTestId('compare-rank')).toHaveText(['#2', '#1', 'Rank'])
  await page.getByTestId('compare-reveal').click()
  const revealed = page.getByTestId('compare-revealed')
  await expect(revealed).toHaveCount(3)
  expect(await revealed.evaluateAll((els) => els.map((e) => [e.getAttribute('data-label'), e.getAttribute('data-rank')]))).toEqual([
    ['B', '1'],
    ['A', '2'],
    ['C', '0'],
  ])
  // Slot B (key 2) is the variant that played when 2 was pressed.
  const slotB = rows.nth(1)
  await expect(slotB).toHaveAttribute('data-take-id', hiddenTake!)
  expect((await revealed.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-steps'))))).sort()).toEqual([1, 2, 4])
})
