// Transcripts as words: whitespace-separated tokens (what a person sees and edits), each with the
// text front-end's phones. Pure.
import { textToPhones } from '../text'
import { theBefore } from '../text/phones'
import { EngineError } from '../types'

/** Longest transcript accepted (a 30-minute talk is ~30 000 characters). */
export const MAX_TRANSCRIPT_CHARS = 1_000_000

export interface TranscriptWord {
  /** the token as typed, punctuation included ("wise,") */
  text: string
  /** character offsets of the token in the transcript */
  charStart: number
  charEnd: number
  /** inventory phones of the token; empty for a word the front-end cannot read (another script) */
  phones: string[]
}

/**
 * The transcript's words. Tokens with nothing to say (a dash, "&" alone is said, "—" is not) are
 * left out; a token in a script the front-end cannot read stays, with no phones, so the aligner can
 * place it without a pronunciation and flag it.
 */
export function transcriptWords(text: string): TranscriptWord[] {
  if (typeof text !== 'string') throw new EngineError('transcript must be text', 'BAD_TEXT')
  if (text.length > MAX_TRANSCRIPT_CHARS) {
    throw new EngineError(`transcript is too long: ${text.length} characters (at most ${MAX_TRANSCRIPT_CHARS})`, 'BAD_TEXT')
  }
  const words: TranscriptWord[] = []
  let prev = ''
  for (const m of text.matchAll(/\S+/g)) {
    const token = m[0]
    let phones: string[] = []
    try {
      phones = inContext(prev, token) ?? textToPhones(token).phones.filter((p) => p !== 'sil')
    } catch (e) {
      if (!(e instanceof EngineError) || e.code !== 'BAD_TEXT') throw e
      if (!/\p{L}/u.test(token)) continue // punctuation or symbols only: nothing is said
    }
    words.push({ text: token, charStart: m.index, charEnd: m.index + token.length, phones })
    prev = token
  }
  if (!words.some((w) => w.phones.length)) {
    throw new EngineError('transcript has no English words to align', 'BAD_TEXT')
  }
  return theBeforeVowels(words)
}

/**
 * A Roman numeral is read from the word before it ("Chapter IV" → "four", "Henry VIII" → "the
 * eighth", text/normalize.ts), so such a token takes the phones the pair gives after the first
 * word's own; null for any other token, or when the pair does not start with the first word's phones.
 */
function inContext(prev: string, token: string): string[] | null {
  if (!prev || !/^[IVXLCDM]+(?:['\u2019]s)?[,.;:!?)"']*$/.test(token)) return null
  try {
    const first = textToPhones(prev).phones.filter((p) => p !== 'sil')
    const pair = textToPhones(`${prev} ${token}`).phones.filter((p) => p !== 'sil')
    if (pair.length <= first.length || first.some((p, i) => pair[i] !== p)) return null
    return pair.slice(first.length)
  } catch {
    return null
  }
}

/**
 * "the" before a vowel is said "thee" (DH IY), not "thuh" (DH AH, the dictionary's first reading):
 * aligned as "thuh", every such "the" scored near 0 and was flagged as not said.
 */
export function theBeforeVowels(words: TranscriptWord[]): TranscriptWord[] {
  return words.map((w, i) => {
    const next = words.slice(i + 1).find((x) => x.phones.length)
    const thee = theBefore(w.text, w.phones, next?.phones[0])
    return thee ? { ...w, phones: thee } : w
  })
}
