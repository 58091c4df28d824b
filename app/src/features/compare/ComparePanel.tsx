// The compare panel: the ladder to generate for the selected region, its progress, and the table
// of variants (cost, distance to the reference, a small spectrogram), with listening controls and
// a blind mode.

import { useCallback, useMemo, useRef } from 'react'
import { useShallow } from 'zustand/shallow'
import { formatEta, formatMs, formatTime } from '../../lib/format'
import { downmix } from '../../lib/spectrogram'
import { studio, useStudio } from '../../store'
import { takeAudio } from '../../store/take-audio'
import type { Store } from '../../store/types'
import { jobFraction } from '../common/feature-job'
import { pcmFingerprint, pcmSpectrogram } from '../common/images'
import { RgbaCanvas } from '../common/RgbaCanvas'
import { useClipClock } from '../common/useClipClock'
import { displayOrder, revealTable, slotLabel, type BlindState } from './blind'
import {
  cancelLadder,
  endBlindTest,
  keepVariant,
  playVariant,
  rankBlindSlot,
  revealBlind,
  runLadder,
  startBlindTest,
  stopVariant,
  toggleCompareLoop,
  variantTimelineTime,
} from './compare-actions'
import { callsOf, familyOf, loadedFamilies, parseStepList, planVariants, SOLVERS, type VariantRow } from './ladder-plan'

const selectPanel = (s: Store) => ({
  model: s.model,
  secondModel: s.engine?.secondModel ?? null,
  stepsText: s.compareStepsText,
  solvers: s.compareSolvers,
  run: s.compareRun,
  job: s.compareJob,
  loop: s.compareLoop,
  blind: s.compareBlind,
  kept: s.compareKept,
  now: s.compareNowPlaying,
  hasAudio: s.audio !== null,
  regions: s.regions,
  selectedRegionId: s.selectedRegionId,
  sampleRate: s.audio?.sampleRate ?? 0,
})

export function ComparePanel() {
  const p = useStudio(useShallow(selectPanel))
  const regionIndex = p.regions.findIndex((r) => r.id === p.selectedRegionId)
  const region = regionIndex >= 0 ? p.regions[regionIndex] : null
  const families = useMemo(() => loadedFamilies(p.model, p.secondModel), [p.model, p.secondModel])
  const plan = useMemo(() => {
    const parsed = parseStepList(p.stepsText)
    return 'error' in parsed ? parsed : planVariants(parsed.steps, p.solvers, families)
  }, [p.stepsText, p.solvers, families])
  const rows = p.run?.rows ?? []
  const mixed = new Set(rows.map((r) => r.family)).size > 1
  const order = displayOrder(rows.length, p.blind)
  const nowSlot = p.now ? order.findIndex((i) => rows[i]?.takeId === p.now!.takeId) : -1

  return (
    <div className="feature-panel compare-panel" data-testid="compare-panel">
      <div className="feature-controls">
        <span className="feature-what" data-testid="compare-region">
          {region ? `Region ${regionIndex + 1}: “${region.text.trim() || '(no text)'}”` : p.hasAudio ? 'Select a region on the waveform' : 'Open a recording first'}
        </span>
        <label className="field">
          Steps
          <input
            data-testid="compare-steps"
            className="steps-input"
            value={p.stepsText}
            onChange={(e) => studio.getState().setCompareStepsText(e.target.value)}
            title="Step counts to compare, e.g. 1, 2, 4, 8, 16, 32"
          />
        </label>
        {(['flow', 'diffusion'] as const).map((family) => (
          <span key={family} className="field" data-testid={`compare-family-${family}`} title={families.includes(family) ? undefined : `No ${family} model is loaded (Settings: model or second model)`}>
            <span className="small-text muted">{family}:</span>
            {SOLVERS.filter((s) => familyOf(s) === family).map((s) => (
              <label key={s} className="check">
                <input
                  type="checkbox"
                  data-testid={`compare-solver-${s}`}
                  checked={p.solvers.includes(s)}
                  disabled={!families.includes(family) && !p.solvers.includes(s)}
                  onChange={() => studio.getState().toggleCompareSolver(s)}
                />
                {s}
              </label>
            ))}
          </span>
        ))}
        <span className={'error' in plan ? 'small-text error-text' : 'small-text muted'} data-testid="compare-plan">
          {'error' in plan ? plan.error : `${plan.variants.length} variant${plan.variants.length === 1 ? '' : 's'} · ${plan.variants.reduce((n, v) => n + callsOf(v), 0)} network calls`}
        </span>
        <span className="spacer" />
        {p.job ? (
          <button className="small" data-testid="compare-cancel" disabled={p.job.cancelling} onClick={() => void cancelLadder()}>
            {p.job.cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : (
          <button
            className="primary"
            data-testid="compare-run"
            // A delete makes no audio to compare: nothing to sample.
            disabled={!region || region.mode === 'delete' || 'error' in plan}
            title={region?.mode === 'delete' ? 'A delete region has no words to generate: choose a replace, insert or regenerate region' : undefined}
            onClick={() => void runLadder()}
          >
            Generate ladder
          </button>
        )}
      </div>
      {p.job && <LadderProgress />}
      {p.run && (
        <>
          <div className="feature-controls">
            <span className="small-text muted" data-testid="compare-seed">
              seed {p.run.seed} · every variant starts from the same noise
            </span>
            <span className="spacer" />
            <NowPlaying rows={rows} slot={nowSlot} blind={p.blind} />
            <button className="small" data-testid="compare-stop" disabled={!p.now} onClick={stopVariant}>
              ■ Stop
            </button>
            <button className={p.loop ? 'small toggle on' : 'small toggle'} aria-pressed={p.loop} data-testid="compare-loop" onClick={toggleCompareLoop}>
              ⟲ Loop
            </button>
            {p.blind ? (
              <>
                <button className="small" data-testid="compare-reveal" disabled={p.blind.revealed} onClick={revealBlind}>
                  Reveal
                </button>
                <button className="small" data-testid="compare-blind-end" onClick={endBlindTest}>
                  End blind test
                </button>
              </>
            ) : (
              <button className="small" data-testid="compare-blind" title="Hide and shuffle the labels, rank by ear, then reveal" onClick={startBlindTest}>
                Blind test
              </button>
            )}
          </div>
          {p.blind?.revealed && <RevealTable blind={p.blind} rows={rows} />}
          <table className="variant-table" data-testid="compare-table">
            <thead>
              <tr>
                <th title="Press this number to listen">Key</th>
                <th>Variant</th>
                {p.blind && !p.blind.revealed ? (
                  <th>Your ranking (click in order of preference)</th>
                ) : (
                  <>
                    <th>Spectrogram</th>
                    <th className="num">Network calls</th>
                    <th className="num">Wall time</th>
                    <th className="num" title="Wall time / generated seconds">RTF</th>
                    <th className="num" title="Mean |Δ| of the normalised log-mel from the reference (most steps)">Log-mel distance</th>
                  </>
                )}
                <th />
              </tr>
            </thead>
            <tbody>
              {order.map((rowIndex, slot) => (
                <VariantRowView
                  key={rows[rowIndex].takeId}
                  row={rows[rowIndex]}
                  rowIndex={rowIndex}
                  slot={slot}
                  blind={p.blind}
                  playing={p.now?.takeId === rows[rowIndex].takeId}
                  kept={p.kept.includes(rows[rowIndex].takeId)}
                  sampleRate={p.sampleRate}
                  mixed={mixed}
                />
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  )
}

const selectJob = (s: Store) => s.compareJob

function LadderProgress() {
  const job = useStudio(selectJob)
  const pr = job?.progress
  const fraction = jobFraction(job)
  return (
    <div className="feature-progress" data-testid="compare-progress" role="status">
      <div className="progress" role="progressbar" aria-valuenow={Math.round(fraction * 100)} aria-valuemin={0} aria-valuemax={100}>
        <div className="progress-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      <span className="small-text muted" data-testid="compare-progress-text">
        {pr
          ? `variant ${pr.regionIndex + 1}/${pr.regionCount} · network call ${pr.jobCall}/${pr.jobTotalCalls}${pr.etaMs !== null ? ` · ${formatEta(pr.etaMs)} left` : ''}`
          : 'starting…'}
      </span>
    </div>
  )
}

function variantLabel(r: VariantRow): string {
  return `${r.steps} step${r.steps === 1 ? '' : 's'} · ${r.solver}`
}

/** The rung's kind of model, shown when a ladder mixes them. */
function FamilyBadge({ row }: { row: VariantRow }) {
  return (
    <span className={`badge family-${row.family}`} title={row.model} data-testid="compare-family">
      {row.family === 'diffusion' ? 'diffusion' : 'flow'}
    </span>
  )
}

interface RowProps {
  row: VariantRow
  rowIndex: number
  slot: number
  blind: BlindState | null
  playing: boolean
  kept: boolean
  sampleRate: number
  /** the ladder mixes flow and diffusion rungs: label each with its kind */
  mixed: boolean
}

function VariantRowView({ row, rowIndex, slot, blind, playing, kept, sampleRate, mixed }: RowProps) {
  const hidden = blind !== null && !blind.revealed
  const pcm = takeAudio.get(row.takeId)
  const fingerprint = useMemo(() => (pcm ? pcmFingerprint(pcm[0]) : ''), [pcm])
  const rank = blind?.ranks[slot] ?? 0
  return (
    <tr
      className={`variant-row${playing ? ' playing' : ''}${row.isReference && !hidden ? ' reference' : ''}`}
      data-testid="compare-row"
      data-take-id={hidden ? undefined : row.takeId}
      data-seed={hidden ? undefined : row.seed}
      data-steps={hidden ? undefined : row.steps}
      data-solver={hidden ? undefined : row.solver}
      data-family={hidden ? undefined : row.family}
      data-fingerprint={hidden ? undefined : fingerprint}
      data-key={slot + 1}
    >
      <td>
        <span className="key-badge">{slot < 9 ? slot + 1 : ''}</span>
      </td>
      <td className="variant-label" data-testid="compare-label">
        {blind ? <strong>{slotLabel(slot)}</strong> : null}
        {!hidden && (
          <span>
            {blind ? ' · ' : ''}
            {variantLabel(row)} {mixed && <FamilyBadge row={row} />} {row.isReference && <span className="badge">reference</span>}
          </span>
        )}
      </td>
      {hidden ? (
        <td>
          <button className={rank ? 'small toggle on' : 'small'} data-testid="compare-rank" onClick={() => rankBlindSlot(slot)}>
            {rank ? `#${rank}` : 'Rank'}
          </button>
        </td>
      ) : (
        <>
          <td>
            <VariantSpectrogram takeId={row.takeId} sampleRate={sampleRate} />
          </td>
          <td className="num">{row.networkCalls}</td>
          <td className="num">{formatMs(row.wallMs)}</td>
          <td className="num">{row.rtf.toFixed(2)}</td>
          <td className="num" data-testid="compare-distance">
            {row.melL1.toFixed(4)}
          </td>
        </>
      )}
      <td>
        <div className="row-actions">
          <button className="small" data-testid="compare-play" title={`Play in context (key ${slot + 1})`} onClick={() => void playVariant(rowIndex)}>
            ▶
          </button>
          {!hidden && (
            <button className="small" data-testid="compare-keep" disabled={kept} title="Add this variant to the region's takes" onClick={() => keepVariant(row.takeId)}>
              {kept ? 'Kept' : 'Keep as take'}
            </button>
          )}
        </div>
      </td>
    </tr>
  )
}

function VariantSpectrogram({ takeId, sampleRate }: { takeId: string; sampleRate: number }) {
  const image = useMemo(() => {
    const pcm = takeAudio.get(takeId)
    return pcm && sampleRate ? pcmSpectrogram(downmix(pcm), sampleRate, 220, 48) : null
  }, [takeId, sampleRate])
  return <RgbaCanvas image={image} className="variant-spectrogram" testId="compare-spectrogram" />
}

const selectNowPlaying = (s: Store) => s.compareNowPlaying

/** What plays, read from the player itself: the key, the variant and where the playhead is. */
function NowPlaying({ rows, slot, blind }: { rows: VariantRow[]; slot: number; blind: BlindState | null }) {
  const now = useStudio(selectNowPlaying)
  const position = useRef<HTMLSpanElement>(null)
  const row = rows.find((r) => r.takeId === now?.takeId)
  const tick = useCallback((seconds: number | null, key: string | null) => {
    const el = position.current
    if (!el) return
    // Where the playhead is on the timeline the clock and the region card use (it had been seconds into the clip, from its pre-roll).
    const at = seconds === null || key === null ? null : variantTimelineTime(key, seconds)
    el.textContent = at === null ? '' : `at ${formatTime(at, 2)}`
    el.dataset.seconds = seconds === null ? '' : seconds.toFixed(3)
  }, [])
  useClipClock(tick)
  const hidden = blind !== null && !blind.revealed
  return (
    <span
      className="now-playing small-text"
      data-testid="compare-now-playing"
      data-take-id={now?.takeId ?? ''}
      data-fingerprint={now?.fingerprint ?? ''}
      data-key={slot >= 0 ? slot + 1 : ''}
    >
      {now && row ? `▶ ${slot + 1}: ${hidden ? slotLabel(slot) : variantLabel(row)}` : 'press 1–9 to listen'}{' '}
      <span ref={position} className="muted" data-testid="compare-position" />
    </span>
  )
}

function RevealTable({ blind, rows }: { blind: BlindState; rows: VariantRow[] }) {
  return (
    <ol className="reveal-list" data-testid="compare-reveal-table">
      {revealTable(blind).map((r) => (
        <li key={r.slot} data-testid="compare-revealed" data-rank={r.rank} data-label={r.label} data-steps={rows[r.row].steps}>
          <strong>{r.rank ? `#${r.rank}` : 'unranked'}</strong> {r.label} = {variantLabel(rows[r.row])}
        </li>
      ))}
    </ol>
  )
}
