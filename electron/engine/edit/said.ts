// Stage 1b: a region whose text is already said in it (a repair: the same words again) is narrowed to
// where those words are said, from phone boundary to phone boundary, before anything is generated.
//
// Why: a region marked by hand or by a recogniser's word times rarely sits on the words. Whisper's
// start runs ~0.1 s early (the region takes the end of the word before) and its end leaves the last
// word's tail outside ("selfish" masked without its "sh"). Generating the whole text there cut the
// word before and said the tail twice ("rather selfishish"). The aligner places the text's phones
// in the region and a little around it; what is said outside the region is not generated again, and
// what the region holds that is not the text (the word before, a pause) stays the recording's own.
// The region only ever shrinks, so what changes (splice and crossfades) never reaches further than without it.
import type { EngineCore } from '../core'
import { MISMATCH_CONFIDENCE, meanConfidence, wordSpans, type WordSpan } from '../align/confidence'
import { posteriors, recordingFrames, slicePosteriors, type Posteriors } from '../align/posteriors'
import { freeLoop, viterbi, type AlignItem, type ViterbiOptions, type ViterbiResult } from '../align/viterbi'
import { frameToSeconds, secondsToFrame, secondsToSample } from '../frames'
import type { PcmAudio } from '../types'
import type { PlannedRegion } from './plan'
import { regionPhones } from './prepare'

/** Audio read on each side of the region to find where its words are said. */
export const SAID_REACH_SECONDS = 0.3
/** A phone that starts (ends) this many frames outside the region still counts as inside: the aligner's boundaries are this coarse. */
export const SAID_TOLERANCE_FRAMES = 2
/** Frames generated past an aligned boundary, inside the region: an onset the aligner placed late is still regenerated whole. */
const SAID_MARGIN_FRAMES = 1
/**
 * At least this share of the text's phones must lie in the region: when nearly all are said elsewhere
 * the region is not where the words are (or the aligner is wrong), and it is generated as given. Half
 * until session 13, which left a region on part of its word generated whole and the rest said again
 * ("lobster" masked over its middle by Whisper's times heard "Lakshmi", "rather" over the head of the
 * word "rather rather", "John" without its N "John and"); at a fifth those repairs make only the phones
 * inside and were heard right in every take, and no edit of the QA sets changed. The other tests
 * (confidence, margin, phones left out) still guard each edge.
 */
export const SAID_MIN_SHARE = 0.2
/**
 * An edge moves only when the word at it is clearly heard there. Every word of a repair must reach
 * LOW_CONFIDENCE (0.1), but new words that sound a little like the old ones reach it too ("rather"
 * → "very" 0.14, "palings" → "fences" 0.12, "well" → "also" 0.22 on the evaluation clips): moved on
 * those, an edit kept the old word's head ("ra-very"). The repairs' edge words that helped scored 0.36–1.
 */
export const SAID_EDGE_CONFIDENCE = 0.3
/**
 * Speech (not pause) before the first word kept as the recording's, at most: the tail of the word before
 * (Whisper's starts take 0–0.1 s of it; 0.03–0.1 s where narrowing helped). More is likely a whole word
 * the user meant to replace: "ill disposed" given "disposed" kept "ill" (0.18 s), the deletion lost.
 */
export const SAID_MAX_KEPT_SPEECH_SECONDS = 0.1
/**
 * The same when that speech runs on from before the region's start: the tail of a word the region's
 * edge cuts, not a word of its own. Whisper base's word starts run up to 0.27 s into the word before
 * (22 % of spans by more than 0.1 s on real recordings, session 15): regenerated whole, those regions
 * broke that word ("please cool" heard "pleat glue"; a start moved 0.15 s into the word before lost it in
 * 21 of 28 takes against 2 of 28 at 0.06 s).
 */
export const SAID_MAX_KEPT_TAIL_SECONDS = 0.3
/**
 * A phone said outside the region is left out only when the aligner is sure it is that phone there
 * (its frames' posterior within a factor of 2 of the best phone's, on average). A new word differing
 * at its edge matched a neighbour ("selfless" matched its S to the recording's "sh" at 0.00, "feels"
 * its Z at 0.00): left out, the edit lost its last sound. The repairs' dropped phones scored 0.93–1.
 */
export const SAID_DROP_CONFIDENCE = 0.5
/** The take check's filler penalty: fillers take the context, never a typed word. */
const SAID_VITERBI: ViterbiOptions = { fillerPenalty: 0.7 }
/**
 * An edge moves only when the words placed where the aligner put them explain the audio better, by
 * this many nats per frame moved, than the words starting (ending) at the region's own edge. On the
 * real evaluation clips the edges that helped scored 2.6–23 per frame; the ones that said a word's
 * head twice ("pa-palings", the region already on the word) 0.3–0.5.
 */
export const SAID_MARGIN_PER_FRAME = 1

/** A phone of the region's text where the aligner put it: index into the text's flat phones, global frames [start, end). */
export interface PlacedPhone {
  index: number
  start: number
  end: number
  /** exp(mean over its frames of its log posterior − the best phone's): 1 when it is the best phone throughout */
  confidence?: number
}

/** Where the region is narrowed to (global frames [from, to)) and the flat phones [p0, p1) still to generate. */
export interface SaidTrim {
  from: number
  to: number
  phones: [number, number]
}

/**
 * The narrowed region (pure): phones starting before the region (beyond the tolerance) were said
 * before it, phones ending after it are said after it, and neither is generated; the region starts
 * at the first kept phone. It ends after the last kept phone when phones were dropped there; after
 * the whole text it ends where the next speech begins (`quietUntil`: the end of the pause the aligner
 * found after the last phone, or that phone's end when speech follows at once, and then the region's
 * end stays). Why so careful at the end: a word's fading last sound ("his" ending in a faint "z") is
 * what the aligner most often leaves out, and kept as the recording's it would be said twice.
 * Null when fewer than SAID_MIN_SHARE of the phones lie inside or when nothing would change.
 */
export function trimToPhones(placed: readonly PlacedPhone[], from: number, to: number, flatCount: number, quietUntil: number): SaidTrim | null {
  const tol = SAID_TOLERANCE_FRAMES
  const first = placed.findIndex((p) => p.start >= from - tol)
  let last = -1
  for (let k = placed.length - 1; k >= 0; k--) if (placed[k].end <= to + tol) { last = k; break }
  if (first < 0 || last < first || last - first + 1 < SAID_MIN_SHARE * placed.length) return null
  const start = Math.max(from, placed[first].start - SAID_MARGIN_FRAMES)
  const lastEnd = placed[last].end
  const end = last < placed.length - 1 ? Math.min(to, lastEnd + SAID_MARGIN_FRAMES) : quietUntil > lastEnd ? Math.min(to, quietUntil) : to
  if (placed[last].end - placed[first].start < last - first + 1) return null // fewer frames than phones: the placement is not to be trusted
  // Pauses between kept words stay with them; leading and trailing ones go with the dropped phones.
  const phones: [number, number] = [first === 0 ? 0 : placed[first].index, last === placed.length - 1 ? flatCount : placed[last].index + 1]
  if (start === from && end === to && phones[0] === 0 && phones[1] === flatCount) return null
  return { from: start, to: end, phones }
}

/**
 * The region narrowed to where its text is said (see the module comment), or the region as it was:
 * for a replace or regenerate whose every word the aligner finds there with confidence, in a model
 * with an aligner graph. Messages still name the region the caller gave.
 */
export async function trimToSaid(core: EngineCore, audio: PcmAudio, plan: PlannedRegion, heard?: Posteriors): Promise<PlannedRegion> {
  if ((plan.mode !== 'replace' && plan.mode !== 'regenerate') || !core.model.aligner || plan.spec.exact) return plan
  const sil = core.model.phoneIds.get('sil')
  if (sil === undefined) return plan
  const clock = { sampleRate: core.spec.sampleRate, hop: core.spec.hop }
  const { symbols, ids, wordStarts } = regionPhones(core, plan)
  // Each word's phones as flat indices (pauses between words are the aligner's own optional items).
  const words = wordStarts.map((at, k) => {
    const flat: number[] = []
    for (let i = at; i < (wordStarts[k + 1] ?? symbols.length); i++) if (symbols[i] !== 'sil') flat.push(i)
    return flat
  })
  if (!words.length || words.some((w) => !w.length)) return plan
  const from = secondsToFrame(plan.spec.start, clock)
  const to = secondsToFrame(plan.spec.end, clock)
  const reach = secondsToFrame(SAID_REACH_SECONDS, clock)
  const a = Math.max(0, from - reach)
  const b = Math.min(recordingFrames(core, audio), to + reach)
  if (b - a < 4) return plan
  // The listen stage's one pass over a wider stretch holds these frames (each frame's posterior depends on the
  // audio within the graph's reach, which the pass's margin covers; only the level the stretch is heard at,
  // modelInputGain, is taken over the wider stretch).
  const post = heard && heard.firstFrame <= a && heard.firstFrame + heard.frames >= b ? slicePosteriors(heard, a, b) : await posteriors(core, audio, a, b)

  const pause = (): AlignItem => ({ kind: 'pause', phones: [sil], optional: true, ref: -1 })
  const filler = (): AlignItem => ({ kind: 'filler', phones: [], optional: true, ref: -2 })
  const items: AlignItem[] = [filler(), pause()]
  words.forEach((w, k) => items.push({ kind: 'word', phones: w.map((i) => ids[i]), optional: false, ref: k }, pause()))
  items.push(filler())
  const result = viterbi(post.logp, post.frames, post.nPhones, items, SAID_VITERBI)
  if (!result) return plan
  const free = freeLoop(post.logp, post.frames, post.nPhones)
  const spans = wordSpans(result.segments, items, free)
  // Only a repair is narrowed: every word of the text must be heard here, or the text is new words.
  if (spans.length !== words.length || !(meanConfidence(spans.map((s) => s.confidence)) >= MISMATCH_CONFIDENCE)) return plan // NaN fails too
  const placed: PlacedPhone[] = []
  for (const seg of result.segments) {
    const item = items[seg.item]
    if (item.kind !== 'word') continue
    let best = 0
    for (let t = seg.start; t < seg.end; t++) best += free[t]
    const confidence = Math.exp((seg.score - best) / Math.max(1, seg.end - seg.start))
    placed.push({ index: words[item.ref][seg.phone], start: seg.start + a, end: seg.end + a, confidence })
  }
  // Where the pause after the last word ends (the next speech, or the stretch's end).
  let quietUntil = placed[placed.length - 1].end
  for (const seg of result.segments) if (seg.start + a === quietUntil && items[seg.item].kind === 'pause') quietUntil = seg.end + a
  const trimmed = trimToPhones(placed, from, to, symbols.length, quietUntil)
  if (!trimmed) return plan
  const full = { ...trimmed, flatCount: symbols.length }
  const { keepStart, keepEnd } = trustedEdges({ post, free, items, result, placed, spans, full, from, to, a, kept: secondsToFrame(SAID_MAX_KEPT_SPEECH_SECONDS, clock), keptTail: secondsToFrame(SAID_MAX_KEPT_TAIL_SECONDS, clock) })
  if (!keepStart && !keepEnd) return plan
  const trim: SaidTrim = {
    from: keepStart ? full.from : from,
    to: keepEnd ? full.to : to,
    phones: [keepStart ? full.phones[0] : 0, keepEnd ? full.phones[1] : full.flatCount],
  }
  // A narrowing that leaves fewer frames than phones to say (a long kept tail in a short region) is no repair.
  if (trim.to - trim.from < trim.phones[1] - trim.phones[0]) return plan
  const start = Math.max(plan.spec.start, frameToSeconds(trim.from, clock))
  const end = Math.min(plan.spec.end, frameToSeconds(trim.to, clock))
  if (!(end > start)) return plan
  const rate = audio.sampleRate
  return {
    ...plan,
    spec: { ...plan.spec, start, end, shownAs: plan.spec.shownAs ?? { index: plan.index, start: plan.spec.start, end: plan.spec.end } },
    inStart: Math.max(plan.inStart, secondsToSample(start, rate)),
    inEnd: Math.min(plan.inEnd, secondsToSample(end, rate)),
    asked: plan.asked ?? plan.spec,
    phoneRange: trim.phones,
  }
}

/** What trimToSaid found, for judging each edge of the narrowing on its own. */
interface EdgeEvidence {
  post: Posteriors
  free: Float32Array
  /** filler, pause, then each word and the optional pause after it, filler */
  items: AlignItem[]
  result: ViterbiResult
  placed: PlacedPhone[]
  spans: WordSpan[]
  full: SaidTrim & { flatCount: number }
  /** the region's frames and the first frame of the posteriors (global) */
  from: number
  to: number
  a: number
  /** most frames of speech before the first word that may stay the recording's */
  kept: number
  /** the same when that speech began before the region (a cut word's tail) */
  keptTail: number
}

/**
 * Whether each edge of the narrowing is to be trusted: the word at it clearly heard (SAID_EDGE_CONFIDENCE),
 * every phone it leaves out clearly that phone (SAID_DROP_CONFIDENCE), the alignment pinned to the
 * region's own edge clearly worse (SAID_MARGIN_PER_FRAME), and at the start no more than `kept` frames
 * of unexplained speech left as the recording's.
 */
function trustedEdges(e: EdgeEvidence): { keepStart: boolean; keepEnd: boolean } {
  const { post, free, items, result, placed, spans, full, from, to, a } = e
  const P = post.nPhones
  const penalty = SAID_VITERBI.fillerPenalty ?? 1
  const fillerCost = (x: number, y: number) => {
    let c = 0
    for (let t = Math.max(0, x); t < Math.min(post.frames, y); t++) c += free[t] - penalty
    return c
  }
  const margin = (pinned: number, moved: number) => (result.logProb - pinned) / Math.max(1, moved)
  let keptSpeech = 0 // fillers (speech the text does not explain) between the region's start and the first kept phone
  let cutWord = false // a filler running across the region's start: the tail of the word its edge cuts
  for (const seg of result.segments) {
    if (items[seg.item].kind !== 'filler') continue
    keptSpeech += Math.max(0, Math.min(seg.end + a, full.from) - Math.max(seg.start + a, from))
    if (seg.start + a < from && seg.end + a > from) cutWord = true
  }
  const keptLimit = cutWord ? e.keptTail : e.kept
  // Phones left out must be clearly those phones where the aligner put them (NaN fails).
  const sure = (dropped: PlacedPhone[]) => dropped.every((p) => (p.confidence ?? 0) >= SAID_DROP_CONFIDENCE)
  let keepStart = false
  const startOk = sure(placed.filter((p) => p.index < full.phones[0]))
  if ((full.from !== from || full.phones[0] !== 0) && startOk && spans[0].confidence >= SAID_EDGE_CONFIDENCE && keptSpeech <= keptLimit) {
    // The words starting at the region's start: the frames before it are filler.
    const s0 = Math.min(post.frames, from - a)
    const pinned = viterbi(post.logp.subarray(s0 * P), post.frames - s0, P, [...items.slice(2, -1), items[items.length - 1]], SAID_VITERBI)
    keepStart = margin(fillerCost(0, s0) + (pinned?.logProb ?? -Infinity), Math.abs(placed[0].start - from)) >= SAID_MARGIN_PER_FRAME
  }
  let keepEnd = false
  const endOk = sure(placed.filter((p) => p.index >= full.phones[1]))
  if ((full.to !== to || full.phones[1] !== full.flatCount) && endOk && spans[spans.length - 1].confidence >= SAID_EDGE_CONFIDENCE) {
    // The words ending at the region's end: the frames after it are filler.
    const e0 = Math.max(0, to - a)
    const pinned = viterbi(post.logp.subarray(0, e0 * P), e0, P, items.slice(0, -2), SAID_VITERBI)
    keepEnd = margin(fillerCost(e0, post.frames) + (pinned?.logProb ?? -Infinity), Math.abs(placed[placed.length - 1].end - to)) >= SAID_MARGIN_PER_FRAME
  }
  return { keepStart, keepEnd }
}
