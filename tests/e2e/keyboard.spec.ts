// The keyboard in the editor: the waveform as a focusable, labelled slider over the playhead with the
// shortcuts acting from it, and the shortcuts dialog (listed from the table the keys go through).
import { expect, test } from '@playwright/test'
import { maskRegion, openApp, openAudio, SPEECH } from './feature-helpers'

test('the waveform takes the keyboard focus as a labelled slider over the playhead, and the shortcuts act from it', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  const wave = page.getByRole('slider', { name: 'Waveform of speech-16k-s16.wav' })
  await expect(wave).toHaveAttribute('aria-roledescription', 'waveform')
  await expect(wave).toHaveAttribute('aria-valuetext', 'playhead 0:00.000 of 0:02.085')
  // Reached with Tab from the toolbar's last button, with a focus ring.
  await page.getByTestId('shortcuts-button').focus()
  await page.keyboard.press('Tab')
  await expect(wave).toBeFocused()
  expect(await wave.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid')
  // Arrows move the playhead, and the slider says where it is.
  await page.keyboard.press('ArrowRight')
  await expect(wave).toHaveAttribute('aria-valuenow', '1.000')
  await expect(wave).toHaveAttribute('aria-valuetext', 'playhead 0:01.000 of 0:02.085')
  await page.keyboard.press('Shift+ArrowLeft')
  await expect(wave).toHaveAttribute('aria-valuenow', '0.900')
  // Space plays and pauses, the focus staying on the waveform.
  await page.keyboard.press('Space')
  await expect(page.getByTestId('play-button')).toHaveAttribute('aria-label', 'Pause')
  await page.keyboard.press('Space')
  await expect(page.getByTestId('play-button')).toHaveAttribute('aria-label', 'Play')
  await expect(wave).toBeFocused()
  await page.keyboard.press('Home')
  await expect(wave).toHaveAttribute('aria-valuenow', '0.000')
  // R makes a region there; in its text box the keys type (a '?' does not open the help), Esc leaves it.
  await page.keyboard.press('r')
  const text = page.getByTestId('region-item').first().getByTestId('region-text')
  await expect(text).toBeFocused()
  await page.keyboard.type('what? ')
  await expect(text).toHaveValue('what? ')
  await expect(page.getByTestId('shortcuts-dialog')).toHaveCount(0)
  await expect(wave).toHaveAttribute('aria-valuetext', /; region 1 selected, 0:00\.000 to 0:01\.000$/)
  // Esc gives the focus back to the waveform, where Space plays again (not a space in the words).
  await page.keyboard.press('Escape')
  await expect(wave).toBeFocused()
  await page.keyboard.press('Space')
  await expect(page.getByTestId('play-button')).toHaveAttribute('aria-label', 'Pause')
  await expect(text).toHaveValue('what? ')
  await page.keyboard.press('Space')
  // Tab goes on from there into the region panel, not back to the toolbar's start.
  await page.keyboard.press('Tab')
  await expect(page.getByTestId('region-panel').locator(':focus')).toHaveCount(1)
})

test('? lists the shortcuts from the table the keys use; a listed key does what its row says; Esc closes and the focus comes back', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  // From the toolbar, by its name.
  const button = page.getByRole('button', { name: 'Keyboard shortcuts' })
  await button.click()
  await expect(dialog).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(button).toBeFocused()
  // With ? (Shift+/), from the waveform.
  await page.getByTestId('waveform').focus()
  await page.keyboard.press('Shift+Slash')
  await expect(dialog).toBeVisible()
  await expect(dialog.locator('[data-shortcut="redo"] kbd')).toHaveText(['Ctrl+Shift+Z', 'Ctrl+Y'])
  await expect(dialog.locator('[data-shortcut="play"]')).toContainText('Play / pause')
  // The panels' own keys and the desktop menu's are listed too, each saying where it acts.
  await expect(dialog.locator('[data-shortcut="compare-play"]')).toHaveAttribute('data-where', 'Compare')
  await expect(dialog.locator('[data-shortcut="compare-play"] kbd')).toHaveText('1 … 9')
  await expect(dialog.locator('[data-shortcut="trajectory-on"]')).toContainText('Trajectory')
  await expect(dialog.locator('[data-shortcut="select-all"]')).toContainText(/Ctrl\+Shift\+A.*Select the first region.*Desktop menu/)
  await expect(dialog.locator('[data-shortcut="spectrogram"] kbd')).toHaveText('Ctrl+Shift+P')
  // While it is open the studio's keys wait (L does not toggle the loop behind it).
  const loopRow = dialog.locator('[data-shortcut="loop"]')
  await expect(loopRow).toContainText('Loop the selected region')
  const loopKey = (await loopRow.locator('kbd').textContent())!
  await page.keyboard.press(loopKey)
  await expect(page.getByTestId('loop-toggle')).toHaveAttribute('aria-pressed', 'false')
  const zoomKey = (await dialog.locator('[data-shortcut="zoom-in"] kbd').first().textContent())!
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('waveform')).toBeFocused()
  // The keys the dialog named do what it says.
  await page.keyboard.press(loopKey)
  await expect(page.getByTestId('loop-toggle')).toHaveAttribute('aria-pressed', 'true')
  const wave = page.getByTestId('waveform')
  const width = () => wave.evaluate((el) => el.querySelector('div')?.shadowRoot?.querySelector<HTMLElement>('.wrapper')?.scrollWidth ?? 0)
  const before = await width()
  await page.keyboard.press(zoomKey)
  await expect.poll(width).toBeGreaterThan(before * 1.2)
})

test('the keyboard in the region panel: focus in a card selects its region, so its keys act on that region', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await maskRegion(page, 0.1, 0.3, 'first')
  await maskRegion(page, 0.6, 0.8, 'second')
  const [first, second] = [page.getByTestId('region-item').nth(0), page.getByTestId('region-item').nth(1)]
  await first.click()
  await expect(first).toHaveAttribute('aria-current', 'true')
  // Tabbing into region 2's start field selects region 2.
  await second.getByTestId('region-start').focus()
  await expect(second).toHaveAttribute('aria-current', 'true')
  await expect(first).not.toHaveAttribute('aria-current', 'true')
  await first.click()
  // Del on its Generate button (not a text field) deletes region 2, the one the focus is in.
  await second.getByTestId('region-generate').focus()
  await page.keyboard.press('Delete')
  await expect(page.getByTestId('region-item')).toHaveCount(1)
  await expect(page.getByTestId('region-item').first().getByTestId('region-text')).toHaveValue('first')
  // Its controls say which region they act on.
  await expect(page.getByRole('button', { name: /^Play region 1, 0:00\.\d{3} to 0:00\.\d{3}$/ })).toBeVisible()
  await expect(page.getByRole('combobox', { name: 'Region 1 mode' })).toHaveValue('replace')
  await expect(page.getByRole('combobox', { name: 'Region 1 length' })).toHaveValue('region')
  await expect(page.getByRole('button', { name: 'Delete region 1' })).toBeVisible()
})

test('R, then typing straight away: every key lands in the new region\'s text box', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  const wave = page.getByTestId('waveform')
  // Several times over: the lost key was a race, lost about every other time.
  for (const word of ['word', 'next', 'last', 'more', 'then', 'done']) {
    await wave.focus()
    // No pause between R and the word (the text box had been focused a task later: "word" came out "ord").
    await page.keyboard.press('r')
    await page.keyboard.type(word)
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('region-text')).toHaveValue(word)
    await page.keyboard.press('Delete') // Esc left the text box for the waveform, the region still selected
    await expect(page.getByTestId('region-item')).toHaveCount(0)
  }
})

test('Del with no region selected says what it needs instead of doing nothing silently', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await page.getByTestId('waveform').focus()
  await page.keyboard.press('r')
  await page.keyboard.press('Escape') // leaves the text box
  await page.keyboard.press('Escape') // deselects the region
  await expect(page.getByTestId('region-item').first()).not.toHaveAttribute('aria-current', 'true')
  await page.keyboard.press('Delete')
  await expect(page.getByTestId('toast').filter({ hasText: 'Select a region to delete' })).toBeVisible()
  await expect(page.getByTestId('region-item')).toHaveCount(1)
})

test('Ctrl+S from a region\'s text box: the name typed replaces the suggested one, and the focus comes back to the text box', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await page.getByTestId('waveform').focus()
  await page.keyboard.press('r')
  await page.keyboard.type('hello')
  const text = page.getByTestId('region-text')
  await expect(text).toBeFocused()
  await page.keyboard.press('Control+s')
  await expect(page.getByTestId('save-name')).toBeFocused()
  await page.keyboard.type('keyboard project')
  await expect(page.getByTestId('save-name')).toHaveValue('keyboard project')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('toast').filter({ hasText: 'Saved keyboard project' })).toBeVisible()
  await expect(text).toBeFocused()
  // The Enter that saved stays in the dialog: the words are as typed (it had added a new line to them,
  // leaving the project unsaved straight after its save).
  await expect(text).toHaveValue('hello')
  await expect(page.getByTestId('dirty-flag')).toHaveCount(0)
})

test('the arrow keys at high zoom scroll the view so the playhead stays in it, clear of the edge', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  const wave = page.getByTestId('waveform')
  await wave.focus()
  // Zoomed in until a tenth of a second is most of the view (2 s of speech, many views wide).
  for (let i = 0; i < 9; i++) await page.keyboard.press('=')
  const host = wave.locator('div').first()
  const widths = () => host.evaluate((el) => ({ total: el.shadowRoot!.querySelector<HTMLElement>('.wrapper')!.scrollWidth, view: el.clientWidth }))
  await expect.poll(async () => (await widths()).total / (await widths()).view).toBeGreaterThan(10)
  /** The playhead's x inside the visible waveform, in px. */
  const cursorX = async () => {
    const box = (await wave.boundingBox())!
    const cursor = (await host.locator('.cursor').boundingBox())!
    return { x: cursor.x - box.x, view: box.width }
  }
  const inside = async () => {
    const { x, view } = await cursorX()
    return x >= 20 && x <= view - 20
  }
  await page.keyboard.press('Home')
  // One second on: far out of view to the right; the view follows and keeps a margin on the right.
  await page.keyboard.press('ArrowRight')
  await expect(wave).toHaveAttribute('aria-valuenow', '1.000')
  await expect.poll(inside).toBe(true)
  // Fine steps either way: each lands in view, never on an edge.
  for (const key of ['Shift+ArrowRight', 'Shift+ArrowRight', 'Shift+ArrowRight', 'Shift+ArrowLeft', 'Shift+ArrowLeft', 'Shift+ArrowLeft', 'Shift+ArrowLeft']) {
    const before = Number(await wave.getAttribute('aria-valuenow'))
    await page.keyboard.press(key)
    await expect.poll(async () => Math.abs(Number(await wave.getAttribute('aria-valuenow')) - before)).toBeGreaterThan(0.05)
    await expect.poll(inside, { message: `after ${key}` }).toBe(true)
  }
})

test('at high zoom, a region\'s card brings the region into view, selected already or not', async ({ page }) => {
  await openApp(page)
  await openAudio(page, SPEECH)
  await maskRegion(page, 0.3, 0.5, 'hello there')
  const wave = page.getByTestId('waveform')
  const card = page.getByTestId('region-item').first()
  /** Whether the region's start is on screen in the waveform (the plugin drops a region's element out of view). */
  const shown = async () => {
    const box = (await wave.boundingBox())!
    const drawn = wave.getByTestId('wave-region')
    const region = (await drawn.count()) ? await drawn.first().boundingBox() : null
    return region !== null && region.x >= box.x - 1 && region.x < box.x + box.width
  }
  await wave.focus()
  await page.keyboard.press('Escape') // deselects it
  await expect(card).not.toHaveAttribute('aria-current', 'true')
  for (let i = 0; i < 9; i++) await page.keyboard.press('=') // a view far narrower than half a second
  await page.keyboard.press('End')
  await expect.poll(shown).toBe(false)
  // Selected by its card: the view goes to it (it had scrolled half a second before it, out of a 0.05 s view).
  await card.locator('.region-head').click()
  await expect(card).toHaveAttribute('aria-current', 'true')
  await expect.poll(shown).toBe(true)
  // Away again, and a click on the card of the region already selected goes back to it too.
  await wave.focus()
  await page.keyboard.press('End')
  await expect.poll(shown).toBe(false)
  await card.locator('.region-head').click()
  await expect.poll(shown).toBe(true)
  // End and then the card at once (one task): End's seek completes after the click, and wavesurfer's
  // scroll to the playhead it then draws had put the view back at the end (1 run in 3 or so under load).
  await wave.focus()
  await page.keyboard.press('Home')
  await expect.poll(shown).toBe(false)
  await wave.evaluate((el) => {
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', code: 'End', bubbles: true }))
    el.ownerDocument.querySelector<HTMLElement>('[data-testid="region-item"] .region-head')!.click()
  })
  await expect(wave).toHaveAttribute('aria-valuenow', '2.085')
  await page.waitForTimeout(1000) // the seek and its settling
  expect(await shown()).toBe(true)
})
