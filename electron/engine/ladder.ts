// Step ladder: one region generated at several step counts / solvers from the SAME starting noise,
// so rungs differ only by the sampler. Each rung reports its cost and how far its generated log-mel
// is from the most expensive rung. A ladder may mix models: each rung runs on the first model whose
// family its solver needs (flow: euler, midpoint, heun; diffusion: ancestral, ddim).
import { checkAudio, emptyTimings, familyOf, modelFamily, resolveSettings, throwIfAborted, type EngineCore } from './core'
import type { FeatureSpec } from './dsp/features'
import { regionWarnings } from './edit'
import { generateMel } from './edit/generate'
import { CROSSFADE_SECONDS, crossfades, regionGeometry, type Fades } from './edit/geometry'
import { planRegions } from './edit/plan'
import { listenAround } from './edit/listen'
import { prepareRegion, type RegionJob } from './edit/prepare'
import { renderReplacement } from './edit/render'
import { randomSeed } from './rng'
import { networkCalls, stagesPerStep } from './sampler'
import { EngineError, type LadderResult, type LadderVariant, type PcmAudio, type RegionSpec, type RunHooks, type SamplerSettings, type Timings } from './types'

/** The rung the others are measured against: most steps, then most calls per step, then first. */
export function referenceRung(variants: readonly Pick<SamplerSettings, 'steps' | 'solver'>[]): number {
  let best = 0
  variants.forEach((v, i) => {
    const b = variants[best]
    if (v.steps > b.steps || (v.steps === b.steps && stagesPerStep(v.solver) > stagesPerStep(b.solver))) best = i
  })
  return best
}

/** Mean absolute difference of two equally long feature arrays. */
export function meanAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new EngineError(`cannot compare ${a.length} and ${b.length} feature values`, 'INTERNAL')
  let s = 0
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i])
  return a.length ? s / a.length : 0
}

/**
 * Which model each rung runs on: the first of `cores` whose family its solver needs, with the
 * variant's settings resolved against that model. A missing family is one BAD_SETTINGS line.
 */
export function assignRungs(
  cores: readonly EngineCore[],
  variants: readonly Partial<SamplerSettings>[],
  patch: Partial<SamplerSettings>,
  seed: number,
): { core: EngineCore; settings: SamplerSettings }[] {
  return variants.map((v, i) => {
    const solver = v.solver ?? patch.solver ?? cores[0].model.manifest.sampler.solver
    const family = familyOf(solver)
    const core = cores.find((c) => modelFamily(c.model) === family)
    if (!core) {
      const what = family === 'diffusion' ? 'a diffusion (ddpm-epsilon) model' : 'a flow-matching model'
      throw new EngineError(`variant ${i + 1} (${solver}) needs ${what}, and none is loaded${cores.length === 1 ? ' (load one as the second model)' : ''}`, 'BAD_SETTINGS')
    }
    // Settings meant for the other family (e.g. the studio's saved solver) never reach this rung.
    return { core, settings: resolveSettings(core.model, { ...patch, ...v, solver, seed }) }
  })
}

/** Models in one ladder must share the frame grid, so their rungs cover the same frames. */
function checkSameGrid(cores: readonly EngineCore[]): void {
  const grid = (s: FeatureSpec) => `${s.sampleRate} Hz, hop ${s.hop}, ${s.nMels} mels, nFft ${s.nFft}, ${s.fMin}–${s.fMax} Hz`
  const first = grid(cores[0].spec)
  for (const c of cores.slice(1)) {
    if (grid(c.spec) !== first) {
      throw new EngineError(`a ladder can only mix models with the same features: ${cores[0].model.manifest.name} has ${first}, ${c.model.manifest.name} has ${grid(c.spec)}`, 'BAD_SETTINGS')
    }
  }
}

/**
 * The generated frames of one model in another model's normalisation ((x·std + mean − mean')/std'
 * per bin), so distances between rungs of two models are in the same units. Same stats: unchanged.
 */
export function renormalise(mel: Float32Array, from: FeatureSpec, to: FeatureSpec): Float32Array {
  if (from.mean.every((m, k) => m === to.mean[k] && from.std[k] === to.std[k])) return mel
  const n = from.nMels
  return mel.map((v, i) => (v * from.std[i % n] + from.mean[i % n] - to.mean[i % n]) / to.std[i % n])
}

/** meanAbsDiff of two [frames × nMels] arrays; a different frame count is stretched (nearest frame) to b's. */
export function alignedMeanAbsDiff(a: Float32Array, b: Float32Array, nMels: number): number {
  if (a.length === b.length) return meanAbsDiff(a, b)
  const fa = a.length / nMels
  const fb = b.length / nMels
  const stretched = new Float32Array(b.length)
  for (let f = 0; f < fb; f++) {
    const src = Math.min(fa - 1, Math.floor(((f + 0.5) * fa) / fb))
    stretched.set(a.subarray(src * nMels, (src + 1) * nMels), f * nMels)
  }
  return meanAbsDiff(stretched, b)
}

/**
 * Generates the region once per variant. `cores` is the model, or the models a mixed ladder may use
 * (each prepares the region with its own features, context and normalisation). One seed for every
 * rung: the starting noise depends only on (seed, window), so all rungs start from the same noise.
 */
export async function ladder(
  cores: EngineCore | readonly EngineCore[],
  audio: PcmAudio,
  region: RegionSpec,
  variants: readonly Partial<SamplerSettings>[],
  patch: Partial<SamplerSettings> = {},
  hooks: RunHooks = {},
): Promise<LadderResult> {
  const started = performance.now()
  const models: readonly EngineCore[] = Array.isArray(cores) ? cores : [cores as EngineCore]
  checkAudio(audio)
  if (!variants.length) throw new EngineError('a ladder needs at least one variant', 'BAD_SETTINGS')
  const rungs = assignRungs(models, variants, patch, patch.seed ?? randomSeed())
  const used = [...new Set(rungs.map((r) => r.core))]
  checkSameGrid(used)
  const [asked] = planRegions([region], audio)
  if (asked.mode === 'delete') throw new EngineError('a ladder compares generated speech: give the region some text', 'BAD_REGION')
  const timings = emptyTimings()
  // One narrowing and one tempo for every rung (by the first model with an aligner), so all rungs cover the same span at the same pace.
  // A flow model's aligner first, whatever the variants' order (a ladder listed the other way round had
  // read the pace with the other model's means and made every rung 16 ms longer).
  const aligning = used.find((c) => c.model.aligner && modelFamily(c.model) === 'flow') ?? used.find((c) => c.model.aligner)
  const plan = aligning ? await listenAround(aligning, audio, asked) : asked
  const narrowed = plan.asked ? { narrowed: { start: plan.spec.start, end: plan.spec.end } } : {}
  const prepared = new Map<EngineCore, { job: RegionJob; fades: Fades }>()
  for (const core of used) {
    const job = await prepareRegion(core, audio, regionGeometry(core, audio, plan), timings)
    const [fades] = crossfades([job], audio.channels[0].length, Math.round(CROSSFADE_SECONDS * audio.sampleRate))
    prepared.set(core, { job, fades })
  }
  const totalCalls = rungs.reduce((a, r) => a + networkCalls(r.settings.steps, r.settings.solver), 0)
  const nMels = models[0].spec.nMels

  let callsDone = 0
  const mels: Float32Array[] = []
  const out: Omit<LadderVariant, 'melL1'>[] = []
  let cancelled = false
  for (const [i, { core, settings }] of rungs.entries()) {
    // A cancel with keepPartial stops here and keeps what is made; without it, it fails as before.
    if (hooks.keepPartial && hooks.signal?.aborted && out.length) {
      cancelled = true
      break
    }
    throwIfAborted(hooks.signal)
    const { job, fades } = prepared.get(core)!
    const rungTimings: Timings = emptyTimings()
    const t0 = performance.now()
    let gen: Awaited<ReturnType<typeof generateMel>>
    try {
      gen = await generateMel(core, job, settings, hooks, (_, t) => {
        callsDone++
        hooks.onProgress?.({ call: callsDone, totalCalls, regionIndex: i, regionCount: rungs.length, t, elapsedMs: performance.now() - started })
      }, rungTimings)
    } catch (e) {
      if (hooks.keepPartial && out.length && e instanceof EngineError && e.code === 'CANCELLED') {
        cancelled = true
        break
      }
      throw e
    }
    const rep = await renderReplacement(core, audio, job, gen.mel, fades, rungTimings, settings.seed)
    const wallMs = performance.now() - t0
    rungTimings.totalMs = wallMs
    for (const k of ['onnxMs', 'vocoderMs', 'featuresMs'] as const) timings[k] += rungTimings[k]
    mels.push(gen.mel.slice(job.genStart * nMels, (job.genStart + job.genFrames) * nMels))
    const generatedSeconds = job.inner / audio.sampleRate
    out.push({
      settings: { ...settings, model: core.model.manifest.name ?? core.model.dir },
      family: modelFamily(core.model),
      segment: { sampleRate: audio.sampleRate, channels: rep.segment },
      splice: rep.splice,
      phones: job.phones,
      generatedSeconds,
      networkCalls: gen.calls,
      wallMs,
      rtf: wallMs / 1000 / generatedSeconds,
      timings: rungTimings,
      ...narrowed,
    })
  }
  // What fill would warn about this region (the same for every rung: one plan, one window).
  const first = prepared.get(used[0])!
  const warnings = regionWarnings(used[0], first.job, plan)
  const made = rungs.slice(0, out.length)
  const reference = referenceRung(made.map((r) => r.settings))
  const refSpec = made[reference].core.spec
  timings.totalMs = performance.now() - started
  return {
    region,
    variants: out.map((v, i) => ({ ...v, melL1: alignedMeanAbsDiff(renormalise(mels[i], made[i].core.spec, refSpec), mels[reference], nMels) })),
    reference,
    networkCalls: callsDone,
    timings,
    ...(warnings.length ? { warnings } : {}),
    ...(cancelled ? { cancelled } : {}),
  }
}
