// Forced alignment of a transcript to a recording: transcript → words and phones (text front-end)
// → items with optional pauses between words → Viterbi over the aligner's log posteriors → word and
// phone times with a confidence per word.
//
// Long recordings are aligned window by window (ALIGN_WINDOW_SECONDS): each window gets the next
// words (more than it can hold) with an open end, the words that end well before the window's end
// are kept, and the next window starts at the pause after the last kept word. Memory is bounded by
// one window, whatever the recording's length.
import { throwIfAborted, type EngineCore } from '../core'
import { EngineError, type PcmAudio } from '../types'
import type { AudioSource } from '../audio/source'
import { posteriors, recordingFrames, sourcePosteriors, type Posteriors } from './posteriors'
import { transcriptWords, type TranscriptWord } from './transcript'
import { coverageMessage, LOW_CONFIDENCE, mismatchMessage, wordSpans, type WordSpan } from './confidence'
import { freeLoop, viterbi, type AlignItem, type ViterbiOptions } from './viterbi'

export { coverageMessage, LOW_CONFIDENCE, MISMATCH_CONFIDENCE, meanConfidence, mismatchMessage, wordSpans, type WordSpan } from './confidence'

/** Longest stretch aligned in one Viterbi pass. */
export const ALIGN_WINDOW_SECONDS = 60
/** In a window that is not the last, words must end this long before its end to be kept. */
const WINDOW_KEEP_SECONDS = 12
export interface AlignedPhone {
  phone: string
  start: number
  end: number
}

export interface AlignedWord {
  /** the token as typed */
  text: string
  /** position in the transcript's words, and character offsets in the transcript */
  index: number
  charStart: number
  charEnd: number
  start: number
  end: number
  /**
   * exp(mean log posterior of the aligned phones − mean of the best phone per frame): 1 when every
   * frame's best phone is the expected one; low when the audio says something else
   */
  confidence: number
  low: boolean
  phones: AlignedPhone[]
}

export interface Alignment {
  words: AlignedWord[]
  /** seconds of audio aligned */
  duration: number
  /** words below LOW_CONFIDENCE */
  lowCount: number
  /** one line when most words could not be found (wrong transcript, other language, music); else null */
  mismatch: string | null
  /** one line when the transcript seems to cover only part of the recording (coverageMessage); else null */
  coverage?: string | null
  /** seconds of the model's frame grid */
  frameSeconds: number
  alignMs: number
}

export interface AlignOptions {
  signal?: AbortSignal
  /** called after each window with the seconds aligned so far */
  onProgress?: (doneSeconds: number, totalSeconds: number) => void
  viterbi?: ViterbiOptions
}

/** Items for words: optional pause before, between and after the words. */
export function wordItems(words: readonly TranscriptWord[], ids: ReadonlyMap<string, number>, from = 0): AlignItem[] {
  const sil = idOf(ids, 'sil')
  const items: AlignItem[] = [{ kind: 'pause', phones: [sil], optional: true, ref: -1 }]
  words.forEach((w, k) => {
    if (w.phones.length) items.push({ kind: 'word', phones: w.phones.map((p) => idOf(ids, p)), optional: false, ref: from + k })
    else items.push({ kind: 'filler', phones: [], optional: false, ref: from + k }) // unreadable: placed, not pronounced
    items.push({ kind: 'pause', phones: [sil], optional: true, ref: -1 })
  })
  return items
}

function idOf(ids: ReadonlyMap<string, number>, phone: string): number {
  const id = ids.get(phone)
  if (id === undefined) throw new EngineError(`the model's phones.symbols lack "${phone}"`, 'BAD_MODEL')
  return id
}

/** Aligns `text` to the whole recording. */
export async function alignTranscript(core: EngineCore, audio: PcmAudio, text: string, opts: AlignOptions = {}): Promise<Alignment> {
  const words = transcriptWords(text)
  return alignWords(words, {
    frames: recordingFrames(core, audio),
    frameSeconds: core.spec.hop / core.spec.sampleRate,
    seconds: audio.channels[0].length / audio.sampleRate,
    phoneIds: core.model.phoneIds,
    symbols: core.model.manifest.phones.symbols,
    read: (from, to) => posteriors(core, audio, from, to, opts.signal),
  }, opts)
}

/** Aligns `text` to a recording read from disk in pieces (never held whole: an hour costs what a minute does). */
export async function alignSourceTranscript(core: EngineCore, source: AudioSource, text: string, opts: AlignOptions = {}): Promise<Alignment> {
  const words = transcriptWords(text)
  return alignWords(words, {
    frames: recordingFrames(core, source),
    frameSeconds: core.spec.hop / core.spec.sampleRate,
    seconds: source.frames / source.sampleRate,
    phoneIds: core.model.phoneIds,
    symbols: core.model.manifest.phones.symbols,
    read: (from, to) => sourcePosteriors(core, source, from, to, opts.signal),
  }, opts)
}

/** Where alignWords reads posteriors: any frames [from, to) of a recording of `frames` frames. */
export interface PosteriorSource {
  frames: number
  frameSeconds: number
  /** The recording's own length: the last frame runs past it by up to a hop, and no time may (a region made from the last word would end outside the audio). */
  seconds?: number
  phoneIds: ReadonlyMap<string, number>
  symbols: readonly string[]
  read(from: number, to: number): Promise<Posteriors>
}

/** Aligns transcript words to a recording's posteriors, window by window (see the module comment). */
export async function alignWords(words: readonly TranscriptWord[], src: PosteriorSource, opts: AlignOptions = {}): Promise<Alignment> {
  const started = performance.now()
  const { frames: total, frameSeconds, phoneIds: ids, symbols } = src
  const window = Math.round(ALIGN_WINDOW_SECONDS / frameSeconds)
  const keep = Math.round(WINDOW_KEEP_SECONDS / frameSeconds)
  const spans: WordSpan[] = []
  let frame = 0
  let next = 0
  while (next < words.length) {
    throwIfAborted(opts.signal)
    const last = total - frame <= window + keep // the rest fits: one final window
    const end = last ? total : frame + window
    // More words than the window can hold (at the remaining text's own pace, with room to spare).
    const pace = (words.length - next) / Math.max(1, total - frame)
    const take = last ? words.length - next : Math.min(words.length - next, Math.ceil(pace * (end - frame) * 1.6) + 20)
    const items = wordItems(words.slice(next, next + take), ids, next)
    const post = await src.read(frame, end)
    const result = viterbi(post.logp, post.frames, post.nPhones, items, { ...opts.viterbi, openEnd: !last })
    if (!result) {
      throw new EngineError(`the recording is too short for its transcript (${words.length - next} words left for ${((end - frame) * frameSeconds).toFixed(1)} s)`, 'BAD_TEXT')
    }
    const found = wordSpans(result.segments, items, freeLoop(post.logp, post.frames, post.nPhones)).map((s) => shiftSpan(s, frame))
    if (last) {
      spans.push(...found)
      break
    }
    // Keep words that end well before the window's end; the next window starts after the last one.
    let kept = found.filter((s) => s.end <= end - keep)
    if (!kept.length) kept = found.slice(0, 1) // a long stretch without words: still move on
    if (!kept.length) throw new EngineError('alignment made no progress', 'INTERNAL')
    spans.push(...kept)
    next = kept[kept.length - 1].ref + 1
    frame = kept[kept.length - 1].end
    opts.onProgress?.(frame * frameSeconds, total * frameSeconds)
  }
  opts.onProgress?.(total * frameSeconds, total * frameSeconds)

  const duration = Math.min(total * frameSeconds, src.seconds ?? Infinity)
  const toSeconds = (f: number) => Math.min(floor4(duration), round(Math.max(0, (f - 0.5) * frameSeconds)))
  const aligned: AlignedWord[] = spans.map((s) => {
    const w = words[s.ref]
    return {
      text: w.text,
      index: s.ref,
      charStart: w.charStart,
      charEnd: w.charEnd,
      start: toSeconds(s.start),
      end: toSeconds(s.end),
      confidence: round(s.confidence),
      low: s.confidence < LOW_CONFIDENCE,
      phones: s.phones.map((p) => ({ phone: symbols[p.id], start: toSeconds(p.start), end: toSeconds(p.end) })),
    }
  })
  const lowCount = aligned.filter((w) => w.low).length
  const mismatch = mismatchMessage(aligned.map((w) => w.confidence))
  return {
    words: aligned,
    duration: floor4(duration),
    lowCount,
    mismatch,
    coverage: mismatch ? null : coverageMessage(aligned, duration),
    frameSeconds,
    alignMs: performance.now() - started,
  }
}

function shiftSpan(s: WordSpan, by: number): WordSpan {
  return { ...s, start: s.start + by, end: s.end + by, phones: s.phones.map((p) => ({ ...p, start: p.start + by, end: p.end + by })) }
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000
}

/** Down to 0.1 ms: the duration must not round up past the recording's end. */
function floor4(x: number): number {
  return Math.floor(x * 10000) / 10000
}
