// Ladder bookkeeping: the step list the person types, the variants asked of the engine (one seed,
// so every rung starts from the same noise), and the table rows built from the takes that come back.
// A ladder may mix families: flow solvers run on the flow model, diffusion samplers on the diffusion
// model (the primary or the second model, whichever is of that family).

import { DIFFUSION_SOLVERS, FLOW_SOLVERS, type Family, type Solver } from '../../../../electron/engine/types'
import type { ModelState, TakeInfo } from '../../../../electron/shared/studio-types'

export const DEFAULT_STEP_LADDER = [1, 2, 4, 8, 16, 32]
/** Every solver, flow first: the order rungs are generated, listed and numbered in. */
export const SOLVERS: readonly Solver[] = [...FLOW_SOLVERS, ...DIFFUSION_SOLVERS]
/** The job:ladder schema's limit on rungs. */
export const MAX_VARIANTS = 32
export const MAX_STEPS = 256

/** The family a solver samples: flow ODE solvers, or DDPM samplers. */
export function familyOf(solver: Solver): Family {
  return (DIFFUSION_SOLVERS as readonly Solver[]).includes(solver) ? 'diffusion' : 'flow'
}

export interface VariantSpec {
  steps: number
  solver: Solver
}

/** The families of the loaded models (the primary and the second): what a ladder can mix. */
export function loadedFamilies(...models: (ModelState | null | undefined)[]): Family[] {
  const out = new Set<Family>()
  for (const m of models) if (m?.info) out.add(m.info.objective === 'ddpm-epsilon' ? 'diffusion' : 'flow')
  return [...out]
}

/** Network calls of a rung (midpoint and Heun: two per step; Euler, ancestral, DDIM: one), as the engine counts them. */
export function callsOf(v: VariantSpec): number {
  return v.steps * (v.solver === 'midpoint' || v.solver === 'heun' ? 2 : 1)
}

/** "1, 2,4 8" → [1, 2, 4, 8] (sorted, duplicates dropped), or a one-line reason. */
export function parseStepList(text: string): { steps: number[] } | { error: string } {
  const parts = text.split(/[\s,;]+/).filter(Boolean)
  if (!parts.length) return { error: 'type at least one step count, e.g. 1, 2, 4, 8, 16, 32' }
  const steps = new Set<number>()
  for (const p of parts) {
    const n = /^\d+$/.test(p) ? Number(p) : Number.NaN // plain digits: not "1e2" or "0x10"
    if (!Number.isInteger(n) || n < 1 || n > MAX_STEPS) return { error: `"${p}" is not a step count from 1 to ${MAX_STEPS}` }
    steps.add(n)
  }
  return { steps: [...steps].sort((a, b) => a - b) }
}

/**
 * The rungs in the order they are generated, listed and numbered (keys 1…9): solver by solver in
 * SOLVERS order, fewest steps first within each. `families`: the kinds of model loaded (primary and
 * second); a solver of another family is refused with what to load.
 */
export function planVariants(
  steps: readonly number[],
  solvers: readonly Solver[],
  families: readonly Family[] = ['flow', 'diffusion'],
): { variants: VariantSpec[] } | { error: string } {
  if (!steps.length) return { error: 'no step counts to compare' }
  const chosen = SOLVERS.filter((s) => solvers.includes(s))
  if (!chosen.length) return { error: 'choose at least one solver' }
  const orphan = chosen.find((s) => !families.includes(familyOf(s)))
  if (orphan) {
    const want = familyOf(orphan) === 'diffusion' ? 'a diffusion model' : 'a flow-matching model'
    return { error: `${orphan} needs ${want}: load one in Settings (model or second model)` }
  }
  const variants = chosen.flatMap((solver) => [...steps].sort((a, b) => a - b).map((n) => ({ steps: n, solver })))
  if (variants.length > MAX_VARIANTS) {
    return { error: `${variants.length} variants: at most ${MAX_VARIANTS} can be compared at once (fewer step counts or solvers)` }
  }
  return { variants }
}

/** One row of the compare table. */
export interface VariantRow {
  takeId: string
  rung: number
  steps: number
  solver: Solver
  family: Family
  /** the model's name (a mixed ladder has two) */
  model: string
  seed: number
  networkCalls: number
  wallMs: number
  rtf: number
  /** Mean |Δ| of the normalised log-mel against the reference rung (0 for the reference). */
  melL1: number
  isReference: boolean
}

/** Takes of one ladder job → rows in rung order; refuses takes that are not from one ladder. */
export function variantRows(takes: readonly TakeInfo[]): VariantRow[] {
  const rows = takes.map((t) => {
    if (!t.ladder) throw new Error(`take ${t.takeId} is not a ladder rung`)
    return {
      takeId: t.takeId,
      rung: t.ladder.rung,
      steps: t.settings.steps,
      solver: t.settings.solver,
      family: familyOf(t.settings.solver),
      model: t.settings.model,
      seed: t.settings.seed,
      networkCalls: t.networkCalls,
      wallMs: t.ladder.wallMs,
      rtf: t.ladder.rtf,
      melL1: t.ladder.melL1,
      isReference: t.ladder.rung === t.ladder.reference,
    }
  })
  rows.sort((a, b) => a.rung - b.rung)
  if (rows.filter((r) => r.isReference).length !== (rows.length ? 1 : 0)) throw new Error('a ladder must have exactly one reference rung')
  return rows
}

/** The one seed all rows share, or null when they differ (they never should). */
export function sharedSeed(rows: readonly VariantRow[]): number | null {
  return rows.length && rows.every((r) => r.seed === rows[0].seed) ? rows[0].seed : null
}
