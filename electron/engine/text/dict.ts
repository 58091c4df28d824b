// CMU Pronouncing Dictionary lookups.
//
// Source: npm package `cmu-pronouncing-dictionary` 3.x (ISC licence, © Zeke Sikelianos; the word
// list is CMUdict from Carnegie Mellon University, BSD-style licence). Its index.js is a single
// `export const dictionary = {...}` whose object literal is plain JSON, so we read and JSON.parse it
// synchronously on first use (≈170 ms, faster than evaluating the 4.7 MB module) and keep it.
// Keys are lower-case; alternates are "word(2)", "word(3)"; phones carry stress digits we strip.
// Homographs ("read", "live") get the first entry here; homographs.ts picks by context.

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { EngineError } from '../types'

type RawDict = Record<string, string>

let raw: RawDict | null = null
let entries = 0

/**
 * Words CMUdict lacks that are said as words, not spelled or guessed by letter-to-sound: initialisms
 * with a common spoken form ("JSON" jay-son, "GIF" with a hard g, "JPEG" jay-peg, "GUI" gooey) and a
 * few coinages LTS got wrong ("covid" was K AA V IH D). Listed ones make the acronym pass keep the
 * word (as for "NASA"). Only the model's phones, with CMUdict's stress marks.
 */
const ADDED: RawDict = {
  json: 'JH EY1 S AH0 N', gif: 'G IH1 F', jpeg: 'JH EY1 P EH2 G', gui: 'G UW1 IY0', yaml: 'Y AE1 M AH0 L',
  toml: 'T AA1 M AH0 L', wasm: 'W AA1 Z AH0 M', captcha: 'K AE1 P CH AH0', wysiwyg: 'W IH1 Z IY0 W IH2 G',
  fomo: 'F OW1 M OW0', covid: 'K OW1 V IH0 D', gaap: 'G AE1 P', lidar: 'L AY1 D AA2 R', sata: 'S AA1 T AH0',
  oled: 'OW1 L EH2 D', ebitda: 'IY1 B IH0 T D AA2', emoji: 'IH0 M OW1 JH IY0', sudo: 'S UW1 D UW0',
  uefa: 'Y UW0 EY1 F AH0', potus: 'P OW1 T AH0 S', scotus: 'S K OW1 T AH0 S', flotus: 'F L OW1 T AH0 S',
  icann: 'AY1 K AE2 N', oauth: 'OW1 AO2 TH', paas: 'P AE1 S', iaas: 'AY1 AE2 S',
  // Initialisms the acronym pass would read as a word ("UCLA" as "uh-cla") or never sees ("IoT").
  ucla: 'Y UW1 S IY1 EH1 L EY1', iot: 'AY1 OW1 T IY1',
}

function loadRaw(): RawDict {
  if (raw) return raw
  const file = createRequire(import.meta.url).resolve('cmu-pronouncing-dictionary')
  const source = readFileSync(file, 'utf8')
  const start = source.indexOf('= {')
  try {
    if (start < 0) throw new Error('no object literal')
    raw = JSON.parse(source.slice(start + 2)) as RawDict
    for (const [word, phones] of Object.entries(ADDED)) if (!Object.hasOwn(raw, word)) raw[word] = phones
    entries = Object.keys(raw).length
  } catch (err) {
    throw new EngineError(
      `cannot read the pronouncing dictionary at ${file}: ${(err as Error).message}`,
      'INTERNAL',
    )
  }
  return raw
}

/** Load the dictionary now (it loads lazily otherwise); returns the number of entries. */
export function loadDictionary(): number {
  loadRaw()
  return entries
}

/**
 * A listed pronunciation without CMUdict's trailing comment: 22 entries carry one ("gdp": "G IY1 D
 * IY1 P IY1 # abbrev", "aalborg": "… # place, danish"), whose words were read as phones.
 */
function entry(dict: RawDict, key: string): string {
  return dict[key].replace(/\s*#.*$/, '')
}

/** "HH AH0 L OW1" → ["HH", "AH", "L", "OW"]. */
export function stripStress(arpabet: string): string[] {
  return arpabet.trim().split(/\s+/).map((p) => p.replace(/[0-2]$/, ''))
}

/** First pronunciation of a word (any case), stress removed; null when the word is not listed. */
export function lookup(word: string): string[] | null {
  const dict = loadRaw()
  const key = word.toLowerCase()
  return Object.hasOwn(dict, key) ? stripStress(entry(dict, key)) : null
}

/** Every listed pronunciation of a word ("word", "word(2)", …), stress removed; [] if none. */
export function lookupAll(word: string): string[][] {
  return lookupAllRaw(word).map(stripStress)
}

/** Every listed pronunciation as written in CMUdict, stress digits kept ("R EH1 K ER0 D"); [] if none. */
export function lookupAllRaw(word: string): string[] {
  const dict = loadRaw()
  const key = word.toLowerCase()
  const out: string[] = []
  for (let i = 1; Object.hasOwn(dict, i === 1 ? key : `${key}(${i})`); i++) out.push(entry(dict, i === 1 ? key : `${key}(${i})`))
  return out
}

/** Whether the dictionary lists the word (any case). */
export function hasWord(word: string): boolean {
  return Object.hasOwn(loadRaw(), word.toLowerCase())
}
