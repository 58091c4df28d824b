// Numbers → English words (US style: no "and" inside cardinals, hyphenated 21–99).
// All functions take digit strings, not JS numbers, so long values never lose precision.

const ONES = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen',
]
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety']
const SCALES = ['', 'thousand', 'million', 'billion', 'trillion', 'quadrillion', 'quintillion']

/** Longest integer read as a cardinal; longer digit strings are read digit by digit. */
export const MAX_CARDINAL_DIGITS = SCALES.length * 3

/** 0–99 → words ("forty-two"). */
function belowHundred(n: number): string {
  if (n < 20) return ONES[n]
  const t = TENS[Math.floor(n / 10)]
  return n % 10 ? `${t}-${ONES[n % 10]}` : t
}

/** 0–999 → words, '' for 0 (callers decide whether "zero" is said). */
function belowThousand(n: number): string {
  const h = Math.floor(n / 100)
  const r = n % 100
  const parts: string[] = []
  if (h) parts.push(`${ONES[h]} hundred`)
  if (r) parts.push(belowHundred(r))
  return parts.join(' ')
}

/** "0042" → "four two" … digit by digit, "zero" for 0 (or "oh" when asked, as in times). */
export function digitsToWords(digits: string, zero: 'zero' | 'oh' = 'zero'): string {
  return [...digits].map((d) => (d === '0' ? zero : ONES[Number(d)])).join(' ')
}

/** Integer digit string (no sign, no commas) → cardinal words. */
export function cardinal(digits: string): string {
  const clean = digits.replace(/^0+(?=\d)/, '')
  if (!/^\d+$/.test(clean)) throw new Error(`cardinal expects digits, got ${JSON.stringify(digits)}`)
  if (clean.length > MAX_CARDINAL_DIGITS) return digitsToWords(clean)
  if (clean === '0') return 'zero'
  const groups: number[] = []
  for (let end = clean.length; end > 0; end -= 3) groups.unshift(Number(clean.slice(Math.max(0, end - 3), end)))
  const words: string[] = []
  groups.forEach((g, i) => {
    if (!g) return
    const scale = SCALES[groups.length - 1 - i]
    words.push(scale ? `${belowThousand(g)} ${scale}` : belowThousand(g))
  })
  return words.join(' ')
}

const IRREGULAR_ORDINALS: Record<string, string> = {
  one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth', nine: 'ninth', twelve: 'twelfth',
}

/** Cardinal words → ordinal words: only the last word changes ("twenty-one" → "twenty-first"). */
export function ordinalWords(cardinalText: string): string {
  const m = /([a-z]+)$/.exec(cardinalText)
  if (!m) return cardinalText
  const last = m[1]
  const ord = IRREGULAR_ORDINALS[last] ?? (last.endsWith('y') ? `${last.slice(0, -1)}ieth` : `${last}th`)
  return cardinalText.slice(0, m.index) + ord
}

/** Integer digit string → ordinal words ("21" → "twenty-first"). */
export function ordinal(digits: string): string {
  return ordinalWords(cardinal(digits))
}

/** Signed decimal like "-3.14", "0.5", ".5", "1,234.5" → words ("minus three point one four"). */
export function numberToWords(text: string): string {
  const m = /^([-−]?)(\d[\d,]*)?(?:\.(\d+))?$/.exec(text)
  if (!m || (!m[2] && !m[3])) throw new Error(`not a number: ${JSON.stringify(text)}`)
  const [, sign, int, frac] = m
  const parts: string[] = []
  if (sign) parts.push('minus')
  if (int) parts.push(cardinal(int.replace(/,/g, '')))
  if (frac) parts.push('point', digitsToWords(frac))
  return parts.join(' ')
}

/**
 * Four-digit year → words as years are spoken: 1999 "nineteen ninety-nine", 1905 "nineteen oh five",
 * 1900 "nineteen hundred", 2000–2009 "two thousand (five)", 2024 "twenty twenty-four".
 */
export function yearToWords(digits: string): string {
  const y = Number(digits)
  if (!/^\d{1,4}$/.test(digits)) throw new Error(`not a year: ${JSON.stringify(digits)}`)
  if (y < 1000 || (y >= 2000 && y < 2010) || y % 1000 === 0) return cardinal(digits)
  const hi = Math.floor(y / 100)
  const lo = y % 100
  if (lo === 0) return `${belowHundred(hi)} hundred`
  if (lo < 10) return `${belowHundred(hi)} oh ${ONES[lo]}`
  return `${belowHundred(hi)} ${belowHundred(lo)}`
}

/** Plural of a year/number word for decades: "nineteen ninety" → "nineteen nineties". */
export function pluralNumberWords(words: string): string {
  if (words.endsWith('y')) return `${words.slice(0, -1)}ies`
  if (words.endsWith('x')) return `${words}es`
  return `${words}s`
}

const FRACTION_DENOMINATORS: Record<string, [string, string]> = {
  '2': ['half', 'halves'],
  '4': ['quarter', 'quarters'],
}

/** Simple fraction "3/4" → "three quarters"; "1/3" → "one third". */
export function fractionToWords(num: string, den: string): string {
  const n = cardinal(num)
  const special = FRACTION_DENOMINATORS[den.replace(/^0+/, '')]
  const plural = Number(num) !== 1
  if (special) return `${n} ${special[plural ? 1 : 0]}`
  const d = ordinal(den)
  return `${n} ${plural ? `${d}s` : d}`
}
