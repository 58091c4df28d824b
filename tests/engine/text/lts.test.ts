import { describe, expect, it } from 'vitest'
import { letterToSound, ruleTablePhones, spellLetters } from '../../../electron/engine/text/lts'
import { isPhone } from '../../../electron/engine/text/phones'
import { pronounceWord } from '../../../electron/engine/text/pronounce'

/** Deterministic pseudo-random words over [a-z'] (xorshift, fixed seed). */
function randomWords(count: number, seed = 12345): string[] {
  let x = seed
  const next = () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 2 ** 32
  }
  const alphabet = "abcdefghijklmnopqrstuvwxyz'"
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + Math.floor(next() * 14) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''),
  )
}

describe('letter-to-sound', () => {
  it('only emits inventory phones from its rule table', () => {
    for (const p of ruleTablePhones()) expect(isPhone(p), p).toBe(true)
    expect(ruleTablePhones().has('sil')).toBe(false)
  })

  it('never throws and gives phones for any [a-z\'] word with letters', () => {
    for (const w of randomWords(3000)) {
      const phones = letterToSound(w)
      expect(phones.every(isPhone), w).toBe(true)
      // Silent-only spellings ("h") come back empty; the pronouncer then spells them.
      if (/[a-z]/.test(w)) expect(pronounceWord(w).phones.length, w).toBeGreaterThan(0)
    }
    expect(letterToSound("'")).toEqual([])
  })

  it.each([
    ['blorf', 'B L AO R F'],
    ['zindler', 'Z IH N D L ER'],
    ['grimble', 'G R IH M B AH L'],
    ['snarfing', 'S N AA R F IH NG'],
    ['shazam', 'SH AE Z AE M'],
    ['cake', 'K EY K'],
    ['kite', 'K AY T'],
    ['hope', 'HH OW P'],
    ['hoped', 'HH OW P T'],
    ['cute', 'K Y UW T'],
    ['nation', 'N EY SH AH N'],
    ['knight', 'N AY T'],
    ['chair', 'CH EH R'],
    ['photo', 'F OW T OW'],
    ['queen', 'K W IY N'],
    ['judge', 'JH AH JH'],
  ])('%s → %s (plausible)', (word, phones) => expect(letterToSound(word).join(' ')).toBe(phones))

  it('agrees with CMUdict on most common regular words', () => {
    // Regular spellings the rules are meant to cover; a regression guard, not a hard-coded list per rule.
    const cases: Record<string, string> = {
      fly: 'F L AY', happy: 'HH AE P IY', rule: 'R UW L', yellow: 'Y EH L OW', wrap: 'R AE P',
      gnome: 'N OW M', station: 'S T EY SH AH N', crumple: 'K R AH M P AH L', fuming: 'F Y UW M IH NG',
      blight: 'B L AY T', vision: 'V IH ZH AH N', quixotic: 'K W IH K S AA T IH K',
    }
    for (const [w, p] of Object.entries(cases)) expect(letterToSound(w).join(' '), w).toBe(p)
  })

  it('spells letters by name', () => {
    expect(spellLetters('XQZ')).toEqual(['EH', 'K', 'S', 'K', 'Y', 'UW', 'Z', 'IY'])
    expect(spellLetters('a')).toEqual(['EY'])
    expect(spellLetters('w').every(isPhone)).toBe(true)
  })
})
