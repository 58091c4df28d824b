// The status bar: engine and model state, the open file, cursor time and the current operation.

import { useShallow } from 'zustand/shallow'
import { formatRate, formatTime } from '../lib/format'
import { formatPeak, peakOf } from '../lib/levels'
import { editedDuration } from '../lib/timeline'
import { useStudio } from '../store'
import { selectEditMap } from '../store/selectors'
import { isDirty } from '../store/session-slice'
import type { Store } from '../store/types'

const STATE_LABEL = { starting: 'starting', ready: 'ready', crashed: 'crashed', restarting: 'restarting', stopped: 'stopped' } as const

const selectStatus = (s: Store) => ({
  engine: s.engine?.state ?? null,
  engineMessage: s.engine?.message ?? null,
  disconnected: s.connectionLost,
  model: s.model?.info?.name ?? (s.model?.error ? 'model error' : null),
  modelError: s.model?.error ?? null,
  audio: s.audio,
  busy: s.busy,
  dirty: isDirty(s),
  project: s.project?.name ?? null,
  regions: s.regions.length,
  applied: Object.keys(s.applied).length,
})

export function StatusBar() {
  const st = useStudio(useShallow(selectStatus))
  const time = useStudio((s) => s.currentTime)
  const map = useStudio(selectEditMap)
  const total = map ? editedDuration(map) : 0
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={`engine-dot ${st.engine ?? 'unknown'}`} />
      <span data-testid="engine-status" title={st.engineMessage ?? undefined}>
        {st.disconnected ? 'server disconnected' : `engine ${st.engine ? STATE_LABEL[st.engine] : '…'}`}
      </span>
      <span className={`${st.modelError ? 'error-text' : 'muted'} shrink`} data-testid="model-status" title={st.modelError ?? st.model ?? undefined}>
        {st.model ?? 'no model'}
      </span>
      {st.audio && (
        <span className="muted shrink" data-testid="status-audio" title={audioLine(st.audio)}>
          {audioLine(st.audio)}
        </span>
      )}
      {st.audio && (
        // The waveform is drawn scaled to this peak, so a quiet file looks full: the number says how loud it is.
        <span className="muted" data-testid="status-peak" title="The file's highest sample; the waveform is drawn scaled to it">
          {formatPeak(peakOf(st.audio.peaks))}
        </span>
      )}
      {st.audio && (
        <span className="muted">
          {st.regions} region{st.regions === 1 ? '' : 's'} · {st.applied} applied
        </span>
      )}
      {st.project && <span className="muted">project {st.project}</span>}
      {st.dirty && <span className="muted" data-testid="dirty-flag">unsaved</span>}
      <span className="spacer" />
      {st.busy && <span data-testid="busy">{st.busy}</span>}
      {st.audio && (
        <span className="time" data-testid="status-time">
          {formatTime(time)} / {formatTime(total)}
        </span>
      )}
    </footer>
  )
}

/** "take.wav · 16 kHz · mono · WAV 16-bit PCM": the status bar's line for the open file. */
function audioLine(a: { name: string; sampleRate: number; channels: number; format: string }): string {
  return `${a.name} · ${formatRate(a.sampleRate)} · ${a.channels === 1 ? 'mono' : `${a.channels} ch`} · ${a.format}`
}
