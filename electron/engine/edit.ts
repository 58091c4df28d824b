// Editing: fill / insert / delete / regenerate regions of a recording. Regions are generated left to
// right, each in a context window read from the timeline as edited so far (so a region hears the
// edits to its left), vocoded over the region plus margins only, resampled back to the input rate
// and spliced into every channel. The output is assembled in one pass, so every sample outside each
// region's [inStart − crossfade, inEnd + crossfade) is the input's own.
//
// The stages live in ./edit/: plan (check regions) → listen (the aligner around each region: a repair's
// words, the speaker's tempo) → geometry (windows, splice points, crossfades) →
// prepare (model inputs) → generate (sampling) → render (vocode and splice) → assemble (timeline);
// level.ts holds the loudness maths. fill() runs them; ladder and say reuse single stages.
import { checkAudio, contextSeconds, emptyTimings, resolveSettings, throwIfAborted, type EngineCore } from './core'
import { paceWarning } from './durations'
import { secondsToSample } from './frames'
import { networkCalls } from './sampler'
import { EngineError, type FillResult, type PcmAudio, type RegionResult, type RegionSpec, type RunHooks, type SamplerSettings } from './types'
import { assemble, moveReplacement, readTimeline, shiftToOutput } from './edit/assemble'
import { generateMel } from './edit/generate'
import { CROSSFADE_SECONDS, crossfades, regionGeometry, type Fades } from './edit/geometry'
import { unsayableTokens } from './align/diff'
import { describeRegion, planRegions, type PlannedRegion } from './edit/plan'
import { listenAround } from './edit/listen'
import { prepareRegion, regionPhones, type RegionJob } from './edit/prepare'
import { deleteReplacement, renderReplacement, type DeleteRun, type Replacement } from './edit/render'
import { SILENT_PEAK } from './voiceover'

// Callers written against the single-file edit.ts keep importing from here.
export * from './edit/assemble'
export * from './edit/generate'
export * from './edit/geometry'
export * from './edit/listen'
export * from './edit/level'
export * from './edit/plan'
export * from './edit/prepare'
export * from './edit/render'
export * from './edit/said'
export { throwIfAborted }

/** fill(): every region of one call, sharing settings; see the module comment. */
export async function fill(core: EngineCore, audio: PcmAudio, regions: readonly RegionSpec[], patch: Partial<SamplerSettings> = {}, hooks: RunHooks = {}): Promise<FillResult> {
  const started = performance.now()
  checkAudio(audio)
  const settings = resolveSettings(core.model, patch)
  const asked = planRegions(regions, audio)
  const timings = emptyTimings()
  const perRegion = networkCalls(settings.steps, settings.solver)
  const totalCalls = asked.filter((p) => p.mode !== 'delete').length * perRegion
  const nominal = Math.round(CROSSFADE_SECONDS * audio.sampleRate)
  let callsDone = 0

  // Every region's text is read before any is generated: a bad one fails at once, named, with nothing spent.
  for (const p of asked) if (p.mode !== 'delete') regionPhones(core, p)
  const plans: PlannedRegion[] = []
  for (const p of asked) {
    throwIfAborted(hooks.signal)
    plans.push(await listenAround(core, audio, p))
  }
  const spans = plans.map((p) => (p.mode === 'delete' ? p : regionGeometry(core, audio, p)))
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].inStart < spans[i - 1].inEnd) {
      throw new EngineError(`${describeRegion(plans[i].spec, plans[i].index)} is too close to ${describeRegion(plans[i - 1].spec, plans[i - 1].index)}`, 'BAD_REGION')
    }
  }
  const fades = crossfades(spans, audio.channels[0].length, nominal)
  // Deletes back to back (one's end the next one's start) are cut as one stretch (deleteReplacement).
  const runs: DeleteRun[] = plans.map((p, i) => ({ from: p.inStart, to: p.inEnd, leftFade: fades[i].left }))
  for (let i = 0; i < plans.length; i++) {
    if (plans[i].mode !== 'delete') continue
    let j = i
    while (j + 1 < plans.length && plans[j + 1].mode === 'delete' && plans[j + 1].inStart === plans[j].inEnd) j++
    const run: DeleteRun = { from: plans[i].inStart, to: plans[j].inEnd, leftFade: Math.min(fades[i].left, plans[j].inEnd - plans[i].inStart) }
    // A fill ending where the run starts crossfades into the run's last samples, which lead into what
    // follows it (or, at the file's end, fades out): the run is a plain cut. Cut on its own, the run had
    // faded the audio after it in from silence (15 ms outside both regions changed) after a fill that
    // stopped on a step.
    const before = i > 0 && plans[i - 1].mode !== 'delete' && plans[i - 1].inEnd === run.from ? i - 1 : -1
    if (before >= 0) {
      run.leftFade = 0
      run.joined = true
      const into = Math.min(nominal, run.to)
      const reachesEnd = run.to === audio.channels[0].length
      fades[before] = {
        ...fades[before],
        right: reachesEnd ? 0 : into,
        beforeCut: { skip: run.from - spans[before].inEnd, into: reachesEnd ? undefined : audio.channels.map((ch) => ch.subarray(run.to - into, run.to)) },
        ...(reachesEnd ? { fileEnd: nominal } : {}),
      }
    }
    for (let k = i; k <= j; k++) runs[k] = run
    i = j
  }
  // A delete's cut depends on the input alone: each is known before any region is generated, so a fill left of
  // one hears, as its right context, the kept audio beyond it (the timeline as it will be), not the deleted
  // audio; that had made the fill lead into words the edit takes out.
  const cuts = plans.map((p, i) => (p.mode === 'delete' ? deleteReplacement(audio, p, fades[i], runs[i]) : null))
  const reps: Replacement[] = [] // input coordinates, in order
  const results: RegionResult[] = []
  let shift = 0 // output length − input length of the edits so far (all left of the current region)
  // One region at a time, left to right: only its window is held in memory, and that window is read
  // from the timeline as edited so far, so a region's left context hears the edits before it.
  for (const [i, plan] of plans.entries()) {
    throwIfAborted(hooks.signal)
    const span = spans[i]
    const cut = cuts[i]
    if (cut) {
      reps.push(cut)
    } else if ('genStart' in span) {
      const rate = audio.sampleRate
      const reach = secondsToSample(contextSeconds(core) + 1, rate)
      // The deletes to the right that reach into the model's window (farther ones leave the fill as it was).
      const ahead = cuts.slice(i + 1).filter((c): c is Replacement => c !== null && c.spanStart < span.windowEnd)
      const aheadShift = ahead.reduce((d, c) => d + c.segment[0].length - (c.spanEnd - c.spanStart), 0)
      const lo = Math.max(0, plan.inStart + shift - reach)
      const hi = Math.min(audio.channels[0].length + shift + aheadShift, plan.inEnd + shift + reach)
      const excerpt = readTimeline(audio, [...reps, ...ahead], lo, hi)
      const offset = shift - lo // input sample x is excerpt sample x + offset
      let geo = regionGeometry(core, excerpt, plan, offset)
      // Deletes to the file's end put a natural-length region at the excerpt's end: it still resumes where the
      // input's frame grid does (spans[i]), which the deletes' splice points were planned around.
      if (geo.inEnd !== span.inEnd + offset) geo = { ...geo, inEnd: span.inEnd + offset, origEnd: Math.min(geo.origFrames, span.origEnd) }
      const job = await prepareRegion(core, excerpt, geo, timings)
      const gen = await generateMel(core, job, settings, hooks, (_, t) => {
        callsDone++
        hooks.onProgress?.({ call: callsDone, totalCalls, regionIndex: plan.index, regionCount: plans.length, t, elapsedMs: performance.now() - started })
      }, timings)
      // Right after a delete the region's left crossfade lies inside it as usual, fading from its own first
      // samples, which the delete's output leads into (a fade of 0 had started the fill on a step).
      const afterCut = i > 0 && plans[i - 1].mode === 'delete' && plans[i - 1].inEnd === plan.inStart
      const atStart = lo === 0 && geo.inStart === 0
      const regionFades: Fades = afterCut
        ? { ...fades[i], left: Math.min(nominal, geo.inStart), afterCut: true, ...(atStart ? { fileStart: nominal } : {}) }
        : fades[i]
      const rep = await renderReplacement(core, excerpt, job, gen.mel, regionFades, timings, settings.seed)
      reps.push(moveReplacement(rep, -offset))
      const warnings = regionWarnings(core, job, plan)
      results.push({
        region: plan.asked ?? plan.spec,
        splice: reps[i].splice,
        phones: job.phones,
        generatedSeconds: job.inner / audio.sampleRate,
        networkCalls: gen.calls,
        ...(gen.trajectory ? { trajectory: gen.trajectory } : {}),
        ...(warnings.length ? { warnings } : {}),
        ...(plan.asked ? { narrowed: { start: plan.spec.start, end: plan.spec.end } } : {}),
        pace: { tempo: Math.round(job.pace.tempo * 1000) / 1000, from: job.pace.from },
      })
    }
    if (results.length === i) results.push({ region: plan.asked ?? plan.spec, splice: reps[i].splice, phones: [], generatedSeconds: 0, networkCalls: 0 })
    shift += reps[i].segment[0].length - (reps[i].spanEnd - reps[i].spanStart)
  }
  const output = assemble(audio, reps)
  shiftToOutput(results)
  timings.totalMs = performance.now() - started
  const byCaller = plans.map((p, i) => [p.index, results[i]] as const).sort((a, b) => a[0] - b[0]).map(([, r]) => r)
  return {
    audio: output,
    regions: byCaller,
    settings: { ...settings, model: core.model.manifest.name ?? core.model.dir },
    timings,
    networkCalls: results.reduce((a, r) => a + r.networkCalls, 0),
  }
}

/** Whether the window's samples outside [from, to) (the region) are all under SILENT_PEAK: no voice to continue. */
export function silentContext(mono: Float32Array, from: number, to: number): boolean {
  for (let i = 0; i < mono.length; i++) {
    if (i >= from && i < to) continue
    if (Math.abs(mono[i]) >= SILENT_PEAK) return false
  }
  return true
}

/** What a region's fill should tell the user: words squeezed, no voice around it, symbols left out (fill and ladder). */
export function regionWarnings(core: EngineCore, job: RegionJob, plan: PlannedRegion): string[] {
  // A narrowed region is the speaker's own time for its phones: "rushed" would be the estimate's error.
  const rushed = plan.asked ? null : paceWarning(job.pace, { sampleRate: core.spec.sampleRate, hop: core.spec.hop })
  // A region over the whole file has no audio around it at all: "silent" would send the user looking for a level problem.
  const whole = job.inStart <= job.windowStart && job.inEnd >= job.windowEnd
  const silent = whole || silentContext(job.mono, job.genStart * core.spec.hop, job.origEnd * core.spec.hop)
    ? `${whole ? 'it covers the whole recording, so there is no audio around it' : 'the audio around it is silent'}: there is no voice to follow, so the fill may come out faint or in another voice`
    : null
  const symbols = unsayableTokens(plan.spec.text)
  const unsaid = symbols.length ? `${symbols.map((t) => `"${t}"`).join(', ')} cannot be said and ${symbols.length === 1 ? 'is' : 'are'} left out` : null
  return [rushed, silent, unsaid].filter((w): w is string => w !== null)
}
