// The desktop menu's accelerators are the shortcuts table's (which the help lists): none is typed by
// hand beside it, and every row that names a menu command has its keys on that menu item.
import { describe, expect, it } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'
import { menuTemplate } from '../../electron/main/menu-template'
import { accelerator, SHORTCUTS, type Combo } from '../../electron/shared/shortcuts'
import type { MenuCommand } from '../../electron/shared/studio-types'

/** Every menu item with an accelerator, as [command it sends, accelerator]. */
function accelerators(isMac: boolean): [string, string][] {
  let sent: MenuCommand | null = null
  const template = menuTemplate({ isMac, isDev: false, appName: 'Voicefill', recent: { files: [], projects: [] }, send: (c) => (sent = c) })
  const out: [string, string][] = []
  const walk = (items: MenuItemConstructorOptions[]) => {
    for (const item of items) {
      if (Array.isArray(item.submenu)) walk(item.submenu)
      if (!item.accelerator || item.role) continue
      sent = null
      ;(item.click as () => void)()
      out.push([(sent as MenuCommand | null)?.command ?? '(none)', String(item.accelerator)])
    }
  }
  walk(template)
  return out
}

describe.each([false, true])('the desktop menu (Mac: %s)', (isMac) => {
  const menu = accelerators(isMac)

  it('has accelerators only from the shortcuts table, on the item of the row\'s command', () => {
    expect(menu.length).toBeGreaterThan(10)
    for (const [command, key] of menu) {
      const rows = SHORTCUTS.filter((s) => 'menu' in s && s.menu === command)
      expect(rows.flatMap((s) => (s.combos as readonly Combo[]).map(accelerator)), `${command}: ${key}`).toContain(key)
    }
  })

  it('carries the keys of every row that names a menu command', () => {
    for (const s of SHORTCUTS) {
      if (!('menu' in s)) continue
      // A Mac redoes with Cmd+Shift+Z only (Cmd+Y is left to the page, which binds it too).
      const combos = (s.combos as readonly Combo[]).filter((c, i) => !(isMac && s.id === 'redo' && i > 0))
      for (const c of combos) expect(menu, `${s.id}: ${accelerator(c)}`).toContainEqual([s.menu, accelerator(c)])
    }
  })
})
