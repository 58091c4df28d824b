// Rule-based English letter-to-sound for words the dictionary lacks (names, made-up words).
//
// Context rules in the style of the NRL report 7948 (Elovitz et al., 1976), written afresh for our
// inventory: at each position the first rule whose letters match there and whose left and right
// contexts match wins; its phones are emitted and the letters consumed. Every letter has a
// catch-all rule, so any [a-z'] word yields phones and nothing throws. Stress is not modelled.
//
// Context macros (expanded into regular expressions once):
//   #  word boundary        C  one consonant letter      V  one vowel letter (a e i o u y)
//   M  "magic e" tail: one consonant, then e/es/ed/er/ing/… and the word end ("hope", "timer")

type Rule = readonly [left: string, match: string, right: string, phones: string]

const MACROS: Record<string, string> = {
  '#': ' ',
  C: '[bcdfghjklmnpqrstvwxz]',
  V: '[aeiouy]',
  M: '(?:[bcdfgklmnpstvz]|th|ch)(?:e|es|ed|er|ers|ing|ely|ement|ements|eful|eless|eness|y) ',
}

const RULES: Record<string, Rule[]> = {
  a: [
    ['', 'augh', '', 'AO'],
    ['', 'air', '', 'EH R'],
    ['', 'ai', '', 'EY'],
    ['', 'ay', '', 'EY'],
    ['', 'au', '', 'AO'],
    ['', 'aw', '', 'AO'],
    ['', 'arr', '', 'AE R'],
    ['w', 'ar', '', 'AO R'],
    ['', 'ar', '[aeiou]', 'EH R'],
    ['', 'ar', '', 'AA R'],
    ['', 'all', '(?:#|C)', 'AO L'],
    ['', 'alk', '', 'AO K'],
    ['w', 'a', '(?:sh|tch|nt|nd|sp|ter|ll|lt)', 'AA'],
    ['', 'a', 'nge', 'EY'],
    ['', 'a', 'M', 'EY'],
    ['', 'a', 'C[ie][aou]', 'EY'],
    ['', 'a', '#', 'AH'],
    ['', 'a', '', 'AE'],
  ],
  b: [
    ['m', 'b', '#', ''],
    ['', 'bb', '', 'B'],
    ['', 'b', '', 'B'],
  ],
  c: [
    ['#', 'chr', '', 'K R'],
    ['s', 'ch', '', 'K'],
    ['', 'ch', '', 'CH'],
    ['', 'ck', '', 'K'],
    ['', 'cc', '[eiy]', 'K S'],
    ['', 'cc', '', 'K'],
    ['', 'cial', '', 'SH AH L'],
    ['', 'cious', '', 'SH AH S'],
    ['', 'cian', '', 'SH AH N'],
    ['', 'c', '[eiy]', 'S'],
    ['', 'c', '', 'K'],
  ],
  d: [
    ['', 'dd', '', 'D'],
    ['', 'dge', '', 'JH'],
    ['', 'd', '', 'D'],
  ],
  e: [
    ['[td]', 'ed', '#', 'IH D'],
    ['V.*(?:p|k|f|s|x|ch|sh)', 'ed', '#', 'T'],
    ['V.*C', 'ed', '#', 'D'],
    ['(?:s|z|x|ch|sh|c|g)', 'es', '#', 'IH Z'],
    ['V.*C', 'es', '#', 'Z'],
    ['V.*C', 'e', '#', ''],
    ['', 'e', '#', 'IY'],
    ['', 'eau', '', 'OW'],
    ['', 'eigh', '', 'EY'],
    ['c', 'ei', '', 'IY'],
    ['', 'ei', '', 'EY'],
    ['', 'ey', '#', 'IY'],
    ['', 'ey', '', 'EY'],
    ['(?:r|l|ch|j|s)', 'ew', '', 'UW'],
    ['', 'ew', '', 'Y UW'],
    ['', 'eu', '', 'Y UW'],
    ['', 'eer', '', 'IH R'],
    ['', 'ee', '', 'IY'],
    ['', 'ear', 'C', 'ER'],
    ['', 'ear', '', 'IH R'],
    ['', 'ea', '(?:d#|th|lth|sur|ther|lous|vy)', 'EH'],
    ['', 'ea', '', 'IY'],
    ['', 'err', '', 'EH R'],
    ['', 'er', '[aeiou]', 'EH R'],
    ['', 'er', '', 'ER'],
    ['', 'e', 'M', 'IY'],
    ['', 'e', '', 'EH'],
  ],
  f: [
    ['', 'ff', '', 'F'],
    ['', 'f', '', 'F'],
  ],
  g: [
    ['', 'gg', '', 'G'],
    ['#', 'gh', '', 'G'],
    ['', 'gh', '', ''],
    ['#', 'gn', '', 'N'],
    ['', 'gn', '#', 'N'],
    ['', 'gue', '#', 'G'],
    ['', 'ge', '#', 'JH'],
    ['#', 'g', 'i[vflrt]', 'G'],
    ['', 'g', '[eiy]', 'JH'],
    ['', 'g', '', 'G'],
  ],
  h: [
    ['', 'h', 'V', 'HH'],
    ['', 'h', '', ''],
  ],
  i: [
    ['', 'igh', '', 'AY'],
    ['', 'ign', '#', 'AY N'],
    ['', 'ique', '#', 'IY K'],
    ['#C*', 'ie', '#', 'AY'],
    ['', 'ier', '', 'IY ER'],
    ['', 'ies', '#', 'IY Z'],
    ['', 'ied', '#', 'IY D'],
    ['', 'ie', '', 'IY'],
    ['', 'irr', '', 'IH R'],
    ['', 'ir', '[aeiou]', 'AY R'],
    ['', 'ir', '', 'ER'],
    ['', 'ind', '#', 'AY N D'],
    ['', 'ild', '#', 'AY L D'],
    ['', 'i', 'M', 'AY'],
    ['', 'i', '#', 'IY'],
    ['', 'i', '[aou]', 'IY'],
    ['', 'i', '', 'IH'],
  ],
  j: [['', 'j', '', 'JH']],
  k: [
    ['#', 'kn', '', 'N'],
    ['', 'k', '', 'K'],
  ],
  l: [
    ['[bcdfgkpstvz]', 'les', '#', 'AH L Z'],
    ['[bcdfgkpstvz]', 'le', '#', 'AH L'],
    ['', 'll', '', 'L'],
    ['', 'l', '', 'L'],
  ],
  m: [
    ['', 'mm', '', 'M'],
    ['', 'm', '', 'M'],
  ],
  n: [
    ['', 'nn', '', 'N'],
    ['[aeiou]', 'nge', '', 'N JH'],
    ['', 'ng', '', 'NG'],
    ['', 'nk', '', 'NG K'],
    ['', 'n', '', 'N'],
  ],
  o: [
    ['', 'ought', '', 'AO T'],
    ['', 'ough', '', 'OW'],
    ['', 'oa', '', 'OW'],
    ['', 'oi', '', 'OY'],
    ['', 'oy', '', 'OY'],
    ['', 'oo', 'k', 'UH'],
    ['', 'oor', '', 'AO R'],
    ['', 'oo', '', 'UW'],
    ['', 'ous', '#', 'AH S'],
    ['', 'our', '', 'AW ER'],
    ['', 'ou', '', 'AW'],
    ['', 'ow', '#', 'OW'],
    ['', 'ow', '', 'AW'],
    ['w', 'or', '(?:k|d|ld|m|th|s)', 'ER'],
    ['', 'or', '', 'AO R'],
    ['', 'oe', '#', 'OW'],
    ['', 'o', 'M', 'OW'],
    ['', 'o', '#', 'OW'],
    ['', 'o', 'C[aeiou]#', 'OW'],
    ['', 'o', 'ld', 'OW'],
    ['', 'o', '(?:ng|ff|ss|ft|th)', 'AO'],
    ['', 'o', '', 'AA'],
  ],
  p: [
    ['', 'ph', '', 'F'],
    ['', 'pp', '', 'P'],
    ['#', 'ps', '', 'S'],
    ['#', 'pt', '', 'T'],
    ['#', 'pn', '', 'N'],
    ['', 'p', '', 'P'],
  ],
  q: [
    ['', 'que', '#', 'K'],
    ['', 'qu', '', 'K W'],
    ['', 'q', '', 'K'],
  ],
  r: [
    ['', 'rr', '', 'R'],
    ['', 'rh', '', 'R'],
    ['', 'r', '', 'R'],
  ],
  s: [
    ['#', 'sch', '', 'SH'],
    ['', 'sh', '', 'SH'],
    ['', 'ss', '', 'S'],
    ['[aeiouy]', 'sion', '', 'ZH AH N'],
    ['', 'sion', '', 'SH AH N'],
    ['[aeiou]', 'sure', '#', 'ZH ER'],
    ['', 'sure', '#', 'SH ER'],
    ['(?:[aeoy]|[bdglmnrvw])', 's', '#', 'Z'],
    ['', 's', '', 'S'],
  ],
  t: [
    ['s', 'tion', '', 'CH AH N'],
    ['', 'tion', '', 'SH AH N'],
    ['', 'tial', '', 'SH AH L'],
    ['', 'tious', '', 'SH AH S'],
    ['', 'tient', '', 'SH AH N T'],
    ['', 'ture', '', 'CH ER'],
    ['', 'tch', '', 'CH'],
    ['', 'th', '', 'TH'],
    ['', 'tt', '', 'T'],
    ['', 't', '', 'T'],
  ],
  u: [
    ['', 'ure', '#', 'Y UH R'],
    ['', 'ur', '[aeiouy]', 'UH R'],
    ['', 'ur', '', 'ER'],
    ['', 'ue', '#', 'UW'],
    ['', 'ui', '', 'UW'],
    ['(?:r|l|j|s|ch|sh|th|d|t|n|z)', 'u', 'M', 'UW'],
    ['', 'u', 'M', 'Y UW'],
    ['', 'u', '#', 'UW'],
    ['[bpf]', 'u', '(?:ll|sh)', 'UH'],
    ['(?:r|l|j|s|ch|sh|th|d|t|n|z)', 'u', 'C[aeiouy]', 'UW'],
    ['', 'u', 'C[aeiouy]', 'Y UW'],
    ['', 'u', '', 'AH'],
  ],
  v: [['', 'v', '', 'V']],
  w: [
    ['#', 'wr', '', 'R'],
    ['', 'wh', '', 'W'],
    ['', 'w', '', 'W'],
  ],
  x: [
    ['#', 'x', '', 'Z'],
    ['', 'x', '', 'K S'],
  ],
  y: [
    ['#', 'y', '', 'Y'],
    ['#C+', 'y', '#', 'AY'],
    ['', 'y', '#', 'IY'],
    ['', 'y', 'M', 'AY'],
    ['', 'y', '[aeiou]', 'Y'],
    ['', 'y', '', 'IH'],
  ],
  z: [
    ['', 'zz', '', 'Z'],
    ['', 'z', '', 'Z'],
  ],
}

interface CompiledRule {
  left: RegExp | null
  match: string
  right: RegExp | null
  phones: string[]
}

function expand(context: string): string {
  return context.replace(/[#CVM]/g, (m) => MACROS[m])
}

/** Rules compiled once: contexts become regexes anchored at the rule's edges. */
const COMPILED: Record<string, CompiledRule[]> = Object.fromEntries(
  Object.entries(RULES).map(([letter, rules]) => [
    letter,
    rules.map(([left, match, right, phones]) => ({
      left: left ? new RegExp(`(?:${expand(left)})$`) : null,
      match,
      right: right ? new RegExp(`^(?:${expand(right)})`) : null,
      phones: phones ? phones.split(' ') : [],
    })),
  ]),
)

/** Every phone the rule table can emit (for tests: all must be inventory symbols). */
export function ruleTablePhones(): Set<string> {
  return new Set(Object.values(COMPILED).flatMap((rules) => rules.flatMap((r) => r.phones)))
}

/**
 * Letter-to-sound for one word of letters (any case; apostrophes and other characters are
 * skipped). May return [] when every letter is silent on its own ("h"); callers spell those.
 */
export function letterToSound(word: string): string[] {
  const letters = word.toLowerCase().replace(/[^a-z]/g, '')
  const padded = ` ${letters} `
  const out: string[] = []
  let i = 1
  while (i < padded.length - 1) {
    const rule = COMPILED[padded[i]].find(
      (r) =>
        padded.startsWith(r.match, i) &&
        (!r.left || r.left.test(padded.slice(0, i))) &&
        (!r.right || r.right.test(padded.slice(i + r.match.length))),
    )
    // Every letter group ends in an unconditional single-letter rule, so `rule` always exists.
    out.push(...rule!.phones)
    i += rule!.match.length
  }
  return out
}

/** Letter names for spelling out acronyms and initials ("XQZ" → X, Q, Z). */
const LETTER_NAMES: Record<string, string> = {
  a: 'EY', b: 'B IY', c: 'S IY', d: 'D IY', e: 'IY', f: 'EH F', g: 'JH IY', h: 'EY CH', i: 'AY',
  j: 'JH EY', k: 'K EY', l: 'EH L', m: 'EH M', n: 'EH N', o: 'OW', p: 'P IY', q: 'K Y UW',
  r: 'AA R', s: 'EH S', t: 'T IY', u: 'Y UW', v: 'V IY', w: 'D AH B AH L Y UW', x: 'EH K S',
  y: 'W AY', z: 'Z IY',
}

/** Phones for spelling the letters of a word one by one (non-letters skipped). */
export function spellLetters(word: string): string[] {
  return [...word.toLowerCase()].flatMap((ch) => (LETTER_NAMES[ch] ? LETTER_NAMES[ch].split(' ') : []))
}
