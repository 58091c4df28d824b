// English text normalisation: turn written text into the words a reader would say.
//
// A fixed sequence of small regex passes. Order matters: the patterns that contain digits with
// special meaning (times, dates, money, ordinals…) run before plain numbers, and acronyms run last.
// Output keeps punctuation that makes pauses (, ; : — . ! ?); spelled-out acronyms are written as
// single capital letters ("XQZ" → "X Q Z"), which the pronouncer reads as letter names.

import {
  AMBIGUOUS, NON_TERMINAL, SENTENCE_STARTERS, TITLES, abbreviationEndsSentence, ambiguousEndsSentence, cityFollows, continuesAddress,
  streetEndsSentence,
} from './abbrev'
import { hasWord, lookupAll } from './dict'
import { spellLetters } from './lts'
import {
  cardinal,
  digitsToWords,
  fractionToWords,
  numberToWords,
  ordinal,
  pluralNumberWords,
  yearToWords,
} from './numbers'
import { checkScript } from './validate'

/** A regex pass with a little context (60 characters either side of the match). */
type Rewriter = (m: RegExpMatchArray, before: string, after: string) => string | null

const CONTEXT = 60

/** Replace every match of `re` (global) with fn's result; null keeps the match as written. */
function rewrite(text: string, re: RegExp, fn: Rewriter): string {
  let out = ''
  let last = 0
  for (const m of text.matchAll(re)) {
    const start = m.index!
    const end = start + m[0].length
    const rep = fn(m, text.slice(Math.max(0, start - CONTEXT), start), text.slice(end, end + CONTEXT))
    if (rep === null) continue
    out += text.slice(last, start) + rep
    last = end
  }
  return out + text.slice(last)
}

// ---------------------------------------------------------------------------------------------
// 1. Characters

/** Vulgar fractions: alone ("½" → "one half"), after a whole number ("1½" → "1 and a half"). */
const VULGAR: Record<string, [alone: string, after: string]> = {
  '½': ['one half', 'a half'], '⅓': ['one third', 'a third'], '⅔': ['two thirds', 'two thirds'], '¼': ['one quarter', 'a quarter'],
  '¾': ['three quarters', 'three quarters'], '⅕': ['one fifth', 'a fifth'], '⅖': ['two fifths', 'two fifths'],
  '⅗': ['three fifths', 'three fifths'], '⅘': ['four fifths', 'four fifths'], '⅙': ['one sixth', 'a sixth'],
  '⅚': ['five sixths', 'five sixths'], '⅛': ['one eighth', 'an eighth'], '⅜': ['three eighths', 'three eighths'],
  '⅝': ['five eighths', 'five eighths'], '⅞': ['seven eighths', 'seven eighths'],
}

const MICRO_UNITS: Record<string, string> = { s: 'seconds', m: 'meters', g: 'grams', l: 'liters', L: 'liters', V: 'volts', A: 'amps', W: 'watts', F: 'farads' }

/** Greek letters standing alone (a symbol in a formula or a name: "α", "Δt", "β-blocker"); Greek words stay unsupported. */
const GREEK: Record<string, string> = Object.fromEntries(
  (
    'α alpha β beta γ gamma δ delta ε epsilon ζ zeta η eta θ theta ι iota κ kappa λ lambda μ mu ν nu ξ xi ο omicron ' +
    'π pi ρ rho σ sigma ς sigma τ tau υ upsilon φ phi χ chi ψ psi ω omega'
  )
    .split(' ')
    .reduce<[string, string][]>((pairs, w, i, all) => (i % 2 ? pairs : [...pairs, [w, all[i + 1]], [w.toUpperCase(), all[i + 1]]]), []),
)

/** Directions in a script that are not read out, in round brackets or asterisks ("(laughs)", "*sigh*"). */
const STAGE_DIRECTIONS = [
  'laughs?', 'laughing', 'laughter', 'chuckles?', 'chuckling', 'giggles?', 'sighs?', 'sighing', 'coughs?', 'clears throat',
  'applause', 'music', 'music plays', 'pause', 'long pause', 'beat', 'inaudible', 'crosstalk', 'whispers?', 'whispering',
  'gasps?', 'groans?', 'sniffs?', 'silence', 'cheering', 'cheers', 'smiles?', 'sarcastically', 'intro music', 'outro music',
].join('|')

const UI_SYMBOLS: Record<string, string> = { '🔔': 'bell', '▶': 'play', '⏸': 'pause', '⏹': 'stop', '⏺': 'record', '🔍': 'search', '⚙': 'settings', '👍': 'thumbs up', '→': 'right', '←': 'left', '↑': 'up', '↓': 'down' }

const LETTER_FOLDS: Record<string, string> = {
  ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D',
  þ: 'th', Þ: 'Th', ð: 'dh', Ð: 'Dh', ı: 'i',
}

/**
 * Unicode clean-up: NFKC, quotes and dashes to ASCII forms, accents removed from Latin letters,
 * emoji and invisible characters dropped, whitespace collapsed. Dashes that make a pause become
 * " — "; a hyphen between digits stays "-" (a range).
 */
export function cleanText(text: string): string {
  // Before NFKC, which would make "2²" "22", "1½" "11⁄2" (eleven halves), "™" a glued "TM", "№" a bare "No",
  // and a thin space inside "1 000 000" a plain one. A soft hyphen (pasted from a PDF) splits no word.
  let s = text.replace(/\u00AD/g, '').replace(/[™®]/g, '').replace(/№\s?/g, 'number ')
  s = s.replace(/([\p{L}\p{N})])²/gu, '$1 squared').replace(/([\p{L}\p{N})])³/gu, '$1 cubed')
  s = s.replace(/(\d)\s?([½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞])/g, (_m, d: string, f: string) => `${d} and ${VULGAR[f][1]}`)
  // Alone before a unit it is a fraction the units pass reads: "½ tsp salt" → "half a teaspoon".
  s = s.replace(/(?<![\d/])([½¼¾⅓⅔⅛])\s?(?=(?:tsp|tbsp|cups?|oz|lbs?|kg|g|ml|mL|L|in|inch|ft|mi|km|m|cm|mm|hr|hrs|h|min|mins)\b)/g, (_m, f: string) =>
    ({ '½': '1/2', '¼': '1/4', '¾': '3/4', '⅓': '1/3', '⅔': '2/3', '⅛': '1/8' })[f]! + ' ')
  s = s.replace(/[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]/g, (f) => ` ${VULGAR[f][0]} `)
  s = s.replace(/\b\d{1,3}(?:[\u00A0\u2009\u202F]\d{3})+\b/g, (v) => v.replace(/[\u00A0\u2009\u202F]/g, ''))
  // With plain spaces only when it ends in 000 ("1 250 000"): "100 200 300" may be a list.
  s = s.replace(/(?<![\d.,])\d{1,3}(?: \d{3})*(?: 000)(?![\d.,]?\d)/g, (v) => v.replace(/ /g, ''))
  s = s.normalize('NFKC')
  // Micro units ("5 µs": NFKC made the micro sign a Greek mu), then lone Greek letters by name ("α = 0.05").
  s = s.replace(/(\d)\s?μ(s|m|g|l|L|V|A|W|F)\b/g, (_m, d: string, u: string) => `${d} micro${MICRO_UNITS[u]}`)
  s = s.replace(/(?<!\p{Script=Greek})\p{Script=Greek}(?!\p{Script=Greek})/gu, (ch) => (GREEK[ch] ? ` ${GREEK[ch]} ` : ch))
  // Markup and stage directions are not said: "<b>", "[laughs]", "[00:01:23]" (a caption's timestamp).
  s = s.replace(/<\/?[A-Za-z][^<>]{0,200}>/g, ' ').replace(/\[\s*(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d+)?\s*\]/g, ' ')
  s = s.replace(/\[\s*[A-Za-z]+(?:\s+[A-Za-z]+){0,2}\s*\]/g, ' ')
  // In round brackets or asterisks only the usual directions go ("(laughs)", "*sigh*"): "(see chart)" is said.
  s = s.replace(new RegExp(`\\((?:${STAGE_DIRECTIONS})\\)|\\*(?:${STAGE_DIRECTIONS})\\*`, 'gi'), ' ')
  // Stars are a rating: "4.8★" → "4.8 stars", "★★★★☆" → "4 stars".
  s = s.replace(/(\d+(?:\.\d+)?)\s?[★⭐]\uFE0F?(?![★⭐])/g, (_m, n: string) => ` ${n} ${n === '1' ? 'star' : 'stars'} `)
  s = s.replace(/(?:[★⭐]\uFE0F?){2,5}[☆]*/g, (run) => ` ${run.match(/[★⭐]/g)!.length} stars `)
  // A heart between two words is the verb ("I ❤ NY", "Made with ♥ in Berlin"); elsewhere it goes with the emoji.
  s = s.replace(/([\p{L}\p{N}])[ \t]*(?:[❤♥💕💖💗💘💙💚💛💜🧡🖤🤍🤎💓💞💝]\uFE0F?)+[ \t]*(?=[\p{L}\p{N}])/gu, '$1 love ')
  // A symbol standing for a button or an icon after "the"/"a" is said by its name ("hit the 🔔",
  // "press the ▶ button"); elsewhere it goes with the emoji.
  s = s.replace(/\b(the|a|that|this)\s+([🔔▶⏸⏹⏺🔍⚙👍→←↑↓])\uFE0F?/gu, (_m, det: string, sym: string) => `${det} ${UI_SYMBOLS[sym]}`)
  s = s.replace(/[\u200B-\u200D\u2060\uFEFF\uFE0E\uFE0F\u20E3]|\p{Emoji_Modifier}/gu, '')
  s = s.replace(/\p{Extended_Pictographic}/gu, ' ')
  s = s.replace(/\u2044/g, '/').replace(/[‘’‚‛′`´]/g, "'").replace(/[“”„‟″«»]/g, '"')
  // Signs that are words: "±3 dB", "≈ 5%", "2 ≤ x"; an arrow between capitalised words is a menu path.
  s = s.replace(/\s*±\s*/g, ' plus or minus ').replace(/\s*≈\s*/g, ' about ').replace(/\s*≤\s*/g, ' less than or equal to ')
  s = s.replace(/\s*≥\s*/g, ' greater than or equal to ').replace(/\s*≠\s*/g, ' not equal to ')
  s = s.replace(/(?<=\b[A-Z][a-z]+) [→➔➜] (?=[A-Z][a-z])/g, ', ')
  // A currency sign standing alone is its currency's name: "prices in ¥ and ₹".
  s = s.replace(/(?<=^|\s)(?<!\d\s)([$£€¥₹])(?=[\s,.;:!?]|$)(?!\s?\d)/g, (_m, c: string) => ` ${({ $: 'dollars', '£': 'pounds', '€': 'euros', '¥': 'yen', '₹': 'rupees' })[c]} `)
  // "rock 'n' roll", "fish 'n' chips": and.
  s = s.replace(/(?<=[A-Za-z]) ['‘’]n['‘’]? (?=[A-Za-z])/g, ' and ')
  s = s.replace(/\s*⌘\s*/g, ' Command ').replace(/\s*⌥\s*/g, ' Option ').replace(/\s*⇧\s*/g, ' Shift ').replace(/\s*⌃\s*/g, ' Control ')
  // "the .zip file": the extension's dot is not said.
  s = s.replace(/(?<=\s)\.(?=[a-z][a-z0-9]{1,3}\b)/g, '')
  s = s.replace(/…/g, '...').replace(/[‐‑]/g, '-').replace(/−/g, '-')
  s = s.replace(/(\d|\d[kKMB]|\d%|\d\s?[AaPp]\.?[Mm]\.?)(?:\s?[‒–—―]\s?|\s+-\s+)(?=[$£€¥₹]?\d)/g, '$1-').replace(/\s*[‒–—―]+\s*|\s*--+\s*|\s+-\s+/g, ' — ')
  s = s.replace(/[ßæÆœŒøØłŁđĐþÞðÐı]/g, (ch) => LETTER_FOLDS[ch])
  // Accents: decompose and drop combining marks, so "café" reads as "cafe".
  s = s.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC')
  return s.replace(/\s+/g, ' ').trim()
}

// ---------------------------------------------------------------------------------------------
// 2. Web addresses

const TLDS = 'com|org|net|io|ai|dev|edu|gov|co|uk|us|de|fr|app|info|tv|me|ly|fm|gg|xyz|ca|au|shop|store|blog|site|online|tech|studio|be'

/**
 * A URL's path as an announcer reads it: words and short numbers, "slash" between them
 * ("/pricing/plans" → "slash pricing slash plans", "index.html" → "index dot html"). It stops at
 * the first segment that is an ID, not a word ("youtu.be/dQw4w9WgXcQ", "/p/8f3a9c21"): nobody
 * spells those out on air.
 */
function urlPathWords(path: string): string {
  const out: string[] = []
  for (const seg of path.split('/').filter(Boolean)) {
    const words = seg.replace(/[-_+]+/g, ' ').replace(/\./g, ' dot ').trim()
    const sayable = /^[A-Za-z]+(?:[ ]+(?:dot[ ]+)?[A-Za-z]+)*$/.test(words.replace(/ dot /g, ' ')) || /^\d{1,4}$/.test(seg)
    // A word-like segment in mixed case is an ID ("dQw4w9WgXcQ"); long consonant runs too.
    if (!sayable || /[a-z][A-Z]/.test(seg) || /[^aeiouy\W\d_]{5,}/i.test(seg)) break
    out.push(`slash ${/^\d+$/.test(seg) ? namedNumberWords(seg) : words}`)
  }
  return out.join(' ')
}

/**
 * "a.b@example.com" → "a dot b at example dot com"; "https://www.example.com/pricing?id=1" →
 * "example dot com slash pricing": the scheme and "www" are dropped, as announcers do, and so are
 * a query string and a fragment (read out they were a string of letters, digits and "equals").
 */
function expandWeb(s: string): string {
  s = rewrite(s, /\b([\w.+-]+)@([\w-]+(?:\.[\w-]+)+)\b/g, (m) =>
    `${m[1].replace(/\./g, ' dot ')} at ${m[2].replace(/\./g, ' dot ')}`,
  )
  const host = `(?:(localhost)(?::(\\d{1,5}))|https?:\\/\\/(?:www\\.)?([A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*)(?::(\\d{1,5}))?|(?:www\\.)?((?:[A-Za-z0-9-]+\\.)+(?:${TLDS}))\\b(?!\\.[A-Za-z]|@))`
  const url = new RegExp(`(?<![\\w@.])${host}([/?#][^\\s]*)?`, 'gi')
  return rewrite(s, url, (m) => {
    const [, local, localPort, schemeHost, schemePort, bareHost, rest = ''] = m
    const port = localPort ?? schemePort
    // A sentence's full stop or a closing bracket after the URL is no part of it.
    const tail = /[.,;:!?)"']*$/.exec(rest)![0]
    const path = rest.slice(0, rest.length - tail.length).replace(/[?#].*$/, '')
    const hostWords = (local ?? schemeHost ?? bareHost).replace(/\./g, ' dot ')
    // Ports are said in pairs, "8080" → "eighty eighty".
    return [hostWords, port ? `colon ${namedNumberWords(port)}` : '', urlPathWords(path)].filter(Boolean).join(' ') + tail
  })
}

/**
 * Numbers written for machines. Scientific notation is a number and is said as one ("6.02e23" →
 * "six point zero two times ten to the power of twenty-three"); a hexadecimal or binary literal is a
 * code, said character by character ("0x1F" → "zero x one F"). Both run before letters are split
 * from digits, which made "1e3" "one e three" and "0x10" "zero by ten".
 */
function expandNumberNotations(s: string): string {
  // A unit after it is said here: the units pass only sees a unit after digits ("2.5e-3 kg").
  const sci = new RegExp(`(?<![\\w.])(-?)(\\d+(?:\\.\\d+)?)[eE]([+-]?)(\\d{1,3})(?:\\s?(${UNIT_PATTERN})(?!\\w))?(?![\\w.]|\\.\\d)`, 'g')
  s = rewrite(s, sci, (m) => {
    const unit = m[5] ? ` ${UNITS[m[5]][1]}` : ''
    return `${m[1] ? 'minus ' : ''}${numberToWords(m[2])} times ten to the power of ${m[3] === '-' ? 'minus ' : ''}${cardinal(m[4])}${unit}`
  })
  // "v3.2" is a version; "F-150", "I-405" are model and road names said in pairs ("F one fifty").
  // An IPv4 address is said by groups joined by "dot", three digits one by one: "192.168.1.1" → "one nine
  // two dot one six eight dot one dot one", "10.0.0.1" → "ten dot zero…" (it ran as numbers with "point").
  s = rewrite(s, /(?<![\w.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\w]|\.\d)/g, (m) =>
    m.slice(1, 5).some((g) => Number(g) > 255) ? null : m.slice(1, 5).map((g) => (g.length === 3 ? digitsToWords(g) : cardinal(g))).join(' dot '),
  )
  s = s.replace(/(?<![\w.])v(\d+(?:\.\d+)*)(?![\w]|\.\d)/g, 'version $1')
  s = rewrite(s, /\b([A-Z])-(\d{3})(?![\w-]|[.,]\d)/g, (m) => `${m[1]} ${namedNumberWords(m[2])}`)
  // A name with three digits after a hyphen is a band, a model or a standard, said in pairs:
  // "Blink-182" → "Blink one eighty-two", "Boeing-737", "ISO-639".
  s = rewrite(s, /(?<![\w-])([A-Z][A-Za-z]+)-(\d{3})(?![\w-]|[.,]\d)/g, (m) => `${m[1]} ${namedNumberWords(m[2])}`)
  // Aircraft series are said in pairs, not as a range: "747-400" → "seven forty-seven four hundred",
  // "777-300ER"; Airbus models without the maker's name too: "the A380" → "A three eighty".
  s = rewrite(s, /(?<![\w.-])(7[0-8]7)-([1-9]00)(ER|F|LR|X)?(?![\w-]|[.,]\d)/g, (m) =>
    [namedNumberWords(m[1]), namedNumberWords(m[2]), ...(m[3] ? [...m[3]] : [])].join(' '),
  )
  s = rewrite(s, /\bA(220|3[0-8]\d)(?![\w-]|[.,]\d)/g, (m) => `A ${namedNumberWords(m[1])}`)
  // "S2E3" → "season two, episode three".
  s = s.replace(/\bS(\d{1,2})\s?E(\d{1,3})\b/g, 'season $1, episode $2')
  // Statute-named plans and sections: "401(k)" → "four oh one K", "501(c)(3)" → "five oh one C three";
  // "401k" written without brackets too (it read "four hundred one thousand").
  s = rewrite(s, /(?<![\w.])(401|403|457)[kb]\b/g, (m) => `${namedNumberWords(m[1])} ${m[0].slice(-1).toUpperCase()}`)
  s = rewrite(s, /(?<![\w.])(\d{3})((?:\([a-z0-9]\))+)(?![\w(])/g, (m) =>
    [namedNumberWords(m[1]), ...m[2].slice(1, -1).split(')(').map((p) => (/\d/.test(p) ? cardinal(p) : p.toUpperCase()))].join(' '),
  )
  return rewrite(s, /(?<![\w.])0([xb])([0-9A-Fa-f]+)(?![\w.]|\.\d)/g, (m) => {
    if (m[1] === 'b' && /[^01]/.test(m[2])) return null
    const chars = m[2].match(/\d+|[A-Fa-f]/g)!.map((c) => (/\d/.test(c) ? digitsToWords(c) : c.toUpperCase()))
    return `zero ${m[1]} ${chars.join(' ')}`
  })
}

// ---------------------------------------------------------------------------------------------
// 3. Times and dates

const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
]
const MONTH_PATTERN =
  '(January|February|March|April|May|June|July|August|September|October|November|December|' +
  'Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)'

function monthName(word: string): string {
  return MONTHS.find((m) => m.startsWith(word.slice(0, 3)))!
}

/** Minutes of a clock time: 0 → "", 5 → "oh five", 30 → "thirty". */
function minutesWords(mm: number): string {
  if (mm === 0) return ''
  return mm < 10 ? `oh ${cardinal(String(mm))}` : cardinal(String(mm))
}

/** Keeps a sentence-final period that an abbreviation swallowed ("at 7 p.m." at the end). */
function periodIfEnd(consumedPeriod: boolean, after: string): string {
  return consumedPeriod && ambiguousEndsSentence(after) ? '.' : ''
}

/** Words before h:mm:ss that make it a duration, not a clock time ("in 3:45:12", "a time of 2:01:09"). */
const DURATION_BEFORE = new Set([
  'in', 'of', 'took', 'takes', 'time', 'ran', 'finished', 'clocked', 'lasts', 'lasted', 'runs', 'runtime', 'length',
  'duration', 'record', 'under', 'over', 'about', 'just', 'only', 'is', 'was',
])

/**
 * Words before m:ss that make it a time taken, not a clock ("ran 5 km in 22:15", "clocked 4:05",
 * "a time of 45:30"); "at 22:15" and "is 22:15" stay clock times.
 */
const RACE_TIME_BEFORE = new Set(['in', 'took', 'takes', 'clocked', 'finished', 'record', 'pace', 'runtime', 'length', 'duration', 'lasts', 'lasted', 'under'])
/** Before "time", words that make it a time taken ("finish time 22:15"); "start time 10:30" is a clock. */
const RACE_TIME_KINDS = /\b(?:finish|finishing|race|winning|best|lap|chip|gun|split|total|running|qualifying|personal|run)\s+time\s+$/i

/**
 * m:ss (no seconds group, no am/pm) as a time taken: two-digit minutes with their units, "twenty-two
 * minutes and fifteen seconds"; one digit is h:mm as often as m:ss ("a marathon in 3:45", "a mile in
 * 3:45"), so it is said as runners say both, "three forty-five" ("four flat" for 4:00).
 */
function raceTimeWords(h: string, mm: string): string {
  const min = Number(mm)
  if (h.length === 1) return `${cardinal(h)} ${minutesWords(min) || 'flat'}`
  const minutes = `${cardinal(h)} ${h === '01' ? 'minute' : 'minutes'}`
  return min ? `${minutes} and ${cardinal(mm)} ${min === 1 ? 'second' : 'seconds'}` : minutes
}

/** "10:30" → "ten thirty", "10:00" → "ten o'clock", "7:05 pm" → "seven oh five P M", "7pm". */
function expandTimes(s: string): string {
  // "9.30am" (British writing) is "9:30am".
  s = s.replace(/\b(\d{1,2})\.(\d{2})(?=\s?[AaPp]\.?[Mm]\b)/g, '$1:$2')
  s = rewrite(s, /\b(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s?([AaPp])\.?\s?[Mm]\b(\.?))?/g, (m, before, after) => {
    const [, h, mm, ss, ap, dot] = m
    const hour = Number(h)
    const min = Number(mm)
    if (min > 59 || (ss && Number(ss) > 59)) return null
    if (!ss && !ap) {
      const prev = lastWord(before)?.toLowerCase() ?? ''
      // "Check in 15:00" (a hotel's hours) is a clock time.
      const timed = (RACE_TIME_BEFORE.has(prev) && !/\bcheck[\s-]+in\s+$/i.test(before)) || RACE_TIME_KINDS.test(before) ||
        (prev === 'of' && /\b(?:time|pace|record|length|duration)\s+of\s+$/i.test(before))
      if (timed && /\s$/.test(before)) return raceTimeWords(h, mm)
      // No clock has this hour: a verse in pairs ("Isaiah 40:31" → "forty thirty-one"), whole minutes ("95:00").
      // Whole minutes between a determiner and a noun describe it: "a 45:00 session" → "a forty-five minute session".
      if (hour > 24 && !min && isMoneyAdjective(h, undefined, before, after)) return `${cardinal(h)} minute`
      if (hour > 24) return min ? `${cardinal(h)} ${minutesWords(min)}` : raceTimeWords(h, mm)
    }
    if (hour > (ap ? 12 : 24)) return null
    // With seconds after a word that times something it is a duration: "ran the marathon in
    // 3:45:12" → "three hours, forty-five minutes and twelve seconds" (not a clock's "three forty-five").
    // "Start time 10:30:15" is a clock: after "time", only a finish, race or lap time is a duration.
    const prevWord = lastWord(before)?.toLowerCase() ?? ''
    if (ss && !ap && DURATION_BEFORE.has(prevWord) && (prevWord !== 'time' || RACE_TIME_KINDS.test(before))) {
      const parts = [[h, 'hour'], [mm, 'minute'], [ss, 'second']].filter(([n]) => Number(n) > 0).map(([n, u]) => `${cardinal(String(Number(n)))} ${u}${Number(n) === 1 ? '' : 's'}`)
      return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0] ?? null
    }
    // The 24-hour clock's first hour: "00:30" is "zero zero thirty" (it was "oh zero"), "00:00" midnight.
    if (h === '00' && !ap && !ss) return min ? `zero zero ${minutesWords(min)}` : 'midnight'
    const words = [h.length === 2 && h.startsWith('0') && !ap ? `oh ${cardinal(h)}` : cardinal(h)]
    const minutes = minutesWords(min)
    if (minutes) words.push(minutes)
    // A 24-hour time on the hour is "fourteen hundred"; "09:00" "oh nine hundred".
    else if (!ap && !ss) words.push(hour > 12 || h.startsWith('0') ? 'hundred' : "o'clock")
    if (ss && Number(ss) > 0) words.push(`and ${cardinal(ss)} ${ss === '01' ? 'second' : 'seconds'}`)
    if (ap) words.push(`${ap.toUpperCase()} M${periodIfEnd(dot === '.', after)}`)
    return words.join(' ')
  })
  return rewrite(s, /\b(\d{1,2})\s?([AaPp])\.?[Mm]\b(\.?)/g, (m, _b, after) => {
    if (Number(m[1]) > 12) return null
    return `${cardinal(m[1])} ${m[2].toUpperCase()} M${periodIfEnd(m[3] === '.', after)}`
  })
}

const AMPM = '[AaPp]\\.?[Mm]\\b\\.?'
const CURRENCY = '[$£€¥₹]'

/**
 * The hyphen of a range whose parts carry a sign or unit ("10-20 km", "10-15%", "$5-$10",
 * "9am-5pm", "3:30-4:30") is "to". It runs before money, percentages, units and times read their
 * numbers, which would otherwise take the hyphen for a minus or drop it.
 */
function expandMarkedRanges(s: string): string {
  const num = '\\d+(?:[.,]\\d+)*'
  const time = '\\d{1,2}:\\d{2}'
  const left = `(?:${CURRENCY}\\s?${num}(?:[kKMB]|bn)?(?![\\w.])|${time}(?:\\s?${AMPM})?|${num}\\s?(?:%|${AMPM})|${num})`
  const right = `(?:${CURRENCY}\\s?${num}|${time}|${num}\\s?(?:%|[AaPp]\\.?[Mm]\\b|(?:${UNIT_PATTERN})(?![\\w])))`
  return rewrite(s, new RegExp(`(?<![\\w.,:-])(${left})\\s?-\\s?(?=(${right}))`, 'g'), (m) => {
    const plainLeft = /^[\d.,]+$/.test(m[1])
    // A plain number needs a marked right side ("10-20 km"); "$5-10" and "9am-5" are marked on the left.
    if (plainLeft && /^[\d.,]+$/.test(m[2])) return null
    if (/^\d{1,2}:\d{2}$/.test(m[1]) && !/:/.test(m[2]) && !/[AaPp]\.?[Mm]/.test(m[2])) return null
    return `${m[1]} to `
  })
}

/** Two-digit years: 00–49 → 2000s, 50–99 → 1900s. */
function fullYear(y: string): string {
  if (y.length === 4) return y
  return String(Number(y) < 50 ? 2000 + Number(y) : 1900 + Number(y))
}

function dateWords(month: number, day: number, year?: string): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null
  const md = `${MONTHS[month - 1]} ${ordinal(String(day))}`
  return year ? `${md}, ${yearToWords(fullYear(year))}` : md
}

const WEEKDAYS: Record<string, string> = {
  Mon: 'Monday', Tue: 'Tuesday', Tues: 'Tuesday', Wed: 'Wednesday', Thu: 'Thursday', Thur: 'Thursday',
  Thurs: 'Thursday', Fri: 'Friday', Sat: 'Saturday', Sun: 'Sunday',
}
const DAY = '(Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\\.?'
const MONTH_ABBR = '(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.?'

/** The period of a run's last "Fri." when it also ends the sentence ("Open Mon-Fri. Closed Sat."); it was dropped. */
function runPeriod(run: string, after: string): string {
  return run.endsWith('.') && (!after.trim() || /^\s+["'(]*[A-Z]/.test(after)) ? '.' : ''
}

/** A run of abbreviated names said in full: a dash is "to", a slash a comma ("Mon-Fri", "Mon/Wed"). */
function sayNameRun(run: string, names: Record<string, string>, abbr: string): string {
  return run
    .replace(/\s*(?:-|—)\s*/g, ' to ').replace(/\s*\/\s*/g, ', ').replace(/\bthru\b/g, 'through')
    .replace(new RegExp(abbr, 'g'), (_m, a: string) => names[a])
}

/**
 * Abbreviated weekdays are said in full where they are surely days (written "Wed", "Sat", "Sun"
 * are words too): in a range or list of days ("Mon-Fri" → "Monday to Friday", "Mon/Wed/Fri",
 * "Sat & Sun"), before a date or time ("Mon 5/12", "Fri 9am"), and alone as below.
 */
function expandDayNames(s: string): string {
  const sep = '\\s*(?:-|—|/|,|&|\\band\\b|\\bor\\b|\\bto\\b|\\bthrough\\b|\\bthru\\b)\\s*'
  s = rewrite(s, new RegExp(`\\b${DAY}(?:${sep}${DAY})+(?![\\w-])`, 'g'), (m, _b, after) =>
    sayNameRun(m[0], WEEKDAYS, `\\b${DAY}`) + runPeriod(m[0], after),
  )
  s = rewrite(s, new RegExp(`\\b${DAY}(?=,?\\s+\\d{1,2}(?:[/:.]\\d|\\s?[AaPp]\\.?[Mm]\\b))`, 'g'), (m) => WEEKDAYS[m[1]])
  // Alone: "Mon", "Tue", "Thu", "Fri" are no English words; "Wed", "Sat", "Sun" are days capitalised
  // inside a sentence ("See you Sat!", "on Wed."), but not after "the" or before a name ("the Sun", "Sun Microsystems").
  return rewrite(s, /\b(Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\b(\.?)/g, (m, before, after) => {
    const [, day, dot] = m
    if (/^(?:Wed|Sat|Sun)$/.test(day)) {
      if (!/[\w,;:]\s+$/.test(before) || /\bthe\s+$/i.test(before) || (!dot && /^\s+[A-Z]/.test(after))) return null
    } else if (day === 'Mon' && !dot && /^\s+[A-Z]/.test(after)) return null // "Mon Amour"
    // The period of "Mon." goes unless it ends the sentence.
    return WEEKDAYS[day] + (dot && (!after.trim() || /^\s+[A-Z]/.test(after)) ? '.' : '')
  })
}

/** "Jan-Mar" → "January to March". */
function expandMonthRanges(s: string): string {
  const months = Object.fromEntries(MONTHS.map((name) => [name.slice(0, 3), name]).concat([['Sep', 'September'], ['Sept', 'September']]))
  return rewrite(s, new RegExp(`\\b${MONTH_ABBR}\\s*(?:-|—)\\s*${MONTH_ABBR}(?![\\w-])`, 'g'), (m, _b, after) =>
    sayNameRun(m[0], months, `\\b${MONTH_ABBR}`) + runPeriod(m[0], after),
  )
}

/** Day-first dates are said the British way: "the twenty-fifth of December" ("the" once, after "the"). */
function dayFirstWords(day: number, month: number, before: string, year?: string): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null
  const the = /\bthe\s*$/i.test(before) ? '' : 'the '
  return `${the}${ordinal(String(day))} of ${MONTHS[month - 1]}${year ? ` ${yearToWords(fullYear(year))}` : ''}`
}

/** Words right before a month/day with no year that make it a date ("on 5/12", "due 12/25", "Mon 5/12"). */
const DATE_BEFORE = new Set([
  'on', 'until', 'till', 'til', 'since', 'due', 'dated', 'date', 'deadline', 'expires', 'expiring', 'expiry', 'ends',
  'ending', 'starts', 'starting', 'effective', 'mon', 'monday', 'tue', 'tues', 'tuesday', 'wed', 'wednesday', 'thu',
  'thur', 'thurs', 'thursday', 'fri', 'friday', 'sat', 'saturday', 'sun', 'sunday',
])

/**
 * "5/12", "12/25", "25/12" with no year. A day over 12 settles the order ("25/12" is day-first,
 * "12/25" month-first); when both parts could be a month, a date needs a cue word before it ("on
 * 5/12": US order, May twelfth) and is a fraction otherwise ("5/12 of them"). Without a cue, a count
 * ("12/15 students", "12/15 of"), an inch fraction ("3/16") and "24/7", "9/11", "7/11" are no dates.
 */
function yearlessDate(a: number, b: number, before: string, after: string): string | null {
  const key = `${a}/${b}`
  if (key === '24/7' || key === '9/11' || key === '7/11') return null
  const cue = (DATE_BEFORE.has(lastWord(before)?.toLowerCase() ?? '') && /\s$/.test(before)) || /\b(?:week|as) of\s+$/i.test(before)
  const next = /^\s+([a-z]+)\b/.exec(after)?.[1]
  // "On 1/2 of the days" is a fraction, cue or not.
  if (next === 'of') return null
  if (!cue) {
    if (next && /[^s']s$/.test(next) && !NOT_PLURAL.has(next)) return null
    if (a <= 12 && b <= 12) return null
    if (b === 16) return null
  }
  if (a <= 12 && b <= 31) return dateWords(a, b)
  return dayFirstWords(a, b, before)
}

/**
 * "1/2/2024" (US month/day/year; day-first when the first part is over 12: "25/12/2026") and
 * "2024-01-02" → "January second, twenty twenty-four"; "5/12", "25/12" without a year (yearlessDate).
 */
function expandDates(s: string): string {
  s = rewrite(s, /\b(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})\b/g, (m, before) =>
    Number(m[1]) > 12 ? dayFirstWords(Number(m[1]), Number(m[2]), before, m[3]) : dateWords(Number(m[1]), Number(m[2]), m[3]),
  )
  // A range of month/day dates is a date on its own: "Sale: 11/24-11/27", "Valid 6/1-6/30".
  // Inch fractions ("3/4-7/8") stay fractions.
  s = rewrite(s, /(?<![\w.,/-])(\d{1,2})\/(\d{1,2})\s?-\s?(\d{1,2})\/(\d{1,2})(?![\w/]|[.,]\d)/g, (m, before) => {
    const [a, b, c, d] = m.slice(1, 5).map(Number)
    if ([2, 4, 8, 16].includes(b) && [2, 4, 8, 16].includes(d)) return null
    const dayFirst = a > 12 || c > 12
    const one = dayFirst ? dayFirstWords(a, b, before) : dateWords(a, b)
    const two = dayFirst ? dayFirstWords(c, d, '') : dateWords(c, d)
    return one && two ? `${one} to ${two}` : null
  })
  s = rewrite(s, /(?<![\w.,/-])(\d{1,2})\/(\d{1,2})(?![\w/]|[.,]\d)/g, (m, before, after) => yearlessDate(Number(m[1]), Number(m[2]), before, after))
  s = rewrite(s, /\b(\d{4})-(\d{2})-(\d{2})\b/g, (m) => dateWords(Number(m[2]), Number(m[3]), m[1]))
  // "12.04.2026": the dotted order is day.month.year (German, Russian, …), never a decimal with two points.
  s = rewrite(s, /\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b(?!\.\d)/g, (m) => {
    const day = Number(m[1])
    const month = Number(m[2])
    if (month < 1 || month > 12 || day < 1 || day > 31) return null
    return `the ${ordinal(String(day))} of ${MONTHS[month - 1]} ${yearToWords(m[3])}`
  })
  // "Jan. 2, 2024", "March 5th", "May 1 2020": capitalised month, then a day number.
  s = rewrite(
    s,
    new RegExp(`\\b${MONTH_PATTERN}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?![:.,]\\d)(?:\\s?-\\s?(\\d{1,2})(?:st|nd|rd|th)?\\b(?![:.,]\\d))?(?:,?\\s+(\\d{4})\\b)?`, 'g'),
    (m) => {
      const day = Number(m[2])
      if (day < 1 || day > 31 || (m[3] && (Number(m[3]) <= day || Number(m[3]) > 31))) return null
      // A range of days in one month: "Jun 5-7" → "June fifth to seventh".
      const md = `${monthName(m[1])} ${ordinal(m[2])}${m[3] ? ` to ${ordinal(m[3])}` : ''}`
      return m[4] ? `${md}, ${yearToWords(m[4])}` : md
    },
  )
  // "Jan. 2019": an abbreviated month before a year is said in full.
  s = rewrite(s, /\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+(?=\d{4}\b)/g, (m) => `${monthName(m[1])} `)
  // "5 January 2024", "the 5th of January".
  return rewrite(
    s,
    new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(of\\s+)?${MONTH_PATTERN}\\b(\\.?)(?:,?\\s+(\\d{4})\\b)?`, 'g'),
    (m, before, after) => {
      const day = Number(m[1])
      if (day < 1 || day > 31) return null
      // "5 January" is said "the fifth of January"; written with "of" ("3rd of May") it is said as written.
      const the = m[2] || /\bthe\s*$/i.test(before) ? '' : 'the '
      // The period after a month's full name ends the sentence ("the 1st of May. Then…" ran on); after "Jan." it may.
      const dot = m[4] && !m[5] && (MONTHS.includes(m[3]) || ambiguousEndsSentence(after)) ? '.' : ''
      return `${the}${ordinal(m[1])} of ${monthName(m[3])}${m[5] ? ` ${yearToWords(m[5])}` : ''}${dot}`
    },
  )
}

/** "555-1234", "(555) 123-4567", "1-800-555-1234": digit by digit, groups separated by commas. */
function expandPhoneNumbers(s: string): string {
  const groups = (...g: string[]) => g.filter(Boolean).map((d) => digitsToWords(d)).join(', ')
  // International: "+1 555 123 4567", "+44 20 7946 0958": "plus", then the groups digit by digit.
  s = rewrite(s, /(?<![\w+])\+(\d{1,3})((?:[ .-]\(?\d{1,4}\)?){2,4})(?![\w-])/g, (m) =>
    `plus ${groups(m[1], ...m[2].replace(/[()]/g, '').trim().split(/[ .-]+/))}`,
  )
  // Toll-free prefixes are said "eight hundred"; a vanity number's word is said as a word ("1-800-FLOWERS").
  const area = (a: string) => (a === '800' ? 'eight hundred' : digitsToWords(a))
  s = rewrite(s, /(?<![\w-])1-(8[0-9]{2})-([A-Z]{4,})\b/g, (m) => `one, ${area(m[1])}, ${m[2].toLowerCase()}`)
  s = rewrite(s, /(?<![\w-])1-(\d{3})-(\d{3})-(\d{4})(?![\w-])/g, (m) => `one, ${area(m[1])}, ${groups(m[2], m[3])}`)
  // "1 (800) 555-1234": the area code in brackets (it was read "one eight zero zero").
  s = rewrite(s, /(?<![\w-])1[ -]?\((\d{3})\)\s?(\d{3})-(\d{4})(?![\w-])/g, (m) => `one, ${area(m[1])}, ${groups(m[2], m[3])}`)
  // A number written with a trunk zero in spaced groups ("020 7946 0958", "07700 900123", "0800 123
  // 4567"): group by group (the groups after the first were read as amounts, "nine hundred thousand…").
  s = rewrite(s, /(?<![\w.,+-])(0\d{2,4})((?: \d{3,6}){1,2})(?![\w-]|[.,]\d)/g, (m) => groups(m[1], ...m[2].trim().split(' ')))
  // A US state's code (or name) before five digits: a ZIP code, said digit by digit, and the state by
  // name as an address is read aloud ("Portland, OR 97201" → "Portland, Oregon, nine seven two oh one").
  const zip = (d: string, plus4?: string) => `${digitsToWords(d, 'oh')}${plus4 ? `, ${digitsToWords(plus4, 'oh')}` : ''}`
  s = rewrite(s, /\b([A-Z]{2}),? (\d{5})(?:-(\d{4}))?(?![\w-]|[.,]\d)/g, (m) =>
    US_STATES.has(m[1]) ? `${US_STATE_NAMES[m[1]]}, ${zip(m[2], m[3])}` : null,
  )
  // Without a ZIP code, after "City, ": "Austin, TX" → "Austin, Texas" (was "T X"). Codes that are
  // words or degrees ("Fine, OK", "Jane Smith, MD") stay as they are.
  s = rewrite(s, /(?<=\b[A-Z][a-z]+,\s)([A-Z]{2})\b(?=\s*[.,;:!?)]|\s+[a-z]|$)/g, (m, before) =>
    US_STATES.has(m[1]) && !CITY_STATE_UNSAID.has(m[1]) && !NOT_A_PLACE.has(lastWord(before)!.toLowerCase()) ? US_STATE_NAMES[m[1]] : null,
  )
  const stateNames = Object.values(US_STATE_NAMES).filter((n) => n !== 'D C').join('|')
  s = rewrite(s, new RegExp(`(?<=,\\s*(?:${stateNames})),? (\\d{5})(?:-(\\d{4}))?(?![\\w-]|[.,]\\d)`, 'g'), (m) => `, ${zip(m[1], m[2])}`)
  // A social security number ("123-45-6789") and a ZIP+4 code ("90210-1234", zeros said "oh").
  s = rewrite(s, /(?<![\w-])(\d{3})-(\d{2})-(\d{4})(?![\w-])/g, (m) => groups(m[1], m[2], m[3]))
  s = rewrite(s, /(?<![\w-])(\d{5})-(\d{4})(?![\w-])/g, (m) => `${digitsToWords(m[1], 'oh')}, ${digitsToWords(m[2], 'oh')}`)
  s = rewrite(s, /(?<![\w-])\((\d{3})\)\s?(\d{3})[-. ](\d{4})(?![\w-]|[.,]\d)/g, (m) => groups(m[1], m[2], m[3]))
  s = rewrite(s, /(?<![\w-])(\d{3})([-.])(\d{3})\2(\d{4})(?![\w-]|\.\d)/g, (m) => groups(m[1], m[3], m[4]))
  // "555 123 4567" written with spaces.
  s = rewrite(s, /(?<![\w.,-])([2-9]\d{2}) (\d{3}) (\d{4})(?![\w-]|[.,]\d|\s\d)/g, (m) => groups(m[1], m[2], m[3]))
  // A local number starts 2–9; "500-1000" ending in 00 is more likely a range.
  return rewrite(s, /(?<![\w-])([2-9]\d{2})-(\d{4})(?![\w-])/g, (m) => (m[2].endsWith('00') ? null : groups(m[1], m[2])))
}

// ---------------------------------------------------------------------------------------------
// 4. Abbreviations

function isCapitalisedWord(w: string | undefined): boolean {
  return !!w && /^[A-Z][a-z]/.test(w)
}

/** The last word of `before`, without an opening quote: "'Henry" (single-quoted speech) is "Henry". */
function lastWord(before: string): string | undefined {
  return /([A-Za-z0-9][A-Za-z0-9']*)\W*$/.exec(before)?.[1]
}

function firstWord(after: string): string | undefined {
  return /^\W*([A-Za-z0-9']+)/.exec(after)?.[1]
}

/** Capitalised words before "St."/"Dr." that are not part of a street's name ("In St. Louis", "The Dr. will"). */
const NOT_A_NAME = new Set([
  ...SENTENCE_STARTERS, 'to', 'from', 'of', 'by', 'with', 'near', 'visit', 'dear', 'see', 'ask', 'call', 'thanks',
  'thank', 'hello', 'hi', 'good', 'morning', 'evening', 'via', 'into', 'onto', 'toward', 'towards', 'about',
])

/**
 * "Dr.", "St.": a title before a name ("Dr. Smith", "In St. Louis", "John St. Clair", "Mount St.
 * Helens"), a street type after one ("Elm Dr.", "Main St."), and a street ending its sentence when
 * a sentence starter follows ("on Main St. Then we…").
 */
function titleOrStreet(title: string, street: string, before: string, after: string, dot: boolean): string {
  const next = firstWord(after)
  const prev = lastWord(before)
  const beforeName = /^\s/.test(after) && isCapitalisedWord(next)
  const afterName = (isCapitalisedWord(prev) && !NOT_A_NAME.has(prev!.toLowerCase())) || /^\d+(st|nd|rd|th)?$/i.test(prev ?? '')
  if (beforeName && afterName && dot && (SENTENCE_STARTERS.has(next!.toLowerCase()) || streetEndsSentence(before, after))) {
    return `${street}.`
  }
  // A street whose address carries on ("Main St. Suite 4", "the Elm St. Station") is no title; before
  // its city and state a comma's pause ("100 Market St. San Francisco, CA").
  if (beforeName && afterName && continuesAddress(next!)) return street
  if (beforeName && afterName && dot && cityFollows(after)) return `${street},`
  if (beforeName) return title
  if (afterName) return street + periodIfEnd(dot, after)
  return title
}

const STREET_TYPES: Record<string, string> = { Ave: 'Avenue', Blvd: 'Boulevard', Rd: 'Road', Ln: 'Lane' }
const QUARTERS: Record<string, string> = { NW: 'Northwest', NE: 'Northeast', SW: 'Southwest', SE: 'Southeast' }
const ADDRESS_WORDS: Record<string, string> = { Rm: 'Room', Apt: 'Apartment', Ste: 'Suite', Hwy: 'Highway', Rte: 'Route', Rt: 'Route', Bldg: 'Building' }
const SHORTHAND: Record<string, string> = {
  ctrl: 'Control', cmd: 'Command', esc: 'Escape', thx: 'thanks', pls: 'please', plz: 'please',
  yoy: 'year over year', qoq: 'quarter over quarter',
}

/** Titles, Latin abbreviations, street types, dotted initialisms ("U.S." → "U S"). */
function expandAbbreviations(s: string): string {
  // Said in full or by letters, never as written: "WWII" → "World War Two", "TL;DR", "iOS" ("eye oh ess").
  s = s.replace(/\bWW(II|I|2|1)\b/g, (_m, n: string) => `World War ${/^(?:II|2)$/.test(n) ? 'Two' : 'One'}`)
  s = s.replace(/\b(?:TL;DR|tl;dr|TLDR)\b/g, 'T L D R').replace(/\biOS\b/g, 'I O S').replace(/\bREADME\b/g, 'read me')
  // A key after "+" ("Ctrl + Alt + Del"); "GPT-4o" is "four oh"; "25yo" / "25 y/o" a year-old.
  s = s.replace(/(?<=\+\s?)Del\b/g, 'Delete').replace(/\b([A-Z]+-?\d)o\b/g, '$1 oh')
  s = s.replace(/\b(\d+)\s?(?:yo|y\/o)\b(?=(\s+[a-z])?)/g, (_m, n: string, noun?: string) => `${n} ${noun ? 'year' : 'years'} old`)
  s = s.replace(/\b[eE]\.\s?[gG]\.(?=[\s,]|$)/g, 'for example').replace(/\b[iI]\.\s?[eE]\.(?=[\s,]|$)/g, 'that is')
  s = s.replace(/\bPh\.\s?D\.?(?=\s|$|[,;:!?])/g, 'P H D')
  s = s.replace(/\b[Nn]o\.\s?(?=\d)/g, 'number ').replace(/#(?=\d+(?![\dA-Za-z_]))/g, 'number ').replace(/~(?=\s?[$£€¥₹]?\d)/g, 'about ')
  // A quarter's or fiscal year's short year: "Q1'24" → "Q1 2024" (the apostrophe had glued "one'twenty").
  s = s.replace(/\b([QH][1-4]|FY)\s?'(\d{2})\b/g, '$1 20$2')
  // "Ep. 5" → "Episode five" (was "ep"), "§ 5" → "section five" (the sign was dropped), "§§ 3-5" "sections".
  s = s.replace(/\b(Ep|EP|ep)s?\.?\s?(?=#?\d)/g, (m) => (/s\.?\s?$/i.test(m) ? 'Episodes ' : 'Episode '))
  s = s.replace(/\b(?:Ch|ch|Chap|chap)\.\s?(?=\d)/g, 'Chapter ')
  // Listings write "sq. ft." with periods (it was "sq. ft." as letters and a sentence end); a recipe's
  // "1/2 c. diced onion" is a cup; a TV promo's "8/7c" is "eight, seven central".
  s = s.replace(/(?<=\d\s?)sq\.\s?ft\b\.?(?=(\s+[a-z])?)/g, (_m, low?: string) => (low ? 'sq ft' : 'sq ft.'))
  s = s.replace(/(\d)\s?c\.(?=\s+[a-z])/g, '$1 cup')
  s = s.replace(/\b(\d{1,2})\/(\d{1,2})c\b/g, (_m, a: string, b: string) => `${a}, ${b} central`)
  s = s.replace(/§§\s?(?=\d)/g, 'sections ').replace(/§\s?(?=\d)/g, 'section ').replace(/¶\s?(?=\d)/g, 'paragraph ')
  s = s.replace(/\bvs\b\.?/gi, 'versus')
  s = s.replace(/\b(pp|pg|p)\.\s?(?=\d)/g, (_m, a: string) => (a === 'pp' ? 'pages ' : 'page '))
  s = rewrite(s, /\b(Dr|St)\b(\.?)(?=\s|$|[,;:!?])/g, (m, before, after) =>
    m[1] === 'Dr'
      ? titleOrStreet('Doctor', 'Drive', before, after, m[2] === '.')
      : titleOrStreet('Saint', 'Street', before, after, m[2] === '.'),
  )
  // Mr/Mrs/Ms are titles with or without the period; rarer titles need "Gen." + a name.
  s = s.replace(/\b(Mr|Mrs|Ms)\b\.?/g, (_m, t: string) => TITLES[t.toLowerCase()])
  s = rewrite(s, /\b(Prof|Mt|Gen|Capt|Lt|Col|Sgt|Rev|Gov|Sen|Rep|Pres|Hon|Fr)\.(?=\s+[A-Z])/g, (m) =>
    TITLES[m[1].toLowerCase()],
  )
  s = rewrite(s, /\b(approx|cf|fig|vol|dept|ext|tel)\./gi, (m) => NON_TERMINAL[m[1].toLowerCase()])
  // Address parts before their number ("Apt. 4B", "Hwy 101"); the period is no sentence end.
  s = s.replace(/\b(Apt|Ste|Hwy|Rte|Rt|Bldg|Rm)\b\.?\s?(?=#?\d)/g, (_m, a: string) => `${ADDRESS_WORDS[a]} `)
  // Keys and chat shorthand that are no words: "Ctrl+C", "Thx", "YoY".
  s = s.replace(/\b(Ctrl|Cmd|Esc|Thx|thx|Pls|pls|Plz|plz|YoY|QoQ)\b/g, (w) => {
    const full = SHORTHAND[w.toLowerCase()]
    return /^(?:Thx|Pls|Plz)$/.test(w) ? full[0].toUpperCase() + full.slice(1) : full
  })
  s = s.replace(/\bb\/c\b/g, 'because').replace(/\bw\/o\b/g, 'without')
  s = s.replace(/\b([ymq])\/\1\b/g, (_m, p: string) => ({ y: 'year over year', m: 'month over month', q: 'quarter over quarter' })[p]!)
  s = rewrite(s, /\b([Ee]tc|Inc|Ltd|Co|Corp|Jr|Sr|Ave|Blvd|Rd)\.(?=\s|$|[,;:!?"')])/g, (m, _b, after) =>
    AMBIGUOUS[m[1].toLowerCase()] + (abbreviationEndsSentence(m[1], after) ? '.' : /^(?:Ave|Blvd|Rd)$/.test(m[1]) && cityFollows(after) ? ',' : ''),
  )
  // Without a period after a name ("Pennsylvania Ave NW"), and the quarter after a street type.
  s = s.replace(/\b([A-Z][a-z]+) (Ave|Blvd|Rd|Ln)\b(?!\.)/g, (_m, name: string, t: string) => `${name} ${STREET_TYPES[t]}`)
  s = s.replace(/\b(Avenue|Boulevard|Road|Lane|Street|Drive) (NW|NE|SW|SE)\b/g, (_m, t: string, q: string) => `${t} ${QUARTERS[q]}`)
  // A wind or a direction: "from the NW", "to the SE".
  s = s.replace(/\b(from|the|to|toward|towards) (NW|NE|SW|SE)\b/g, (_m, w: string, q: string) => `${w} ${QUARTERS[q].toLowerCase()}`)
  // A forecast's wind: "Wind NW at 10 mph", "NW winds" (were "N W").
  s = s.replace(/\b([Ww]inds?) (NW|NE|SW|SE)\b/g, (_m, w: string, q: string) => `${w} ${QUARTERS[q].toLowerCase()}`)
  s = s.replace(/\b(NW|NE|SW|SE) (?=winds?\b|breeze\b|gusts?\b)/g, (_m, q: string) => `${QUARTERS[q].toLowerCase()} `)
  // Dotted initialisms: "U.S.", "a.m.", "U.S.A." → capital letters, keeping a sentence-final period.
  s = rewrite(s, /\b((?:[A-Za-z]\.){2,})(?![A-Za-z])/g, (m, _b, after) =>
    m[1].replace(/\./g, ' ').trim().toUpperCase() + periodIfEnd(true, after),
  )
  // Single initials ("J. R. Smith") lose their period unless a new sentence starts after them.
  // A key after "+" ("Cmd+V. Thanks") is no initial.
  // Nor is a unit after a degree sign ("98.6°F. Set the oven" had run on as one sentence).
  return rewrite(s, /(?<![+°])\b([A-Z])\.(?=\s+[A-Z])/g, (m, _b, after) => m[1] + periodIfEnd(true, after))
}

// ---------------------------------------------------------------------------------------------
// 5. Money, percentages, ordinals, decades, units

const CURRENCIES: Record<string, { one: string; many: string; minorOne?: string; minorMany?: string }> = {
  $: { one: 'dollar', many: 'dollars', minorOne: 'cent', minorMany: 'cents' },
  '£': { one: 'pound', many: 'pounds', minorOne: 'penny', minorMany: 'pence' },
  '€': { one: 'euro', many: 'euros', minorOne: 'cent', minorMany: 'cents' },
  '¥': { one: 'yen', many: 'yen' },
  '₹': { one: 'rupee', many: 'rupees', minorOne: 'paisa', minorMany: 'paise' },
  // Written only as ISO codes here ("20 CHF").
  CHF: { one: 'Swiss franc', many: 'Swiss francs', minorOne: 'centime', minorMany: 'centimes' },
  CNY: { one: 'yuan', many: 'yuan' },
}

const MONEY_SCALES: Record<string, string> = {
  k: 'thousand', thousand: 'thousand', m: 'million', mn: 'million', million: 'million',
  b: 'billion', bn: 'billion', billion: 'billion', t: 'trillion', trillion: 'trillion',
}

/** "$3.50" → "three dollars and fifty cents"; "$1M" → "one million dollars"; "£1" → "one pound". */
export function moneyWords(symbol: string, amount: string, scale?: string, negative = false): string {
  const cur = CURRENCIES[symbol]
  const sign = negative ? 'minus ' : ''
  const [intPart, frac = ''] = amount.replace(/,/g, '').split('.')
  if (scale) return `${sign}${numberToWords(amount)} ${MONEY_SCALES[scale.toLowerCase()]} ${cur.many}`
  if (frac.length > 2 || (frac && !cur.minorOne)) return `${sign}${numberToWords(amount)} ${cur.many}`
  const major = Number(intPart || '0')
  const minor = frac ? Number(frac.padEnd(2, '0')) : 0
  const majorWords = `${cardinal(intPart || '0')} ${intPart === '1' ? cur.one : cur.many}`
  const minorWords = `${cardinal(String(minor))} ${minor === 1 ? cur.minorOne : cur.minorMany}`
  if (minor === 0) return sign + majorWords
  if (major === 0) return sign + minorWords
  return `${sign}${majorWords} and ${minorWords}`
}

const AMOUNT = '(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)'

const CODE_SYMBOL: Record<string, string> = {
  USD: '$', EUR: '€', GBP: '£', JPY: '¥', INR: '₹', CHF: 'CHF', CNY: 'CNY', CAD: 'C$', AUD: 'A$', NZD: 'NZ$', HKD: 'HK$', SGD: 'S$',
}
const CURRENCY_CODE = `(${Object.keys(CODE_SYMBOL).join('|')})`

/** An amount in a currency named by its ISO code ("10 EUR", "CAD 20" → "twenty Canadian dollars"). */
function codeMoneyWords(code: string, amount: string, scale?: string): string {
  const symbol = CODE_SYMBOL[code]
  if (!symbol.endsWith('$') || symbol === '$') return moneyWords(symbol, amount, scale)
  return moneyWords('$', amount, scale).replace(/\bdollar(s?)\b/, `${DOLLAR_PREFIXES[symbol.slice(0, -1)]} dollar$1`)
}

/** "US$5", "C$10": whose dollars. */
const DOLLAR_PREFIXES: Record<string, string> = { US: 'U S', C: 'Canadian', CA: 'Canadian', A: 'Australian', AU: 'Australian', NZ: 'New Zealand', HK: 'Hong Kong', S: 'Singapore' }

/** Determiners before an amount used as an adjective ("a $10 bill", "the $500 fee"). */
const MONEY_ADJ_BEFORE = new Set(['a', 'an', 'the', 'this', 'that', 'each', 'every', 'one', 'our', 'your', 'his', 'her', 'their', 'its', 'my'])
/** Words after an amount that are no noun it describes ("a $10 or $20 …", "the $5 per month"). */
const NOT_MONEY_NOUN = new Set([
  'a', 'an', 'the', 'and', 'or', 'to', 'of', 'for', 'per', 'in', 'on', 'at', 'each', 'is', 'was', 'are', 'were', 'more',
  'less', 'than', 'off', 'back', 'worth', 'from', 'with', 'by', 'plus', 'minus', 'total', 'a', 'it', 'you', 'we', 'they',
  'he', 'she', 'i', 'that', 'this', 'which', 'who', 'will', 'would', 'can', 'could', 'should', 'has', 'had', 'have',
  'cash', 'now', 'today', 'only', 'million', 'billion', 'thousand', 'trillion', 'dollars', 'pounds', 'euros',
])

/**
 * A whole amount between a determiner and a noun describes the noun and takes the singular: "a $10
 * bill" → "a ten dollar bill", "the £5 fee" → "the five pound fee", "a $1M deal" → "a one million
 * dollar deal"; "a $10 or $20 note" and "the $3.50 coffee" (cents) stay as amounts.
 */
function isMoneyAdjective(amount: string, scale: string | undefined, before: string, after: string): boolean {
  if (!scale && amount.includes('.')) return false
  const prev = /([A-Za-z]+)\s+$/.exec(before)?.[1].toLowerCase()
  const next = /^[\s-]+([a-z]+|[A-Z]{2,})\b/.exec(after)?.[1]
  return !!prev && MONEY_ADJ_BEFORE.has(prev) && !!next && !NOT_MONEY_NOUN.has(next.toLowerCase())
}

/** Words before "3X" that make it a multiplier, "three times" ("grew 3X"); elsewhere it is a name ("iPhone 3X", "a 3X zoom"). */
const MULTIPLIER_BEFORE = new Set([
  'grew', 'grow', 'grows', 'growing', 'increased', 'increase', 'increases', 'rose', 'jumped', 'surged', 'soared',
  'climbed', 'multiplied', 'boost', 'boosted', 'boosts', 'scaled', 'scale', 'up', 'by', 'nearly', 'almost', 'about',
  'roughly', 'over', 'than', 'least', 'is', 'are', 'was', 'were', 'be', 'been', 'returned', 'expanded', 'tripled',
])
/** Words after "3X" that make it one: "10X faster", "3X more", "2X the price", "5X as many". */
const MULTIPLIER_AFTER = new RegExp(
  '^\\s+(?:(?:fast|slow|bigg|larg|small|high|low|cheap|great|strong|long|short|quick|eas|hard|light|bright|loud|wid|' +
  'deep|dens|sharp|thinn|saf|clean|warm|cool|tough|heavi|rich|smart)er|better|more|less|fewer|as|the|your|their|our|its|over)\\b',
)

function expandMoney(s: string): string {
  // A capital X glued to a number used as a multiplier is "times", as a small one is ("3x cheaper").
  s = rewrite(s, /(?<![\w.])(\d+(?:\.\d+)?)X\b(?![-\w])/g, (m, before, after) => {
    const prev = /([A-Za-z]+)\s+$/.exec(before)?.[1].toLowerCase()
    return (!!prev && MULTIPLIER_BEFORE.has(prev)) || MULTIPLIER_AFTER.test(after) ? `${m[1]} times` : null
  })
  // "$35+" with no noun after it is "thirty-five dollars or more" ("Orders of $35+ ship free");
  // before a plural noun it is "plus" ("$100k+ salaries").
  s = s.replace(/([$£€¥₹]\s?\d[\d,.]*(?:\s?(?:k|K|M|B|bn|mn)\b)?)\+(?!\s*[\d$£€¥₹(])(?!\s+[a-z]+[^s\W]s\b)/g, '$1 or more')
  // Euro amounts in European writing, "€1.299,00" or "9,99 €": a decimal comma, dots between thousands.
  s = s.replace(/(€\s?)(\d{1,3}(?:\.\d{3})*),(\d{2})(?![\d,])/g, (_m, sym: string, int: string, c: string) => `${sym}${int.replace(/\./g, '')}.${c}`)
  s = s.replace(/(?<![\d.,])(\d{1,3}(?:\.\d{3})*),(\d{2})(\s?€)/g, (_m, int: string, c: string, sym: string) => `${int.replace(/\./g, '')}.${c}${sym}`)
  const scales = '(k|K|mn|bn|[mMbBtT]|thousand|million|billion|trillion)'
  s = rewrite(s, new RegExp(`\\b(US|CA|AU|NZ|HK|C|A|S)\\$\\s?${AMOUNT}(?:\\s?${scales}\\b)?`, 'g'), (m) =>
    moneyWords('$', m[2], m[3]).replace(/\bdollar(s?)\b/, `${DOLLAR_PREFIXES[m[1]]} dollar$1`),
  )
  s = rewrite(s, /(?<![\w.])(\d+)\s?¢/g, (m) => `${cardinal(m[1])} ${m[1] === '1' ? 'cent' : 'cents'}`)
  // "10 EUR", "5 USD", "USD 5", "CAD 20": ISO codes beside an amount are the currency's name.
  s = rewrite(s, new RegExp(`\\b${AMOUNT}\\s?${CURRENCY_CODE}\\b`, 'g'), (m) => codeMoneyWords(m[2], m[1]))
  s = rewrite(s, new RegExp(`\\b${CURRENCY_CODE}\\s?${AMOUNT}(?:\\s?${scales}\\b)?(?![\\w.,]?\\d)`, 'g'), (m) => codeMoneyWords(m[1], m[2], m[3]))
  s = rewrite(s, new RegExp(`(-?)([$£€¥₹])\\s?${AMOUNT}(?:\\s?${scales}\\b)?`, 'g'), (m, before, after) =>
    isMoneyAdjective(m[3], m[4], before, after)
      ? `${numberToWords(m[3])}${m[4] ? ` ${MONEY_SCALES[m[4].toLowerCase()]}` : ''} ${CURRENCIES[m[2]].one}`
      : moneyWords(m[2], m[3], m[4], m[1] === '-'),
  )
  return rewrite(s, new RegExp(`\\b${AMOUNT}\\s?([£€¥₹])`, 'g'), (m) => moneyWords(m[2], m[1]))
}

function expandPercent(s: string): string {
  s = rewrite(s, new RegExp(`(?<![\\w.])(-?)${AMOUNT}\\s?%`, 'g'), (m) =>
    `${m[1] ? 'minus ' : ''}${numberToWords(m[2])} percent`,
  )
  // Per mille (‰) and powers ("10^3", "2^10"): said, not dropped as unknown signs.
  s = rewrite(s, new RegExp(`(?<![\\w.])(-?)${AMOUNT}\\s?‰`, 'g'), (m) => `${m[1] ? 'minus ' : ''}${numberToWords(m[2])} per mille`)
  return rewrite(s, /\b(\d+)\s?\^\s?(\d+)\b/g, (m) =>
    m[2] === '2' ? `${numberToWords(m[1])} squared` : m[2] === '3' ? `${numberToWords(m[1])} cubed` : `${numberToWords(m[1])} to the power of ${numberToWords(m[2])}`,
  )
}

function expandOrdinals(s: string): string {
  // "2/3rds" is "two thirds" (it was "two out of three R D S").
  s = rewrite(s, /(?<![\w.,/])(\d{1,2})\/(\d{1,2})(?:st|nd|rd|th)s?\b/g, (m) => (Number(m[2]) >= 2 ? fractionToWords(m[1], m[2]) : null))
  return rewrite(s, /\b(\d{1,3}(?:,\d{3})+|\d+)(st|nd|rd|th)\b/gi, (m) => ordinal(m[1].replace(/,/g, '')))
}

const SECONDS_BEFORE = new Set(['wait', 'waits', 'every', 'after', 'for', 'within', 'take', 'takes', 'took', 'lasts', 'under', 'another', 'than', 'first', 'last', 'only', 'just'])

/** "1990s" → "nineteen nineties", "'90s"/"90s" → "nineties". */
function expandDecades(s: string): string {
  // A glued "s" after a word that times something is seconds, not a decade: "Wait 30s", "every 45s".
  s = rewrite(s, /(?<![\w.'])(\d+)s\b(?!\s+of\b)/g, (m, before) =>
    SECONDS_BEFORE.has(lastWord(before)?.toLowerCase() ?? '') && /\s$/.test(before) ? `${m[1]} sec` : null,
  )
  // Team names: "49ers" → "forty-niners", "76ers" → "seventy-sixers".
  s = s.replace(/\b(\d{2})ers\b/g, (_m, n: string) => {
    const words = cardinal(n)
    return `${words}${words.endsWith('e') ? 'rs' : 'ers'}`
  })
  // "100s of users", "1,000s of downloads": hundreds, thousands.
  s = s.replace(/(?<![\w.,])(100|1,?000)'?s\b/g, (_m, n: string) => (n === '100' ? 'hundreds' : 'thousands'))
  s = rewrite(s, /\b(1[0-9]|20)(\d0)'?s\b/g, (m) => pluralNumberWords(yearToWords(m[1] + m[2])))
  return rewrite(s, /(?<![\w'])'?([1-9]0)'?s\b/g, (m) => pluralNumberWords(cardinal(m[1])))
}

const UNITS: Record<string, [one: string, many: string]> = {
  km: ['kilometer', 'kilometers'], cm: ['centimeter', 'centimeters'], mm: ['millimeter', 'millimeters'],
  kg: ['kilogram', 'kilograms'], mg: ['milligram', 'milligrams'], lb: ['pound', 'pounds'],
  lbs: ['pound', 'pounds'], oz: ['ounce', 'ounces'], ft: ['foot', 'feet'], mph: ['mile per hour', 'miles per hour'],
  kph: ['kilometer per hour', 'kilometers per hour'], 'km/h': ['kilometer per hour', 'kilometers per hour'],
  ml: ['milliliter', 'milliliters'], mL: ['milliliter', 'milliliters'], KB: ['kilobyte', 'kilobytes'],
  kB: ['kilobyte', 'kilobytes'], MB: ['megabyte', 'megabytes'], GB: ['gigabyte', 'gigabytes'],
  TB: ['terabyte', 'terabytes'], Hz: ['hertz', 'hertz'], kHz: ['kilohertz', 'kilohertz'],
  MHz: ['megahertz', 'megahertz'], GHz: ['gigahertz', 'gigahertz'], ms: ['millisecond', 'milliseconds'],
  min: ['minute', 'minutes'], hr: ['hour', 'hours'], hrs: ['hour', 'hours'], sec: ['second', 'seconds'],
  secs: ['second', 'seconds'], h: ['hour', 'hours'], mins: ['minute', 'minutes'], kW: ['kilowatt', 'kilowatts'],
  dB: ['decibel', 'decibels'], px: ['pixel', 'pixels'], tbsp: ['tablespoon', 'tablespoons'], tsp: ['teaspoon', 'teaspoons'],
  fps: ['frame per second', 'frames per second'], rpm: ['revolution per minute', 'revolutions per minute'],
  kbps: ['kilobit per second', 'kilobits per second'], Mbps: ['megabit per second', 'megabits per second'],
  Gbps: ['gigabit per second', 'gigabits per second'], mAh: ['milliamp hour', 'milliamp hours'],
  kWh: ['kilowatt hour', 'kilowatt hours'], bps: ['basis point', 'basis points'], bp: ['basis point', 'basis points'], kcal: ['kilocalorie', 'kilocalories'], pp: ['percentage point', 'percentage points'],
  'sq ft': ['square foot', 'square feet'], 'sq m': ['square meter', 'square meters'], sqft: ['square foot', 'square feet'],
  m: ['meter', 'meters'], mi: ['mile', 'miles'], g: ['gram', 'grams'], L: ['liter', 'liters'], '°C': ['degree Celsius', 'degrees Celsius'],
  '°F': ['degree Fahrenheit', 'degrees Fahrenheit'], cup: ['cup', 'cups'], yr: ['year', 'years'], yrs: ['year', 'years'], wk: ['week', 'weeks'], wks: ['week', 'weeks'], mos: ['month', 'months'], pts: ['point', 'points'], cups: ['cup', 'cups'], W: ['watt', 'watts'], V: ['volt', 'volts'], mA: ['milliamp', 'milliamps'], '°': ['degree', 'degrees'], x: ['times', 'times'],
  gal: ['gallon', 'gallons'], mpg: ['mile per gallon', 'miles per gallon'], MP: ['megapixel', 'megapixels'],
  // Listings' rooms: "3 bd, 2 ba".
  bd: ['bedroom', 'bedrooms'], ba: ['bathroom', 'bathrooms'],
}

const UNIT_PATTERN = Object.keys(UNITS)
  .sort((a, b) => b.length - a.length)
  .map((u) => u.replace(/[/]/g, '\\/'))
  .join('|')

/**
 * "1.5M users" → "1.5 million users", "2B" → "2 billion" (a capital M or B after a number, a word
 * after it: "5m" stays meters); "5'11\"" → "5 foot 11" (a height).
 */
function expandScalesAndHeights(s: string): string {
  // A capitalised word after it makes it a house number or a name, not a scale ("221B Baker Street").
  // After a room or apartment word it is a letter too ("Apt. 4B", "Room 12B").
  // "2B or not 2B" is Hamlet's line written in digits and letters: "two B", as it is read aloud.
  s = s.replace(/\b(\d)([A-Z]) or not \1\2\b/g, (_m, d: string, l: string) => `${cardinal(d)} ${l} or not ${cardinal(d)} ${l}`)
  s = rewrite(s, /(?<![\w.])(\d+(?:\.\d+)?)\s?(M|B|bn|mn)\b(?=\s+[a-z]|\s*[,.;:!?]|\+|$)/g, (m, before) =>
    NAMED_NUMBER_BEFORE.has(cueWord(before).cue) ? null : `${m[1]} ${m[2] === 'M' || m[2] === 'mn' ? 'million' : 'billion'}`,
  )
  // "210K claims", "1.5k followers" are thousands; "4K TV", "5K run", "a 10K race" are names.
  s = rewrite(s, /(?<![\w.])(\d+(?:\.\d+)?)\s?([kK])\b(?=\s+[a-z]|\s+[A-Z]{2,}s?\b|\s*[,.;:!?)]|\+|$)/g, (m, before, after) => {
    if (/^\s+(?:run|runs|race|races|walk|tv|video|videos|display|monitor|screen|resolution|footage|content|gaming|streaming)\b/i.test(after)) return null
    // Under ten it is a name ("a 5K", "4K") unless money or a count says thousands: "earns 5K", "5K a
    // month", "5K followers".
    if (!m[1].includes('.') && Number(m[1]) < 10) {
      const next = /^\s+([a-z]+)\b/.exec(after)?.[1]
      const counted = (!!next && /[^s']s$/.test(next) && !NOT_PLURAL.has(next)) || /^\s+(?:a|per|each|every)\s+(?:month|year|week|day|head|person)\b/.test(after)
      const paid = /\b(?:earn|earns|earned|make|makes|made|paid|pay|pays|cost|costs|raised|saved|owe|owes|salary|bonus|budget|worth|about|nearly|almost|over|under)\s+$/i.test(before)
      if (!counted && !paid) return null
    }
    // A race named after a running verb in its sentence: "She ran the 10K in 45:30", "won a 15K".
    if (/\b(?:a|the|her|his|my|their|our|your|first)\s+$/i.test(before) &&
      /\b(?:ran|run|runs|running|raced|race|racing|jog|jogged|jogging|walked|finished|completed|entered|won|win|signed up for|training for|train for)\b[^.!?]*$/i.test(before)) return null
    return `${m[1]} thousand`
  })
  return s.replace(/(?<![\w.'])(\d)'\s?(\d{1,2})(?:"|'')?(?![\w'])/g, (_m, ft: string, inch: string) => (Number(inch) < 12 ? `${ft} foot ${inch}` : _m))
}

/** Things named by a measure glued to its number ("35mm film", "a 50mm lens", "5MB files"), plural -s stripped. */
const MEASURED_THINGS = new Set([
  'film', 'lens', 'lense', 'camera', 'format', 'footage', 'print', 'negative', 'slide', 'sensor', 'prime', 'equivalent',
  'pistol', 'handgun', 'rifle', 'round', 'cartridge', 'shell', 'bolt', 'screw', 'nail', 'pipe', 'hose', 'socket',
  'wrench', 'drill', 'bit', 'jack', 'plug', 'cable', 'file', 'download', 'upload', 'limit', 'drive', 'card', 'stick',
  'bottle', 'can', 'jar', 'bag', 'pack', 'tablet', 'capsule', 'dose', 'pan', 'tin', 'run', 'race', 'walk', 'hike',
  'ride', 'swim', 'radius', 'zone', 'tire', 'wheel', 'engine', 'motor', 'battery', 'display', 'screen', 'monitor',
])

/** Words after a measure that are no noun it describes ("the 3 GB left", "a 5 km long road"). */
/**
 * The first of two measures joined by "and"/"or"/"to" before what both describe is an adjective as
 * the second is: "12 oz. and 16 oz. sizes", "a 5 km or 10 km run" (the first kept its plural).
 */
function pairedAdjective(unit: string, prev: string | undefined, after: string): boolean {
  const esc = unit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const m = new RegExp(`^\\s+(?:and|or|to)\\s+\\d[\\d.,]*(?:\\s?|-)${esc}\\.?\\s+([a-z]+)\\b`).exec(after)
  if (!m) return false
  const thing = m[1].replace(/(?<=x)es$|s$/, '')
  if (SIZED_THINGS.has(thing) || MEASURED_THINGS.has(thing)) return true
  return !!prev && MONEY_ADJ_BEFORE.has(prev) && !NOT_MONEY_NOUN.has(m[1]) && !NOT_UNIT_NOUN.has(m[1])
}

/** Things sold or packed by a measure: spaced or not, "16 oz. sizes", "5 lb bags", "64 GB models" name them. */
const SIZED_THINGS = new Set([
  'size', 'serving', 'portion', 'container', 'bottle', 'can', 'jar', 'jug', 'bag', 'pack', 'box', 'carton', 'tub', 'pouch',
  'model', 'version', 'option', 'plan', 'tier', 'file', 'limit',
])
const NOT_UNIT_NOUN = new Set(['left', 'remaining', 'away', 'long', 'wide', 'tall', 'high', 'deep', 'old', 'ago', 'later', 'earlier', 'before', 'after', 'faster', 'slower', 'higher', 'lower', 'longer', 'shorter'])

/** Units a recipe measures ingredients in. */
const KITCHEN_UNITS = new Set(['g', 'kg', 'mg', 'oz', 'lb', 'lbs', 'ml', 'mL', 'L', 'cup', 'cups', 'tbsp', 'tsp'])
/** What a recipe measures: "200g flour" is "two hundred grams of flour". */
const INGREDIENTS = new Set(
  ('flour sugar butter salt pepper water milk cream oil rice pasta cheese chocolate oats honey yeast cocoa vanilla ' +
    'beef chicken pork lamb mince meat fish salmon tuna shrimp prawns bacon ham potatoes potato onions onion carrots ' +
    'tomatoes garlic ginger spinach nuts almonds walnuts pecans peanuts raisins juice broth stock wine vinegar coffee ' +
    'tea syrup soda baking cornstarch cornflour breadcrumbs lentils beans chickpeas quinoa couscous noodles yogurt ' +
    'yoghurt mayonnaise ketchup mustard sauce paste parmesan cheddar mozzarella feta ricotta lard margarine dough ' +
    'berries strawberries blueberries raspberries apples bananas lemon lime zest cinnamon nutmeg cumin paprika ' +
    'oregano basil parsley thyme rosemary coriander cilantro mushrooms peas corn celery cabbage broccoli ' +
    // Words an ingredient's name starts with ("2 tbsp olive oil", "100g unsalted butter").
    'olive brown white caster powdered icing plain whole unsalted salted sea kosher black ground fresh dried chopped ' +
    'grated melted softened heavy double sour soy maple coconut vegetable sesame all self sunflower rolled')
    .split(' '),
)

/** Floor areas in whole hundreds are said in hundreds, as listings are read: "1100 sq ft" → "eleven hundred square feet". */
function areaNumberWords(amount: string, unitWords: string): string | null {
  const plain = amount.replace(/,/g, '')
  return /^square (?:feet|foot)$/.test(unitWords) && /^[1-9][1-9]00$/.test(plain) ? namedNumberWords(plain) : null
}

/** " of" after a kitchen measure when an ingredient follows ("200g flour" → "… grams of flour"), else "". */
function ingredientOf(unit: string, after: string): string {
  const next = /^\s+([a-z]+)\b/.exec(after)?.[1]
  return next && KITCHEN_UNITS.has(unit) && INGREDIENTS.has(next) ? ' of' : ''
}

const AGO_UNITS: Record<string, string> = { s: 'second', m: 'minute', min: 'minute', h: 'hour', hr: 'hour', d: 'day', w: 'week', wk: 'week', mo: 'month', y: 'year', yr: 'year' }

/** "5kg" → "five kilograms", "1 ft" → "one foot", "30°C" → "thirty degrees Celsius". */
function expandUnits(s: string): string {
  // An x between numbers is "by", before units read them ("10 x 20 x 30 cm"); screen resolutions
  // are said in pairs: "1920x1080" → "nineteen twenty by ten eighty".
  s = rewrite(s, /(?<![\w.])(\d{3,4})\s?x\s?(\d{3,4})(?!\w|\.\d)/g, (m) => `${namedNumberWords(m[1])} by ${namedNumberWords(m[2])}`)
  s = s.replace(/(\d)\s?x\s?(?=\d)/g, '$1 by ')
  // Between measures too: "20 ft x 15 ft" → "twenty feet by fifteen feet".
  s = s.replace(new RegExp(`(\\d\\s?(?:${UNIT_PATTERN}))\\s+x\\s+(?=\\d)`, 'g'), '$1 by ')
  // A fraction before a unit: "1 1/2 cups" → "one and a half cups", "3/4 tsp" → "three quarters of a teaspoon".
  s = rewrite(s, new RegExp(`(?<![\\w.,/])(?:(\\d+) )?(\\d{1,2})\\/(\\d{1,2})\\s?(${UNIT_PATTERN})(?![\\w])`, 'g'), (m, _b, after) => {
    const [, whole, a, b, unit] = m
    if (Number(a) >= Number(b) || Number(a) < 1 || Number(b) < 2 || Number(b) > 16 || unit === 'x') return null
    const [one, many] = UNITS[unit]
    if (whole) return `${cardinal(whole)} and ${mixedFraction(a, b)} ${many}${ingredientOf(unit, after)}`
    const an = /^[aeiou]/.test(one) ? 'an' : 'a'
    return (a === '1' && b === '2' ? `half ${an} ${one}` : `${fractionToWords(a, b)} of ${an} ${one}`) + ingredientOf(unit, after)
  })
  // Time since a post: "5m ago", "2h ago", "3d ago"; a countdown "3d 4h".
  s = rewrite(s, /(?<![\w.])(\d+)\s?(s|m|mins?|h|hrs?|d|w|wks?|mo|y|yrs?)\s+(?=ago\b)/g, (m) => {
    const unit = AGO_UNITS[m[2].replace(/s$/, '') || 's']
    return `${m[1]} ${m[1] === '1' ? unit : `${unit}s`} `
  })
  s = s.replace(/(?<![\w.])(\d+)d\s?(?=\d+\s?h\b)/g, (_m, n: string) => `${n} ${n === '1' ? 'day' : 'days'} `)
  // "in." after a number before "of" or a dimension is inches ("2-4 in. of rain", "65 in. wide"; its
  // period ended no sentence).
  s = s.replace(/(?<![\w.])(\d+(?:\.\d+)?)\s?in\.(?=\s+(?:of|wide|long|tall|high|deep|thick|across|x|by)\b)/g, (_m, n: string) => `${n} ${n === '1' ? 'inch' : 'inches'}`)
  // "5 ft 10 in" is a height: "in" is inches there.
  s = s.replace(/(?<![\w.])(\d+)\s?ft\.?\s?(\d{1,2})\s?in\b/g, (_m, ft: string, inch: string) => `${ft} ft ${inch} ${inch === '1' ? 'inch' : 'inches'}`)
  // After hours, "m" is minutes: "2h 30m".
  s = s.replace(/(?<![\w.])(\d+)\s?h\s?(\d{1,2})\s?m(?:in)?\b(?![\w])/g, '$1 h $2 min')
  // A decimal with a glued "s" is seconds ("0-60 in 3.1s"; "the 30s" is a decade); "1080p" is said "ten eighty P".
  s = s.replace(/(?<![\w.])(\d+\.\d+)s\b/g, '$1 sec')
  s = rewrite(s, /(?<![\w.])(480|576|720|1080|1440|2160|4320)([pi])\b/g, (m) => `${namedNumberWords(m[1])} ${m[2].toUpperCase()}`)
  // Inches written as a double prime after a number: "a 27\" monitor"; a closing quotation mark
  // (an odd count of quotes before it, as in 'she said "take 5"') is no inch mark.
  s = rewrite(s, /(?<![\w.'])(\d+(?:\.\d+)?)"/g, (m, before, after) => {
    if ((before.split(/[.!?]\s/).pop()!.match(/(?<!\d)"/g) ?? []).length % 2 === 1) return null
    // "a 27\" monitor" is adjectival: "inch".
    // So is "a 1/4\" hex key": the fraction after the article is the number.
    const thing = /^\s+([a-z]+)/.exec(after)?.[1].replace(/(?<=x)es$|s$/, '') ?? ''
    const sized = MEASURED_THINGS.has(thing) || SIZED_THINGS.has(thing) || /^(?:piece|tile|strip|square|block|board)$/.test(thing)
    return `${m[1]} ${m[1] === '1' || sized || /\ban?\s+(?:\d+\/)?$/i.test(before) || /^\s+[A-Z]/.test(after) ? 'inch' : 'inches'}`
  })
  // A unit's abbreviation period inside a sentence goes ("12 oz. and 16 oz. sizes" had two sentence ends).
  return rewrite(s, new RegExp(`(?<![\\w.])(-?)${AMOUNT}(\\s?|-)(${UNIT_PATTERN})(?![\\w])(?:\\.(?=\\s+[a-z]|\\s*[,;:)]))?`, 'g'), (m, before, after) => {
    const [, minus, amount, joint, unit] = m
    // An x between numbers is "by" (above), not the unit "times".
    if (unit === 'x' && (joint === '-' || /^\s?\d/.test(after))) return null
    const [one, many] = UNITS[unit]
    // Between a determiner and a noun the measure is an adjective: "a 100m race" → "a one hundred meter race".
    const prev = /([A-Za-z]+)\s+$/.exec(before)?.[1].toLowerCase()
    const next = /^\s+([a-z]+|[A-Z]{2,})\b/.exec(after)?.[1]
    const noun = !!next && !NOT_MONEY_NOUN.has(next.toLowerCase()) && !NOT_UNIT_NOUN.has(next.toLowerCase()) && unit !== 'x'
    // Hyphenated ("a 35-mm camera"), or glued before a thing such measures name ("35mm film",
    // "50mm lens", "9mm pistol", "5MB files"), it is one too, with no determiner before it.
    const thing = next?.toLowerCase().replace(/(?<=x)es$|s$/, '')
    const named = !!thing && ((joint !== ' ' && MEASURED_THINGS.has(thing)) || SIZED_THINGS.has(thing))
    // "a 5 km or 10 km run": the determiner is before the first of the pair.
    // A possessive is a determiner too ("the Fed's 50 bp hike", "Apple's 5 GB plan"); "it's" is no possessive.
    const determined = (!!prev && MONEY_ADJ_BEFORE.has(prev)) ||
      (/\b[A-Za-z]+['’]s\s+$/.test(before) && !/\b(?:it|that|there|he|she|what|here|who|where|let)['’]s\s+$/i.test(before) &&
        !ingredientOf(unit, after)) ||
      /\b(?:an?|the|this|that|each|every|our|your|their|my)\s+[\d.,]+(?:\s?|-)\S+\s+(?:and|or|to)\s+$/i.test(before)
    const adjective = (noun && (determined || joint === '-')) || named || pairedAdjective(unit, prev, after)
    // A recipe's "200g flour", "2 cups sugar": a measure of something is read "of" it.
    const of = adjective ? '' : ingredientOf(unit, after)
    return `${minus ? 'minus ' : ''}${areaNumberWords(amount, many) ?? numberToWords(amount)} ${amount === '1' || adjective ? one : many}${of}`
  })
}

// ---------------------------------------------------------------------------------------------
// 6. Plain numbers

const YEAR_BEFORE = new Set([
  'in', 'since', 'between', 'during', 'circa', 'year', 'born', 'until', 'till', 'from', 'by', 'before', 'after',
  'early', 'late', 'mid', 'spring', 'summer', 'autumn', 'fall', 'winter',
  ...MONTHS.map((m) => m.toLowerCase()),
])
const YEAR_LINK = new Set(['to', 'and', 'or', 'through'])
const DIGIT_BY_DIGIT_BEFORE = new Set(['call', 'dial', 'text', 'ring'])

/** Whether a 4-digit number at this place is a year ("in 1999", "1999 BC", "from 1990 to 1995"). */
function isYearContext(before: string, after: string): boolean {
  if (/^\s*(AD|BC|BCE|CE|A\.D\.|B\.C\.)(?![A-Za-z])/.test(after)) return true
  const words = before.match(/[A-Za-z]+|\d+/g) ?? []
  const prev = words.at(-1)?.toLowerCase()
  if (!prev) return false
  if (YEAR_BEFORE.has(prev)) return true
  // A quarter, a half or a fiscal year before it: "Q4 2024", "H1 2024 results", "FY 2025".
  if (prev === 'fy' || (/^[1-4]$/.test(prev) && /^[QH]$/.test(words.at(-2) ?? ''))) return true
  if (YEAR_LINK.has(prev) && /^1\d{3}|20\d\d$/.test(words.at(-2) ?? '')) return true
  // "the class of 2024." — "of" + year at a phrase end; "a total of 1999 votes" stays a count.
  return prev === 'of' && /^\s*([,.;:!?)]|$)/.test(after)
}

function isYearLike(digits: string): boolean {
  return /^\d{4}$/.test(digits) && Number(digits) >= 1000 && Number(digits) < 2100
}

/** Before a number that counts something ("about 1500", "page 1999"): read as a cardinal. */
const COUNT_BEFORE = new Set([
  'than', 'about', 'around', 'over', 'under', 'nearly', 'almost', 'approximately', 'some', 'exactly', 'only',
  'just', 'total', 'plus', 'minus', 'times', 'page', 'pages', 'number', 'room', 'paragraph', 'line', 'item',
  'step', 'score', 'scored', 'pay', 'paid', 'cost', 'costs', 'weighs', 'weighed', 'population', 'to', 'and', 'or',
])
/** After a count ("1999 people", "1500 of them"); plural nouns are found by their -s. */
const COUNT_AFTER = new Set([
  'people', 'men', 'women', 'children', 'feet', 'teeth', 'mice', 'geese', 'sheep', 'fish', 'deer', 'times', 'per',
  'more', 'less', 'fewer', 'other', 'others', 'of', 'or', 'and', 'to', 'out', 'x', 'by',
  // Measures: "1205 square feet", "1500 cubic yards", "2000 metric tons".
  'square', 'cubic', 'linear', 'metric', 'sq', 'hundred', 'thousand', 'million', 'billion',
])
const NOT_PLURAL = new Set(['was', 'is', 'has', 'this', 'its', 'his', 'us', 'as', 'yes', 'thus', 'always', 'perhaps', 'whereas', 'less', 'unless', 'across', 'plus', 'bus', 'bonus', 'census', 'campus', 'status', 'crisis', 'chaos', 'series', 'news', 'does', 'goes'])

/**
 * A four-digit number with no cue either way ("1999 was a great year", "the 2024 election",
 * "Copyright 2024"): a year is the likelier reading, unless the words around it count something.
 */
function isBareYear(digits: string, before: string, after: string): boolean {
  const n = Number(digits)
  if (n < 1100 || n > 2099) return false
  // The word before, in this sentence: "I stayed in room. 1999 was fun." has none.
  const prev = /([A-Za-z0-9']+)[^\w.!?]*$/.exec(before)?.[1].toLowerCase()
  if (prev && (COUNT_BEFORE.has(prev) || /^\d{3,}/.test(prev))) return false
  if (/^\s*[.,]\d/.test(after) || /^[^\s,.;:!?)"']/.test(after)) return false
  const next = /^\s+([A-Za-z]+)/.exec(after)?.[1]
  if (!next) return true
  const w = next.toLowerCase()
  if (COUNT_AFTER.has(w)) return false
  return !(next === w && w.length > 3 && /[^s']s$/.test(w) && !NOT_PLURAL.has(w))
}

/** After a three-digit number, words that make it an HTTP status, said in pairs ("a 404 error" → "four oh four"). */
const STATUS_AFTER = /^\s+(?:error|errors|page|pages|status|response|responses|not found|redirect|redirects)\b/i

/** Numbers that name a thing, said in pairs as people say them ("flight 1234", "room 1205", "Boeing 747"). */
const NAMED_NUMBER_BEFORE = new Set([
  'flight', 'flights', 'room', 'rooms', 'rm', 'suite', 'gate', 'apartment', 'apt', 'platform', 'bus', 'train',
  'locker', 'section', 'porsche', 'peugeot', 'cessna', 'booth', 'terminal', 'pier', 'dock', 'hangar', 'berth', 'boeing', 'airbus', 'cabin', 'office', 'studio', 'seat', 'flat', 'unit', 'ste', 'hwy', 'highway', 'exit',
  // Graphics cards are said in pairs too: "RTX 4090" → "forty ninety".
  'rtx', 'gtx', 'rx',
])
/** Codes said digit by digit ("PIN 4821" → "four eight two one"). */
const DIGIT_CODE_BEFORE = new Set([
  'pin', 'ssn', 'code', 'passcode', 'otp', 'postcode', 'pincode', 'account', 'acct', 'routing', 'serial', 'tracking',
  'confirmation', 'ref', 'reference', 'policy', 'member', 'id', 'membership', 'booking', 'ticket', 'voucher',
  'extension', 'ext',
])
/** US postal codes of the states, said by name before a ZIP code ("Portland, OR 97201" → "Oregon"). */
const US_STATE_NAMES: Record<string, string> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut',
  DE: 'Delaware', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois', IN: 'Indiana', IA: 'Iowa',
  KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland', MA: 'Massachusetts', MI: 'Michigan',
  MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana', NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire',
  NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York', NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio',
  OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania', RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota',
  TN: 'Tennessee', TX: 'Texas', UT: 'Utah', VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia',
  WI: 'Wisconsin', WY: 'Wyoming', DC: 'D C',
}
const US_STATES = new Set(Object.keys(US_STATE_NAMES))
/** State codes not named after "City, " with no ZIP code: words, degrees and titles ("Jane Smith, MD", "Yes, OK"). */
/** Words before ", TX" that are no city ("Hi, CA is nice" is a greeting). */
const NOT_A_PLACE = new Set([...SENTENCE_STARTERS, 'hi', 'hello', 'hey', 'ok', 'okay', 'well', 'oh', 'thanks', 'sure', 'right', 'sorry', 'dear'])
const CITY_STATE_UNSAID = new Set(['OK', 'IN', 'ME', 'OR', 'HI', 'OH', 'ID', 'MD', 'DO', 'PA', 'MA', 'DE', 'AL', 'LA', 'DC'])

/**
 * The word that says what a number is, skipping "number", "is"/"was", a one- or two-capital code
 * and earlier digit groups between them ("room number 12", "flight BA 117", "Airbus A380", "your
 * PIN is 4821", "code 482 913"); stops at a sentence end.
 */
function cueWord(before: string): { cue: string; viaVerb: boolean } {
  // An abbreviation's period is no sentence end: "Apt. 4B", "Rm. 12".
  before = before.replace(/\b(apt|rm|ste|acct|ref|no|hwy)\.(\s*)$/i, '$1$2')
  const words = /(?:[A-Za-z0-9']+[^\w.!?]+){0,4}$/.exec(before)![0].match(/[A-Za-z0-9']+/g) ?? []
  let viaVerb = false
  while (words.length > 1 && /^(?:number|no|num|is|was|[A-Z]{1,2}|\d{2,6})$/.test(words.at(-1)!)) {
    if (/^(?:is|was)$/.test(words.pop()!)) viaVerb = true
  }
  return { cue: words.at(-1)?.toLowerCase() ?? '', viaVerb }
}

/** A number that names something, as it is said: 7 "seven", 305 "three oh five", 1234 "twelve thirty-four", 1200 "twelve hundred". */
export function namedNumberWords(digits: string): string {
  if (digits.length > 4 || (digits.length > 1 && digits.startsWith('0'))) return digitsToWords(digits, 'oh')
  if (digits.length <= 2 || Number(digits) % 1000 === 0) return cardinal(digits)
  const hi = digits.slice(0, -2)
  const lo = Number(digits.slice(-2))
  if (lo === 0) return `${cardinal(hi)} hundred`
  return `${cardinal(hi)} ${lo < 10 ? `oh ${cardinal(String(lo))}` : cardinal(String(lo))}`
}

/**
 * Digits that are no amount, by the word before them: codes said digit by digit (PINs, ZIP codes
 * — with "oh", as "nine oh two one oh" — a US state's code before five digits is a ZIP code) and
 * numbers that name a room or a flight (namedNumberWords); null for an ordinary number.
 */
function codeWords(plain: string, before: string, after = ''): string | null {
  const { cue, viaVerb } = cueWord(before)
  // "The room is 1205 square feet" measures the room; "your PIN is 4821" is still the PIN, but
  // "the code is 404 lines long" counts.
  if (NAMED_NUMBER_BEFORE.has(cue) && !viaVerb) return namedNumberWords(plain)
  if (viaVerb && /^\s+[a-z]+s\b/.test(after)) return null
  if (/\bzip(?:\s*code)?[^\w.!?]*$/i.test(before)) return digitsToWords(plain, 'oh')
  // "Text STOP to 55555": a short code.
  if (DIGIT_CODE_BEFORE.has(cue) || DIGIT_BY_DIGIT_BEFORE.has(cue) || /\btext\s+["']?[A-Z]+["']?\s+to\s+$/i.test(before)) return digitsToWords(plain)
  return null
}

/** Words before a Boeing model number that make it the aircraft ("the 747", "a 787", "flew a 737"). */
const AIRCRAFT_BEFORE = new Set(['the', 'a', 'this', 'that', 'each', 'every', 'his', 'her', 'their', 'our', 'its', 'my', 'your', 'another', 'new', 'old', 'first', 'last', 'same'])
/** Words after it that name the aircraft ("747 jumbo", "737 MAX", "787 Dreamliner"). */
const AIRCRAFT_AFTER = new Set(['jet', 'jumbo', 'airliner', 'aircraft', 'plane', 'freighter', 'max', 'dreamliner', 'fleet', 'cockpit', 'pilot', 'captain', 'simulator'])
/** Words after "the 747" that make it a count ("the 747 remaining seats", "a 747 percent rise"). */
const NOT_AIRCRAFT_AFTER = new Set(['remaining', 'left', 'other', 'extra', 'additional', 'new', 'percent', 'per', 'total', 'million', 'billion', 'thousand', 'more', 'fewer', 'less', 'of'])

/**
 * Boeing's 707–787 said as the models are ("The 747 landed" → "seven forty-seven"): after a
 * determiner, unless a count noun follows ("the 747 passengers"), or before an aircraft word.
 */
function isAircraftModel(plain: string, before: string, after: string): boolean {
  if (!/^7[0-8]7$/.test(plain) || /^[-,.]\d/.test(after)) return false
  const prev = /([A-Za-z]+)\s+$/.exec(before)?.[1].toLowerCase()
  const nextWord = /^\s+([A-Za-z]+)/.exec(after)?.[1]
  const next = nextWord?.toLowerCase()
  if (next && AIRCRAFT_AFTER.has(next.replace(/s$/, ''))) return true
  if (!prev || !AIRCRAFT_BEFORE.has(prev)) return false
  if (!next) return true
  if (/^-/.test(after) || NOT_AIRCRAFT_AFTER.has(next)) return false
  // "to", "and", "by" link counts only to another number ("the 747 to 800 range"): "flew a 787 to Tokyo".
  if (COUNT_AFTER.has(next) && (!/^(?:to|and|or|by)$/.test(next) || /^\s+[a-z]+\s+[$£€]?\d/.test(after))) return false
  // A plural noun after it is what it counts; a verb's -s ("the 747 flies") is rarer than a count.
  return !(nextWord === next && /[^s']s$/.test(next) && !NOT_PLURAL.has(next))
}

/** After a house number: an optional letter, one to three capitalised words and a street type (abbreviations are expanded by now). */
const STREET_AFTER = /^\s+(?:[A-Z]\s+)?(?:[A-Z][a-z]+\s+){1,3}(?:Street|Avenue|Road|Boulevard|Lane|Drive|Way|Court|Place|Terrace|Parkway|Highway|Circle|Square)\b/

/** One integer (digits only, commas allowed) in context. */
function integerWords(digits: string, before: string, after: string): string {
  const plain = digits.replace(/,/g, '')
  // Five digits after "ship to"/"mail to"/"deliver to" are where to, a ZIP code ("Ship to 97201",
  // "Mail to 02139" with "oh"), unless a noun follows that they count ("ship to 10000 customers").
  if (/^\d{5}$/.test(plain) && /\b(?:ship|shipping|shipped|ships|mail|mailed|deliver|delivered|delivery|deliveries|send|sent)\s+to\s+(?:\d{5},?\s+(?:or\s+|and\s+)?)*$/i.test(before) &&
    NOT_MONEY_NOUN.has(/^\s+([a-z]+)\b/.exec(after)?.[1] ?? 'to')) return digitsToWords(plain, 'oh')
  if (plain.length > 1 && plain.startsWith('0')) return digitsToWords(plain)
  if (isAircraftModel(plain, before, after)) return namedNumberWords(plain)
  // A house number before a street's name is said in pairs: "123 Main Street" → "one twenty-three",
  // "4500 Elm Avenue" → "forty-five hundred", "221B Baker Street" → "two twenty-one B".
  if (/^\d{3,4}$/.test(plain) && STREET_AFTER.test(after)) return namedNumberWords(plain)
  if (/^\s+square\s+f(?:ee|oo)t\b/.test(after)) {
    const area = areaNumberWords(plain, 'square feet')
    if (area) return area
  }
  if (/^[1-5]\d\d$/.test(plain) && STATUS_AFTER.test(after)) return namedNumberWords(plain)
  const code = codeWords(plain, before, after)
  if (code) return code
  if (!digits.includes(',') && isYearLike(plain) && (isYearContext(before, after) || isBareYear(plain, before, after))) {
    return yearToWords(plain)
  }
  if (!digits.includes(',') && /^\d{1,4}$/.test(plain) && /^\s*(AD|BC|BCE|CE)\b/.test(after)) return yearToWords(plain)
  // "the year 2525": any four digits after "year" are one ("twenty-five twenty-five").
  if (/^\d{4}$/.test(plain) && /\byear\s+$/i.test(before)) return yearToWords(plain)
  return cardinal(plain)
}

/** "1990-1995" → "nineteen ninety to nineteen ninety-five"; "10-20" → "ten to twenty"; "3/4". */
/** The fraction of a mixed number: "a half", "an eighth", "three quarters". */
function mixedFraction(a: string, b: string): string {
  return a === '1' ? fractionToWords(a, b).replace(/^one /, b === '8' ? 'an ' : 'a ') : fractionToWords(a, b)
}

/** Words before a score ("rated 4/5" → "four out of five"). */
const SCORE_BEFORE = new Set(['rated', 'rating', 'rate', 'scored', 'score', 'scores', 'got', 'gets', 'gave', 'give', 'reviews', 'stars'])
/** Plural nouns a fraction measures ("3/4 cups"); before other plurals a/b counts ("9/10 dentists"). */
const MEASURE_NOUNS = new Set([
  'cups', 'inches', 'miles', 'hours', 'minutes', 'seconds', 'pounds', 'ounces', 'teaspoons', 'tablespoons', 'gallons',
  'liters', 'litres', 'meters', 'metres', 'feet', 'yards', 'days', 'weeks', 'months', 'years', 'acres', 'tons',
  'pints', 'quarts', 'kilometers', 'grams', 'kilograms', 'sticks', 'slices', 'turns', 'points', 'times',
])

function expandRangesAndFractions(s: string): string {
  // A mixed number: "1 1/2 cups" → "one and a half cups", "2 3/4" → "two and three quarters".
  s = rewrite(s, /(?<![\w.,/])(\d+) (\d{1,2})\/(\d{1,2})(?![\w/]|\.\d)/g, (m) => {
    const [, whole, a, b] = m
    if (Number(a) >= Number(b) || Number(a) < 1 || Number(b) < 2 || Number(b) > 16) return null
    return `${cardinal(whole)} and ${mixedFraction(a, b)}`
  })
  // Scores: "4.5/5", "rated 4/5", "9/10 dentists" → "out of"; a decimal over a whole number is a score, never a fraction.
  s = rewrite(s, /(?<![\w.,/])(\d+(?:\.\d+)?)\/(\d+)(?![\w/]|\.\d)/g, (m, before, after) => {
    const [, a, b] = m
    const next = /^\s+([a-z]+)\b/.exec(after)?.[1]
    const counts = !!next && /[^s']s$/.test(next) && !NOT_PLURAL.has(next) && !MEASURE_NOUNS.has(next)
    if (!a.includes('.') && !SCORE_BEFORE.has(lastWord(before)?.toLowerCase() ?? '') && !counts) return null
    // "scored 3/4 of the points" is a share of them: a fraction, not a score.
    if (!a.includes('.') && /^\s+of\b/.test(after)) return null
    if (Number(a) > Number(b) || b === '0' || (a === '24' && b === '7')) return null
    return `${numberToWords(a)} out of ${cardinal(b)}`
  })
  s = rewrite(s, /(?<![\w.,/])(\d+)\/(\d+)(?![\w/]|\.\d)/g, (m, before, after) => {
    const [, a, b] = m
    // Blood pressure is "over"; a perfect score "out of" ("10/10"); "10/11" (Windows) no fraction.
    if (/\b(?:BP|pressure)(?:\s+(?:was|is|of|at|reading))?\W*$/i.test(before) || /^\s*mmHg\b/.test(after)) return `${cardinal(a)} over ${cardinal(b)}`
    if (a === b && /^(?:5|10|100)$/.test(a)) return `${cardinal(a)} out of ${cardinal(b)}`
    if (a === b || (a === '24' && b === '7') || (b === '11' && (a === '9' || a === '7'))) return `${cardinal(a)} ${cardinal(b)}`
    if (Number(a) >= 10 && Number(b) <= 12) return `${cardinal(a)} slash ${cardinal(b)}`
    // Denominators 16, 32, 64 are inch fractions ("3/16 inch").
    if (((Number(b) >= 2 && Number(b) <= 12) || /^(?:10{2,3}|16|32|64)$/.test(b)) && Number(a) > 0) {
      // After "a": "a 1/2 inch pipe" → "a half inch pipe", "a 1/4 mile" (was "a one half"); "1/2 the price" is "half the price".
      if (a === '1' && b === '2' && /^\s+(?:the|a|an|that|this|his|her|their|our|my|your|its)\b/i.test(after)) return 'half'
      return a === '1' && /\ban?\s+$/i.test(before) ? fractionToWords(a, b).replace(/^one /, '') : fractionToWords(a, b)
    }
    return `${cardinal(a)} slash ${cardinal(b)}`
  })
  return rewrite(s, /(?<![\w.,-])(\d{1,3}(?:,\d{3})+|\d+)\s?-\s?(\d{1,3}(?:,\d{3})+|\d+)(?![\w]|[.,]\d)/g, (m, before, after) => {
    const [, a, b] = m
    if (a === b && a.length <= 3) return `${cardinal(a)} ${cardinal(b)}` // "50-50": fifty-fifty, not a range
    const years = isYearLike(a) && (isYearContext(before, after) || (isYearLike(b) && Number(b) > Number(a)))
    if (years && /^\d{2}$/.test(b)) return `${yearToWords(a)} to ${cardinal(b)}`
    if (years) return `${yearToWords(a)} to ${isYearLike(b) ? yearToWords(b) : cardinal(b)}`
    // "rooms 101-110": both ends take the cue before the first.
    // "between 5-10 years" is "between five and ten".
    const link = /\bbetween\s+$/i.test(before) ? 'and' : 'to'
    return `${integerWords(a, before, '')} ${link} ${integerWords(b, codeWords(a, before) ? before : '', after)}`
  })
}

/** Between numbers: "5 * 3" → "5 times 3", "4x4"/"1920x1080" → "by", "16:9" → "16 to 9" (a ratio; a clock has two digits after the colon). */
function expandOperators(s: string): string {
  s = s.replace(/(\d)\s*\*\s*(?=\d)/g, '$1 times ')
  s = s.replace(/(\d)\s?x\s?(?=\d)/g, '$1 by ')
  return s.replace(/(?<![\d:])(\d{1,2}):(\d)(?![\d:])/g, '$1 to $2')
}

/** Every remaining number: integers, decimals, negatives, thousands separators. */
function expandNumbers(s: string): string {
  // "1.000.000" (European thousands): two or more groups of three after the dots; "1.2.3" is a version.
  s = s.replace(/\b\d{1,3}(?:\.\d{3}){2,}\b(?![.,]\d)/g, (v) => cardinal(v.replace(/\./g, '')))
  s = s.replace(/(\d+(?:\.\d+){2,})/g, (v) => v.split('.').map((p) => cardinal(p)).join(' point '))
  s = rewrite(s, /(?<![\w.])(-?)(?:(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?|\.(\d+))(?!\d)/g, (m, before, after) => {
    const [, sign, int, intFrac, bareFrac] = m
    const frac = intFrac ?? bareFrac
    const words: string[] = []
    if (sign) words.push('minus')
    if (int) words.push(frac ? cardinal(int.replace(/,/g, '')) : integerWords(int, before, after))
    if (frac) words.push('point', digitsToWords(frac))
    return words.join(' ')
  })
  // Digits the patterns above leave (glued to odd punctuation) are read one by one.
  return s.replace(/\d+/g, (d) => digitsToWords(d))
}

// ---------------------------------------------------------------------------------------------
// 7. Symbols, letters next to digits, acronyms

/** "COVID-19" → "COVID 19", "MP3" → "MP 3", "4K" → "4 K" (before numbers are read). */
function splitAlphanumerics(s: string): string {
  // Boeing models in the plural: "two 747s" → "two seven forty-sevens" (was "seven hundred forty-seven S").
  s = s.replace(/(?<![\w.,])(7[0-8]7)s\b/g, (_m, n: string) => `${namedNumberWords(n)}s`)
  // "H100s", "MP3s": the plural of a name with a number, "H one hundreds" (was "H one hundred S").
  s = s.replace(/\b([A-Za-z]+)-?(\d+)s\b/g, "$1 $2's")
  return s
    .replace(/([A-Za-z])-(?=\d)/g, '$1 ')
    .replace(/(\d)-(?=[A-Za-z])/g, '$1 ')
    .replace(/([A-Za-z])(?=\d)/g, '$1 ')
    .replace(/(\d)(?=[A-Za-z])/g, '$1 ')
}

const PER_UNITS: Record<string, string> = { mo: 'month', mth: 'month', yr: 'year', wk: 'week', hr: 'hour', min: 'minute', sec: 'second' }

/** Symbols that are words: & + = @ % and a few more; the rest (markup, stray signs) go. */
function expandSymbols(s: string): string {
  s = s.replace(/\b([A-Z]{1,3})&([A-Z]{1,3})(s?)\b/g, (_m, a: string, b: string, pl: string) => `${[...a].join(' ')} and ${[...b].join(' ')}${pl ? "'s" : ''}`)
  s = s.replace(/\b([A-G])#/g, '$1 sharp').replace(/#(?=\w)/g, '')
  s = s.replace(/\b(and|or)\/(and|or)\b/gi, '$1 $2').replace(/\bw\/(?=\s)/gi, 'with')
  s = s.replace(/\b(dollars?|cents?|pounds?|pence|euros?|yen|rupees?|percent)\s?\/\s?(?=[A-Za-z])/g, '$1 per ')
  // "per user/month" → "per user per month"; "per mo" → "per month".
  s = s.replace(/\b(per [A-Za-z]+)\s?\/\s?(?=[A-Za-z])/g, '$1 per ')
  s = s.replace(/\bper (mo|mth|yr|wk|hr|min|sec)\b/g, (_m, u: string) => `per ${PER_UNITS[u]}`)
  s = s.replace(/\bper (oz|lb|lbs|kg|g|mg|ft|mi|km|m|L|ml|sq ft|kWh|GB|MB|TB|gal)\b/g, (_m, u: string) => `per ${UNITS[u][0]}`)
  s = s.replace(/\s*&\s*/g, ' and ').replace(/\s*\+\s*/g, ' plus ').replace(/\s*=\s*/g, ' equals ')
  s = s.replace(/\s*@\s*/g, ' at ').replace(/\s*%/g, ' percent').replace(/\s*[×]\s*/g, ' times ').replace(/\s*÷\s*/g, ' divided by ')
  // A menu path ("Settings > Privacy") is a list; between numbers or letters ">" compares.
  s = s.replace(/(?<=\b[A-Z][a-z]+) > (?=[A-Z][a-z])/g, ', ')
  s = s.replace(/\s<\s/g, ' less than ').replace(/\s>\s/g, ' greater than ')
  // A slash with spaces around it between words separates alternatives, said with a pause
  // ("9am PST / 12pm EST", "24-bit / 96 kHz"); unspaced ("Windows 10/11") it is "slash".
  // Initialisms joined by a slash are said letter by letter without it: "A/B test", "I/O", "TCP/IP", "AC/DC".
  s = s.replace(/\b([A-Z]{1,4})\/(?=[A-Z]{1,4}\b)/g, '$1 ')
  s = s.replace(/(?<=[A-Za-z]) \/ (?=[A-Za-z])/g, ', ')
  s = s.replace(/\s*\/\s*/g, ' slash ')
  // A full stop with its space left out ("fine.It wasn't") ends a sentence; other dots between letters are "dot".
  s = s.replace(/(?<=\b[a-z]{2,})\.(?=[A-Z][a-z]+\b)/g, '. ')
  s = s.replace(/([A-Za-z])\.(?=[A-Za-z])/g, '$1 dot ')
  // A hashtag of three or more capitalised words ("#DaysOfCode") is said word by word; two-word
  // ones ("ThrowbackThursday") the pronouncer splits as compounds.
  s = s.replace(/\b(?:[A-Z][a-z]+){3,}\b/g, (w) => (hasWord(w) ? w : w.replace(/(?<=[a-z])(?=[A-Z])/g, ' ')))
  // Anything else that is not a letter, digit, space or pause/quote punctuation is not spoken.
  return s.replace(/[^A-Za-z0-9\s.,;:!?'"()[\]—-]/g, ' ')
}

// ---------------------------------------------------------------------------------------------
// Roman numerals: "Chapter IV", "World War II", "Henry VIII". Read only where the context says so:
// a bare "IV" is as often an initialism (an IV drip) and "CD", "MD", "DC" almost always are.

/** Words after which a Roman numeral is a number said as a cardinal ("Chapter IV" → "Chapter four"). */
const ROMAN_COUNTED = new Set([
  'chapter', 'chapters', 'part', 'parts', 'book', 'books', 'volume', 'act', 'scene', 'section', 'appendix',
  'war', 'phase', 'episode', 'season', 'stage', 'level', 'type', 'class', 'grade', 'article', 'title',
  'psalm', 'canto', 'figure', 'plate', 'table', 'round', 'bowl', 'apollo', 'vatican', 'unit', 'schedule',
])
/** Names that take a regnal number, said as "the" + ordinal ("Henry VIII" → "Henry the eighth"). */
const ROMAN_REGNAL = new Set([
  'henry', 'edward', 'george', 'william', 'richard', 'charles', 'james', 'john', 'louis', 'elizabeth', 'mary',
  'anne', 'victoria', 'paul', 'pius', 'benedict', 'gregory', 'leo', 'innocent', 'clement', 'urban', 'alexander',
  'boniface', 'sixtus', 'napoleon', 'frederick', 'peter', 'catherine', 'nicholas', 'ivan', 'philip', 'ferdinand',
  'alfonso', 'carlos', 'juan', 'ramesses', 'ramses', 'thutmose', 'amenhotep', 'gustav', 'gustavus', 'karl',
  'wilhelm', 'otto', 'friedrich', 'constantine', 'justinian', 'rudolf', 'leopold', 'franz', 'joseph', 'ludwig',
  'pedro', 'manuel', 'olaf', 'harald', 'haakon', 'christian', 'sigismund', 'casimir', 'mehmed', 'selim',
  'suleiman', 'murad', 'willem', 'harold', 'henri', 'david', 'robert', 'alexios', 'basil',
  'michael', 'felipe', 'sancho', 'stephen', 'matthias', 'vladimir', 'ptolemy', 'antiochus', 'cleopatra',
  'francis', 'isabella', 'margaret', 'edmund', 'baldwin', 'sebastian', 'christina', 'beatrix', 'juliana', 'umberto',
  'vittorio', 'emmanuel', 'jean', 'francois', 'afonso', 'joao', 'hussein', 'abdullah', 'faisal',
])
const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 }

/** The value of a well-formed Roman numeral (1–3999), or null ("IIII", "VX", "IC" are not). */
export function romanValue(numeral: string): number | null {
  if (!/^M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$/.test(numeral) || !numeral) return null
  let total = 0
  for (let i = 0; i < numeral.length; i++) {
    const v = ROMAN_VALUES[numeral[i]]
    const next = ROMAN_VALUES[numeral[i + 1]] ?? 0
    total += v < next ? -v : v
  }
  return total
}

/** Words before a ruler's name that make a lone "I" after it regnal ("Queen Elizabeth I", "King John I said"). */
const REGNAL_TITLES = new Set([
  'king', 'queen', 'pope', 'emperor', 'empress', 'tsar', 'tsarina', 'czar', 'kaiser', 'pharaoh', 'sultan',
  'prince', 'princess', 'duke', 'saint', 'of', 'under',
])
/**
 * Verbs a ruler is the subject of in a history script ("Elizabeth I ruled England", "Henry I died
 * in 1135"); other past tenses are what a speaker says of themselves ("Mary I loved it", "Mary I
 * thought…"), so they keep the pronoun.
 */
const REGNAL_VERBS = new Set([
  'took', 'gave', 'lost', 'won', 'fought', 'built', 'led', 'began', 'held', 'died', 'rode', 'ruled', 'reigned',
  'succeeded', 'married', 'founded', 'granted', 'signed', 'invaded', 'conquered', 'established', 'issued', 'ordered',
  'abolished', 'declared', 'restored', 'executed', 'appointed', 'created', 'defeated', 'inherited', 'ascended',
  'unified', 'united', 'commissioned', 'introduced', 'imposed', 'sought', 'waged', 'summoned', 'dissolved', 'ceded',
  'annexed', 'reformed', 'persecuted', 'restored', 'crowned',
])
/** After "was/had/became", a ruler's words ("Elizabeth I was the last Tudor", "was crowned"), not a speaker's ("I was so worried"). */
const REGNAL_AFTER_WAS = new Set([
  'the', 'a', 'an', 'one', 'queen', 'king', 'emperor', 'empress', 'pope', 'ruler', 'monarch', 'born', 'crowned',
  'succeeded', 'married', 'buried', 'executed', 'deposed', 'excommunicated', 'known', 'called', 'named', 'proclaimed',
  'declared', 'never', 'also', 'only', 'first', 'last', 'six', 'five', 'four', 'three', 'two', 'no', 'his', 'her',
])
/** After "IV", the drip, not a sequel ("IV fluids"); before it, verbs a nurse gives one with ("Give IV", "Start IV"). */
const IV_NOUNS = new Set([
  'drip', 'drips', 'fluid', 'fluids', 'line', 'lines', 'bag', 'bags', 'pole', 'access', 'antibiotic', 'antibiotics',
  'therapy', 'infusion', 'infusions', 'push', 'site', 'catheter', 'tubing', 'tube', 'needle', 'drug', 'drugs',
  'medication', 'medications', 'nutrition', 'hydration', 'vitamin', 'vitamins', 'iron', 'saline', 'steroids',
  'morphine', 'treatment', 'treatments', 'team', 'route', 'dose', 'doses', 'cannula', 'use', 'sedation', 'contrast',
])
const IV_VERBS = new Set(['give', 'gave', 'given', 'start', 'started', 'insert', 'inserted', 'hang', 'hung', 'place', 'placed', 'need', 'needs', 'needed', 'remove', 'removed', 'check', 'flush', 'run', 'get', 'got', 'receive', 'received', 'via', 'by', 'through'])

/**
 * A lone "I" after a regnal name is the pronoun unless something says it is a number ("Then Henry
 * I said no", "When I met Elizabeth I was…"): a title before the name ("Queen Elizabeth I", "of
 * Henry I"), a possessive, punctuation or "of" right after it ("Elizabeth I, queen", "Henry I of
 * England"), a verb the pronoun never takes ("Elizabeth I is"), or the name opening its sentence
 * with a past tense after it ("Elizabeth I was queen": "Mary I need" stays a vocative).
 */
function isRegnalI(before: string, after: string, possessive: string): boolean {
  if (possessive || /^(\s*[,.;:!?)]|\s+of\b|\s*$)/.test(after)) return true
  const rest = before.replace(/[A-Za-z']+\s+$/, '')
  // Paired with another ruler's numeral: "Elizabeth I and Elizabeth II", "Henry VIII and Mary I were".
  if (/^\s+(?:and|or|to|&)\s+(?:[A-Z][a-z]+\s+)?[IVXLC]+\b/.test(after) || /\b[A-Z][a-z]+\s+[IVXLC]+,?\s+(?:and|or|to|&)\s+$/.test(rest)) return true
  if (REGNAL_TITLES.has(lastWord(rest)?.toLowerCase() ?? '')) return true
  const next = /^\s+([a-z]+)\b/.exec(after)?.[1]
  if (!next) return false
  if (next === 'is' || next === 'has' || next === 'does') return true
  const opensSentence = (before.length < CONTEXT && /^["'(\s]*$/.test(rest)) || /[.!?]["')]*\s+["'(]*$/.test(rest)
  if (!opensSentence) return false
  if (REGNAL_VERBS.has(next)) return true
  // An adverb between: "Elizabeth I never married", "Mary I never said that".
  if (/^(?:never|also|later|then|finally|eventually|soon)$/.test(next)) return REGNAL_VERBS.has(/^\s+[a-z]+\s+([a-z]+)\b/.exec(after)?.[1] ?? '')
  // "Elizabeth I was the last Tudor" / "Mary I was so worried": the word after the verb decides.
  const next2 = /^\s+[a-z]+\s+([a-z]+)\b/.exec(after)?.[1]
  return /^(?:was|had|became)$/.test(next) && !!next2 && REGNAL_AFTER_WAS.has(next2)
}

/** Given names that, a word or two before a surname, make II–IV a generational suffix (besides the regnal names). */
const GIVEN_NAMES = new Set([
  'martin', 'thomas', 'donald', 'harry', 'walter', 'frank', 'howard', 'andrew', 'arthur', 'kenneth', 'thurston',
  'jerry', 'larry', 'hank', 'cornelius', 'nelson', 'samuel', 'daniel', 'mark', 'steven', 'patrick', 'kevin', 'brian',
])

/** Whether one of the one or two capitalised words ending `before` is a given name ("Henry Ford", "Martin Luther King"). */
function hasGivenNameBefore(before: string): boolean {
  const words = /(?:[A-Z][a-z]+\s+){1,2}$/.exec(before)?.[0].trim().split(/\s+/) ?? []
  return words.some((w) => ROMAN_REGNAL.has(w.toLowerCase()) || GIVEN_NAMES.has(w.toLowerCase()))
}

function expandRomanNumerals(s: string): string {
  // A closing single quote may follow ("'Louis XIV' is"); an apostrophe and letters is another word.
  return rewrite(s, /\b([IVXLCDM]+)(['\u2019]s)?\b(?![\w]|['\u2019][A-Za-z])/g, (m, before, after) => {
    const [, numeral, possessive = ''] = m
    const value = romanValue(numeral)
    const word = lastWord(before)
    if (value === null || !word || !/\s$/.test(before)) return null
    const prev = word.toLowerCase()
    // "I" after a counted word is a number only in a heading ("Part I", "World War I"): "the part I played".
    if (ROMAN_COUNTED.has(prev) && (numeral !== 'I' || isCapitalisedWord(word))) return cardinal(String(value)) + possessive
    // Regnal numbers: a capitalised name from the list; a lone "I" only where isRegnalI finds a cue.
    if (ROMAN_REGNAL.has(prev) && isCapitalisedWord(word) && value <= 39 && (numeral !== 'I' || isRegnalI(before, after, possessive))) {
      return `the ${ordinal(String(value))}${possessive}`
    }
    // A generational suffix after a given name and a surname is an ordinal: "Henry Ford II" → "the
    // second", "Martin Luther King III"; a title stays a cardinal ("Street Fighter II").
    if (/^(?:II|III|IV)$/.test(numeral) && isCapitalisedWord(word) && hasGivenNameBefore(before.replace(/[A-Za-z']+\s+$/, ''))) {
      return `the ${ordinal(String(value))}${possessive}`
    }
    // A sequel or a numbered title ("Rocky III", "Rocky IV", "Final Fantasy VII"): two or more of I,
    // V, X after a capitalised word; "IV" is the drip before a drip word or after a nurse's verb.
    if (numeral === 'IV' && (IV_VERBS.has(prev) || IV_NOUNS.has(firstWord(after)?.toLowerCase() ?? ''))) return null
    if (/^[IVX]{2,}$/.test(numeral) && isCapitalisedWord(word) && !SENTENCE_STARTERS.has(prev)) return cardinal(String(value)) + possessive
    // A lone V ends a title too ("Grand Theft Auto V", "Rocky V"); before a capitalised word it is a
    // middle initial ("John V Smith"). A lone X stays a letter: "Malcolm X", "Mac OS X", "Generation X".
    if (numeral === 'V' && isCapitalisedWord(word) && !SENTENCE_STARTERS.has(prev) && !/^\s+[A-Z]/.test(after)) return cardinal('5') + possessive
    return null
  })
}

const VOWELS = /[AEIOUY]/
const ONSET = /^(?:[BCDFGHJKLMNPQRSTVWXZ]|BL|BR|CH|CL|CR|DR|DW|FL|FR|GL|GR|KL|KN|KR|PH|PL|PR|QU|SC|SCH|SCR|SH|SHR|SK|SL|SM|SN|SP|SPL|SPR|ST|STR|SW|TH|THR|TR|TW|WH|WR)?$/
const CODA = /^(?:[BCDFGKLMNPRSTVXZ]|CK|CT|FT|LD|LF|LK|LM|LP|LT|LL|MP|ND|NG|NK|NT|NS|PS|PT|RB|RC|RD|RF|RG|RK|RL|RM|RN|RP|RS|RT|SH|SK|SP|SS|ST|TH|CH|TCH|FF|GHT|NCH|RTH)?$/

/** Could an all-capitals word be read as a word ("COVID", "ASAP") rather than spelled ("XQZ")? */
export function isPronounceable(caps: string): boolean {
  if (caps.length < 3 || (!VOWELS.test(caps.slice(1)) && !/^[AEIOU]/.test(caps))) return false
  const onset = /^[^AEIOUY]*/.exec(caps)![0]
  const coda = /[^AEIOUY]*$/.exec(caps)![0]
  const medial = caps.slice(onset.length, caps.length - coda.length).match(/[^AEIOUY]+/g) ?? []
  return ONSET.test(onset) && CODA.test(coda) && medial.every((c) => c.length <= 3)
}

/** Whether CMUdict lists the spelled-out letters as one reading ("AI": AY, or EY AY). */
function hasSpelledReading(caps: string): boolean {
  const spelled = spellLetters(caps).join(' ')
  return lookupAll(caps).some((p) => p.join(' ') === spelled)
}

/**
 * Text around the match is in capitals too ("HELP US NOW"): read words, not initialisms. Only
 * within the sentence: in "Ask IT. IT support is down." neither initialism shouts.
 */
function isShouted(before: string, after: string): boolean {
  const prev = /\b([A-Z]{2,})[^\w.!?]*$/.exec(before)?.[1]
  const next = /^[^\w.!?]*([A-Z]{2,})\b/.exec(after)?.[1]
  return isShoutedWord(prev) || isShoutedWord(next)
}

/** A word in capitals that is a word, not another initialism: "HELP", "NOW", not "TTS" in "#TTS #AI" or "FBI". */
function isShoutedWord(caps: string | undefined): boolean {
  if (!caps) return false
  if (SPELLED_WORDS.has(caps) || (caps.length <= 3 && hasSpelledReading(caps))) return false
  return hasWord(caps) || (caps.length > 3 && isPronounceable(caps))
}

function spellOut(caps: string, plural: string | undefined): string {
  const letters = [...caps]
  if (plural) letters[letters.length - 1] += "'s"
  return letters.join(' ')
}

/**
 * All-capital words: kept when the dictionary has them ("NASA"), except short initialisms it also
 * lists letter by letter ("AI", "US"); lower-cased when they can be read as a word
 * ("COVID" → "covid"); otherwise spelled as capital letters ("XQZ" → "X Q Z").
 */
function expandAcronyms(s: string): string {
  // "ChatGPT", "OpenAI", "MySQL", "macOS": a capital run at the end of a word is an initialism of its own.
  // Each capital after the first starts a new part: "(?:[A-Z]?[a-z]+)+" split a long lower-case run every
  // possible way, and a 30-letter word took 8 s to read (one of 44 letters hung say for minutes).
  s = rewrite(s, /\b([A-Z]?[a-z]+(?:[A-Z][a-z]+)*)([A-Z]{2,})(s?)\b/g, (m) => (hasWord(m[0]) ? null : `${m[1]} ${m[2]}${m[3]}`))
  return rewrite(s, /\b([A-Z]{2,})('s|s)?(?![\w]|'[A-Za-z])/g, (m, before, after) => {
    const [whole, caps, plural] = m
    const shouted = isShouted(before, after)
    if (caps === 'IT' && isEmphaticIt(before, after, plural)) return whole
    // In a shouted sentence "IT" is the pronoun ("SO IT IS COMING"), unless a determiner or a
    // department word makes it the initialism ("THE IT DEPARTMENT IS CLOSED").
    if (caps === 'IT' && shouted) return isShoutedItInitialism(before, after) ? spellOut(caps, plural) : whole
    // In capitals inside ordinary text "WHO" is the World Health Organization ("the WHO", "WHO guidelines"), spelled.
    // Opening a question it is the pronoun stressed ("WHO said that?"); "Does the WHO know?" stays spelled.
    if (caps === 'WHO' && !shouted) return /(^|[.!?]["'”’)]*\s+)["'“‘(]*$/.test(before) && /^[^.!?]*\?/.test(after) ? whole : spellOut(caps, plural)
    if (caps.length <= 3 && !shouted && (hasSpelledReading(caps) || SPELLED_WORDS.has(caps))) return spellOut(caps, plural)
    if (hasWord(whole) || hasWord(caps)) return whole
    // Three capitals that are no word are nearly always said letter by letter ("NYC", "GOP", "DIY", "CLI").
    if (isPronounceable(caps) && (caps.length > 3 || shouted)) return whole.toLowerCase()
    return spellOut(caps, plural)
  })
}

/** Words beside "IT" that make it the department or the trade ("IT department", "in IT", "ask IT"). */
const IT_NOUNS = new Set([
  'department', 'dept', 'team', 'teams', 'support', 'staff', 'help', 'helpdesk', 'desk', 'manager', 'managers',
  'admin', 'admins', 'administrator', 'director', 'security', 'services', 'service', 'infrastructure', 'budget',
  'person', 'guy', 'guys', 'people', 'professional', 'professionals', 'systems', 'system', 'industry', 'sector',
  'company', 'companies', 'job', 'jobs', 'skills', 'costs', 'spending', 'ticket', 'tickets', 'policy', 'policies',
  'consultant', 'consultants', 'contractor', 'specialist', 'specialists', 'worker', 'workers', 'crowd', 'equipment',
])
const IT_BEFORE = new Set(['in', 'the', 'our', 'your', 'their', 'my', 'his', 'her', 'from', 'with', 'at', 'ask', 'call', 'contact', 'email', 'tell', 'ping', 'notify', 'an'])
/**
 * Verbs after "IT" that make it the pronoun written for emphasis (or the film): "IT was a scary
 * movie". Past tenses only: "IT will never ask for your password", "IT is aware" are the department.
 */
const IT_VERBS = new Set([
  'was', "wasn't", 'had', 'did', "didn't", 'would', "wouldn't", 'could', "couldn't", 'might', 'seemed', 'looked',
  'felt', 'came', 'happened', 'got', 'went', 'began', 'started',
])
/** After "IT's": the contraction "it's", not the department's possessive ("IT's a trap" vs "IT's budget"). */
const ITS_NEXT = new Set([
  'a', 'an', 'not', 'so', 'just', 'all', 'been', 'going', 'gonna', 'never', 'always', 'really', 'too', 'very',
  'alive', 'coming', 'happening', 'time', 'true', 'over', 'here', 'only', 'about', 'what', 'like', 'back', 'no',
])
/**
 * Opening a sentence, "IT" before one of these verbs is the pronoun written for emphasis (or the
 * film: "IT is coming", "IT follows"), unless what follows is something a department does (below).
 */
const IT_OPENING_VERBS = new Set([
  'is', "isn't", 'will', "won't", 'can', "can't", 'cannot', 'has', "hasn't", 'does', "doesn't", 'should', 'must',
  'may', 'lives', 'follows', 'comes', 'returns', 'knows', 'waits', 'wants', 'never', 'always', 'just', 'really',
])
/**
 * After "IT is/will/can…" (adverbs skipped), words that make IT the department acting: "IT will
 * never ask for your password", "IT is aware of the outage", "IT can help", "IT has been notified".
 */
const IT_DEPARTMENT_PREDICATES = new Set([
  'ask', 'asks', 'contact', 'email', 'call', 'send', 'reset', 'install', 'update', 'fix', 'help', 'handle', 'approve',
  'review', 'support', 'provide', 'manage', 'monitor', 'investigate', 'notify', 'require', 'requires', 'recommend',
  'recommends', 'need', 'needs', 'request', 'requests', 'remind', 'reminds', 'advise', 'advises', 'assist', 'replace',
  'upgrade', 'configure', 'set', 'issue', 'block', 'check', 'respond', 'escalate', 'aware', 'working', 'investigating',
  'looking', 'handling', 'responsible', 'available', 'notified', 'closed', 'open', 'updating', 'upgrading', 'migrating',
  'replacing', 'reviewing', 'monitoring', 'rolling', 'on', 'been', 'understaffed', 'offline', 'down',
])
/** Words that only come before a noun: "THE IT TEAM", "AN IT GUY" (the pronoun never follows them). */
const IT_DETERMINERS = new Set(['the', 'our', 'your', 'their', 'my', 'his', 'her', 'an', 'its'])

/** In capitals throughout, "IT" is the initialism only after a determiner or before a department word. */
function isShoutedItInitialism(before: string, after: string): boolean {
  const prev = /([A-Za-z']+)\s+$/.exec(before)?.[1].toLowerCase()
  const next = /^\s+([A-Za-z']+)/.exec(after)?.[1].toLowerCase()
  return (!!prev && IT_DETERMINERS.has(prev)) || (!!next && IT_NOUNS.has(next))
}

/**
 * Words that may come before a sentence's subject without changing what "IT" is: "So IT is
 * coming" reads as "IT is coming" (the pronoun, or the film) does.
 */
const IT_LEAD_INS = new Set(['so', 'and', 'but', 'then', 'now', 'oh', 'well', 'yes', 'because', 'maybe', 'still', 'yet', 'look', 'guys', 'see'])

/** After a verb, "IT" ending the phrase is the pronoun in capitals ("Just do IT", "We made IT!"). */
const IT_AFTER_VERB = new Set(['do', 'did', 'make', 'made', 'love', 'hate', 'get', 'got', 'fake', 'nail', 'nailed', 'own', 'want', 'earn', 'feel'])

/**
 * "IT" is the initialism (information technology) unless its neighbours make it the word "it"
 * written in capitals for emphasis: a verb after it ("IT was a scary movie"), the contraction
 * ("IT's a trap"), or a verb before it ending the phrase ("Just do IT"). A department word after
 * it or a preposition/determiner before it ("IT department", "in IT", "the IT team") keeps the
 * initialism, and so does a present tense or modal ("IT will never ask for your password").
 */
function isEmphaticIt(before: string, after: string, plural: string | undefined): boolean {
  const prev = /([A-Za-z']+)\s+$/.exec(before)?.[1].toLowerCase()
  const next = /^\s+([A-Za-z']+)/.exec(after)?.[1].toLowerCase()
  if ((prev && IT_BEFORE.has(prev)) || (next && IT_NOUNS.has(next))) return false
  if (plural === "'s") return !!next && ITS_NEXT.has(next)
  if (plural) return false
  if (next && IT_VERBS.has(next)) return true
  // Opening a sentence before a verb: the pronoun, unless the predicate is the department's.
  // A lead-in word before it ("So IT is coming", "And IT follows") still leaves it opening the sentence,
  // and so does a clause's start after a comma ("Oh no, IT is coming!"; "Sorry, IT is closed" is the department).
  const leadIn = !!prev && IT_LEAD_INS.has(prev)
  const opening = /(?:^|[.!?:,;—]["')]*)\s*["'(]*$/.test(leadIn ? before.replace(/[A-Za-z']+[\s,]*$/, '') : before)
  if ((!prev || leadIn) && next && IT_OPENING_VERBS.has(next) && opening) {
    const rest = /^\s+[A-Za-z']+((?:\s+[A-Za-z']+){0,3})/.exec(after)![1].toLowerCase().match(/[a-z']+/g) ?? []
    const predicate = rest.find((w) => !/^(?:never|not|always|also|only|just|now|already|currently|still|be|fully)$/.test(w))
    return !(predicate && IT_DEPARTMENT_PREDICATES.has(predicate)) && !IT_DEPARTMENT_PREDICATES.has(next)
  }
  return !!prev && IT_AFTER_VERB.has(prev) && /^\s*([.,;:!?)"']|$)/.test(after)
}

/** Initialisms that are also short words: in capitals inside ordinary text they are the initialism ("the IT team"). */
const SPELLED_WORDS = new Set([
  'IT', 'ID', 'UPS', 'AD', 'ER', 'OS', 'PR', 'HR', 'TV', 'PC', 'CT', 'CO', 'LA', 'FYI', 'ROI', 'SEO',
  // Time zones that CMUdict reads as words ("EST" as "est").
  'EST', 'EDT', 'CST', 'CDT', 'MST', 'MDT', 'PDT', 'ET', 'PT',
])

/** Spacing and punctuation tidy-up: no space before pause marks, one space elsewhere. */
function tidy(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:!?])/g, '$1')
    .replace(/([,;:])(?=[^\s\d])/g, '$1 ')
    .replace(/ — (?:— )+/g, ' — ')
    .trim()
}

/**
 * Written English → spoken words. Throws EngineError('BAD_TEXT') for unsupported scripts; does not
 * check emptiness or length (textToPhones does).
 */
export function normalize(text: string): string {
  let s = cleanText(text)
  checkScript(s)
  s = expandWeb(s)
  s = expandNumberNotations(s)
  s = expandDayNames(s)
  s = expandMonthRanges(s)
  s = expandMarkedRanges(s)
  s = expandTimes(s)
  s = expandPhoneNumbers(s)
  s = expandDates(s)
  s = expandAbbreviations(s)
  s = expandMoney(s)
  s = expandPercent(s)
  s = expandOrdinals(s)
  s = expandDecades(s)
  s = expandScalesAndHeights(s)
  s = expandUnits(s)
  s = splitAlphanumerics(s)
  s = expandOperators(s)
  s = expandRangesAndFractions(s)
  s = expandNumbers(s)
  s = expandSymbols(s)
  s = expandRomanNumerals(s)
  s = expandAcronyms(s)
  return tidy(s)
}
