// Export the edited audio (source + applied takes) as WAV: sample format and rate.

import { useState } from 'react'
import { sourceEncoding, WAV_ENCODING_LABELS, type WavEncoding } from '../../../electron/engine/audio/encoding'
import type { AudioInfo, StudioSettings } from '../api/types'
import { cancelExport, exportAudio, exportFileName, type ExportProgressView } from '../actions/export'
import { formatRate, formatTime } from '../lib/format'
import { editedDuration } from '../lib/timeline'
import { studio, useStudio } from '../store'
import { selectEditMap } from '../store/selectors'
import type { Store } from '../store/types'
import { Modal } from './Modal'

const RATES = [8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000]
const ENCODINGS: WavEncoding[] = ['pcm16', 'pcm24', 'float32']

const selectAudio = (s: Store) => s.audio
const selectApplied = (s: Store) => Object.keys(s.applied).length
/** The edited timeline's length: what the file will hold (a take at natural length changes it). */
const selectLength = (s: Store) => {
  const map = selectEditMap(s)
  return map ? editedDuration(map) : 0
}

/**
 * The choice made for each recording this session. A new recording opens on its own encoding and rate:
 * another file's 8 kHz or float choice carried over silently, and its export came out that way.
 */
const chosen = new Map<string, { format: StudioSettings['exportFormat']; rate: number | null }>()

export function ExportDialog() {
  const audio = useStudio(selectAudio)
  if (!audio) return null
  // Keyed by recording: one opened while the dialog is up (a pick still uploading when Export was
  // clicked) starts over from its own choice; the form's state had kept the previous file's.
  return <ExportForm key={audio.audioId} audio={audio} />
}

function ExportForm({ audio }: { audio: AudioInfo }) {
  const applied = useStudio(selectApplied)
  const length = useStudio(selectLength)
  const mine = chosen.get(audio.audioId)
  const [format, setFormat] = useState<StudioSettings['exportFormat']>(mine?.format ?? 'source')
  const [rate, setRate] = useState<number | null>(mine ? mine.rate : null)
  const [working, setWorking] = useState(false)
  const [progress, setProgress] = useState<ExportProgressView | null>(null)
  const close = () => studio.getState().openDialog(null)
  // Esc (and ✕) while the file is written cancels the export, as the button in Cancel's place does;
  // closing would have left it running unseen.
  const dismiss = () => {
    if (!working) close()
    else if (progress) void cancelExport(progress.exportId)
  }
  const run = async () => {
    setWorking(true)
    const ok = await exportAudio(format, rate, setProgress)
    if (ok) chosen.set(audio.audioId, { format, rate })
    setWorking(false)
    setProgress(null)
    if (ok) close()
  }
  const fraction = progress && progress.totalFrames > 0 ? progress.frames / progress.totalFrames : 0
  return (
    <Modal
      title="Export audio"
      testId="export-dialog"
      onClose={dismiss}
      // Enter exports, as the Export button does (it had done nothing unless a button had the focus).
      onEnter={() => !working && void run()}
      footer={
        <>
          <span className="spacer" />
          {working && progress ? (
            <button data-testid="export-cancel" onClick={() => void cancelExport(progress.exportId)}>
              Cancel export
            </button>
          ) : (
            <button onClick={close}>Cancel</button>
          )}
          <button className="primary" data-testid="export-confirm" disabled={working} onClick={() => void run()}>
            {working ? 'Exporting…' : 'Export'}
          </button>
        </>
      }
    >
      <p className="muted">
        {exportFileName(audio.name)}: the original with {applied === 1 ? '1 applied take' : `${applied} applied takes`},{' '}
        <span data-testid="export-length">{formatTime(length)}</span> long. The original file is never changed.
      </p>
      <section className="form-section grid">
        <label>
          Format
          <select data-testid="export-format" value={format} onChange={(e) => setFormat(e.target.value as StudioSettings['exportFormat'])}>
            <option value="source">Same as source ({WAV_ENCODING_LABELS[sourceEncoding(audio.format)]})</option>
            {ENCODINGS.map((e) => (
              <option key={e} value={e}>
                {WAV_ENCODING_LABELS[e]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sample rate
          <select data-testid="export-rate" value={rate ?? ''} onChange={(e) => setRate(e.target.value ? Number(e.target.value) : null)}>
            <option value="">Source ({formatRate(audio.sampleRate)})</option>
            {RATES.filter((r) => r !== audio.sampleRate).map((r) => (
              <option key={r} value={r}>
                {formatRate(r)}
              </option>
            ))}
          </select>
        </label>
      </section>
      {working && (
        <div className="export-progress" data-testid="export-progress">
          <div className="progress" role="progressbar" aria-valuenow={Math.round(fraction * 100)} aria-valuemin={0} aria-valuemax={100} data-testid="export-progress-bar">
            <div className="progress-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
          </div>
          <span className="muted" data-testid="export-progress-text">
            {progress && progress.totalFrames > 0
              ? `${formatTime(progress.frames / (rate ?? audio.sampleRate), 1)} of ${formatTime(progress.totalFrames / (rate ?? audio.sampleRate), 1)} written`
              : 'Starting…'}
          </span>
        </div>
      )}
    </Modal>
  )
}
