// The keyboard shortcuts, listed from the table the keys go through (electron/shared/shortcuts.ts): the
// editor's, the compare panel's, the trajectory scrubber's and the desktop menu's, each row saying
// where it acts. Opened with ? or the toolbar's ? button; Escape closes it.

import { comboLabel, SHORTCUTS, type Combo, type ShortcutGroup, type ShortcutWhere } from '../lib/shortcuts'
import { studio, useStudio } from '../store'
import { Modal } from './Modal'

const GROUPS: ShortcutGroup[] = ['Playback', 'Edit', 'View', 'Generate', 'File', 'Help']

/** The Where column: what each place means, for its tooltip. */
const WHERE: Record<ShortcutWhere, string> = {
  Editor: 'Anywhere in the studio window',
  Compare: 'While the Compare panel is open',
  Trajectory: 'With the focus on the trajectory scrubber',
  'Desktop menu': 'In the desktop app (its menu); a browser keeps these keys for itself',
}

export function ShortcutsDialog() {
  const close = () => studio.getState().openDialog(null)
  const web = useStudio((s) => s.appInfo?.kind === 'web')
  return (
    <Modal title="Keyboard shortcuts" testId="shortcuts-dialog" onClose={close}>
      <div className="shortcuts">
        {GROUPS.map((group) => (
          <table key={group} className="shortcut-table">
            <caption>{group}</caption>
            <tbody>
              {SHORTCUTS.filter((s) => s.group === group).map((s) => (
                <tr key={s.id} data-testid="shortcut-row" data-shortcut={s.id} data-where={s.where} className={web && s.where === 'Desktop menu' ? 'muted' : undefined}>
                  <th scope="row">
                    {'keys' in s ? (
                      <kbd data-testid="shortcut-keys">{s.keys}</kbd>
                    ) : (
                      s.combos.map((c: Combo, i) => (
                        <span key={i}>
                          {i > 0 && <span className="muted"> or </span>}
                          <kbd data-testid="shortcut-keys">{comboLabel(c)}</kbd>
                        </span>
                      ))
                    )}
                  </th>
                  <td>{s.does}</td>
                  <td className="shortcut-where muted" title={WHERE[s.where]}>
                    {s.where}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
        <p className="muted small-text">
          Ctrl is ⌘ on a Mac. In a text field, keys without Ctrl type as usual; Esc leaves a region's text box.
          {web && ' Desktop menu keys work in the desktop app only.'}
        </p>
      </div>
    </Modal>
  )
}
