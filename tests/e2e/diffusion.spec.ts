// Diffusion beside flow end to end, in Chromium against web mode with the real engine: the tiny DDPM
// twin (tests/fixtures/tiny-diffusion) loaded as the second model, a ladder that mixes the main flow
// model's rungs with diffusion rungs from one seed, switched by number keys; then the DDPM model as
// the main one: its reverse chain (DDPM t, ᾱ_t, x̂_0) and the forward process of the original region.
import { expect, test, type Page } from '@playwright/test'
import { resolve } from 'node:path'
import { e2eModelDir } from './global-setup'
import { screenshot } from './helpers'
import { maskRegion, openApp, openAudio, openDock, SPEECH } from './feature-helpers'

const DIFFUSION = resolve(import.meta.dirname, '../fixtures/tiny-diffusion')
const DDPM_NAME = 'Voicefill tiny DDPM test model (not for use)'

const canvas = (page: Page, id: string) => page.getByTestId(id).evaluate((c) => (c as HTMLCanvasElement).toDataURL())

/** Clears the toasts (errors stay until dismissed) so the screenshots show the panels. */
async function dismissToasts(page: Page): Promise<void> {
  const buttons = page.getByTestId('toast-dismiss')
  await expect(async () => {
    if (await buttons.count()) await buttons.first().click({ timeout: 1000 })
    await expect(page.getByTestId('toast')).toHaveCount(0, { timeout: 500 })
  }).toPass({ timeout: 20_000 })
}

async function inSettings(page: Page, act: () => Promise<void>): Promise<void> {
  await page.getByTestId('settings-button').click()
  await expect(page.getByTestId('settings-dialog')).toBeVisible()
  await act()
  await page.getByTestId('settings-dialog').getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByTestId('settings-dialog')).toBeHidden()
}

test('diffusion beside flow: a ladder mixing both models, the reverse chain and the forward process', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await maskRegion(page, 0.27, 0.45, 'hello world')

  // The DDPM twin as the second model (a folder that is no model would be refused with its reason).
  await inSettings(page, async () => {
    await page.getByTestId('settings-second-path').fill(resolve(import.meta.dirname, '../fixtures/audio'))
    await page.getByTestId('settings-second-load').click()
    await expect(page.getByTestId('toast').filter({ hasText: /manifest\.json: file not found/ })).toBeVisible()
    await page.getByTestId('settings-second-path').fill(DIFFUSION)
    await page.getByTestId('settings-second-load').click()
    await expect(page.getByTestId('settings-second-model')).toContainText(`${DDPM_NAME} · diffusion (DDPM ε)`)
  })

  // One ladder, both families: midpoint on the main (flow) model, ancestral and DDIM on the twin.
  await openDock(page, 'compare')
  await page.getByTestId('compare-steps').fill('2, 4')
  await page.getByTestId('compare-solver-ancestral').check()
  await page.getByTestId('compare-solver-ddim').check()
  await expect(page.getByTestId('compare-plan')).toHaveText('6 variants · 24 network calls') // midpoint 2 calls a step
  await page.getByTestId('compare-run').click()
  const rows = page.getByTestId('compare-row')
  await expect(rows).toHaveCount(6, { timeout: 120_000 })
  const meta = await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-family'), e.getAttribute('data-solver'), Number(e.getAttribute('data-steps'))]))
  expect(meta).toEqual([
    ['flow', 'midpoint', 2],
    ['flow', 'midpoint', 4],
    ['diffusion', 'ancestral', 2],
    ['diffusion', 'ancestral', 4],
    ['diffusion', 'ddim', 2],
    ['diffusion', 'ddim', 4],
  ])
  const seeds = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-seed')))
  expect(new Set(seeds).size).toBe(1) // every rung, of either model, from the same starting noise
  await expect(page.getByTestId('compare-family')).toHaveText(['flow', 'flow', 'diffusion', 'diffusion', 'diffusion', 'diffusion'])
  await expect(page.getByTestId('compare-family').nth(3)).toHaveAttribute('title', DDPM_NAME)
  const distances = (await page.getByTestId('compare-distance').allTextContents()).map(Number)
  expect(distances[1]).toBe(0) // the reference: most steps, then most calls per step (midpoint 4)
  for (const k of [0, 2, 3, 4, 5]) expect(distances[k]).toBeGreaterThan(0)
  const fingerprints = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-fingerprint')))
  expect(new Set(fingerprints).size).toBe(6)

  // Number keys switch between a flow and a diffusion rung while playing.
  await page.getByTestId('compare-loop').click()
  await rows.nth(1).getByTestId('compare-play').click()
  await expect(page.getByTestId('compare-now-playing')).toHaveAttribute('data-key', '2')
  await page.keyboard.press('6')
  await expect(page.getByTestId('compare-now-playing')).toHaveAttribute('data-key', '6')
  await expect(page.getByTestId('compare-now-playing')).toHaveAttribute('data-fingerprint', fingerprints[5]!)
  await dismissToasts(page)
  await screenshot(page, 'compare-diffusion')
  await page.getByTestId('compare-stop').click()

  // The twin as the main model: the solver list follows (a saved flow solver does not carry over).
  await inSettings(page, async () => {
    await page.getByTestId('settings-model-path').fill(DIFFUSION)
    await page.getByTestId('settings-model-load').click()
    await expect(page.getByTestId('settings-model')).toContainText(`${DDPM_NAME} · diffusion (DDPM ε)`)
  })
  // (Cancel, not Apply: the saved sampler settings stay those the other specs expect.)
  await inSettings(page, async () => {
    await expect(page.getByTestId('settings-solver').locator('option')).toHaveText(['DDIM (1 call/step)', 'DDPM ancestral (1 call/step)'])
    await expect(page.getByTestId('settings-solver')).toHaveValue('ddim')
    await expect(page.getByTestId('settings-eta')).toHaveValue('0')
  })

  // The reverse chain, respaced to 4 of the 1000 trained steps: x_t and x̂_0 at each.
  await openDock(page, 'trajectory')
  await page.getByTestId('trajectory-steps').fill('4')
  await page.getByTestId('trajectory-generate').click()
  await expect(page.getByTestId('trajectory-tick')).toHaveCount(5, { timeout: 60_000 })
  await expect(page.getByTestId('trajectory-settings')).toContainText('4 steps · ddim η 0')
  await expect(page.getByTestId('trajectory-label')).toHaveText('step 0/4 · DDPM t = 1000 · ᾱ_t = 4.04e-5')
  await page.getByTestId('trajectory-scrubber').focus()
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('trajectory-label')).toHaveText('step 1/4 · DDPM t = 750 · ᾱ_t = 0.0034')
  await expect(page.getByText('estimate of the result x̂₀ = (x_t − √(1 − ᾱ_t)·ε̂)/√ᾱ_t')).toBeVisible()

  // The forward process: the original region noised by the closed form, ᾱ_t shown, played.
  const forward = page.getByTestId('forward-view')
  await expect(forward).toHaveAttribute('data-family', 'diffusion')
  await expect(page.getByTestId('forward-label')).toContainText('t = 500 of 1000 · ᾱ_t = 0.0786')
  const half = await canvas(page, 'forward-state')
  await page.getByTestId('forward-slider').fill('100')
  await expect(page.getByTestId('forward-label')).toContainText('t = 100 of 1000 · ᾱ_t = 0.8')
  await expect.poll(() => canvas(page, 'forward-state')).not.toBe(half)
  await page.getByTestId('forward-slider').fill('0')
  await expect(page.getByTestId('forward-label')).toHaveAttribute('data-alpha-bar', '1')
  await page.getByTestId('forward-slider').fill('300')
  await page.getByTestId('forward-play').click()
  await expect(page.getByTestId('trajectory-playing')).toHaveAttribute('data-playing', 'forward:300')
  await dismissToasts(page)
  await forward.scrollIntoViewIfNeeded()
  await screenshot(page, 'forward-process')
  await page.getByTestId('trajectory-stop').click()

  // Back to the main model the other specs use; the second model goes back to "the shipped twin".
  await inSettings(page, async () => {
    await page.getByTestId('settings-model-path').fill(e2eModelDir())
    await page.getByTestId('settings-model-load').click()
    await expect(page.getByTestId('settings-model')).toContainText('flow matching')
    await page.getByTestId('settings-second-default').click()
    await expect(page.getByTestId('settings-second-default')).toBeDisabled()
  })
  await expect(page.getByTestId('toast').filter({ hasText: /Trajectory generation failed|Ladder failed|Cannot play/ })).toHaveCount(0)
})
