// The engine's English text front-end: text → normalised words → phones of the model's inventory.
//
//   normalize (numbers, abbreviations, symbols, acronyms) → tokenize (words, pause punctuation)
//   → pronounce (CMUdict, suffix/compound rules, letter-to-sound, spelled letters) → flat phones.

import { EngineError } from '../types'
import { normalize } from './normalize'
import { homographReading, type WordContext } from './homographs'
import { PAUSE, theBefore } from './phones'
import { pronounceLetter, pronounceWord, type PronSource } from './pronounce'
import { checkTextSize } from './validate'

export { PHONE_SET, SYMBOLS, isPhone } from './phones'
export { MAX_TEXT_CHARS } from './validate'
export { MAX_SENTENCE_WORDS, splitSentences } from './sentences'
export { loadDictionary } from './dict'
export { normalize } from './normalize'

export interface WordPron {
  text: string
  phones: string[]
  source: PronSource
}

export interface PhoneSequence {
  words: WordPron[]
  /** Flat inventory symbols; 'sil' only where punctuation makes a pause (and at requested edges). */
  phones: string[]
  normalised: string
}

export interface TextToPhonesOptions {
  /** Start with a pause (default false: a fill inside a sentence must not add one). */
  leadingPause?: boolean
  /** End with a pause, whatever the final punctuation (default false: no trailing pause). */
  trailingPause?: boolean
}

type Token = { kind: 'word'; text: string } | { kind: 'pause' }

const TOKEN = /[A-Za-z]+(?:'[A-Za-z]+)*|[,;:—]|[.!?]+/g

/** Words (letters with inner apostrophes) and pause punctuation; hyphens split words silently. */
export function tokenize(normalised: string): Token[] {
  const tokens: Token[] = []
  for (const m of normalised.matchAll(TOKEN)) {
    tokens.push(/^[A-Za-z]/.test(m[0]) ? { kind: 'word', text: m[0] } : { kind: 'pause' })
  }
  return tokens
}

/** Per token, whether it opens a sentence, a quotation or a clause after a colon (where "A" is the article). */
function openings(normalised: string): boolean[] {
  return [...normalised.matchAll(TOKEN)].map((m) => /(^|[.!?:"(]|\.\.\.)\s*$/.test(normalised.slice(Math.max(0, m.index! - 8), m.index)))
}

/** Per token, whether a hyphen joins it to the next word ("A-list", "T-shirt", "X-ray"). */
function hyphenated(normalised: string): boolean[] {
  return [...normalised.matchAll(TOKEN)].map((m) => /^-[A-Za-z]/.test(normalised.slice(m.index! + m[0].length)))
}

/**
 * A single capital letter ("X", "U's") written by the normaliser for a spelled acronym; its plural
 * always has the apostrophe, so a sentence's first "Is" or "As" is the word, not "I's" / "A's".
 */
function isLetterToken(t: Token | undefined): boolean {
  return t?.kind === 'word' && /^[A-Z](?:'s)?$/.test(t.text)
}

/**
 * Spell a capital letter, except the pronoun "I" and the article "A". "A" is the letter when it
 * sits among other letters ("A M"), no word follows it ("plan A."), or it is written inside a
 * sentence, where the article would be "a" ("Plan A was", "an A on the test", "Vitamin A pills"),
 * unless the next word is capitalised too (a title, or shouting: "I HAVE A DREAM"). Hyphened to the
 * next word it is always the letter ("A-list").
 */
function isSpelled(tokens: Token[], i: number, opens: boolean, hyphen = false): boolean {
  const t = tokens[i] as { text: string }
  if (!isLetterToken(tokens[i]) || t.text === 'I') return false
  // Hyphened to a word it is the letter, even opening a sentence: "A-list celebrities".
  if (t.text !== 'A' || hyphen) return true
  const next = tokens[i + 1]
  if (isLetterToken(tokens[i - 1]) || isLetterToken(next) || next?.kind !== 'word') return true
  return !opens && !/^[A-Z]/.test(next.text)
}

/** The words next to token i, within its clause (a pause mark ends the context). */
function contextOf(tokens: Token[], i: number): WordContext {
  const word = (t: Token | undefined) => (t?.kind === 'word' ? t.text.toLowerCase() : undefined)
  const prev = word(tokens[i - 1])
  const text = (tokens[i] as { text: string }).text
  return {
    prev,
    prev2: prev === undefined ? undefined : word(tokens[i - 2]),
    next: word(tokens[i + 1]),
    capitalised: prev !== undefined && /^[A-Z][a-z]/.test(text),
  }
}

/** A word's pronunciation: a homograph's reading in context, else the dictionary's (pronounceWord). */
function pronounceInContext(tokens: Token[], i: number): ReturnType<typeof pronounceWord> {
  const text = (tokens[i] as { text: string }).text
  const reading = homographReading(text, contextOf(tokens, i))
  return reading ? { phones: reading, source: 'dict' } : pronounceWord(text)
}

/**
 * English text → phones. Throws EngineError('BAD_TEXT') for empty, too long, unsupported-script
 * or unspeakable (emoji-only, punctuation-only) text.
 */
export function textToPhones(text: string, opts: TextToPhonesOptions = {}): PhoneSequence {
  checkTextSize(text)
  const normalised = normalize(text)
  const tokens = tokenize(normalised)
  const opens = openings(normalised)
  const hyphens = hyphenated(normalised)
  const prons = tokens.map((tok, i) =>
    tok.kind === 'word' ? (isSpelled(tokens, i, opens[i], hyphens[i]) ? pronounceLetter(tok.text) : pronounceInContext(tokens, i)) : null,
  )
  const words: WordPron[] = []
  const phones: string[] = []
  tokens.forEach((tok, i) => {
    const pron = prons[i]
    if (tok.kind === 'pause' || !pron) {
      if (phones.length && phones[phones.length - 1] !== PAUSE) phones.push(PAUSE)
      return
    }
    // Only a word said right after it (no pause between) makes "the" read "thee".
    const said = theBefore(tok.text, pron.phones, prons[i + 1]?.phones[0]) ?? pron.phones
    words.push({ text: tok.text, phones: said, source: pron.source })
    phones.push(...said)
  })
  if (!words.length) {
    throw new EngineError('text has no words to say (only symbols, emoji or punctuation)', 'BAD_TEXT')
  }
  while (phones[phones.length - 1] === PAUSE) phones.pop()
  if (opts.leadingPause) phones.unshift(PAUSE)
  if (opts.trailingPause) phones.push(PAUSE)
  return { words, phones, normalised }
}
