// The voiceover pane: the script and its lines, the voice prompt, seed and pause on the left; the
// lines as clips with takes, a timeline of the joined voiceover, playback and export on the right.

import { useCallback, useMemo, useRef, useState } from 'react'
import { useShallow } from 'zustand/shallow'
import { AUDIO_ACCEPT } from '../../actions/audio'
import { formatRate, formatTime } from '../../lib/format'
import { randomSeed } from '../../lib/ids'
import { studio, useStudio } from '../../store'
import type { Store } from '../../store/types'
import { jobFraction } from '../common/feature-job'
import { useClipClock } from '../common/useClipClock'
import { currentTake, isStale, voiceoverClips, voiceoverTiming, type VoLine } from './lines'
import { takeVoiceNote } from './voiceover-state'
import {
  cancelVoiceover,
  chooseVoiceFile,
  exportVoiceover,
  generateAllLines,
  pickRegionVoice,
  pickSampleVoice,
  playLine,
  playVoiceover,
  regenerateLine,
  removeLine,
  splitScript,
  stopVoiceover,
  type VoiceoverFormat,
} from './voiceover-actions'

/** What the Room tone box does, and to which takes (it had not said that takes made already stay as they are). */
const ROOM_TONE_HELP =
  "New takes carry the voice recording's background noise (its room tone) under the speech and into the pauses, for lines that go back into that recording; off, they are clean. Takes made already stay as they were: their names say which have it, and Generate all makes the lines made otherwise again."

/** Rates a voiceover can be written at besides its lines' own (video projects want 48 kHz). */
const VOICEOVER_RATES = [16000, 22050, 24000, 44100, 48000]

const selectPanel = (s: Store) => ({
  script: s.voScript,
  lines: s.voLines,
  pause: s.voPause,
  roomTone: s.voRoomTone,
  seed: s.voSeed,
  voice: s.voVoice,
  job: s.voJob,
  exported: s.voExport,
  canUseRegion: s.audio !== null && s.selectedRegionId !== null,
})

export function VoiceoverPanel() {
  const p = useStudio(useShallow(selectPanel))
  const fileInput = useRef<HTMLInputElement>(null)
  const clips = useMemo(() => voiceoverClips(p.lines), [p.lines])
  const timing = useMemo(() => ('clips' in clips ? voiceoverTiming(clips.clips, p.pause) : null), [clips, p.pause])
  const busy = p.job !== null
  const [format, setFormat] = useState<VoiceoverFormat>('pcm16')
  const [rate, setRate] = useState<number | null>(null)
  const clipRate = 'clips' in clips ? (clips.clips[0]?.sampleRate ?? null) : null
  return (
    <div className="feature-panel voiceover-panel" data-testid="voiceover-panel">
      <div className="vo-left">
        <textarea
          data-testid="vo-script"
          aria-label="Voiceover script"
          rows={6}
          placeholder={'Paste or type the script.\nEach line becomes one clip.'}
          value={p.script}
          onChange={(e) => studio.getState().setVoScript(e.target.value)}
        />
        <div className="row">
          <button data-testid="vo-split" disabled={busy || !p.script.trim()} title="Replace the lines with the script's lines" onClick={splitScript}>
            Split into lines
          </button>
          <span className="small-text muted">{p.lines.length ? `${p.lines.length} line(s)` : ''}</span>
        </div>
        <div className="vo-field">
          <span className="vo-field-name">Voice</span>
          <div className="row wrap">
            <button className={p.voice.kind === 'sample' ? 'small toggle on' : 'small'} data-testid="vo-voice-sample" disabled={busy} onClick={pickSampleVoice}>
              Built-in
            </button>
            <button
              className={p.voice.kind === 'region' ? 'small toggle on' : 'small'}
              data-testid="vo-voice-region"
              disabled={busy || !p.canUseRegion}
              title="The selected region of the open recording"
              onClick={pickRegionVoice}
            >
              Selected region
            </button>
            <button className={p.voice.kind === 'file' ? 'small toggle on' : 'small'} data-testid="vo-voice-file-button" disabled={busy} onClick={() => fileInput.current?.click()}>
              Audio file…
            </button>
            <input
              ref={fileInput}
              type="file"
              accept={AUDIO_ACCEPT}
              hidden
              data-testid="vo-voice-file"
              onChange={(e) => {
                const file = e.target.files?.[0]
                e.target.value = ''
                if (file) void chooseVoiceFile(file)
              }}
            />
          </div>
          <span className="small-text muted" data-testid="vo-voice-label">
            {p.voice.kind === 'sample' ? 'built-in sample voice (resources/voices)' : p.voice.label}
          </span>
        </div>
        <div className="row">
          <label className="field">
            Seed
            <input
              type="number"
              min={0}
              className="seed-input"
              data-testid="vo-seed"
              value={p.seed}
              onChange={(e) => studio.getState().setVoSeed(Number(e.target.value))}
            />
          </label>
          <button className="small" title="New random seed" data-testid="vo-seed-random" onClick={() => studio.getState().setVoSeed(randomSeed())}>
            Random
          </button>
          <label className="field">
            Pause
            <input
              type="number"
              min={0}
              max={10}
              step={0.05}
              className="num-input"
              data-testid="vo-pause"
              value={p.pause}
              onChange={(e) => studio.getState().setVoPause(Number(e.target.value))}
            />
            s
          </label>
          {/* The help on the box too: a label's title is its tooltip, but not the box's description for a screen reader. */}
          <label className="field nowrap" title={ROOM_TONE_HELP}>
            <input type="checkbox" data-testid="vo-room-tone" title={ROOM_TONE_HELP} checked={p.roomTone} onChange={(e) => studio.getState().setVoRoomTone(e.target.checked)} />
            Room tone
          </label>
        </div>
        <span className="small-text muted">Steps, solver and guidance come from Settings; line i uses a seed derived from this one.</span>
      </div>
      <div className="vo-right">
        <div className="feature-controls">
          {busy ? (
            <button className="small" data-testid="vo-cancel" disabled={p.job?.cancelling} onClick={() => void cancelVoiceover()}>
              {p.job?.cancelling ? 'Cancelling…' : 'Cancel'}
            </button>
          ) : (
            <button className="primary" data-testid="vo-generate-all" disabled={!p.lines.length && !p.script.trim()} onClick={() => void generateAllLines()}>
              Generate all lines
            </button>
          )}
          <button className="small" data-testid="vo-play" disabled={'error' in clips} title={'error' in clips ? clips.error : 'Play the whole voiceover'} onClick={() => void playVoiceover()}>
            ▶ Play all
          </button>
          <button className="small" data-testid="vo-stop" aria-label="Stop playback" title="Stop playback" onClick={stopVoiceover}>
            ■
          </button>
          <span className="spacer" />
          <span className="small-text muted" data-testid="vo-total">
            {timing?.length ? `${formatTime(timing[timing.length - 1].end, 2)} in all` : ''}
          </span>
          <select data-testid="vo-export-format" aria-label="Voiceover WAV encoding" title="The WAV's encoding (mono)" value={format} onChange={(e) => setFormat(e.target.value as VoiceoverFormat)}>
            <option value="pcm16">16-bit</option>
            <option value="pcm24">24-bit</option>
            <option value="float32">32-bit float</option>
          </select>
          <select
            data-testid="vo-export-rate"
            aria-label="Voiceover sample rate"
            title="The WAV's sample rate: the lines' own (the model's) or resampled for a video or music project"
            value={rate ?? ''}
            onChange={(e) => setRate(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">{clipRate ? `${formatRate(clipRate)} (as made)` : 'as made'}</option>
            {VOICEOVER_RATES.filter((r) => r !== clipRate).map((r) => (
              <option key={r} value={r}>
                {formatRate(r)}
              </option>
            ))}
          </select>
          <button data-testid="vo-export" disabled={busy || 'error' in clips} title={'error' in clips ? clips.error : 'Export WAV + SRT subtitles'} onClick={() => void exportVoiceover(format, rate)}>
            Export WAV + SRT
          </button>
        </div>
        {timing && timing.length > 0 && <Timeline cues={timing} />}
        <ol className="vo-lines" data-testid="vo-lines">
          {p.lines.map((line, i) => (
            <LineRow
              key={line.id}
              line={line}
              index={i}
              cue={timing?.[i] ?? null}
              job={p.job?.lineId === line.id ? p.job : null}
              busy={busy}
              voiceNote={takeVoiceNote(currentTake(line)?.voice, p.voice, p.roomTone)}
            />
          ))}
        </ol>
        <button className="small add-line" data-testid="vo-add-line" disabled={busy} onClick={() => studio.getState().addVoLine()}>
          + Add line
        </button>
        {p.exported && (
          <div className="vo-export" data-testid="vo-export-result">
            <div className="small-text">
              Exported <strong>{p.exported.wav.fileName}</strong> ({formatTime(p.exported.wav.frames / p.exported.wav.sampleRate, 2)}) and{' '}
              <strong>{p.exported.srt.fileName}</strong>
              {p.exported.srt.downloadUrl && (
                <>
                  {' '}
                  · <a href={p.exported.srt.downloadUrl} download={p.exported.srt.fileName}>download the SRT again</a>
                </>
              )}
            </div>
            <ol className="vo-cues">
              {p.exported.cues.map((c, i) => (
                <li key={i} data-testid="vo-cue">
                  <span className="mono">
                    {formatTime(c.start)} → {formatTime(c.end)}
                  </span>{' '}
                  {c.text}
                </li>
              ))}
            </ol>
          </div>
        )}
      </div>
    </div>
  )
}

function LineRow({
  line,
  index,
  cue,
  job,
  busy,
  voiceNote,
}: {
  line: VoLine
  index: number
  cue: { start: number; end: number } | null
  job: Store['voJob']
  busy: boolean
  /** The take in use was made otherwise than new takes are now (takeVoiceNote). */
  voiceNote: string | null
}) {
  const take = currentTake(line)
  const stale = isStale(line)
  return (
    <li className={`vo-line ${line.status}${stale ? ' stale' : ''}`} data-testid="vo-line" data-status={line.status} data-takes={line.takes.length}>
      <span className="region-index">{index + 1}</span>
      <div className="vo-line-main">
        <input
          data-testid="vo-line-text"
          value={line.text}
          disabled={line.status === 'generating'}
          onChange={(e) => studio.getState().setVoLineText(line.id, e.target.value)}
        />
        <div className="row">
          {line.takes.length > 0 && (
            <select data-testid="vo-line-take" value={line.current ?? ''} disabled={busy} onChange={(e) => studio.getState().selectVoLineTake(line.id, e.target.value)}>
              {line.takes.map((t, k) => (
                <option key={t.audioId} value={t.audioId}>
                  take {k + 1} · seed {t.seed} · {(t.frames / t.sampleRate).toFixed(2)} s{t.voice ? ` · ${t.voice}` : ''}
                </option>
              ))}
            </select>
          )}
          {cue && (
            <span className="small-text muted mono" data-testid="vo-line-time">
              {formatTime(cue.start)}–{formatTime(cue.end)}
            </span>
          )}
          {line.status === 'generating' && (
            <div className="progress vo-line-progress" data-testid="vo-line-progress" role="progressbar" aria-valuenow={Math.round(jobFraction(job) * 100)}>
              <div className="progress-fill" style={{ width: `${(jobFraction(job) * 100).toFixed(1)}%` }} />
            </div>
          )}
          {line.status === 'queued' && <span className="small-text muted">queued</span>}
          {stale && <span className="small-text warn-text">text changed: regenerate</span>}
          {/* Room tone or the voice changed since: the line would not match its neighbours made now. */}
          {!stale && voiceNote && (
            <span className="small-text warn-text" data-testid="vo-line-voice-note">
              {voiceNote}
            </span>
          )}
          {!take && line.status === 'idle' && <span className="small-text muted">not generated</span>}
          {line.error && (
            <span className="small-text error-text" data-testid="vo-line-error">
              {line.error}
            </span>
          )}
        </div>
      </div>
      <div className="row-actions">
        <button className="small" data-testid="vo-line-play" disabled={!take} title="Play this line" onClick={() => void playLine(line.id)}>
          ▶
        </button>
        <button className="small" data-testid="vo-line-regenerate" disabled={busy || !line.text.trim()} title="Generate this line again (a new take)" onClick={() => void regenerateLine(line.id)}>
          ↻
        </button>
        <button className="icon" data-testid="vo-line-remove" disabled={line.status === 'generating'} title="Remove the line" aria-label="Remove the line" onClick={() => removeLine(line.id)}>
          ✕
        </button>
      </div>
    </li>
  )
}

/** The joined voiceover: a block per line and the pauses between, with the playhead. */
function Timeline({ cues }: { cues: { start: number; end: number; text: string }[] }) {
  const total = cues[cues.length - 1].end || 1
  const head = useRef<HTMLDivElement>(null)
  const tick = useCallback(
    (seconds: number | null, key: string | null) => {
      const el = head.current
      if (!el) return
      const on = key === 'voiceover' && seconds !== null
      el.style.display = on ? 'block' : 'none'
      if (on) el.style.left = `${(seconds / total) * 100}%`
    },
    [total],
  )
  useClipClock(tick)
  return (
    <div className="vo-timeline" data-testid="vo-timeline">
      {cues.map((c, i) => (
        <div key={i} className="vo-block" style={{ left: `${(c.start / total) * 100}%`, width: `${((c.end - c.start) / total) * 100}%` }} title={c.text}>
          {i + 1}
        </div>
      ))}
      <div ref={head} className="vo-head" data-testid="vo-head" />
    </div>
  )
}
