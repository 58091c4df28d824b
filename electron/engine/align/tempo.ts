// The speaker's own tempo: how long their phones last against the model's per-phone mean durations.
// From an alignment of a transcript (speakerTempo), or, when no transcript is known, from the aligner's
// free phone loop over the audio around a region (loopTempo). Natural lengths of fills then follow the
// speaker instead of the context's syllable-rate estimate, which on real speech did not follow the
// speaker at all (docs/engine.md, Editing step 4).
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
  const phones: PhoneLength[] = []
  for (const w of words) {
    if (w.low || w.end <= from - TEMPO_CONTEXT_SECONDS || w.start >= to + TEMPO_CONTEXT_SECONDS) continue
    if (w.end > from && w.start < to) continue // the words being replaced
    // First and last phones of a word run into pauses and are the least certain: inner phones only, when there are some.
    const inner = w.phones.length > 2 ? w.phones.slice(1, -1) : w.phones
    for (const p of inner) phones.push({ phone: p.phone, frames: (p.end - p.start) / frameSeconds })
  }
  const t = tempoOf(phones, meanFrames)
  return t === undefined ? undefined : Math.min(2, Math.max(0.5, t))
}

/** A phone and how many frames it lasted. */
export interface PhoneLength {
  phone: string
  frames: number
}

/**
 * Σ frames (each at most PHONE_CAP × its mean) / Σ the means, over phones with a mean; undefined under
 * MIN_PHONES of them. 1 is the corpus's pace, 1.2 a fifth slower.
 */
export function tempoOf(phones: readonly PhoneLength[], meanFrames: Readonly<Record<string, number>>): number | undefined {
  let said = 0
  let expected = 0
  let n = 0
  for (const p of phones) {
    const mean = meanFrames[p.phone]
    if (!(mean > 0) || p.phone === 'sil') continue
    said += Math.min(p.frames, PHONE_CAP * mean)
    expected += mean
    n++
  }
  return n < MIN_PHONES || expected <= 0 ? undefined : said / expected
}

/** Extra cost of starting a new phone in the free loop (log-probability): fewer, surer segments. */
export const LOOP_SWITCH_PENALTY = 2
/** Fewest frames a phone lasts in the free loop (32 ms): posteriors flicker from frame to frame. */
export const LOOP_MIN_FRAMES = 2

/**
 * The best phone sequence through per-frame log posteriors with no transcript: a loop over every
 * phone (column 1 on; column 0 is "no phone"), each held at least LOOP_MIN_FRAMES, a new phone costing
 * LOOP_SWITCH_PENALTY. Returns the segments as [column, start frame, end frame).
 */
export function phoneLoop(logp: Float32Array, frames: number, nPhones: number): Array<[number, number, number]> {
  const m = LOOP_MIN_FRAMES
  const P = nPhones - 1 // phones 1..nPhones-1; sub-states k = 0..m-1 (k = m-1 loops)
  const S = P * m
  if (frames <= 0 || P <= 0) return []
  let prev = new Float64Array(S).fill(-Infinity)
  let cur = new Float64Array(S)
  const back = new Int32Array(frames * S)
  for (let p = 0; p < P; p++) prev[p * m] = logp[p + 1]
  for (let t = 1; t < frames; t++) {
    let bestExit = -Infinity
    let bestS = -1
    for (let p = 0; p < P; p++) {
      const s = p * m + m - 1
      if (prev[s] > bestExit) {
        bestExit = prev[s]
        bestS = s
      }
    }
    const row = t * nPhones
    for (let p = 0; p < P; p++) {
      const e = logp[row + p + 1]
      for (let k = 0; k < m; k++) {
        const s = p * m + k
        let v = k === 0 ? bestExit - LOOP_SWITCH_PENALTY : prev[s - 1]
        let from = k === 0 ? bestS : s - 1
        if (k === m - 1 && prev[s] > v) {
          v = prev[s]
          from = s
        }
        cur[s] = v + e
        back[t * S + s] = from
      }
    }
    ;[prev, cur] = [cur, prev]
  }
  // End in a phone's last sub-state (a stretch shorter than m frames has none reachable: end anywhere).
  let s = m - 1
  for (let q = m - 1; q < S; q += m) if (prev[q] > prev[s]) s = q
  if (prev[s] === -Infinity) for (let q = 0; q < S; q++) if (prev[q] > prev[s]) s = q
  const states = new Int32Array(frames)
  for (let t = frames - 1; t >= 0; t--) {
    states[t] = s
    if (t > 0) s = back[t * S + s]
  }
  // A segment ends where the next frame enters a phone (sub-state 0): the same phone twice is two phones.
  const segments: Array<[number, number, number]> = []
  for (let t = 0, start = 0; t < frames; t++) {
    if (t === frames - 1 || states[t + 1] % m === 0) {
      segments.push([Math.floor(states[t] / m) + 1, start, t + 1])
      start = t + 1
    }
  }
  return segments
}

/**
 * The speaker's tempo from the free phone loop over log posteriors, leaving out frames [skipFrom,
 * skipTo) (the region being replaced) and any phone touching them, and the first and last segments
 * (cut by the stretch's ends); undefined when too few phones are heard. Clamped to [0.5, 2] as
 * speakerTempo. It follows part of a change of pace (0.43 of a tape-speed change, median over the held-out
 * clips) and, unlike the syllable estimate, is not pulled far by reverberation (about 7 % slower):
 * electron/cli/tempo-check.ts, docs/engine.md Editing step 4.
 */
export function loopTempo(
  logp: Float32Array,
  frames: number,
  nPhones: number,
  symbols: readonly string[],
  meanFrames: Readonly<Record<string, number>>,
  skipFrom: number,
  skipTo: number,
): number | undefined {
  const segments = phoneLoop(logp, frames, nPhones)
  const phones: PhoneLength[] = []
  segments.forEach(([id, a, b], i) => {
    if (i === 0 || i === segments.length - 1 || (b > skipFrom && a < skipTo)) return
    phones.push({ phone: symbols[id] ?? '', frames: b - a })
  })
  const t = tempoOf(phones, meanFrames)
  return t === undefined ? undefined : Math.min(2, Math.max(0.5, t))
}
