// Zoomed in, the view follows the playhead wherever it goes and keeps it clear of the edge, an eighth
// of the view in (the arrow keys' rule): while the transport plays, a take's audition or a Compare
// variant moves it, and when a transcript word is clicked. The waveform's own follow had put it on the
// very left edge, with nothing before it in sight.
import { expect, test, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { maskRegion, openApp, openAudio, openDock, setSampler, SPEECH } from './feature-helpers'

const ALIGNED = resolve(import.meta.dirname, '../fixtures/align/awb-path')

/**
 * Zooms in with the keys until the waveform is more than `views` views wide, and waits for the finer
 * peaks that the zoom loads (the reload puts the view back where it was, which would move it under a
 * playback begun meanwhile).
 */
async function zoomIn(page: Page, views: number): Promise<void> {
  let inFlight = 0
  let last = Date.now()
  const started = () => {
    inFlight++
    last = Date.now()
  }
  const ended = () => {
    inFlight--
    last = Date.now()
  }
  page.on('request', started)
  page.on('requestfinished', ended)
  page.on('requestfailed', ended)
  const wave = page.getByTestId('waveform')
  await wave.focus()
  for (let i = 0; i < 12 && (await viewState(page)).total / (await viewState(page)).view <= views; i++) await page.keyboard.press('=')
  await expect.poll(async () => (await viewState(page)).total / (await viewState(page)).view).toBeGreaterThan(views)
  await expect.poll(() => inFlight <= 0 && Date.now() - last > 1000).toBe(true)
  page.off('request', started)
  page.off('requestfinished', ended)
  page.off('requestfailed', ended)
}

/** The playhead's x in the visible waveform (px), the view's width and scroll, and the waveform's width. */
function viewState(page: Page) {
  return page.getByTestId('waveform').evaluate((wave) => {
    const host = wave.querySelector('div')!
    const root = host.shadowRoot!
    const scroll = root.querySelector<HTMLElement>('.scroll')!
    const cursor = root.querySelector<HTMLElement>('.cursor')!
    return {
      x: cursor.getBoundingClientRect().left - scroll.getBoundingClientRect().left,
      view: scroll.clientWidth,
      scroll: scroll.scrollLeft,
      total: scroll.scrollWidth,
    }
  })
}

/** Records the playhead's place in the view every frame, until `stopRecording`. */
async function startRecording(page: Page): Promise<void> {
  await page.getByTestId('waveform').evaluate((wave) => {
    const w = window as unknown as { follow?: { x: number; view: number; scroll: number }[]; followOn?: boolean }
    w.follow = []
    w.followOn = true
    const root = wave.querySelector('div')!.shadowRoot!
    const scroll = root.querySelector<HTMLElement>('.scroll')!
    const cursor = root.querySelector<HTMLElement>('.cursor')!
    const step = () => {
      if (!w.followOn) return
      w.follow!.push({ x: cursor.getBoundingClientRect().left - scroll.getBoundingClientRect().left, view: scroll.clientWidth, scroll: scroll.scrollLeft })
      requestAnimationFrame(step)
    }
    requestAnimationFrame(step)
  })
}

/** The frames recorded in which the view had scrolled away from the start (a page turned for the playhead). */
async function stopRecording(page: Page): Promise<{ x: number; view: number; scroll: number }[]> {
  return page.evaluate(() => {
    const w = window as unknown as { follow: { x: number; view: number; scroll: number }[]; followOn: boolean }
    w.followOn = false
    return w.follow.filter((f) => f.scroll > 0)
  })
}

/** Every recorded frame with the view scrolled shows the playhead in it, not within a tenth of the view of the left edge. */
function expectClearOfTheLeftEdge(frames: { x: number; view: number }[], what: string): void {
  expect(frames.length, `${what}: the view turned pages`).toBeGreaterThan(3)
  const nearest = Math.min(...frames.map((f) => f.x / f.view))
  expect(nearest, `${what}: the playhead's nearest place to the left edge, as a fraction of the view`).toBeGreaterThan(0.1)
  expect(Math.max(...frames.map((f) => f.x / f.view)), `${what}: in view`).toBeLessThan(1)
}

test('zoomed in, the transport, a take\'s audition and a Compare variant keep the playhead clear of the left edge as the view follows', async ({ page }) => {
  await openApp(page)
  await setSampler(page, 4, 'euler')
  await openAudio(page, SPEECH)
  await maskRegion(page, 0.3, 0.7, 'hello world')
  const region = page.getByTestId('region-item').first()
  // Zoomed in first: the finer peaks are in by the time the take is.
  await zoomIn(page, 8)
  await region.getByTestId('region-generate').click()
  await expect(region.getByTestId('take-item')).toHaveCount(1, { timeout: 90_000 })
  const wave = page.getByTestId('waveform')

  // The transport from the start: pages turn before the playhead reaches the right edge.
  await page.keyboard.press('Home')
  await startRecording(page)
  await page.keyboard.press('Space')
  await expect(page.getByTestId('play-button')).toHaveAttribute('aria-label', 'Pause')
  await expect(page.getByTestId('play-button')).toHaveAttribute('aria-label', 'Play', { timeout: 10_000 }) // played to the end
  expectClearOfTheLeftEdge(await stopRecording(page), 'the transport')

  // A take's audition, with its pre-roll from the start of the file.
  await wave.focus()
  await page.keyboard.press('Home')
  await startRecording(page)
  const take = region.getByTestId('take-item').first()
  await take.getByTestId('take-audition').click()
  await expect(take.getByTestId('take-playing')).toHaveText(/take/)
  await expect(take.getByTestId('take-playing')).toHaveCount(0, { timeout: 10_000 })
  expectClearOfTheLeftEdge(await stopRecording(page), 'the audition')

  // A Compare variant: the playhead crosses the region as it plays.
  await openDock(page, 'compare')
  await page.getByTestId('compare-steps').fill('2')
  await page.getByTestId('compare-run').click()
  const rows = page.getByTestId('compare-row')
  await expect(rows).toHaveCount(1, { timeout: 90_000 })
  await wave.focus()
  await page.keyboard.press('Home')
  await startRecording(page)
  await rows.first().getByTestId('compare-play').click()
  await expect(page.getByTestId('compare-now-playing')).toHaveAttribute('data-key', '1')
  await expect(page.getByTestId('compare-now-playing')).toHaveAttribute('data-key', '', { timeout: 10_000 })
  expectClearOfTheLeftEdge(await stopRecording(page), 'the Compare variant')
})

test('zoomed in, a transcript word clicked out of view comes into it clear of the edge; Home and End show their ends', async ({ page }) => {
  const text = JSON.parse(readFileSync(`${ALIGNED}.json`, 'utf8')).text as string
  await openApp(page)
  await openAudio(page, `${ALIGNED}.wav`)
  await page.getByTestId('dock-tab-transcript').click()
  await page.getByTestId('transcript-input').fill(text)
  await page.getByTestId('transcript-align').click()
  const words = page.getByTestId('transcript-word')
  await expect(words).toHaveCount(text.split(' ').length, { timeout: 60_000 })
  await zoomIn(page, 20)

  await page.keyboard.press('Home')
  await expect.poll(async () => (await viewState(page)).scroll).toBe(0)
  // A word far out of view to the right, then one far back to the left.
  for (const i of [Math.floor((await words.count()) * 0.8), 1]) {
    await words.nth(i).click()
    await expect
      .poll(async () => {
        const { x, view } = await viewState(page)
        return x / view
      }, { message: `word ${i}` })
      .toBeGreaterThan(0.1)
    const { x, view } = await viewState(page)
    expect(x / view).toBeLessThan(0.9)
  }
  // End: the file's end in view, at its right edge; Home: its start, at the left.
  await page.getByTestId('waveform').focus()
  await page.keyboard.press('End')
  await expect.poll(async () => {
    const { scroll, view, total } = await viewState(page)
    return Math.round(total - view - scroll)
  }).toBe(0)
  await page.keyboard.press('Home')
  await expect.poll(async () => (await viewState(page)).scroll).toBe(0)
})
