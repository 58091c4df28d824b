// What the centre shows before a file is open.

import { openAudioDialog } from '../actions/audio'
import { openProject } from '../actions/project'
import { studio, useStudio } from '../store'
import type { Store } from '../store/types'
import { pickAudioFile } from './Toolbar'

const selectWeb = (s: Store) => s.appInfo?.kind === 'web'

export function EmptyState() {
  const web = useStudio(selectWeb)
  const busy = useStudio((s) => s.busy)
  return (
    <div className="empty-state" data-testid="empty-state">
      <div className="empty-title">Open a recording to edit</div>
      <p className="muted">WAV, FLAC, MP3, Ogg/Opus, AIFF or M4A — drop it here, or</p>
      <div className="row center">
        <button className="primary" onClick={() => (web ? pickAudioFile() : void openAudioDialog())}>
          Open audio…
        </button>
        <button onClick={() => (web ? studio.getState().openDialog('open-project') : void openProject())}>Open project…</button>
      </div>
      {busy && <p className="muted">{busy}</p>}
      <p className="muted small-text">
        Mark a region, type what should be said, and generate: the model fills it in the same voice. The original file is never changed.
      </p>
    </div>
  )
}
