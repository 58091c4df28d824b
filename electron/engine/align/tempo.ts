// The speaker's own tempo, from an alignment: how long their phones last against the model's
// per-phone mean durations. Natural lengths of fills then follow the speaker instead of the context's
// syllable-rate estimate (good to about ±15 %).
import type { AlignedWord } from './index'

/** Seconds of aligned speech read on each side of a region. */
export const TEMPO_CONTEXT_SECONDS = 12
/** Fewest aligned phones for a measurement. */
const MIN_PHONES = 8
/**
 * A phone counts for at most this many times its mean: a vowel held for effect or a pause the
 * alignment gave to a phone (a 1 s "what" in a slow speech) is not the speaker's pace, and one such
 * phone used to push the whole estimate to the 2× clamp.
 */
export const PHONE_CAP = 3

/**
 * Σ aligned phone durations (each at most PHONE_CAP × its mean) / Σ the manifest's mean durations of the same phones, over confident
 * words within TEMPO_CONTEXT_SECONDS of [from, to] and outside it; undefined when there are too few.
 * Clamped to [0.5, 2].
 */
export function speakerTempo(
  words: readonly AlignedWord[],
  meanFrames: Readonly<Record<string, number>>,
  frameSeconds: number,
  from: number,
  to: number,
): number | undefined {
  let said = 0
  let expected = 0
  let n = 0
  for (const w of words) {
    if (w.low || w.end <= from - TEMPO_CONTEXT_SECONDS || w.start >= to + TEMPO_CONTEXT_SECONDS) continue
    if (w.end > from && w.start < to) continue // the words being replaced
    // First and last phones of a word run into pauses and are the least certain: inner phones only, when there are some.
    const inner = w.phones.length > 2 ? w.phones.slice(1, -1) : w.phones
    for (const p of inner) {
      const mean = meanFrames[p.phone]
      if (!(mean > 0)) continue
      said += Math.min((p.end - p.start) / frameSeconds, PHONE_CAP * mean)
      expected += mean
      n++
    }
  }
  if (n < MIN_PHONES || expected <= 0) return undefined
  return Math.min(2, Math.max(0.5, said / expected))
}
