// The trajectory view: the state x_t and the model's estimate of the result (x_t + (1 − t)·v for a
// flow model, x̂_0 for a diffusion model) at each step of one generation, as mel spectrograms, on a
// scrubber from noise to speech that marks the time grid (sway sampling crowds its steps near t = 0;
// a respaced DDPM chain runs t = T … 0), with playback of any step. Beside it, the forward process:
// the original region noised by the closed form at any level, with ᾱ_t shown, playable.

import { useCallback, useMemo, useRef, type KeyboardEvent, type PointerEvent } from 'react'
import { useShallow } from 'zustand/shallow'
import { formatEta } from '../../lib/format'
import { findShortcut, type ShortcutAt } from '../../lib/shortcuts'
import { studio, useStudio } from '../../store'
import type { Store } from '../../store/types'
import { stopClip } from '../common/clip-player'
import { jobFraction } from '../common/feature-job'
import { featureImage } from '../common/images'
import { RgbaCanvas } from '../common/RgbaCanvas'
import { useClipClock } from '../common/useClipClock'
import { forwardState } from '../../../../electron/engine/diffusion'
import { cancelTrajectory, generateTrajectory, keepTrajectoryTake, playForward, playTrajectoryStep, trajectoryData } from './trajectory-actions'
import { nearestStep } from './grid'
import type { TrajectoryView } from './trajectory-state'

const selectPanel = (s: Store) => ({
  steps: s.trajectorySteps,
  view: s.trajectory,
  step: s.trajectoryStep,
  job: s.trajectoryJob,
  hasAudio: s.audio !== null,
  regions: s.regions,
  selectedRegionId: s.selectedRegionId,
})

export function TrajectoryPanel() {
  const p = useStudio(useShallow(selectPanel))
  const regionIndex = p.regions.findIndex((r) => r.id === p.selectedRegionId)
  const region = regionIndex >= 0 ? p.regions[regionIndex] : null
  const pr = p.job?.progress
  return (
    <div className="feature-panel trajectory-panel" data-testid="trajectory-panel">
      <div className="feature-controls">
        <span className="feature-what">
          {region ? `Region ${regionIndex + 1}: “${region.text.trim() || '(no text)'}”` : p.hasAudio ? 'Select a region on the waveform' : 'Open a recording first'}
        </span>
        <label className="field">
          Steps
          <input
            type="number"
            min={1}
            max={256}
            data-testid="trajectory-steps"
            className="num-input"
            value={p.steps}
            onChange={(e) => studio.getState().setTrajectorySteps(Number(e.target.value))}
          />
        </label>
        <span className="small-text muted">solver, schedule and seed from Settings</span>
        <span className="spacer" />
        {p.job ? (
          <button className="small" data-testid="trajectory-cancel" disabled={p.job.cancelling} onClick={() => void cancelTrajectory()}>
            {p.job.cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : (
          <button className="primary" data-testid="trajectory-generate" disabled={!region} onClick={() => void generateTrajectory()}>
            Generate and capture
          </button>
        )}
      </div>
      {p.job && (
        <div className="feature-progress" data-testid="trajectory-progress" role="status">
          <div className="progress" role="progressbar" aria-valuenow={Math.round(jobFraction(p.job) * 100)} aria-valuemin={0} aria-valuemax={100}>
            <div className="progress-fill" style={{ width: `${(jobFraction(p.job) * 100).toFixed(1)}%` }} />
          </div>
          <span className="small-text muted">
            {pr ? `network call ${pr.jobCall}/${pr.jobTotalCalls} · t = ${pr.t.toFixed(3)}${pr.etaMs !== null ? ` · ${formatEta(pr.etaMs)} left` : ''}` : 'starting…'}
          </span>
        </div>
      )}
      {p.view && <TrajectoryBody view={p.view} step={p.step} />}
    </div>
  )
}

function TrajectoryBody({ view, step }: { view: TrajectoryView; step: number }) {
  const data = trajectoryData()
  const images = useMemo(() => {
    if (!data) return null
    return {
      state: featureImage(data.states[step], view.frames, view.nMels, view.range),
      estimate: featureImage(data.estimates[step], view.frames, view.nMels, view.range),
    }
  }, [data, step, view])
  const steps = view.times.length - 1
  const t = view.times[step]
  const s = view.settings
  const diffusion = view.family === 'diffusion'
  const mask = { left: `${(view.maskStart / view.frames) * 100}%`, width: `${((view.maskEnd - view.maskStart) / view.frames) * 100}%` }
  const sampler = diffusion
    ? `${s.solver}${s.solver === 'ddim' ? ` η ${s.eta ?? 0}` : ` σ² = ${s.variance === 'beta-tilde' ? 'β̃' : 'β'}`}`
    : `${s.solver} · ${s.schedule}${s.schedule === 'sway' ? ` ${s.sway}` : ''}`
  const where = diffusion && view.timesteps && view.alphaBars
    ? `DDPM t = ${view.timesteps[step]} · ᾱ_t = ${formatAlphaBar(view.alphaBars[step])}`
    : `t = ${t.toFixed(3)}`
  return (
    <>
      <div className="feature-controls">
        <span className="small-text muted" data-testid="trajectory-settings">
          {steps} steps · {sampler} · seed {s.seed}
        </span>
        <span className="spacer" />
        <button className="small" data-testid="trajectory-play-estimate" onClick={() => void playTrajectoryStep('estimate')}>
          ▶ Estimate
        </button>
        <button className="small" data-testid="trajectory-play-state" onClick={() => void playTrajectoryStep('state')}>
          ▶ x_t
        </button>
        <button className="small" data-testid="trajectory-stop" onClick={stopClip}>
          ■
        </button>
        <PlayingStep />
        <button className="small" data-testid="trajectory-keep" disabled={view.kept} onClick={keepTrajectoryTake}>
          {view.kept ? 'Kept' : 'Keep as take'}
        </button>
      </div>
      <Scrubber times={view.times} step={step} diffusion={diffusion} />
      <div className="traj-label" data-testid="trajectory-label">
        step {step}/{steps} · {where}
      </div>
      <div className={view.hasForward ? 'traj-images three' : 'traj-images'}>
        <figure>
          <figcaption>state x_t</figcaption>
          <div className="traj-image">
            <RgbaCanvas image={images?.state ?? null} testId="trajectory-state" />
            <div className="traj-mask" style={mask} title="generated span" />
          </div>
        </figure>
        <figure>
          <figcaption>{diffusion ? 'estimate of the result x̂₀ = (x_t − √(1 − ᾱ_t)·ε̂)/√ᾱ_t' : 'estimate of the result x_t + (1 − t)·v'}</figcaption>
          <div className="traj-image">
            <RgbaCanvas image={images?.estimate ?? null} testId="trajectory-estimate" />
            <div className="traj-mask" style={mask} title="generated span" />
          </div>
        </figure>
        {view.hasForward && <ForwardFigure view={view} />}
      </div>
    </>
  )
}

/** ᾱ to three significant figures (it spans 1 down to 10⁻⁵ and below). */
function formatAlphaBar(a: number): string {
  return a >= 0.001 || a === 0 ? a.toFixed(4) : a.toExponential(2)
}

const selectForwardLevel = (s: Store) => s.forwardLevel

/**
 * The forward process q(x_t | x_0) beside the reverse trajectory: the original region noised by the
 * closed form at the slider's level (with the generation's own starting noise, so "all noise" is
 * where the reverse chain began), ᾱ_t and the flow time of the same signal-to-noise ratio, playable.
 */
function ForwardFigure({ view }: { view: TrajectoryView }) {
  const level = useStudio(selectForwardLevel)
  const fp = trajectoryData()?.forward
  const shown = useMemo(() => (fp ? forwardState(fp, view.nMels, level) : null), [fp, view.nMels, level])
  const image = useMemo(() => (shown && fp ? featureImage(shown.state, fp.frames, view.nMels, view.range) : null), [shown, fp, view])
  if (!fp || !shown) return null
  const at = shown.level
  const mask = { left: `${(fp.maskStart / fp.frames) * 100}%`, width: `${((fp.maskEnd - fp.maskStart) / fp.frames) * 100}%` }
  const [label, formula] =
    at.t !== null
      ? [`t = ${at.t} of ${fp.alphaBar!.length - 1} · ᾱ_t = ${formatAlphaBar(at.alphaBar)} · flow t ${at.tau.toFixed(3)}`, 'x_t = √ᾱ_t·x_0 + √(1 − ᾱ_t)·z; flow t: the flow state with the same signal-to-noise ratio']
      : [`flow t = ${at.tau.toFixed(3)} · ᾱ ${formatAlphaBar(at.alphaBar)}`, 'x_t = (1 − t)·z + t·x1; ᾱ: the DDPM state with the same signal-to-noise ratio']
  return (
    <figure className="forward-view" data-testid="forward-view" data-family={fp.family}>
      <figcaption>forward process: the original region, noised by the closed form</figcaption>
      <div className="traj-image">
        <RgbaCanvas image={image} testId="forward-state" />
        <div className="traj-mask" style={mask} title="the region" />
      </div>
      <div className="forward-controls">
        <span className="small-text muted">data</span>
        <input
          type="range"
          min={0}
          max={1000}
          step={1}
          value={Math.round(level * 1000)}
          aria-label="forward process: noise level from the data (0) to pure noise (1)"
          data-testid="forward-slider"
          onChange={(e) => studio.getState().setForwardLevel(Number(e.target.value) / 1000)}
        />
        <span className="small-text muted">noise</span>
        <button className="small" data-testid="forward-play" title="Vocode and play the noised region" onClick={() => void playForward()}>
          ▶
        </button>
      </div>
      <div className="forward-label small-text" title={formula} data-testid="forward-label" data-t={at.t ?? ''} data-alpha-bar={at.alphaBar} data-tau={at.tau}>
        {label}
      </div>
    </figure>
  )
}

/** t from 0 to 1 with a tick per grid time; drag, click or arrow keys move between grid points. */
function Scrubber({ times, step, diffusion }: { times: number[]; step: number; diffusion: boolean }) {
  const setStep = (k: number) => studio.getState().setTrajectoryStep(k)
  const fromPointer = (e: PointerEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect()
    setStep(nearestStep(times, (e.clientX - box.left) / box.width))
  }
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    // The keys of the shortcuts table's Trajectory rows (the help lists them from there).
    const key = findShortcut(e.nativeEvent, 'Trajectory')
    if (!key) return
    const to: Record<ShortcutAt<'Trajectory'>['id'], number> = { 'trajectory-back': step - 1, 'trajectory-on': step + 1, 'trajectory-first': 0, 'trajectory-last': times.length - 1 }
    e.preventDefault()
    setStep(to[key.id])
  }
  return (
    <div
      className="traj-scrubber"
      role="slider"
      tabIndex={0}
      aria-label="flow time t"
      aria-valuemin={0}
      aria-valuemax={1}
      aria-valuenow={times[step]}
      aria-valuetext={`step ${step} of ${times.length - 1}, t = ${times[step].toFixed(3)}`}
      data-testid="trajectory-scrubber"
      data-step={step}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId)
        fromPointer(e)
      }}
      onPointerMove={(e) => {
        if (e.buttons & 1) fromPointer(e)
      }}
      onKeyDown={onKey}
    >
      <div className="traj-rail" />
      {times.map((t, k) => (
        <span key={k} className={k === step ? 'traj-tick on' : 'traj-tick'} style={{ left: `${t * 100}%` }} data-testid="trajectory-tick" title={`step ${k}: t = ${t.toFixed(3)}`} />
      ))}
      <span className="traj-thumb" style={{ left: `${times[step] * 100}%` }} />
      <span className="traj-end left">{diffusion ? 't = T (noise)' : 't = 0 (noise)'}</span>
      <span className="traj-end right">{diffusion ? 't = 0 (speech)' : 't = 1 (speech)'}</span>
    </div>
  )
}

/** Which step is being heard (the player's own state), e.g. "▶ estimate · step 4". */
function PlayingStep() {
  const ref = useRef<HTMLSpanElement>(null)
  const tick = useCallback((seconds: number | null, key: string | null) => {
    const el = ref.current
    if (!el) return
    const m = key && seconds !== null ? /^trajectory:[^:]+:(estimate|state|forward):(\d+)$/.exec(key) : null
    const what = m?.[1] === 'forward' ? `forward · level ${(Number(m[2]) / 1000).toFixed(3)}` : m ? `${m[1] === 'state' ? 'x_t' : 'estimate'} · step ${m[2]}` : ''
    // Seconds into the step's audio, which is the region alone: said so, not read as a time of the timeline.
    el.textContent = m ? `▶ ${what} · ${seconds!.toFixed(2)} s into the region` : ''
    el.dataset.playing = m ? `${m[1]}:${m[2]}` : ''
  }, [])
  useClipClock(tick)
  return <span ref={ref} className="small-text muted" data-testid="trajectory-playing" />
}
