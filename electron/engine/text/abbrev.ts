// Abbreviation knowledge shared by the normaliser and the sentence splitter, so both agree on
// whether "Dr." or "U.S." ends a sentence.

/** Titles written before a name; their period never ends a sentence. */
export const TITLES: Record<string, string> = {
  mr: 'Mister', mrs: 'Missus', ms: 'Miz', dr: 'Doctor', prof: 'Professor', st: 'Saint', mt: 'Mount',
  gen: 'General', capt: 'Captain', lt: 'Lieutenant', col: 'Colonel', sgt: 'Sergeant', rev: 'Reverend',
  gov: 'Governor', sen: 'Senator', rep: 'Representative', pres: 'President', hon: 'Honorable', fr: 'Father',
}

/** Abbreviations that sit inside a sentence (the next word follows on). */
export const NON_TERMINAL: Record<string, string> = {
  'e.g': 'for example', 'i.e': 'that is', vs: 'versus', approx: 'approximately', cf: 'compare',
  fig: 'figure', vol: 'volume', dept: 'department', ext: 'extension', tel: 'telephone', jan: 'January', feb: 'February', mar: 'March', apr: 'April', jun: 'June', jul: 'July',
  aug: 'August', sep: 'September', sept: 'September', oct: 'October', nov: 'November', dec: 'December',
}

/** Abbreviations often found at a sentence end ("… apples, pears, etc. Then …"). */
export const AMBIGUOUS: Record<string, string> = {
  etc: 'et cetera', inc: 'Incorporated', ltd: 'Limited', co: 'Company', corp: 'Corporation',
  jr: 'Junior', sr: 'Senior', ave: 'Avenue', blvd: 'Boulevard', rd: 'Road',
}

/**
 * Capitalised words that usually open a sentence. After an ambiguous abbreviation ("etc.", "U.S.")
 * a sentence boundary is assumed only when one of these follows, so "the U.S. Army" stays whole.
 */
export const SENTENCE_STARTERS = new Set(
  (
    'the a an i we he she it they you this that these those there here but and so then now yet or if ' +
    'when while what why how who where which my our your his her its their yes no not in on at for after ' +
    'before as also however thus still today tomorrow yesterday please let do does did is are was were ' +
    'can could will would should all some many most one each every meanwhile later finally first next'
  ).split(' '),
)

/** The first word of `after` (text following a period), or null if `after` is only space. */
function nextWord(after: string): string | null {
  const m = /^\s*["'“‘(]*([A-Za-z]+)/.exec(after)
  return m ? m[1] : null
}

/** After an ambiguous abbreviation: does the sentence end here? */
export function ambiguousEndsSentence(after: string): boolean {
  if (!after.trim()) return true
  const w = nextWord(after)
  return w !== null && /^[A-Z]/.test(w) && SENTENCE_STARTERS.has(w.toLowerCase())
}

/** Kind of the abbreviation ending just before a period ("Dr" → title), or null for ordinary words. */
export function abbreviationKind(wordBeforePeriod: string): 'title' | 'non-terminal' | 'ambiguous' | null {
  const w = wordBeforePeriod.replace(/^["'“‘(]+/, '')
  const key = w.toLowerCase()
  if (Object.hasOwn(TITLES, key)) return 'title'
  if (Object.hasOwn(NON_TERMINAL, key)) return 'non-terminal'
  // Dotted initialisms ("U.S", "a.m") and single capital initials ("J" in "J. Smith").
  if (Object.hasOwn(AMBIGUOUS, key) || /^([a-z]\.)+[a-z]$/i.test(w) || /^[A-Z]$/.test(w)) return 'ambiguous'
  return null
}
