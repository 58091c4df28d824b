// Word confidence: how well a word's aligned phones explain its frames compared with the best phone
// of each frame (the free phone loop), and what a transcript's share of unconvincing words means.
import type { AlignItem, Segment } from './viterbi'

/**
 * A word whose confidence is below this is flagged (likely not said, or said otherwise). On the
 * synthetic evaluation set (electron/cli/align-check.ts) 0.1 flagged 7 % of the words of the right
 * transcripts and 89 % of the words of wrong ones (which share some words with the audio).
 */
export const LOW_CONFIDENCE = 0.1
/**
 * A transcript is reported as not matching the audio when the geometric mean of its words'
 * confidences (each floored at CONFIDENCE_FLOOR) is below this. On the align-check set
 * (electron/cli/align-check.ts after training/align_eval_data.py: 244 utterances with their own
 * transcripts, 44 of them real, and 199 given another utterance's) the right transcripts scored at
 * least 0.113 and the wrong ones at most 0.032; the threshold sits between. The rule before session 9,
 * "more than half of the words below LOW_CONFIDENCE", could not separate them: a right real
 * transcript had 5 of 9 words low (and `edit` refused it), a wrong one 4 of 7.
 */
export const MISMATCH_CONFIDENCE = 0.06
/** One word found nowhere must not outweigh all the others: confidences count from here up. */
const CONFIDENCE_FLOOR = 1e-3

/** Geometric mean of the words' confidences, each at least CONFIDENCE_FLOOR; 1 for no words. */
export function meanConfidence(confidences: readonly number[]): number {
  if (!confidences.length) return 1
  const logs = confidences.reduce((s, c) => s + Math.log(Math.max(CONFIDENCE_FLOOR, c)), 0)
  return Math.exp(logs / confidences.length)
}

/** What a window's Viterbi path says about each word it went through (frames relative to the window). */
export interface WordSpan {
  ref: number
  start: number
  end: number
  confidence: number
  phones: { id: number; start: number; end: number }[]
}

/**
 * Words of a Viterbi path with their confidence (see AlignedWord.confidence). A filler word (no
 * pronunciation) gets confidence 0.
 */
export function wordSpans(segments: readonly Segment[], items: readonly AlignItem[], free: Float32Array, offset = 0): WordSpan[] {
  const spans: WordSpan[] = []
  const gaps: number[] = [] // per span: Σ (aligned − best) log posterior over its frames
  for (const seg of segments) {
    const item = items[seg.item]
    if (item.kind === 'pause' || item.ref < 0) continue
    if (spans[spans.length - 1]?.ref !== item.ref) {
      spans.push({ ref: item.ref, start: seg.start, end: seg.end, confidence: 0, phones: [] })
      gaps.push(0)
    }
    const span = spans[spans.length - 1]
    span.end = seg.end
    if (item.kind !== 'word') {
      gaps[gaps.length - 1] = -Infinity
      continue
    }
    span.phones.push({ id: seg.id, start: seg.start, end: seg.end })
    let best = 0
    for (let t = seg.start; t < seg.end; t++) best += free[t - offset]
    gaps[gaps.length - 1] += seg.score - best
  }
  spans.forEach((s, k) => (s.confidence = Number.isFinite(gaps[k]) ? Math.exp(gaps[k] / Math.max(1, s.end - s.start)) : 0))
  return spans
}

/** The one line shown when the transcript as a whole could not be found in the audio (meanConfidence). */
export function mismatchMessage(confidences: readonly number[]): string | null {
  if (!confidences.length || meanConfidence(confidences) >= MISMATCH_CONFIDENCE) return null
  const low = confidences.filter((c) => c < LOW_CONFIDENCE).length
  return `the transcript does not seem to match the audio: ${low} of ${confidences.length} words could not be found (wrong text, another language, or no speech)`
}

/** A run of unconvincing words at an end of the transcript spread over this much audio means missing words. */
export const UNCOVERED_SECONDS = 3
/** … or over this share of the recording. */
const UNCOVERED_SHARE = 0.3
/** A word longer than this per phone (plus a pause's allowance) is stretched over audio it does not explain. */
const STRETCH_SECONDS_PER_PHONE = 0.35
const STRETCH_ALLOWANCE = 0.6
/** Share of a run's words that must be doubtful. */
const RUN_DOUBTFUL_SHARE = 0.75

/**
 * The one line shown when the transcript seems to cover only part of the recording: a run of at least
 * two words at its start or end that are each unconvincing (low confidence) or stretched, spread over
 * UNCOVERED_SECONDS or more (or UNCOVERED_SHARE of the audio). The aligner must place every word
 * somewhere, so a transcript of the first half spreads its last words over the second half, where an
 * edit would replace the wrong audio; else null.
 */
export function coverageMessage(words: readonly { start: number; end: number; confidence: number; phones: readonly unknown[] }[], duration: number): string | null {
  const doubtful = (w: (typeof words)[number]) =>
    w.confidence < LOW_CONFIDENCE || w.end - w.start > STRETCH_SECONDS_PER_PHONE * Math.max(1, w.phones.length) + STRETCH_ALLOWANCE
  // The longest run at each end that starts and ends on a doubtful word and is mostly doubtful (a short
  // word the aligner happens to like, "is", does not end it).
  const run = (order: readonly number[]) => {
    let best = 0
    let bad = 0
    for (let k = 1; k < order.length; k++) {
      if (doubtful(words[order[k - 1]])) bad++
      if (doubtful(words[order[k - 1]]) && doubtful(words[order[0]]) && bad >= RUN_DOUBTFUL_SHARE * k) best = k
    }
    return best
  }
  const indices = words.map((_, i) => i)
  const tail = run([...indices].reverse())
  const head = run(indices)
  const span = (from: number, to: number) => words[to - 1].end - words[from].start
  const big = (seconds: number) => seconds >= UNCOVERED_SECONDS || (duration > 0 && seconds >= UNCOVERED_SHARE * duration)
  if (tail >= 2 && tail < words.length && big(span(words.length - tail, words.length))) {
    const from = words[words.length - tail].start
    return `the transcript may stop before the recording does: its last ${tail} words are spread over ${from.toFixed(1)}–${words[words.length - 1].end.toFixed(1)} s with little sign of them; add the missing words before editing there`
  }
  if (head >= 2 && head < words.length && big(span(0, head))) {
    return `the transcript may start after the recording does: its first ${head} words are spread over ${words[0].start.toFixed(1)}–${words[head - 1].end.toFixed(1)} s with little sign of them; add the missing words before editing there`
  }
  return null
}
