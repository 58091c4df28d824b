// The trajectory view end to end, in Chromium against web mode with the real engine and model:
// one region generated with every step captured, the scrubber moving over the time grid, the
// spectrograms of x_t and of the estimate changing with it, and a step vocoded and played.
import { expect, test, type Page } from '@playwright/test'
import { screenshot } from './helpers'
import { maskRegion, openApp, openAudio, openDock, setSampler, SPEECH } from './feature-helpers'

const image = (page: Page, id: 'trajectory-state' | 'trajectory-estimate') =>
  page.getByTestId(id).evaluate((c) => (c as HTMLCanvasElement).toDataURL())

const tickPositions = (page: Page) =>
  page.getByTestId('trajectory-tick').evaluateAll((els) => els.map((e) => parseFloat((e as HTMLElement).style.left)))

test('trajectory: scrubber over the time grid, images per step, a step played', async ({ page }) => {
  await openApp(page)
  await setSampler(page, 16, 'euler')
  await openAudio(page, SPEECH)
  await maskRegion(page, 0.27, 0.45, 'hello world')
  await openDock(page, 'trajectory')

  await page.getByTestId('trajectory-steps').fill('8')
  await page.getByTestId('trajectory-generate').click()
  const ticks = page.getByTestId('trajectory-tick')
  await expect(ticks).toHaveCount(9, { timeout: 90_000 }) // steps + 1 grid times
  await expect(page.getByTestId('trajectory-settings')).toContainText('8 steps · euler')

  // The grid runs from 0 to 100 % and sway sampling (the model's default) crowds it near t = 0.
  const left = await tickPositions(page)
  expect(left[0]).toBe(0)
  expect(left[8]).toBe(100)
  for (let k = 1; k < left.length; k++) expect(left[k]).toBeGreaterThan(left[k - 1])
  expect(left[1] - left[0]).toBeLessThan(left[8] - left[7])

  const scrubber = page.getByTestId('trajectory-scrubber')
  await expect(scrubber).toHaveAttribute('data-step', '0')
  await expect(page.getByTestId('trajectory-label')).toHaveText('step 0/8 · t = 0.000')
  const state0 = await image(page, 'trajectory-state')
  const estimate0 = await image(page, 'trajectory-estimate')

  // Keys move one grid point; the images follow.
  await scrubber.focus()
  await page.keyboard.press('ArrowRight')
  await expect(scrubber).toHaveAttribute('data-step', '1')
  await expect(page.getByTestId('trajectory-label')).toHaveText(/^step 1\/8 · t = /)
  const t1 = Number((await page.getByTestId('trajectory-label').textContent())!.split('t = ')[1])
  expect(Math.abs(t1 - left[1] / 100)).toBeLessThan(1e-3) // the label's t is the tick's position
  await expect.poll(() => image(page, 'trajectory-state')).not.toBe(state0)
  await expect.poll(() => image(page, 'trajectory-estimate')).not.toBe(estimate0)

  // A click lands on the nearest grid time: the middle of the rail is a later step.
  const box = (await scrubber.boundingBox())!
  await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2)
  const mid = Number(await scrubber.getAttribute('data-step'))
  const nearest = left.reduce((best, x, k) => (Math.abs(x - 50) < Math.abs(left[best] - 50) ? k : best), 0)
  expect(mid).toBe(nearest)
  await page.keyboard.press('End')
  await expect(scrubber).toHaveAttribute('data-step', '8')
  await expect(page.getByTestId('trajectory-label')).toHaveText('step 8/8 · t = 1.000')
  // At t = 1 the state is the result, so x_t and the estimate are the same picture.
  expect(await image(page, 'trajectory-state')).toBe(await image(page, 'trajectory-estimate'))

  // Hear the estimate at step 5 (vocoded by the engine on request).
  await page.keyboard.press('Home')
  for (let k = 0; k < 5; k++) await page.keyboard.press('ArrowRight')
  await expect(scrubber).toHaveAttribute('data-step', '5')
  await page.getByTestId('trajectory-play-estimate').click()
  await expect(page.getByTestId('trajectory-playing')).toHaveAttribute('data-playing', 'estimate:5')
  await expect(page.getByTestId('trajectory-playing')).toHaveText(/^▶ estimate · step 5 · \d+\.\d\d s into the region$/)
  await screenshot(page, 'trajectory')
  await page.getByTestId('trajectory-stop').click()
  await expect(page.getByTestId('trajectory-playing')).toHaveAttribute('data-playing', '')

  // The captured generation can be kept as a take of its region.
  await page.getByTestId('trajectory-keep').click()
  await expect(page.getByTestId('region-item').first().getByTestId('take-item')).toHaveCount(1)
  await expect(page.getByTestId('toast').filter({ hasText: /failed|cannot/i })).toHaveCount(0)
})
