// Non-blocking messages: errors stay until dismissed, others fade after a few seconds.

import { useStudio } from '../store'
import { studio } from '../store'
import { selectEditMap, toastText } from '../store/selectors'
import type { Store } from '../store/types'

const selectToasts = (s: Store) => s.toasts
const selectRegions = (s: Store) => s.regions

export function Toasts() {
  const toasts = useStudio(selectToasts)
  // Times quoted from the source follow the edited timeline as takes change it.
  const map = useStudio(selectEditMap)
  // Regions named by a message go by their numbers now (one deleted or added before it renumbers them).
  const regions = useStudio(selectRegions)
  // Nothing to show takes no room from the waveform above it.
  if (!toasts.length) return null
  return (
    <div className="toasts" data-testid="toasts">
      {toasts.map((t) => (
        <div key={t.id} className={`toast ${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'} aria-live={t.kind === 'error' ? 'assertive' : 'polite'} data-testid="toast" data-kind={t.kind}>
          <span className="toast-message">{toastText(t, map, regions)}</span>
          {t.actions?.map((a) => (
            <button
              key={a.label}
              className="toast-action"
              data-testid="toast-action"
              onClick={() => {
                studio.getState().dismissToast(t.id)
                a.run()
              }}
            >
              {a.label}
            </button>
          ))}
          <button className="icon" title="Dismiss" aria-label="Dismiss" data-testid="toast-dismiss" onClick={() => studio.getState().dismissToast(t.id)}>
            ✕
          </button>
        </div>
      ))}
    </div>
  )
}
