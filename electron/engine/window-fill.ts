// fill() for recordings too long to hold: read from an AudioSource only the window each group of
// nearby regions needs (the regions, the context the model hears, the margins fill() reads around
// them), run the ordinary fill() on that window with the regions shifted into it, and describe the
// output as pieces: stretches of the source between windows, and each window's filled audio.
//
// Regions closer together than two reaches share a window (one fill() call), so each still hears
// the edits of the regions before it; farther apart they cannot influence each other. Each region
// keeps its noise stream (its index in the caller's list), so the result is the in-memory fill's,
// sample for sample, and everything outside the windows is the source's own.
//
// With checked takes each window is generated with several seeds and checked on its own excerpt
// (the aligner hears the context the window holds), so each group of regions keeps its own best take.
import type { CheckedFill, TakeOptions } from './align/takes'
import { piecesLength, type Piece } from './audio/write-pieces'
import { readWindow, type AudioSource } from './audio/source'
import { listenReadSeconds, planRegions } from './edit'
import { randomSeed } from './rng'
import { networkCalls } from './sampler'
import {
  EngineError,
  type FillResult,
  type ModelInfo,
  type PcmAudio,
  type RegionResult,
  type RegionSpec,
  type RunHooks,
  type SamplerSettings,
  type Timings,
} from './types'

/** What a windowed fill needs of the engine (Engine implements it). */
export interface FillEngine {
  fill(audio: PcmAudio, regions: RegionSpec[], settings?: Partial<SamplerSettings>, hooks?: RunHooks): Promise<FillResult>
  info(): ModelInfo
  /** checked takes (needs the model's aligner); only called when fillSource is given `takes` */
  fillTakes?(audio: PcmAudio, regions: RegionSpec[], settings: Partial<SamplerSettings>, opts: TakeOptions, hooks?: RunHooks): Promise<CheckedFill>
}

/** Checked takes for fillSource: up to `count` seeds per window, or until one passes. */
export interface WindowTakes {
  count: number
  untilPass?: boolean
  /** per region, in the caller's order: the words it replaces */
  oldTexts?: readonly string[]
  /** after each take of a window; `regions` are the caller's indices of the window's regions */
  onTake?: (take: CheckedFill['takes'][number], index: number, regions: readonly number[]) => void
}

/**
 * Seconds read beyond the model's context on each side of a region: fill() itself reads its
 * context plus 1 s around a region from the timeline; the rest covers frame rounding and crossfades.
 */
export const WINDOW_MARGIN_SECONDS = 1.5
/** Beyond the listen stage's read: frame rounding between the window's grid and the recording's. */
const LISTEN_SLACK_SECONDS = 0.1

/** One group of nearby regions: source frames [from, to) became `fill.audio`. */
export interface FilledWindow {
  from: number
  to: number
  fill: FillResult
  /** the caller's indices of the regions in this window */
  regions: number[]
  /** with takes: every take of this window and which one `fill` is (its audio only is kept) */
  checked?: Omit<CheckedFill, 'best'>
}

export interface SourceFillResult {
  windows: FilledWindow[]
  /** The output as source stretches and filled windows, in order. */
  pieces: Piece[]
  /** Output frames. */
  frames: number
  /** In the caller's order; splices in whole-file coordinates. */
  regions: RegionResult[]
  settings: SamplerSettings & { model: string }
  timings: Timings
  networkCalls: number
}

/** planRegions checks regions against the length and rate only; this is that much of a PcmAudio. */
function lengthOnly(source: AudioSource): PcmAudio {
  return { sampleRate: source.sampleRate, channels: [{ length: source.frames } as Float32Array] }
}

/**
 * Frames read on each side of a region: the model's context plus WINDOW_MARGIN_SECONDS, and at least what
 * the listen stage reads (edit/listen.ts: the aligner over the region and the speaker's tempo around it).
 */
export function windowReach(info: Pick<ModelInfo, 'contextSeconds' | 'sampleRate' | 'hop'>, sampleRate: number): number {
  return Math.ceil(Math.max(info.contextSeconds + WINDOW_MARGIN_SECONDS, listenReadSeconds(info) + LISTEN_SLACK_SECONDS) * sampleRate)
}

/**
 * The window one region needs (a ladder's): checked against the whole source first, so errors read
 * as they would on the whole file, then source frames [from, to) and the region shifted into them.
 */
export function regionWindow(info: Pick<ModelInfo, 'contextSeconds' | 'sampleRate' | 'hop'>, source: AudioSource, region: RegionSpec): { from: number; to: number; region: RegionSpec } {
  const [plan] = planRegions([region], lengthOnly(source))
  const reach = windowReach(info, source.sampleRate)
  const from = Math.max(0, plan.inStart - reach)
  const to = Math.min(source.frames, plan.inEnd + reach)
  const offset = from / source.sampleRate
  return { from, to, region: { ...region, start: region.start - offset, end: region.end - offset, shownAs: { index: 0, start: region.start, end: region.end } } }
}

/** Regions (sorted by start) → groups of indices whose windows [inStart − reach, inEnd + reach) overlap. */
export function groupRegions(spans: readonly { inStart: number; inEnd: number }[], reach: number): number[][] {
  const groups: number[][] = []
  let end = -Infinity
  spans.forEach((s, i) => {
    if (groups.length && s.inStart - reach < end) groups[groups.length - 1].push(i)
    else groups.push([i])
    end = Math.max(end, s.inEnd + reach)
  })
  return groups
}

/** fill() over a source, window by window; see the module comment. */
export async function fillSource(
  engine: FillEngine,
  source: AudioSource,
  regions: readonly RegionSpec[],
  patch: Partial<SamplerSettings> = {},
  hooks: RunHooks = {},
  takes?: WindowTakes,
): Promise<SourceFillResult> {
  const started = performance.now()
  const rate = source.sampleRate
  // The same checks and messages as fill() on the whole file (region numbers as the caller gave them).
  const plans = planRegions(regions, lengthOnly(source))
  const info = engine.info()
  if (takes && !(info.hasAligner && engine.fillTakes)) {
    throw new EngineError(`checked takes need a model with an aligner graph (${info.name} has none)`, 'BAD_SETTINGS')
  }
  // One seed for every window, as one fill() call would draw.
  const settings: Partial<SamplerSettings> = { ...patch, seed: patch.seed ?? randomSeed() }
  const perRegion = networkCalls(settings.steps ?? info.defaults.steps, settings.solver ?? info.defaults.solver)
  // With takes the count is the most calls there can be; "until it checks" may stop sooner.
  const totalCalls = plans.filter((p) => p.mode !== 'delete').length * perRegion * (takes?.count ?? 1)
  const reach = windowReach(info, rate)

  const windows: FilledWindow[] = []
  const pieces: Piece[] = []
  const results: RegionResult[] = new Array(regions.length)
  const timings: Timings = { totalMs: 0, onnxMs: 0, vocoderMs: 0, featuresMs: 0 }
  let callsBefore = 0
  let read = 0 // source frames before this point are already in `pieces`
  let shift = 0 // output length − input length of the windows so far
  let used: FillResult['settings'] | null = null
  for (const group of groupRegions(plans, reach)) {
    if (hooks.signal?.aborted) throw new EngineError('cancelled', 'CANCELLED')
    const members = group.map((i) => plans[i])
    const from = Math.max(0, members[0].inStart - reach)
    const to = Math.min(source.frames, Math.max(...members.map((p) => p.inEnd)) + reach)
    const excerpt = await readWindow(source, from, to)
    const offset = from / rate
    const shifted = members.map((p) => ({
      ...p.spec,
      start: p.spec.start - offset,
      end: p.spec.end - offset,
      noiseStream: p.stream,
      shownAs: { index: p.index, start: p.spec.start, end: p.spec.end },
    }))
    const indices = members.map((p) => p.index)
    let callsInWindow = 0
    const windowHooks: RunHooks = {
      ...hooks,
      onProgress: (p) =>
        hooks.onProgress?.({
          ...p,
          call: callsBefore + callsInWindow + p.call,
          totalCalls,
          regionIndex: members[p.regionIndex]?.index ?? p.regionIndex,
          regionCount: regions.length,
          elapsedMs: performance.now() - started,
        }),
    }
    let fill: FillResult
    let checked: FilledWindow['checked']
    if (takes) {
      // every take of a window runs the same regions, so the same calls
      const perTake = members.filter((p) => p.mode !== 'delete').length * perRegion
      const all = await engine.fillTakes!(excerpt, shifted, settings, {
        count: takes.count,
        untilPass: takes.untilPass,
        oldTexts: takes.oldTexts && members.map((p) => takes.oldTexts![p.index] ?? ''),
        onTake: (t, i) => {
          callsInWindow = (i + 1) * perTake
          takes.onTake?.(t, i, indices)
        },
      }, windowHooks)
      fill = all.best
      checked = { bestIndex: all.bestIndex, takes: all.takes }
      callsBefore += callsInWindow
    } else {
      fill = await engine.fill(excerpt, shifted, settings, windowHooks)
      callsBefore += fill.networkCalls
    }
    // With takes the seed reported is the run's (each take's own seed is in `checked`).
    used = takes ? { ...fill.settings, seed: settings.seed! } : fill.settings
    for (const k of ['onnxMs', 'vocoderMs', 'featuresMs'] as const) timings[k] += fill.timings[k]
    fill.regions.forEach((r, k) => {
      const s = r.splice
      results[members[k].index] = {
        ...r,
        region: regions[members[k].index],
        ...(r.narrowed ? { narrowed: { start: r.narrowed.start + offset, end: r.narrowed.end + offset } } : {}),
        splice: { ...s, inStart: s.inStart + from, inEnd: s.inEnd + from, outStart: s.outStart + from + shift, outEnd: s.outEnd + from + shift },
      }
    })
    if (from > read) pieces.push({ kind: 'source', from: read, to: from })
    pieces.push({ kind: 'pcm', channels: fill.audio.channels })
    windows.push({ from, to, fill, regions: indices, ...(checked ? { checked } : {}) })
    shift += fill.audio.channels[0].length - (to - from)
    read = to
  }
  if (read < source.frames) pieces.push({ kind: 'source', from: read, to: source.frames })
  timings.totalMs = performance.now() - started
  return {
    windows,
    pieces,
    frames: piecesLength(pieces),
    regions: results,
    settings: used!,
    timings,
    networkCalls: callsBefore,
  }
}
