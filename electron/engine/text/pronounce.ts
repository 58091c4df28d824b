// One word → phones: dictionary, then dictionary stem + suffix, then two dictionary words
// ("voicefill" → voice + fill), then letter-to-sound. Spelled letters are decided by the caller
// (the normaliser writes acronyms as single capital letters).

import { lookup } from './dict'
import { letterToSound, spellLetters } from './lts'

export type PronSource = 'dict' | 'lts' | 'spelled'

export interface Pronunciation {
  phones: string[]
  source: PronSource
}

const VOICELESS = new Set(['P', 'T', 'K', 'F', 'TH'])
const SIBILANT = new Set(['S', 'Z', 'SH', 'ZH', 'CH', 'JH'])

/** English -s / 's ending after the given phones: S after voiceless, IH Z after sibilants, else Z. */
export function sEnding(stem: string[]): string[] {
  const last = stem[stem.length - 1]
  if (SIBILANT.has(last)) return ['IH', 'Z']
  return VOICELESS.has(last) ? ['S'] : ['Z']
}

const VOICELESS_ED = new Set(['P', 'K', 'F', 'TH', 'S', 'SH', 'CH'])

/** English -ed ending: IH D after T/D, T after other voiceless sounds, else D. */
function edEnding(stem: string[]): string[] {
  const last = stem[stem.length - 1]
  if (last === 'T' || last === 'D') return ['IH', 'D']
  return VOICELESS_ED.has(last) ? ['T'] : ['D']
}

/** Candidate stems for a suffix: "zooming" → zoom, zoome; "stopped" → stopp, stop. */
function stems(base: string): string[] {
  const out = [base, `${base}e`]
  if (/([bdfgklmnprtvz])\1$/.test(base)) out.push(base.slice(0, -1))
  if (base.endsWith('i')) out.push(`${base.slice(0, -1)}y`)
  return out
}

/** Dictionary stem + productive suffix (plural, possessive, -ed, -ing, -er, -ly, -ness). */
function withSuffix(word: string): string[] | null {
  const suffixes: [RegExp, (stem: string[]) => string[]][] = [
    [/^(.{2,})'s$/, sEnding],
    [/^(.{2,})s'$/, sEnding],
    [/^(.{2,}[^s'])s$/, sEnding],
    [/^(.{2,})es$/, () => ['IH', 'Z']],
    [/^(.{2,})ed$/, edEnding],
    [/^(.{2,})ing$/, () => ['IH', 'NG']],
    [/^(.{2,})er$/, () => ['ER']],
    [/^(.{2,})ly$/, () => ['L', 'IY']],
    [/^(.{2,})ness$/, () => ['N', 'AH', 'S']],
  ]
  for (const [re, ending] of suffixes) {
    const m = re.exec(word)
    if (!m) continue
    for (const stem of stems(m[1])) {
      const phones = lookup(stem)
      if (phones) return [...phones, ...ending(phones)]
    }
  }
  return null
}

/** Minimum letters in each half of a compound; shorter dictionary "words" are mostly initials. */
const MIN_COMPOUND_PART = 3

/** Two dictionary words making up the word, preferring the most even split; null if none. */
export function splitCompound(word: string): [string, string] | null {
  let best: [string, string] | null = null
  let bestScore = -1
  for (let i = MIN_COMPOUND_PART; i <= word.length - MIN_COMPOUND_PART; i++) {
    const a = word.slice(0, i)
    const b = word.slice(i)
    if (/'/.test(a) || !lookup(a) || !lookup(b)) continue
    const score = Math.min(a.length, b.length)
    if (score > bestScore) {
      best = [a, b]
      bestScore = score
    }
  }
  return best
}

/** Pronounce one word written in letters (apostrophes allowed). Never throws; never empty for letters. */
export function pronounceWord(word: string): Pronunciation {
  const lower = word.toLowerCase()
  const direct = lookup(lower)
  if (direct) return { phones: direct, source: 'dict' }
  const suffixed = withSuffix(lower)
  if (suffixed) return { phones: suffixed, source: 'dict' }
  const compound = splitCompound(lower)
  if (compound) return { phones: compound.flatMap((part) => lookup(part)!), source: 'dict' }
  // A written word with no vowel letter ("xkcd", "pwn") is an initialism: spell it.
  if (/^[a-z]{2,6}$/.test(lower) && !/[aeiouy]/.test(lower)) return { phones: spellLetters(lower), source: 'spelled' }
  const lts = letterToSound(lower)
  if (lts.length) return { phones: lts, source: 'lts' }
  return { phones: spellLetters(lower), source: 'spelled' }
}

/** Letter names for one spelled letter, with its plural/possessive "'s" ("U's"). */
export function pronounceLetter(token: string): Pronunciation {
  const phones = spellLetters(token[0])
  return { phones: /'?s$/i.test(token.slice(1)) ? [...phones, ...sEnding(phones)] : phones, source: 'spelled' }
}
