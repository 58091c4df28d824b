// Settings: the model (shipped default or a folder, validated by the host when loaded), the second
// model a ladder may mix in (the diffusion twin), the sampler (steps, solver, guidance, schedule and
// sway or, for a diffusion model, η and the ancestral variance; seed fixed or random), threads, and audition rolls.

import { useEffect, useState } from 'react'
import type { SamplerSettings, StudioSettings } from '../api/types'
import { chooseModel, chooseSecondModel, updateSettings } from '../actions/settings'
import { studio, useStudio } from '../store'
import type { Store } from '../store/types'
import { Modal } from './Modal'
import { checkTakesOf } from '../actions/generate'

/** How the model's features become audio, in words (ModelInfo.vocoder). */
const VOCODER_LABELS: Record<string, string> = {
  magnitude: 'trained magnitude + built-in phase',
  onnx: 'ONNX vocoder',
  'griffin-lim': 'built-in vocoder',
}

/** What a model's network predicts, in words (ModelInfo.objective). */
const OBJECTIVE_LABELS: Record<string, string> = {
  'flow-matching': 'flow matching',
  'ddpm-epsilon': 'diffusion (DDPM ε)',
}

const selectSettings = (s: Store) => s.settings
const selectModel = (s: Store) => s.model
const selectSecond = (s: Store) => s.engine?.secondModel ?? null
const selectWeb = (s: Store) => s.appInfo?.kind === 'web'

/** Fallbacks when neither the settings nor the model say (the engine applies the same). */
const FALLBACK: Omit<SamplerSettings, 'seed'> = { steps: 16, solver: 'midpoint', guidance: 2, schedule: 'sway', sway: -1 }

interface Draft {
  steps: string
  solver: SamplerSettings['solver']
  guidance: string
  schedule: SamplerSettings['schedule']
  sway: string
  seed: string
  eta: string
  variance: NonNullable<SamplerSettings['variance']>
  randomSeed: boolean
  threads: string
  preRoll: string
  postRoll: string
  checkTakes: string
}

/** Whether a solver drives a diffusion (ddpm-epsilon) model rather than a flow. */
function isDiffusionSolver(solver: string): boolean {
  return solver === 'ancestral' || solver === 'ddim'
}

function draftOf(settings: StudioSettings | null, defaults: Omit<SamplerSettings, 'seed'>, rolls: { preRoll: number; postRoll: number }): Draft {
  const saved = settings?.sampler ?? {}
  // A saved solver of the other family does not apply to this model (the host drops it too).
  const fits = saved.solver === undefined || isDiffusionSolver(saved.solver) === isDiffusionSolver(defaults.solver)
  const sm = { ...defaults, ...saved, solver: fits ? (saved.solver ?? defaults.solver) : defaults.solver }
  return {
    steps: String(sm.steps),
    solver: sm.solver,
    eta: String(sm.eta ?? 0),
    variance: sm.variance ?? 'beta',
    guidance: String(sm.guidance),
    schedule: sm.schedule,
    sway: String(sm.sway),
    seed: String(settings?.sampler.seed ?? 0),
    randomSeed: settings?.randomSeed ?? true,
    threads: settings?.threads ? String(settings.threads) : '',
    preRoll: String(rolls.preRoll),
    postRoll: String(rolls.postRoll),
    checkTakes: String(checkTakesOf(settings)),
  }
}

/** Parsed draft, or the first problem as a one-line message. */
function parseDraft(d: Draft): { sampler: Partial<SamplerSettings>; randomSeed: boolean; threads: number | null; preRoll: number; postRoll: number; checkTakes: number } | string {
  const int = (v: string, min: number, max: number, name: string) => {
    const n = Number(v)
    return Number.isInteger(n) && n >= min && n <= max ? n : `${name} must be a whole number from ${min} to ${max}`
  }
  const num = (v: string, min: number, max: number, name: string) => {
    const n = Number(v)
    return v.trim() !== '' && Number.isFinite(n) && n >= min && n <= max ? n : `${name} must be a number from ${min} to ${max}`
  }
  const diffusion = isDiffusionSolver(d.solver)
  const steps = int(d.steps, 1, diffusion ? 512 : 256, 'Steps')
  const eta = num(d.eta, 0, 1, 'η')
  const guidance = num(d.guidance, 0, 20, 'Guidance')
  const sway = num(d.sway, -5, 5, 'Sway')
  // With "random" ticked the seed field is greyed out and unused: a bad value there must not block Apply.
  const typedSeed = int(d.seed, 0, 0xffffffff, 'Seed')
  const seed = d.randomSeed && typeof typedSeed === 'string' ? 0 : typedSeed
  const threads = d.threads.trim() === '' ? null : int(d.threads, 1, 256, 'Threads')
  const preRoll = num(d.preRoll, 0, 10, 'Pre-roll')
  const postRoll = num(d.postRoll, 0, 10, 'Post-roll')
  const checkTakes = int(d.checkTakes, 1, 16, 'Takes to try')
  for (const v of [steps, guidance, sway, seed, threads, preRoll, postRoll, checkTakes, eta]) if (typeof v === 'string') return v
  return {
    sampler: {
      steps: steps as number,
      solver: d.solver,
      guidance: guidance as number,
      schedule: d.schedule,
      sway: sway as number,
      seed: seed as number,
      ...(diffusion ? { eta: eta as number, variance: d.variance } : {}),
    },
    randomSeed: d.randomSeed,
    threads: threads as number | null,
    preRoll: preRoll as number,
    postRoll: postRoll as number,
    checkTakes: checkTakes as number,
  }
}

export function SettingsDialog() {
  const settings = useStudio(selectSettings)
  const model = useStudio(selectModel)
  const second = useStudio(selectSecond)
  const web = useStudio(selectWeb)
  const defaults = model?.info?.defaults ?? FALLBACK
  const diffusionModel = model?.info?.objective === 'ddpm-epsilon'
  const [draft, setDraft] = useState(() => draftOf(settings, defaults, studio.getState()))
  const [modelPath, setModelPath] = useState(settings?.modelDir ?? '')
  const [secondPath, setSecondPath] = useState(settings?.secondModelDir ?? '')
  const [problem, setProblem] = useState<string | null>(null)
  const close = () => studio.getState().openDialog(null)
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }))
  // Once Apply has named a problem, it follows the fields: fixed, it goes; another one, it says that.
  useEffect(() => {
    if (problem === null) return
    const parsed = parseDraft(draft)
    setProblem(typeof parsed === 'string' ? parsed : null)
  }, [draft]) // eslint-disable-line react-hooks/exhaustive-deps

  const apply = async () => {
    const parsed = parseDraft(draft)
    if (typeof parsed === 'string') return setProblem(parsed)
    setProblem(null)
    const { preRoll, postRoll, checkTakes, ...rest } = parsed
    studio.getState().setRolls(preRoll, postRoll)
    await updateSettings({ ...rest, ui: { ...(settings?.ui ?? {}), preRoll, postRoll, checkTakes } })
    close()
  }

  return (
    <Modal
      title="Settings"
      testId="settings-dialog"
      onClose={close}
      // Enter in a field applies, as in most settings dialogs (it had done nothing).
      onEnter={() => void apply()}
      footer={
        <>
          {problem && (
            <span className="error-text" data-testid="settings-problem">
              {problem}
            </span>
          )}
          <span className="spacer" />
          <button onClick={close}>Cancel</button>
          <button className="primary" data-testid="settings-apply" onClick={() => void apply()}>
            Apply
          </button>
        </>
      }
    >
      <section className="form-section">
        <h3>Model</h3>
        <div className="model-line" data-testid="settings-model">
          <span className={model?.error ? 'error-text' : ''}>
            {model?.info
              ? `${model.info.name} · ${OBJECTIVE_LABELS[model.info.objective] ?? model.info.objective} · ${model.info.sampleRate} Hz · ${VOCODER_LABELS[model.info.vocoder] ?? model.info.vocoder}`
              : (model?.error ?? 'no model')}
          </span>
          {model?.isDefault && <span className="badge">shipped</span>}
        </div>
        <div className="muted small-text" title={model?.dir}>
          {model?.dir}
        </div>
        <div className="row">
          {web ? (
            <>
              <input
                className="grow"
                data-testid="settings-model-path"
                data-own-enter
                onKeyDown={(e) => e.key === 'Enter' && modelPath.trim() && void chooseModel(modelPath.trim())}
                placeholder="/path/to/model-folder"
                value={modelPath}
                onChange={(e) => setModelPath(e.target.value)}
              />
              <button data-testid="settings-model-load" disabled={!modelPath.trim()} onClick={() => void chooseModel(modelPath.trim())}>
                Load folder
              </button>
            </>
          ) : (
            <button data-testid="settings-model-choose" onClick={() => void chooseModel(undefined)}>
              Choose folder…
            </button>
          )}
          <button data-testid="settings-model-default" disabled={model?.isDefault} onClick={() => void chooseModel(null)}>
            Use shipped model
          </button>
        </div>
      </section>
      <section className="form-section">
        <h3>Second model (for ladders that mix flow and diffusion)</h3>
        <div className="model-line" data-testid="settings-second-model">
          <span className={second?.error ? 'error-text' : ''}>
            {second?.info
              ? `${second.info.name} · ${OBJECTIVE_LABELS[second.info.objective] ?? second.info.objective}`
              : (second?.error ?? 'none: no twin of the other family is installed; load a folder')}
          </span>
          {second?.isDefault && second.info && <span className="badge">shipped</span>}
        </div>
        <div className="row">
          {web ? (
            <>
              <input
                className="grow"
                data-testid="settings-second-path"
                data-own-enter
                onKeyDown={(e) => e.key === 'Enter' && secondPath.trim() && void chooseSecondModel(secondPath.trim())}
                placeholder="/path/to/diffusion-model-folder"
                value={secondPath}
                onChange={(e) => setSecondPath(e.target.value)}
              />
              <button data-testid="settings-second-load" disabled={!secondPath.trim()} onClick={() => void chooseSecondModel(secondPath.trim())}>
                Load folder
              </button>
            </>
          ) : (
            <button data-testid="settings-second-choose" onClick={() => void chooseSecondModel(undefined)}>
              Choose folder…
            </button>
          )}
          <button data-testid="settings-second-default" disabled={settings?.secondModelDir === null} onClick={() => void chooseSecondModel(null)}>
            Use shipped twin
          </button>
        </div>
      </section>
      <section className="form-section grid">
        <h3>Sampler</h3>
        <label>
          Steps
          <input data-testid="settings-steps" type="number" min={1} max={diffusionModel ? 512 : 256} value={draft.steps} onChange={(e) => set('steps', e.target.value)} />
        </label>
        <label>
          Solver
          <select data-testid="settings-solver" value={draft.solver} onChange={(e) => set('solver', e.target.value as Draft['solver'])}>
            {diffusionModel ? (
              <>
                <option value="ddim">DDIM (1 call/step)</option>
                <option value="ancestral">DDPM ancestral (1 call/step)</option>
              </>
            ) : (
              <>
                <option value="euler">Euler (1 call/step)</option>
                <option value="midpoint">Midpoint (2 calls/step)</option>
                <option value="heun">Heun (2 calls/step)</option>
              </>
            )}
          </select>
        </label>
        {diffusionModel && (
          <>
            <label title="DDIM's η: 0 is deterministic, 1 adds as much fresh noise per step as ancestral sampling with β̃">
              η (DDIM)
              <input data-testid="settings-eta" type="number" step={0.1} min={0} max={1} value={draft.eta} disabled={draft.solver !== 'ddim'} onChange={(e) => set('eta', e.target.value)} />
            </label>
            <label title="Ancestral sampling's noise per step: σ² = β_t (DDPM) or the posterior's β̃_t">
              Variance (ancestral)
              <select data-testid="settings-variance" value={draft.variance} disabled={draft.solver !== 'ancestral'} onChange={(e) => set('variance', e.target.value as Draft['variance'])}>
                <option value="beta">σ² = β</option>
                <option value="beta-tilde">σ² = β̃</option>
              </select>
            </label>
          </>
        )}
        <label>
          Guidance
          <input data-testid="settings-guidance" type="number" step={0.1} min={0} max={20} value={draft.guidance} onChange={(e) => set('guidance', e.target.value)} />
        </label>
        <label>
          Schedule
          <select data-testid="settings-schedule" value={draft.schedule} disabled={diffusionModel} onChange={(e) => set('schedule', e.target.value as Draft['schedule'])}>
            <option value="uniform">Uniform</option>
            <option value="sway">Sway</option>
            <option value="pruned">Pruned</option>
          </select>
        </label>
        <label>
          Sway
          <input data-testid="settings-sway" type="number" step={0.1} min={-5} max={5} value={draft.sway} disabled={diffusionModel || draft.schedule !== 'sway'} onChange={(e) => set('sway', e.target.value)} />
        </label>
        <label>
          Seed
          <span className="row">
            <input data-testid="settings-seed" type="number" min={0} value={draft.seed} disabled={draft.randomSeed} onChange={(e) => set('seed', e.target.value)} />
            <label className="inline">
              <input data-testid="settings-random-seed" type="checkbox" checked={draft.randomSeed} onChange={(e) => set('randomSeed', e.target.checked)} />
              random
            </label>
          </span>
        </label>
        <label>
          Threads
          <input data-testid="settings-threads" type="number" min={1} max={256} placeholder="auto" value={draft.threads} onChange={(e) => set('threads', e.target.value)} />
        </label>
      </section>
      <section className="form-section grid">
        <h3>Audition</h3>
        <label>
          Pre-roll (s)
          <input data-testid="settings-preroll" type="number" step={0.25} min={0} max={10} value={draft.preRoll} onChange={(e) => set('preRoll', e.target.value)} />
        </label>
        <label>
          Post-roll (s)
          <input data-testid="settings-postroll" type="number" step={0.25} min={0} max={10} value={draft.postRoll} onChange={(e) => set('postRoll', e.target.value)} />
        </label>
      </section>
      <section className="form-section grid">
        <h3>Checked takes</h3>
        <label title="“Generate until it checks” tries up to this many seeds, stopping at the first take the aligner hears saying the typed words">
          Takes to try
          <input data-testid="settings-check-takes" type="number" min={1} max={16} value={draft.checkTakes} onChange={(e) => set('checkTakes', e.target.value)} />
        </label>
      </section>
    </Modal>
  )
}
