// The shortcuts table (electron/shared/shortcuts.ts) that the editor, the compare and trajectory panels, the
// desktop menu and the help all read.
import { describe, expect, it } from 'vitest'
import { comboLabel, findShortcut, SHORTCUTS, shortcutLabel, withCtrl, type Combo, type ShortcutWhere } from '../../electron/shared/shortcuts'

/** The key press a listed combination stands for. */
const press = (c: Combo, meta = false) => ({ key: c.key, ctrlKey: Boolean(c.mod) && !meta, metaKey: Boolean(c.mod) && meta, shiftKey: c.shift === true })

describe('the shortcuts table', () => {
  it('every combination the help lists is a key press that finds its own row where it acts (Cmd as Ctrl)', () => {
    for (const s of SHORTCUTS) {
      for (const c of s.combos as readonly Combo[]) {
        expect(findShortcut(press(c), s.where)?.id, comboLabel(c)).toBe(s.id)
        expect(findShortcut(press(c, true), s.where)?.id, `${comboLabel(c)} with Cmd`).toBe(s.id)
      }
    }
  })

  // Places whose keys are heard together: the editor's with the open compare panel's, and with the
  // desktop menu's (the page hears a key first and a key it takes never reaches the menu: Ctrl+O,
  // taken with any Shift, had shadowed the menu's Ctrl+Shift+O). The trajectory scrubber's arrows are
  // meant to stand in for the editor's while it has the focus.
  it.each<{ places: ShortcutWhere[] }>([
    { places: ['Editor', 'Compare'] },
    { places: ['Editor', 'Desktop menu'] },
    { places: ['Trajectory'] },
  ])('no key press means two things among $places', ({ places }) => {
    const seen = new Map<string, string>()
    for (const s of SHORTCUTS.filter((x) => places.includes(x.where))) {
      for (const c of s.combos as readonly Combo[]) {
        for (const shift of c.shift === undefined ? [false, true] : [c.shift]) {
          const at = `${c.mod ? 'mod+' : ''}${shift ? 'shift+' : ''}${c.key}`
          expect(seen.get(at), `${at} (${s.id})`).toBeUndefined()
          seen.set(at, s.id)
        }
      }
    }
  })

  it('finds a place\'s keys only there: the digits are the compare panel\'s, the scrubber\'s arrows its own', () => {
    expect(findShortcut({ key: '3', ctrlKey: false, metaKey: false, shiftKey: false }, 'Compare')?.id).toBe('compare-play')
    expect(findShortcut({ key: '3', ctrlKey: false, metaKey: false, shiftKey: false })).toBeUndefined()
    expect(findShortcut({ key: 'ArrowUp', ctrlKey: false, metaKey: false, shiftKey: false }, 'Trajectory')?.id).toBe('trajectory-on')
    expect(findShortcut({ key: 'ArrowLeft', ctrlKey: false, metaKey: false, shiftKey: false })?.id).toBe('nudge')
    expect(shortcutLabel('compare-play')).toBe('1 … 9')
    expect(shortcutLabel('select-all')).toBe('Ctrl+Shift+A')
  })

  it('reads keys as the browser gives them: letters in either case, Shift telling save from save-as and fine from coarse moves', () => {
    expect(findShortcut({ key: 'R', ctrlKey: false, metaKey: false, shiftKey: true })?.id).toBe('region')
    expect(findShortcut({ key: 'S', ctrlKey: true, metaKey: false, shiftKey: true })?.id).toBe('save-as')
    expect(findShortcut({ key: 's', ctrlKey: true, metaKey: false, shiftKey: false })?.id).toBe('save')
    expect(findShortcut({ key: 'ArrowLeft', ctrlKey: false, metaKey: false, shiftKey: true })?.id).toBe('nudge-fine')
    expect(findShortcut({ key: '?', ctrlKey: false, metaKey: false, shiftKey: true })?.id).toBe('help') // Shift+/
    // Ctrl with a plain key is the browser's (Ctrl+R reloads, Ctrl+0 resets its zoom), not ours.
    expect(findShortcut({ key: 'r', ctrlKey: true, metaKey: false, shiftKey: false })).toBeUndefined()
    expect(findShortcut({ key: '0', ctrlKey: true, metaKey: false, shiftKey: false })).toBeUndefined()
  })

  it('writes combinations as people read them', () => {
    expect(SHORTCUTS.find((s) => s.id === 'redo')!.combos.map((c: Combo) => comboLabel(c))).toEqual(['Ctrl+Shift+Z', 'Ctrl+Y'])
    expect(comboLabel({ key: ' ' })).toBe('Space')
    expect(comboLabel({ key: 'ArrowRight', shift: true })).toBe('Shift+→')
    expect(withCtrl(SHORTCUTS.find((s) => s.id === 'undo')!)).toBe(true)
    expect(withCtrl(SHORTCUTS.find((s) => s.id === 'play')!)).toBe(false)
  })
})
