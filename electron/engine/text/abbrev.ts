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

/**
 * Capitalised words that carry an address on past its street type ("Elm Ave. NW", "Oak Rd. Suite 4",
 * "the Main St. Station"); any other capitalised word after one opens a new clause.
 */
const ADDRESS_GOES_ON = new Set(
  (
    'nw ne sw se n s e w north south east west apt apartment suite ste unit fl floor bldg building station ' +
    'bridge exit extension ext mall plaza market entrance tunnel garage pier terminal stop subway line'
  ).split(' '),
)

/** Words that follow a company's name as part of what it names ("Wayne Corp. Board", "Acme Inc. CEO"). */
const COMPANY_GOES_ON = new Set(
  'board chairman chairwoman chair chief ceo president founder spokesman spokeswoman spokesperson director executive headquarters subsidiary division foundation'.split(' '),
)

/**
 * A city and its state after a street's abbreviation ("100 Market St. San Francisco, CA 94105"): the
 * address goes on, with a comma's pause, not a sentence's.
 */
export function cityFollows(after: string): boolean {
  return /^\s+(?:[A-Z][a-z]+\s+){0,2}[A-Z][a-z]+,\s+[A-Z](?:[A-Z]\b|[a-z]+)/.test(after)
}

/** Does this capitalised word carry an address on past its street type? */
export function continuesAddress(word: string): boolean {
  return ADDRESS_GOES_ON.has(word.toLowerCase())
}

/** The two words after a period, if the first is Title-case ("Makes widgets" → ["Makes", "widgets"]). */
function nextTwoWords(after: string): [string, string | undefined] | null {
  const m = /^\s*["'“‘(]*([A-Z][a-z]+)\b(?:\s+([A-Za-z]+))?/.exec(after)
  return m ? [m[1], m[2]] : null
}

/**
 * Does the period after this ambiguous abbreviation end its sentence? Beyond a sentence starter:
 * a street type ("Ave.", "Rd.", "Blvd.") ends it before any capitalised word that does not carry the
 * address on ("4500 Elm Ave. Take Rt. 66"); "etc." before any capitalised word; a company's "Inc."
 * before a capitalised word and a lower-case one ("Acme Inc. Makes widgets"), not before a title and
 * name ("Acme Inc. President John Smith"). "Jr." only before a starter ("King Jr. Day").
 */
export function abbreviationEndsSentence(abbr: string, after: string): boolean {
  if (ambiguousEndsSentence(after)) return true
  const key = abbr.toLowerCase()
  const w = nextWord(after)
  if (w === null || !/^[A-Z]/.test(w)) return false
  if (key === 'ave' || key === 'blvd' || key === 'rd') return !ADDRESS_GOES_ON.has(w.toLowerCase()) && !cityFollows(after)
  if (key === 'etc') return true
  if (key === 'inc' || key === 'co' || key === 'corp' || key === 'ltd') {
    const two = nextTwoWords(after)
    return !!two && !!two[1] && /^[a-z]/.test(two[1]) && !COMPANY_GOES_ON.has(two[0].toLowerCase())
  }
  return false
}

/**
 * After "St."/"Dr." read as a street ("on Main St.", "123 Elm Dr."): does a capitalised word after
 * it open a new clause ("…Main St. Bring snacks")? Only where what comes before is plainly an address
 * (a house number, or "on"/"off"/"down"… before the street's name), so "Dr. Smith" and "to John St.
 * Clair" stay titles. `before` is the text before "St"/"Dr".
 */
export function streetEndsSentence(before: string, after: string): boolean {
  if (!/(?:^|[\s(])(?:\d+[A-Za-z]?|[Oo]n|[Oo]nto|[Oo]ff|[Dd]own|[Uu]p|[Aa]long|[Aa]t)\s+(?:(?:[A-Z][a-z]+|\d+(?:st|nd|rd|th))\s+){1,3}$/.test(before)) return false
  // "Mount St. Helens", "On Sunday St. Mary's choir sang": no street's name.
  if (/\b(?:Mount|Mt\.?|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|May|June|July|August|September|October|November|December)\s+$/.test(before)) return false
  const w = nextWord(after)
  if (w === null || !/^[A-Z]/.test(w) || !/^\s/.test(after)) return false
  return SENTENCE_STARTERS.has(w.toLowerCase()) || (!ADDRESS_GOES_ON.has(w.toLowerCase()) && !cityFollows(after))
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
