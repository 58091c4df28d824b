// Take checking: does a generated take say what was typed, has the old wording gone, and are its
// seams smooth? Scored with the aligner on the take in its context:
//   - each typed word: forced alignment of the typed phones against the free phone loop (the word's
//     confidence, as in the transcript alignment), between fillers that absorb the context;
//   - each replaced word that is not in the new text: an optional item on either side of the new
//     words; found when the best path goes through it with a confident match;
//   - each splice point: the spectral jump across it over the context's own frame-to-frame change.
import { mixDown, type EngineCore } from '../core'
import { logMel } from '../dsp/features'
import { resample } from '../audio/resample'
import { EngineError, type PcmAudio } from '../types'
import { LOW_CONFIDENCE, wordSpans } from './confidence'
import { posteriors } from './posteriors'
import { wordKey } from './diff'
import { transcriptWords } from './transcript'
import { freeLoop, viterbi, type AlignItem, type ViterbiOptions } from './viterbi'

/** Context read on each side of a take's region. */
export const CHECK_CONTEXT_SECONDS = 0.5
/**
 * A seam is flagged when its spectral jump exceeds this many times the context's 90th-percentile
 * frame-to-frame change. At the real word boundaries of the LibriVox clips the ratio's 95th and 99th
 * percentiles were 1.4 and 1.9.
 */
export const SEAM_LIMIT = 2
/** Filler penalty for take checks: low enough that a filler takes the context, high enough that it never takes a typed word. */
const CHECK_VITERBI: ViterbiOptions = { fillerPenalty: 0.7 }

export interface WordCheck {
  text: string
  confidence: number
  ok: boolean
}

export interface TakeCheck {
  /** the typed words, each with its confidence */
  words: WordCheck[]
  /** replaced words that can still be heard */
  oldWords: WordCheck[]
  /** spectral jump at the left and right splice over the context's typical change (1 = as smooth as the speech around it) */
  seams: [number, number]
  /** the weakest typed word (index into words), or -1 without words */
  weakest: number
  /** every typed word found, no old word heard, both seams within SEAM_LIMIT */
  passes: boolean
  /** ranking score in [0, 1]: the weakest word's confidence, cut down for an old word or a rough seam */
  score: number
}

/** Phone ids of each word of `text` (a word without a pronunciation is left out). */
export function wordPhoneIds(core: EngineCore, text: string): { text: string; ids: number[] }[] {
  if (!text.trim()) return []
  return transcriptWords(text)
    .filter((w) => w.phones.length)
    .map((w) => ({
      text: w.text,
      ids: w.phones.map((p) => {
        const id = core.model.phoneIds.get(p)
        if (id === undefined) throw new EngineError(`the model's phones.symbols lack "${p}"`, 'BAD_MODEL')
        return id
      }),
    }))
}

/**
 * Scores typed and old words on log posteriors of a take with its context (pure). `typed` must be
 * said, in order, somewhere in the stretch; each of `old` may be said just before or after them.
 */
export function scoreWords(
  logp: Float32Array,
  frames: number,
  nPhones: number,
  typed: readonly { text: string; ids: number[] }[],
  old: readonly { text: string; ids: number[] }[],
  silId: number,
): { words: WordCheck[]; oldWords: WordCheck[] } | null {
  const pause = (): AlignItem => ({ kind: 'pause', phones: [silId], optional: true, ref: -1 })
  const filler = (): AlignItem => ({ kind: 'filler', phones: [], optional: true, ref: -2 })
  const oldItems = (side: number): AlignItem[] => old.flatMap((w, k) => [{ kind: 'word', phones: w.ids, optional: true, ref: 1000 + side * 500 + k } as AlignItem, pause()])
  const items: AlignItem[] = [filler(), pause(), ...oldItems(0)]
  typed.forEach((w, k) => items.push({ kind: 'word', phones: w.ids, optional: false, ref: k }, pause()))
  items.push(...oldItems(1), filler())
  const result = viterbi(logp, frames, nPhones, items, CHECK_VITERBI)
  if (!result) return null
  const spans = wordSpans(result.segments, items, freeLoop(logp, frames, nPhones))
  const conf = new Map(spans.map((s) => [s.ref, s.confidence]))
  const words = typed.map((w, k) => {
    const c = conf.get(k) ?? 0
    return { text: w.text, confidence: round(c), ok: c >= LOW_CONFIDENCE }
  })
  const oldWords = old
    .map((w, k) => ({ text: w.text, confidence: round(Math.max(conf.get(1000 + k) ?? 0, conf.get(1500 + k) ?? 0)), ok: false }))
    .filter((w) => w.confidence >= LOW_CONFIDENCE)
  return { words, oldWords }
}

/**
 * Spectral jump at frame `at` (mean absolute log-mel change between frames at − 1 and at, the
 * largest of it and its neighbours') over the 90th percentile of the changes between consecutive
 * context frames (speech changes fast at phone onsets; a seam should be no worse than those).
 */
export function seamRatio(logmel: Float32Array, nMels: number, at: number, context: readonly [number, number][]): number {
  const frames = logmel.length / nMels
  const change = (f: number) => {
    let s = 0
    for (let m = 0; m < nMels; m++) s += Math.abs(logmel[f * nMels + m] - logmel[(f - 1) * nMels + m])
    return s / nMels
  }
  const typical: number[] = []
  for (const [a, b] of context) for (let f = Math.max(1, a); f < Math.min(frames, b); f++) typical.push(change(f))
  if (!typical.length || at < 1 || at >= frames) return 1
  typical.sort((x, y) => x - y)
  const typicalHigh = Math.max(1e-3, typical[Math.floor(0.9 * (typical.length - 1))])
  let jump = 0
  for (let f = Math.max(1, at - 1); f <= Math.min(frames - 1, at + 1); f++) jump = Math.max(jump, change(f))
  return round(jump / typicalHigh)
}

/** Combines the parts of a check into the pass flag and the ranking score. */
export function summarise(words: WordCheck[], oldWords: WordCheck[], seams: [number, number]): TakeCheck {
  let weakest = -1
  words.forEach((w, i) => (weakest < 0 || w.confidence < words[weakest].confidence) && (weakest = i))
  const seam = Math.max(...seams)
  const passes = words.every((w) => w.ok) && oldWords.length === 0 && seam <= SEAM_LIMIT
  const base = weakest < 0 ? 1 : words[weakest].confidence
  const score = base * (oldWords.length ? 0.3 : 1) * Math.min(1, SEAM_LIMIT / Math.max(seam, 1e-6))
  return { words, oldWords, seams, weakest, passes, score: round(score) }
}

/**
 * Checks the take that output samples [outStart, outEnd) of `audio` hold (an edited timeline, at its
 * own rate), against the typed `text` and the words it replaced (`oldText`, optional).
 */
export async function checkTake(core: EngineCore, audio: PcmAudio, outStart: number, outEnd: number, text: string, oldText = ''): Promise<TakeCheck> {
  const { spec } = core
  const rate = audio.sampleRate
  const toFrame = (sample: number) => Math.round((sample * spec.sampleRate) / rate / spec.hop)
  const ctx = Math.round(CHECK_CONTEXT_SECONDS * spec.sampleRate / spec.hop)
  const total = toFrame(audio.channels[0].length) + 1
  const a = Math.max(0, toFrame(outStart) - ctx)
  const b = Math.min(total, toFrame(outEnd) + ctx)
  const typed = wordPhoneIds(core, text)
  const typedKeys = new Set(typed.map((w) => wordKey(w.text)))
  const old = wordPhoneIds(core, oldText).filter((w) => !typedKeys.has(wordKey(w.text)))
  const sil = core.model.phoneIds.get('sil')
  if (sil === undefined) throw new EngineError(`model ${core.model.manifestPath}: phones.symbols lacks "sil"`, 'BAD_MODEL')

  let words: WordCheck[] = []
  let oldWords: WordCheck[] = []
  if (typed.length) {
    const post = await posteriors(core, audio, a, b)
    const scored = scoreWords(post.logp, post.frames, post.nPhones, typed, old, sil)
    words = scored?.words ?? typed.map((w) => ({ text: w.text, confidence: 0, ok: false })) // too short to say them
    oldWords = scored?.oldWords ?? []
  }
  // Seams on the model-rate log-mel of the same stretch.
  const s0 = Math.round((a * spec.hop * rate) / spec.sampleRate)
  const s1 = Math.round((b * spec.hop * rate) / spec.sampleRate)
  const monoIn = mixDown(audio.channels, s0, s1)
  const mono = rate === spec.sampleRate ? monoIn : await resample(monoIn, rate, spec.sampleRate, 'medium')
  const logmel = logMel(mono, spec)
  const left = toFrame(outStart) - a
  const right = toFrame(outEnd) - a
  const frames = logmel.length / spec.nMels
  const context: [number, number][] = [[1, left - 1], [right + 2, frames]]
  // A take that ends the file has no seam there (as one that starts it has none at its start), and no
  // context on that side: the take's own changes stand in for it. Every take at the end of a file had
  // failed, measured against the edge of the file and the silence or cut word before it alone.
  const atEnd = outEnd >= audio.channels[0].length
  if (atEnd) context.push([left + 2, right - 1])
  return summarise(words, oldWords, [seamRatio(logmel, spec.nMels, left, context), atEnd ? 1 : seamRatio(logmel, spec.nMels, right, context)])
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000
}
