// Phone durations in frames: spread over a fixed region, or a natural length from the manifest's
// per-phone means scaled to the speaking rate measured in the context.
import { frameToSeconds, type FrameClock } from './frames'

/** Mean frames per phone from the manifest; phones it does not list get the average of those it does. */
export function phoneMeans(phones: readonly string[], mean: Readonly<Record<string, number>>): number[] {
  const known = Object.values(mean).filter((v) => v > 0)
  const fallback = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 1
  return phones.map((p) => (mean[p] > 0 ? mean[p] : fallback))
}

/**
 * Integer frames proportional to weights that sum exactly to total (largest-remainder rounding).
 * When total ≥ weights.length every phone gets at least one frame.
 */
export function spreadDurations(weights: readonly number[], total: number): number[] {
  const n = weights.length
  if (n === 0) return []
  const floor = total >= n ? 1 : 0
  const spare = total - floor * n
  const positive = weights.map((w) => Math.max(0, w))
  const sum = positive.reduce((a, b) => a + b, 0)
  const exact = positive.map((w) => (sum > 0 ? (spare * w) / sum : spare / n))
  const out = exact.map((e) => floor + Math.floor(e))
  let left = total - out.reduce((a, b) => a + b, 0)
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1])
  for (let k = 0; left > 0; k = (k + 1) % n, left--) out[order[k][1]]++
  return out
}

/** Natural durations: means × factor, rounded so the running total stays exact, each ≥ 1 frame. */
export function naturalDurations(means: readonly number[], factor: number): number[] {
  let acc = 0
  let placed = 0
  return means.map((m) => {
    acc += m * factor
    const d = Math.max(1, Math.round(acc) - placed)
    placed += d
    return d
  })
}

/** Frame-aligned ids: each phone id repeated for its duration. */
export function expandPhones(ids: readonly number[], durations: readonly number[]): BigInt64Array {
  const out = new BigInt64Array(durations.reduce((a, b) => a + b, 0))
  let at = 0
  ids.forEach((id, i) => {
    out.fill(BigInt(id), at, at + durations[i])
    at += durations[i]
  })
  return out
}

/**
 * Phones per syllable nucleus counted by estimateSpeakingRate, calibrated on the corpus voices at
 * their own tempo: Festival's slt and kal read at 4.4–5.9 (mean 5.2) nuclei/s by this estimator,
 * while the tiny model's per-phone means give 10.2 phones/s. (Dictionary counts of English give
 * ~2.4 phones per syllable; the estimator also counts some strong consonant bursts.)
 */
export const PHONES_PER_NUCLEUS = 2.0

export interface RateEstimate {
  /** syllable nuclei per second of speech (frames that are not silence) */
  nucleiPerSecond: number
  speechSeconds: number
  nuclei: number
}

/**
 * Speaking rate of a stretch of speech from its (unnormalised) log-mel: syllable nuclei are the
 * prominent peaks of a smoothed loudness curve over the speech band, counted over frames that are
 * not silence. Crude, but it only has to tell faster from slower speech of the same voice.
 */
export function estimateSpeakingRate(logmel: Float32Array, nMels: number, clock: FrameClock): RateEstimate {
  const frames = Math.floor(logmel.length / nMels)
  // Bins roughly 100 Hz – 2.5 kHz on an 80-band slaney scale carry the vowels.
  const lo = Math.min(2, nMels - 1)
  const hi = Math.max(lo + 1, Math.round(nMels * 0.5))
  const loud = new Float32Array(frames)
  for (let f = 0; f < frames; f++) {
    let s = 0
    for (let b = lo; b < hi; b++) s += logmel[f * nMels + b]
    loud[f] = s / (hi - lo)
  }
  const smooth = movingAverage(loud, 3) // 48 ms: keeps syllables (~150–250 ms) apart
  let max = -Infinity
  for (const v of smooth) max = Math.max(max, v)
  const floor = max - 4 // ~35 dB below the loudest frame (natural-log magnitude units)
  let speechFrames = 0
  for (const v of smooth) if (v > floor) speechFrames++
  const nuclei = countProminentPeaks(smooth, floor, 0.2) // ≈ 1.7 dB dips separate syllables
  const speechSeconds = frameToSeconds(speechFrames, clock)
  return { nucleiPerSecond: speechSeconds > 0 ? nuclei / speechSeconds : 0, speechSeconds, nuclei }
}

function movingAverage(x: Float32Array, width: number): Float32Array {
  const out = new Float32Array(x.length)
  const half = Math.floor(width / 2)
  for (let i = 0; i < x.length; i++) {
    let s = 0
    let n = 0
    for (let j = Math.max(0, i - half); j <= Math.min(x.length - 1, i + half); j++, n++) s += x[j]
    out[i] = s / n
  }
  return out
}

/** Local maxima above floor that rise at least `prominence` over the lowest point to either side before a higher peak. */
function countProminentPeaks(x: Float32Array, floor: number, prominence: number): number {
  let count = 0
  for (let i = 1; i < x.length - 1; i++) {
    if (!(x[i] > floor && x[i] >= x[i - 1] && x[i] > x[i + 1])) continue
    let leftMin = x[i]
    for (let j = i - 1; j >= 0 && x[j] <= x[i]; j--) leftMin = Math.min(leftMin, x[j])
    let rightMin = x[i]
    for (let j = i + 1; j < x.length && x[j] <= x[i]; j++) rightMin = Math.min(rightMin, x[j])
    if (x[i] - Math.max(leftMin, rightMin) >= prominence) count++
  }
  return count
}

/** Phones per second the corpus speaks at, from the manifest's per-phone means (pauses excluded). */
export function corpusPhoneRate(mean: Readonly<Record<string, number>>, clock: FrameClock): number {
  const speech = Object.entries(mean).filter(([p, v]) => p !== 'sil' && p !== '<none>' && v > 0)
  if (!speech.length) return 0
  const avgFrames = speech.reduce((a, [, v]) => a + v, 0) / speech.length
  return 1 / frameToSeconds(avgFrames, clock)
}

/**
 * Duration multiplier that brings corpus-tempo durations to the context's tempo, clamped to
 * [0.75, 1.35]; 1 when the context holds too little speech (< 1 s or < 3 nuclei) to measure.
 */
export function tempoFactor(context: RateEstimate, corpusPhonesPerSecond: number): number {
  if (context.speechSeconds < 1 || context.nuclei < 3 || corpusPhonesPerSecond <= 0) return 1
  const contextPhonesPerSecond = context.nucleiPerSecond * PHONES_PER_NUCLEUS
  return Math.min(1.35, Math.max(0.75, corpusPhonesPerSecond / contextPhonesPerSecond))
}

/** Region-length speech is stretched to at most this much of its natural length; the rest is pause. */
export const MAX_REGION_STRETCH = 1.6

export interface RegionFit {
  /** frames per phone, summing to the region's frames minus the pads */
  durations: number[]
  /** pause frames before and after the speech */
  padBefore: number
  padAfter: number
}

/**
 * Durations for a region of fixed length. Up to MAX_REGION_STRETCH × the natural length the phones
 * are spread over the whole region, in proportion to their means (a tight selection). Beyond it,
 * people have selected the pauses around the words too: the speech keeps MAX_REGION_STRETCH × its
 * natural length and the spare frames become pauses, split between the two edges like the quiet
 * frames at the edges of what was there (`quietBefore`, `quietAfter`; evenly when neither has any).
 */
export function fitToRegion(
  means: readonly number[],
  natural: readonly number[],
  total: number,
  quietBefore: number,
  quietAfter: number,
  cut: RegionCut = {},
): RegionFit {
  const nat = natural.reduce((a, b) => a + b, 0)
  const speech = Math.round(nat * MAX_REGION_STRETCH)
  if (!natural.length || total <= speech) return { durations: spreadDurations(means, total), padBefore: 0, padAfter: 0 }
  // Both ends inside words: no pause can go at either, the speech takes it all.
  if (cut.before && cut.after) return { durations: spreadDurations(natural, total), padBefore: 0, padAfter: 0 }
  const spare = total - speech
  const share = cut.after ? 1 : cut.before ? 0 : quietBefore + quietAfter > 0 ? quietBefore / (quietBefore + quietAfter) : 0.5
  const padBefore = Math.round(spare * share)
  return { durations: spreadDurations(natural, speech), padBefore, padAfter: spare - padBefore }
}

/**
 * Ends of a region that lie inside a word (a narrowed repair, edit/said.ts: the word goes on in the
 * recording there): no pause may be put at such an end, or the word would break ("sil" before the
 * recording's own last vowel of "silly" was heard as "sell thee").
 */
export interface RegionCut {
  before?: boolean
  after?: boolean
}

/** Words squeezed to less than 1 / RUSHED_PACE of their natural time sound rushed: the fill says so. */
export const RUSHED_PACE = 1.5

/** The warning for words given `given` frames where they take `natural` at the speaker's pace, or null. */
export function paceWarning(pace: { natural: number; given: number }, clock: FrameClock): string | null {
  if (pace.given <= 0 || pace.natural <= pace.given * RUSHED_PACE) return null
  // Tenths, but hundredths under 0.1 s: a 0.07 s region shown as "0.1 s" hides how short it is.
  const s = (f: number) => { const x = frameToSeconds(f, clock); return x < 0.095 ? x.toFixed(2) : x.toFixed(1) }
  return `the words take about ${s(pace.natural)} s at the speaker's pace and get ${s(pace.given)} s: they will sound rushed (widen the region, shorten the text or use natural length)`
}

/** Shortest quiet run inside a region that counts as a pause the speaker made. */
export const MIN_PAUSE_SECONDS = 0.16
/**
 * Kept pauses may leave the words this share of their natural length: the estimate is only good to
 * about ±15 %, and the original words fitted in what the pauses leave.
 */
export const MIN_SPEECH_SHARE = 0.8

/** A pause of the original kept in the fill: `frames` of pause before phone `at` (0 … phones). */
export interface KeptPause {
  at: number
  frames: number
}

/** An inner pause goes to a word boundary of the new text only this far (share of the speech) from its own place. */
export const MAX_PAUSE_SHIFT = 0.2

/**
 * The speaker's pauses inside a region, kept where the new words allow. `runs` are the region's quiet
 * runs ([start, end) frame offsets, quietRuns); those of at least `minPause` frames are pauses. Only
 * when one of them lies between words does this apply (a quiet edge alone is fitToRegion's business):
 * each inner pause goes to the word boundary of the new text nearest its share of the original's
 * speech (a pause with no boundary within MAX_PAUSE_SHIFT of it is left to the speech), edge pauses
 * stay at the edges, and the words get the rest: never less than MIN_SPEECH_SHARE of their natural
 * length (the shortest pauses are dropped until they fit) and at most MAX_REGION_STRETCH × natural,
 * the spare going to the region's edges like fitToRegion's. Null when no inner pause can be kept: the
 * caller spreads the speech as before. `wordStarts`: index of each word's first phone; `natural`:
 * natural frames per phone.
 */
export function fitWithPauses(
  natural: readonly number[],
  total: number,
  runs: readonly (readonly [number, number])[],
  wordStarts: readonly number[],
  minPause: number,
  cut: RegionCut = {},
): { durations: number[]; pauses: KeptPause[] } | null {
  const nat = natural.reduce((a, b) => a + b, 0)
  if (wordStarts.length < 2 || nat <= 0) return null
  const length = (r: readonly [number, number]) => r[1] - r[0]
  const all = runs.filter((r) => length(r) >= minPause && length(r) < total)
  // Word boundaries as shares of the new speech; each pause at its share of the original's speech.
  const cum: number[] = [0]
  for (const d of natural) cum.push(cum[cum.length - 1] + d)
  const boundaries = wordStarts.slice(1).map((at) => ({ at, share: cum[at] / nat }))
  const speechOrig = Math.max(1, total - all.reduce((s, r) => s + length(r), 0))
  let pauses: { frames: number; at: number; inner: boolean }[] = []
  let before = 0
  for (const r of all) {
    if (r[0] === 0) {
      if (!cut.before) pauses.push({ frames: length(r), at: 0, inner: false })
    } else if (r[1] === total) {
      if (!cut.after) pauses.push({ frames: length(r), at: natural.length, inner: false })
    }
    else {
      const share = (r[0] - before) / speechOrig
      const best = boundaries.reduce((m, b) => (Math.abs(b.share - share) < Math.abs(m.share - share) ? b : m))
      if (Math.abs(best.share - share) <= MAX_PAUSE_SHIFT) pauses.push({ frames: length(r), at: best.at, inner: true })
    }
    before += length(r)
  }
  // Drop the shortest pauses until the words get enough of their natural length.
  const kept = () => pauses.reduce((s, p) => s + p.frames, 0)
  while (pauses.length && total - kept() < nat * MIN_SPEECH_SHARE) {
    const shortest = pauses.reduce((m, p) => (p.frames < m.frames ? p : m))
    pauses = pauses.filter((p) => p !== shortest)
  }
  if (!pauses.some((p) => p.inner)) return null
  // With both ends inside words the spare cannot go to either: the speech takes it.
  const speech = cut.before && cut.after ? total - kept() : Math.min(total - kept(), Math.round(nat * MAX_REGION_STRETCH))
  const placed: KeptPause[] = []
  for (const p of pauses) {
    const last = placed[placed.length - 1]
    if (last && last.at === p.at) last.frames += p.frames
    else placed.push({ at: p.at, frames: p.frames })
  }
  // A generous selection: the spare goes to the edges, split like the quiet edges (evenly without).
  const spare = total - kept() - speech
  if (spare > 0) {
    if (placed[0]?.at !== 0) placed.unshift({ at: 0, frames: 0 })
    if (placed[placed.length - 1].at !== natural.length) placed.push({ at: natural.length, frames: 0 })
    const head = placed[0]
    const tail = placed[placed.length - 1]
    const even = head.frames + tail.frames > 0 ? (spare * head.frames) / (head.frames + tail.frames) : spare / 2
    const add = Math.round(cut.after ? spare : cut.before ? 0 : even)
    head.frames += add
    tail.frames += spare - add
  }
  return { durations: spreadDurations(natural, speech), pauses: placed.filter((p) => p.frames > 0) }
}

/**
 * Runs of quiet log-mel frames in [from, to) (ln magnitude, nMels per frame), as [start, end) offsets
 * from `from`: a frame is quiet when its mean is more than `depth` nepers (3.5 ≈ 30 dB) under the
 * loudest frame of the whole array.
 */
export function quietRuns(logmel: Float32Array, nMels: number, from: number, to: number, depth = 3.5): [number, number][] {
  const frames = logmel.length / nMels
  const level = (t: number) => {
    let s = 0
    for (let m = 0; m < nMels; m++) s += logmel[t * nMels + m]
    return s / nMels
  }
  let loudest = -Infinity
  for (let t = 0; t < frames; t++) loudest = Math.max(loudest, level(t))
  const runs: [number, number][] = []
  let start = -1
  for (let t = from; t <= to; t++) {
    const quiet = t < to && level(t) < loudest - depth
    if (quiet && start < 0) start = t
    if (!quiet && start >= 0) {
      runs.push([start - from, t - from])
      start = -1
    }
  }
  return runs
}

/**
 * Which ends of log-mel frames [from, to) lie inside speech: the frames on both sides of that end are
 * loud (not quiet by quietRuns' measure). The array's own ends (the file's start and end, where the
 * window stops) are never inside speech: nothing is said beyond them.
 */
export function speechEdges(logmel: Float32Array, nMels: number, from: number, to: number, depth = 3.5): RegionCut {
  const frames = logmel.length / nMels
  const a = Math.max(0, from - 1)
  const b = Math.min(frames, to + 1)
  if (b - a < 2) return {}
  const runs = quietRuns(logmel, nMels, a, b, depth)
  const quiet = (f: number) => runs.some(([s, e]) => f - a >= s && f - a < e)
  return {
    before: from > 0 && from < frames && !quiet(from - 1) && !quiet(from),
    after: to < frames && to > 0 && !quiet(to - 1) && !quiet(to),
  }
}

/**
 * Leading and trailing quiet frames of log-mel frames [from, to) (quietRuns at the ends). Both are
 * `to − from` when every frame is quiet.
 */
export function quietEdges(logmel: Float32Array, nMels: number, from: number, to: number, depth = 3.5): { before: number; after: number } {
  return edgesOf(quietRuns(logmel, nMels, from, to, depth), to - from)
}

/** The quiet frames at the two ends of a span of `n` frames, from its quiet runs (quietRuns). */
export function edgesOf(runs: readonly (readonly [number, number])[], n: number): { before: number; after: number } {
  const first = runs[0]
  const last = runs[runs.length - 1]
  return { before: first && first[0] === 0 ? first[1] : 0, after: last && last[1] === n ? n - last[0] : 0 }
}
