// Offer to recover unsaved work a previous session left behind (it crashed or was killed).

import { discardRecovery, recover } from '../actions/project'
import { useStudio } from '../store'
import type { Store } from '../store/types'

const selectRecovery = (s: Store) => s.recovery

export function RecoveryBanner() {
  const entries = useStudio(selectRecovery)
  const first = entries[0]
  if (!first) return null
  return (
    <div className="banner" data-testid="recovery-banner" role="alert">
      <span>
        Unsaved work from an earlier session: <strong>{first.name}</strong> ({new Date(first.savedAt).toLocaleString()})
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
