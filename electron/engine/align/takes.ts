// Checked takes: the same regions generated with several seeds, each take scored by checkTake (every
// region of it), the best kept. Only the best take's audio is held, so memory does not grow with N.
import { randomSeed } from '../rng'
import type { FillResult, PcmAudio, RegionSpec, RunHooks, SamplerSettings } from '../types'
import type { TakeCheck } from './check'

export interface TakeSummary {
  seed: number
  /** the take's score: its weakest region's */
  score: number
  passes: boolean
  /** one check per region with words (deletes are not checked), in the caller's region order */
  checks: (TakeCheck | null)[]
}

export interface CheckedFill {
  best: FillResult
  bestIndex: number
  takes: TakeSummary[]
}

export interface TakeOptions {
  /** most takes to generate */
  count: number
  /** stop at the first take that passes ("Generate until it checks") */
  untilPass?: boolean
  /** per region: the words it replaces, to hear whether they are still there */
  oldTexts?: readonly string[]
  /** called after each take */
  onTake?: (take: TakeSummary, index: number) => void
}

type Fill = (audio: PcmAudio, regions: RegionSpec[], settings: Partial<SamplerSettings>, hooks: RunHooks) => Promise<FillResult>
type Check = (audio: PcmAudio, outStart: number, outEnd: number, text: string, oldText: string) => Promise<TakeCheck>

/** Seeds of a run of takes: the caller's seed first, then seeds derived from it. */
export function takeSeeds(first: number | undefined, count: number): number[] {
  const base = first ?? randomSeed()
  return Array.from({ length: count }, (_, i) => (i === 0 ? base : (Math.imul(base ^ 0x9e3779b9, i + 1) + 0x6d2b79f5 * i) >>> 0))
}

/** Scores every region of one fill result. */
export async function checkFill(result: FillResult, oldTexts: readonly string[] | undefined, check: Check): Promise<TakeSummary['checks']> {
  const checks: TakeSummary['checks'] = []
  for (const [i, r] of result.regions.entries()) {
    if (!r.region.text.trim()) {
      checks.push(null)
      continue
    }
    checks.push(await check(result.audio, r.splice.outStart, r.splice.outEnd, r.region.text, oldTexts?.[i] ?? ''))
  }
  return checks
}

/** A take that passes beats one that does not; then the higher score. */
export function better(a: TakeSummary, b: TakeSummary): boolean {
  return a.passes !== b.passes ? a.passes : a.score > b.score
}

/** Generates up to `count` takes and keeps the best (see the module comment). */
export async function fillChecked(
  fill: Fill,
  check: Check,
  audio: PcmAudio,
  regions: RegionSpec[],
  settings: Partial<SamplerSettings>,
  opts: TakeOptions,
  hooks: RunHooks = {},
): Promise<CheckedFill> {
  const takes: TakeSummary[] = []
  let best: FillResult | null = null
  let bestIndex = -1
  for (const seed of takeSeeds(settings.seed, Math.max(1, opts.count))) {
    const result = await fill(audio, regions, { ...settings, seed }, hooks)
    const checks = await checkFill(result, opts.oldTexts, check)
    const scored = checks.filter((c): c is TakeCheck => c !== null)
    const take: TakeSummary = {
      seed,
      score: scored.length ? Math.min(...scored.map((c) => c.score)) : 1,
      passes: scored.every((c) => c.passes),
      checks,
    }
    takes.push(take)
    if (!best || better(take, takes[bestIndex])) {
      best = result
      bestIndex = takes.length - 1
    }
    opts.onTake?.(take, takes.length - 1)
    if (opts.untilPass && take.passes) break
  }
  return { best: best!, bestIndex, takes }
}

