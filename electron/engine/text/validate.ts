// Input checks for text: every failure is an EngineError('BAD_TEXT') with a one-line message.

import { EngineError } from '../types'

/** Most characters textToPhones accepts for one region; say() splits longer text into sentences. */
export const MAX_TEXT_CHARS = 5000

/** Scripts we can name in errors; anything else non-Latin is reported as "non-Latin". */
const SCRIPTS: [name: string, re: RegExp][] = [
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Chinese (Han)', /\p{Script=Han}/u],
  ['Japanese (Hiragana)', /\p{Script=Hiragana}/u],
  ['Japanese (Katakana)', /\p{Script=Katakana}/u],
  ['Korean (Hangul)', /\p{Script=Hangul}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Bengali', /\p{Script=Bengali}/u],
  ['Tamil', /\p{Script=Tamil}/u],
  ['Telugu', /\p{Script=Telugu}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Ethiopic', /\p{Script=Ethiopic}/u],
]

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
}

/** Throws for empty/whitespace-only text or text longer than `limit` characters. */
export function checkTextSize(text: string, limit = MAX_TEXT_CHARS): void {
  if (typeof text !== 'string') throw new EngineError(`text must be a string, got ${typeof text}`, 'BAD_TEXT')
  if (!text.trim()) throw new EngineError('text is empty: type the words to say', 'BAD_TEXT')
  if (text.length > limit) {
    throw new EngineError(
      `text is ${text.length} characters; one region takes at most ${limit} (split it into sentences)`,
      'BAD_TEXT',
    )
  }
}

/**
 * Throws when the text holds letters or digits outside basic Latin (after diacritics are removed),
 * naming the script and the first offending character.
 */
export function checkScript(text: string): void {
  const bad = /[\p{L}\p{N}]/u
  for (const ch of text) {
    if (/[A-Za-z0-9]/.test(ch) || !bad.test(ch)) continue
    let script = SCRIPTS.find(([, re]) => re.test(ch))?.[0] ?? 'non-Latin'
    // Kanji are Han characters too: with kana anywhere in the text, it is Japanese.
    if (script === 'Chinese (Han)' && /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) script = 'Japanese (Kanji)'
    throw new EngineError(
      `unsupported script: ${script} (first offending character "${ch}" ${codePoint(ch)}); only English text is supported`,
      'BAD_TEXT',
    )
  }
}
