import { describe, expect, it } from 'vitest'
import { isPhone } from '../../../electron/engine/text/phones'
import { pronounceLetter, pronounceWord, sEnding, splitCompound } from '../../../electron/engine/text/pronounce'

describe('pronounceWord', () => {
  it('uses the dictionary first', () => {
    expect(pronounceWord('Voice')).toEqual({ phones: ['V', 'OY', 'S'], source: 'dict' })
    expect(pronounceWord("don't").source).toBe('dict')
    expect(pronounceWord("rock'n'roll").phones.join(' ')).toBe('R AA K AH N R OW L')
  })

  it('prefers two dictionary words for an unknown compound ("voicefill")', () => {
    expect(splitCompound('voicefill')).toEqual(['voice', 'fill'])
    expect(pronounceWord('Voicefill')).toEqual({ phones: ['V', 'OY', 'S', 'F', 'IH', 'L'], source: 'dict' })
    expect(splitCompound('blorf')).toBeNull()
  })

  it('adds productive suffixes to dictionary stems', () => {
    expect(sEnding(['K', 'AE', 'T'])).toEqual(['S'])
    expect(sEnding(['D', 'AO', 'G'])).toEqual(['Z'])
    expect(sEnding(['B', 'AA', 'K', 'S'])).toEqual(['IH', 'Z'])
    // None of these are in CMUdict; their stems are.
    expect(pronounceWord('podcasts')).toEqual({ phones: ['P', 'AO', 'D', 'K', 'AE', 'S', 'T', 'S'], source: 'dict' })
    expect(pronounceWord('zoomer').phones).toEqual(['Z', 'UW', 'M', 'ER'])
    expect(pronounceWord('glitched').phones).toEqual(['G', 'L', 'IH', 'CH', 'T'])
    expect(pronounceWord('tweeting').phones).toEqual(['T', 'W', 'IY', 'T', 'IH', 'NG'])
    expect(pronounceWord("hashtags").phones.slice(-2)).toEqual(['G', 'Z'])
    // An unknown stem keeps its possessive inside letter-to-sound.
    expect(pronounceWord("Zindler's").source).toBe('lts')
  })

  it('falls back to letter-to-sound with inventory phones only', () => {
    for (const word of ['blorf', 'zindler', 'flimbertaxx', "qwz'pt"]) {
      const p = pronounceWord(word)
      expect(p.source, word).toBe('lts')
      expect(p.phones.length, word).toBeGreaterThan(0)
      expect(p.phones.every(isPhone), word).toBe(true)
    }
  })

  it('spells a word with no vowel letter ("xkcd") instead of guessing a reading', () => {
    expect(pronounceWord('xkcd')).toEqual({ phones: ['EH', 'K', 'S', 'K', 'EY', 'S', 'IY', 'D', 'IY'], source: 'spelled' })
    expect(pronounceWord('hmm').source).toBe('dict') // listed words keep their reading
    expect(pronounceWord('rhythm').source).toBe('dict')
  })

  it('spells single letters, with a plural ending', () => {
    expect(pronounceLetter('Q')).toEqual({ phones: ['K', 'Y', 'UW'], source: 'spelled' })
    expect(pronounceLetter("U's").phones).toEqual(['Y', 'UW', 'Z'])
  })
})
