// Offer to recover unsaved work a previous session left behind (it crashed or was killed), or that
// this run autosaved before the page was reloaded.

import { discardRecovery, recover } from '../actions/project'
import { useStudio } from '../store'
import type { Store } from '../store/types'

const selectRecovery = (s: Store) => s.recovery
const selectChecked = (s: Store) => s.recoveryChecked

export function RecoveryBanner() {
  const entries = useStudio(selectRecovery)
  const checked = useStudio(selectChecked)
  const first = entries[0]
  // The marker tells tests (and nothing else) that start-up has finished asking.
  if (!first) return checked ? <span data-testid="recovery-checked" hidden /> : null
  return (
    <div className="banner" data-testid="recovery-banner" role="alert">
      <span>
        {first.otherPage ? 'Unsaved work from a tab that was closed' : first.thisRun ? 'Unsaved work from before this page was reloaded' : 'Unsaved work from an earlier session'}: <strong>{first.name}</strong> ({new Date(first.savedAt).toLocaleString()})
        {entries.length > 1 ? ` and ${entries.length - 1} more` : ''}.
      </span>
      <button className="primary small" data-testid="recovery-restore" onClick={() => void recover(first.id)}>
        Recover
      </button>
      <button className="small" data-testid="recovery-discard" onClick={() => void discardRecovery(first.id)}>
        Discard
      </button>
    </div>
  )
}
