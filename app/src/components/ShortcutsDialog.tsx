// The keyboard shortcuts, listed from the table useKeyboard dispatches through (lib/shortcuts.ts): what
// the help says is what the keys do. Opened with ? or the toolbar's ? button; Escape closes it.

import { comboLabel, SHORTCUTS, type Combo, type ShortcutGroup } from '../lib/shortcuts'
import { studio } from '../store'
import { Modal } from './Modal'

const GROUPS: ShortcutGroup[] = ['Playback', 'Edit', 'View', 'Generate', 'File', 'Help']

export function ShortcutsDialog() {
  const close = () => studio.getState().openDialog(null)
  return (
    <Modal title="Keyboard shortcuts" testId="shortcuts-dialog" onClose={close}>
      <div className="shortcuts">
        {GROUPS.map((group) => (
          <table key={group} className="shortcut-table">
            <caption>{group}</caption>
            <tbody>
              {SHORTCUTS.filter((s) => s.group === group).map((s) => (
                <tr key={s.id} data-testid="shortcut-row" data-shortcut={s.id}>
                  <th scope="row">
                    {s.combos.map((c: Combo, i) => (
                      <span key={i}>
                        {i > 0 && <span className="muted"> or </span>}
                        <kbd data-testid="shortcut-keys">{comboLabel(c)}</kbd>
                      </span>
                    ))}
                  </th>
                  <td>{s.does}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
        <p className="muted small-text">Ctrl is ⌘ on a Mac. In a text field, keys without Ctrl type as usual; Esc leaves a region's text box.</p>
      </div>
    </Modal>
  )
}
