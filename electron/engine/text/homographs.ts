// Homographs: words CMUdict lists with more than one reading ("live", "read", "record"), chosen
// from the words on either side. Without this every homograph took the dictionary's first entry,
// so "I live here" was said "I LIVE (l-eye-v) here" and "we use cars" ended in S.
//
// No part-of-speech tagger: a few closed-class cues decide (a modal, "to" or a subject pronoun
// before it → verb; a determiner or preposition → noun), plus per-word collocations. A word the
// rules cannot place keeps its most common reading, which is not always CMUdict's first.

import { lookupAllRaw, stripStress } from './dict'

/** The words around one word of the text (lower case; undefined at a sentence or clause edge). */
export interface WordContext {
  prev?: string
  prev2?: string
  next?: string
  /** The word as written starts with a capital and is not the first of its sentence. */
  capitalised?: boolean
}

/** A word list as a set, made once per list (the rules below name their lists inline). */
const sets = new Map<string, Set<string>>()
const set = (words: string): Set<string> => {
  let s = sets.get(words)
  if (!s) sets.set(words, (s = new Set(words.split(/\s+/).filter(Boolean))))
  return s
}

/** Before a verb in its base form: "to live", "we use", "can't read". */
const VERB_BEFORE = set(`
  to will would can could should must might may shall i we you they don't didn't won't can't cannot
  couldn't wouldn't shouldn't mustn't never please let's lets we'll you'll they'll i'll we'd you'd they'd i'd
  not also often always usually`)
/** Before a third-person verb form ("she lives", "he records"). */
const SUBJECT_3S = set('he she it who')
/** Before a noun (or an adjective before a noun). */
const NOUN_BEFORE = set(`
  a an the this that these those my your his her its our their no any some each every of for in on at
  with from by about into onto new old good great whole own first last best public personal world track
  much such what which whose`)
/** Forms of "be" and linking verbs: an adjective follows ("I am content", "she was upset"). */
const BE = set("am is are was were be been being i'm you're we're they're he's she's it's feel feels felt seem seems seemed remain remained look looks looked get got getting become became")
const INTENSIFIERS = set('very so too really quite more most less perfectly')
/** Words that open a verb's object: at a sentence start they make the word an imperative verb. */
const OBJECT_START = set('the a an your my his her their our its this that these those it them me us him you all')

/**
 * Noun/verb pairs told apart by stress: the noun (and most adjectives) stresses the first
 * syllable, the verb a later one ("a REcord" / "to reCORD"). The readings are found by their
 * stress marks in CMUdict, so the table lists words only.
 */
const STRESS_PAIRS = set(`
  record records object objects present presents project projects permit permits contract contracts
  produce conduct subject subjects content refuse desert deserts increase increases decrease decreases
  import imports progress rebel rebels conflict conflicts contest contests convict convicts insult
  insults protest protests suspect suspects survey surveys transport transports upset address addresses
  console consoles combine combines compound compounds reject rejects digest digests extract extracts
  attribute attributes perfect frequent`)
/** Pairs whose adjective stresses a later syllable, like the verb ("I am content", "she was upset"). */
const ADJECTIVE_LATER = set('content upset')

function stressIndex(raw: string): number {
  const vowels = raw.split(/\s+/).filter((p) => /\d$/.test(p))
  return vowels.findIndex((p) => p.endsWith('1'))
}

/** The stress-pair reading: first-syllable stress (noun) or later (verb); null if the dictionary lacks one. */
function stressReading(word: string, verb: boolean): string[] | null {
  const raws = lookupAllRaw(word)
  const pick = raws.find((r) => (stressIndex(r) === 0) !== verb)
  return pick ? stripStress(pick) : null
}

function isVerbContext(c: WordContext, plural: boolean): boolean {
  if (c.prev === undefined) return c.next !== undefined && OBJECT_START.has(c.next)
  if (plural) return SUBJECT_3S.has(c.prev)
  return VERB_BEFORE.has(c.prev)
}

const p = (s: string): string[] => s.split(' ')

type Rule = (c: WordContext) => string

const LIVE_NOUNS = set(`
  music show shows stream streams streaming broadcast broadcasts performance performances event events audio video
  recording recordings coverage wire wires action television tv concert concerts bait animals ammunition feed
  version album albums sound band shot round rounds oak oaks chat demo session sessions preview data update updates
  audience mic mics set sets recording studio radio`)
const TEAR_AWAY = set('up down off apart it them him her me us you into through open out away at the this that my your his their our')
const CLOSE_ADJ_NEXT = set(`
  to by friend friends call calls relative relatives look attention range enough together contact second behind
  encounter encounters quarters proximity relationship relationships ties race game match vote shave eye`)
const CLOSE_ADJ_PREV = set(`
  very so too quite is are was were be been getting get got come came stay stayed stays pretty fairly really
  extremely as how that's it's hold held keep kept draw drew drawn sit sat stand stood fairly`)
const LEAD_METAL_NEXT = set(`
  pipe pipes poisoning paint pencil pencils weight weights free acetate balloon shot crystal levels exposure
  contamination mine mines ore oxide sheet sheets roof`)
const WOUND_VERB_NEXT = set('up down around round through its his her their it back tightly tight along')
const MINUTE_ADJ_NEXT = set(`
  details detail amount amounts quantities quantity particles changes differences traces fraction portion portions
  variations variation`)
const DOVE_VERB_NEXT = set('into in under off down for after to through headfirst deep deeper over across')
const LIVES_NOUN_PREV = set(`
  their our my your his her its the many nine all whose these those save saves saved saving lost real everyday
  daily personal private changed change ruined ruin risk risked two three four five thousands millions hundreds
  whole love sex own`)

const RULES: Record<string, Rule> = {
  live: (c) =>
    (c.prev && set('a an the is are was were be been being go goes went going gone').has(c.prev)) ||
    (c.next && LIVE_NOUNS.has(c.next))
      ? 'L AY V'
      : 'L IH V',
  lives: (c) => (c.prev && LIVES_NOUN_PREV.has(c.prev) ? 'L AY V Z' : 'L IH V Z'),
  use: (c) =>
    (c.prev && (NOUN_BEFORE.has(c.prev) || set('make makes made making common daily wide full').has(c.prev))) || c.next === 'of'
      ? 'Y UW S'
      : 'Y UW Z',
  // "used to" (a habit) is said with S: "I used to live here"; "it was used to cut" keeps Z.
  used: (c) => (c.next === 'to' && !(c.prev && set('be is are was were been being get got gets getting become became becoming grow grew grown').has(c.prev)) ? 'Y UW S T' : 'Y UW Z D'),
  close: (c) => {
    if (c.next && CLOSE_ADJ_NEXT.has(c.next)) return 'K L OW S' // "close to", "a close call"
    if (c.prev === 'the') return 'K L OW Z' // "the close of the day"
    return (c.prev && (c.prev === 'a' || CLOSE_ADJ_PREV.has(c.prev))) ? 'K L OW S' : 'K L OW Z'
  },
  read: (c) =>
    c.prev && set("have has had having 've was were is are be been being he she it already just well widely once").has(c.prev)
      ? 'R EH D'
      : 'R IY D',
  wind: (c) =>
    (c.prev && VERB_BEFORE.has(c.prev)) || (c.next && set('up down').has(c.next)) || (c.prev === undefined && c.next && OBJECT_START.has(c.next))
      ? 'W AY N D'
      : 'W IH N D',
  winds: (c) => (c.next && set('through around down up its along back').has(c.next) ? 'W AY N D Z' : 'W IH N D Z'),
  tear: (c) =>
    (c.prev && VERB_BEFORE.has(c.prev)) || (c.next && TEAR_AWAY.has(c.next)) || (c.prev === 'and' && c.prev2 === 'wear')
      ? 'T EH R'
      : 'T IH R',
  tears: (c) => ((c.next && TEAR_AWAY.has(c.next)) || (c.prev && SUBJECT_3S.has(c.prev)) ? 'T EH R Z' : 'T IH R Z'),
  wound: (c) => (!(c.prev && NOUN_BEFORE.has(c.prev)) && c.next && WOUND_VERB_NEXT.has(c.next) ? 'W AW N D' : 'W UW N D'),
  lead: (c) =>
    (c.next && LEAD_METAL_NEXT.has(c.next)) || (c.prev && set('of with heavy red white').has(c.prev)) ? 'L EH D' : 'L IY D',
  bass: (c) =>
    (c.next && set('fishing fish boat boats').has(c.next)) || (c.prev && set('largemouth smallmouth sea striped caught catch').has(c.prev))
      ? 'B AE S'
      : 'B EY S',
  bow: (c) =>
    (c.next && set('down to before out deeply').has(c.next)) || (c.prev && VERB_BEFORE.has(c.prev)) ||
    (c.prev && set('deep low polite slight').has(c.prev)) || (c.prev && set('a the').has(c.prev) && c.prev2 && set('take took takes taking').has(c.prev2))
      ? 'B AW'
      : 'B OW',
  dove: (c) =>
    (c.prev && set('i he she we they it you who then').has(c.prev)) || (c.next && DOVE_VERB_NEXT.has(c.next)) ? 'D OW V' : 'D AH V',
  minute: (c) =>
    (c.next && MINUTE_ADJ_NEXT.has(c.next)) || (c.prev && set('very so most too tiny extremely').has(c.prev)) ? 'M AY N UW T' : 'M IH N AH T',
  excuse: (c) =>
    c.prev && set('an the no my your his her their our good poor lame any perfect valid').has(c.prev) ? 'IH K S K Y UW S' : 'IH K S K Y UW Z',
  polish: (c) => (c.capitalised ? 'P OW L IH SH' : 'P AA L IH SH'),
  resume: (c) => (c.prev && (NOUN_BEFORE.has(c.prev) || c.prev.endsWith("'s")) && !VERB_BEFORE.has(c.prev) ? 'R EH Z AH M EY' : 'R IH Z UW M'),
  resumes: (c) => (c.prev && SUBJECT_3S.has(c.prev) ? 'R IH Z UW M Z' : 'R EH Z AH M EY Z'),
  // Nearly always the adjective now ("an invalid region"); the noun (IN-va-lid) is rare.
  invalid: () => 'IH N V AE L AH D',
}

/**
 * The reading of a homograph in its context, or null when the word is not one (or the
 * dictionary's first reading is the right one). Phones without stress, like lookup().
 */
export function homographReading(word: string, c: WordContext): string[] | null {
  const w = word.toLowerCase()
  const rule = RULES[w]
  if (rule) return p(rule(c))
  if (!STRESS_PAIRS.has(w)) return null
  const plural = w.endsWith('s') && !/(ss|us)$/.test(w) && w !== 'progress' && w !== 'address'
  let verb = isVerbContext(c, plural)
  if (!verb && ADJECTIVE_LATER.has(w) && c.prev !== undefined && (BE.has(c.prev) || INTENSIFIERS.has(c.prev))) verb = true
  return stressReading(w, verb)
}
