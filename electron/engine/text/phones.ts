// The phone inventory, mirrored from training/voicefill/phones.py (a test parses that file and
// compares, so the two cannot drift). Id 0 "<none>" is never produced by the text front-end.

export const PHONE_SET = 'arpabet-nostress-v1'

export const ARPABET = [
  'AA', 'AE', 'AH', 'AO', 'AW', 'AY', 'B', 'CH', 'D', 'DH', 'EH', 'ER', 'EY', 'F', 'G', 'HH',
  'IH', 'IY', 'JH', 'K', 'L', 'M', 'N', 'NG', 'OW', 'OY', 'P', 'R', 'S', 'SH', 'T', 'TH',
  'UH', 'UW', 'V', 'W', 'Y', 'Z', 'ZH',
] as const

export const SYMBOLS: readonly string[] = ['<none>', 'sil', ...ARPABET]

/** The pause symbol written where punctuation calls for one. */
export const PAUSE = 'sil'

const PRODUCIBLE = new Set<string>([PAUSE, ...ARPABET])

/** True for symbols the front-end may emit (every inventory symbol except "<none>"). */
export function isPhone(symbol: string): boolean {
  return PRODUCIBLE.has(symbol)
}

const VOWELS = new Set<string>(['AA', 'AE', 'AH', 'AO', 'AW', 'AY', 'EH', 'ER', 'EY', 'IH', 'IY', 'OW', 'OY', 'UH', 'UW'])

/** True for the vowel phones (what makes "the" read "thee" before it). */
export function isVowel(phone: string | undefined): boolean {
  return phone !== undefined && VOWELS.has(phone)
}

/**
 * "the" before a vowel is said "thee" (DH IY), not "thuh" (DH AH, the dictionary's first reading).
 * Returns the phones "the" takes before a word starting with `nextPhone`, or null if `phones` are not
 * a plain "thuh".
 */
export function theBefore(word: string, phones: readonly string[], nextPhone: string | undefined): string[] | null {
  const thuh = phones.length === 2 && phones[0] === 'DH' && phones[1] === 'AH' && /^the$/i.test(word.replace(/[^\p{L}]/gu, ''))
  return thuh && isVowel(nextPhone) ? ['DH', 'IY'] : null
}
