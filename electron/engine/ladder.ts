// Step ladder: one region generated at several step counts / solvers from the SAME starting noise,
// so rungs differ only by the sampler. Each rung reports its cost and how far its generated log-mel
// is from the most expensive rung.
import { checkAudio, emptyTimings, resolveSettings, throwIfAborted, type EngineCore } from './core'
import { generateMel } from './edit/generate'
import { CROSSFADE_SECONDS, crossfades, regionGeometry } from './edit/geometry'
import { planRegions } from './edit/plan'
import { prepareRegion } from './edit/prepare'
import { renderReplacement } from './edit/render'
import { networkCalls, stagesPerStep } from './sampler'
import { EngineError, type LadderResult, type LadderVariant, type PcmAudio, type RegionSpec, type RunHooks, type SamplerSettings } from './types'

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

export async function ladder(
  core: EngineCore,
  audio: PcmAudio,
  region: RegionSpec,
  variants: readonly Partial<SamplerSettings>[],
  patch: Partial<SamplerSettings> = {},
  hooks: RunHooks = {},
): Promise<LadderResult> {
  const started = performance.now()
  checkAudio(audio)
  if (!variants.length) throw new EngineError('a ladder needs at least one variant', 'BAD_SETTINGS')
  const base = resolveSettings(core.model, patch)
  // One seed for every rung: x0 depends only on (seed, window), so all rungs start from the same noise.
  const rungs = variants.map((v) => resolveSettings(core.model, { ...base, ...v, seed: base.seed }))
  const [plan] = planRegions([region], audio)
  if (plan.mode === 'delete') throw new EngineError('a ladder compares generated speech: give the region some text', 'BAD_REGION')
  const timings = emptyTimings()
  const job = await prepareRegion(core, audio, regionGeometry(core, audio, plan), timings)
  const [fades] = crossfades([job], audio.channels[0].length, Math.round(CROSSFADE_SECONDS * audio.sampleRate))
  const totalCalls = rungs.reduce((a, r) => a + networkCalls(r.steps, r.solver), 0)
  const nMels = core.spec.nMels
  const genSlice = (mel: Float32Array) => mel.slice(job.genStart * nMels, (job.genStart + job.genFrames) * nMels)

  let callsDone = 0
  const mels: Float32Array[] = []
  const out: Omit<LadderVariant, 'melL1'>[] = []
  for (const [i, settings] of rungs.entries()) {
    throwIfAborted(hooks.signal)
    const rungTimings = emptyTimings()
    const t0 = performance.now()
    const gen = await generateMel(core, job, settings, hooks, (_, t) => {
      callsDone++
      hooks.onProgress?.({ call: callsDone, totalCalls, regionIndex: i, regionCount: rungs.length, t, elapsedMs: performance.now() - started })
    }, rungTimings)
    const rep = await renderReplacement(core, audio, job, gen.mel, fades, rungTimings, settings.seed)
    const wallMs = performance.now() - t0
    rungTimings.totalMs = wallMs
    for (const k of ['onnxMs', 'vocoderMs', 'featuresMs'] as const) timings[k] += rungTimings[k]
    mels.push(genSlice(gen.mel))
    const generatedSeconds = job.inner / audio.sampleRate
    out.push({
      settings: { ...settings, model: core.model.manifest.name ?? core.model.dir },
      segment: { sampleRate: audio.sampleRate, channels: rep.segment },
      splice: rep.splice,
      phones: job.phones,
      generatedSeconds,
      networkCalls: gen.calls,
      wallMs,
      rtf: wallMs / 1000 / generatedSeconds,
      timings: rungTimings,
    })
  }
  const reference = referenceRung(rungs)
  timings.totalMs = performance.now() - started
  return {
    region,
    variants: out.map((v, i) => ({ ...v, melL1: meanAbsDiff(mels[i], mels[reference]) })),
    reference,
    networkCalls: callsDone,
    timings,
  }
}
