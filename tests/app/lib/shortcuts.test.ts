import { describe, expect, it } from 'vitest'
import { comboLabel, findShortcut, SHORTCUTS, withCtrl, type Combo } from '../../../app/src/lib/shortcuts'

/** The key press a listed combination stands for. */
const press = (c: Combo, meta = false) => ({ key: c.key, ctrlKey: Boolean(c.mod) && !meta, metaKey: Boolean(c.mod) && meta, shiftKey: c.shift === true })

describe('the shortcuts table', () => {
  it('every combination the help lists is a key press that finds its own row (Cmd as Ctrl)', () => {
    for (const s of SHORTCUTS) {
      for (const c of s.combos as readonly Combo[]) {
        expect(findShortcut(press(c))?.id, comboLabel(c)).toBe(s.id)
        expect(findShortcut(press(c, true))?.id, `${comboLabel(c)} with Cmd`).toBe(s.id)
      }
    }
  })

  it('no key press means two things', () => {
    const seen = new Map<string, string>()
    for (const s of SHORTCUTS) {
      for (const c of s.combos as readonly Combo[]) {
        for (const shift of c.shift === undefined ? [false, true] : [c.shift]) {
          const at = `${c.mod ? 'mod+' : ''}${shift ? 'shift+' : ''}${c.key}`
          expect(seen.get(at), at).toBeUndefined()
          seen.set(at, s.id)
        }
      }
    }
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
