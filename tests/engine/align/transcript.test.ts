import { describe, expect, it } from 'vitest'
import { diffWords, wordKey } from '../../../electron/engine/align/diff'
import { transcriptWords } from '../../../electron/engine/align/transcript'

describe('transcriptWords', () => {
  it('keeps tokens as typed, with their offsets and phones', () => {
    const w = transcriptWords('Go for ten meters, then stop.')
    expect(w.map((x) => x.text)).toEqual(['Go', 'for', 'ten', 'meters,', 'then', 'stop.'])
    expect(w[2]).toMatchObject({ charStart: 7, charEnd: 10, phones: ['T', 'EH', 'N'] })
    expect(w[3].phones.includes('sil')).toBe(false)
  })

  it('says numbers as words inside one token, drops tokens with nothing to say', () => {
    const w = transcriptWords('it was 1990 — really')
    expect(w.map((x) => x.text)).toEqual(['it', 'was', '1990', 'really'])
    expect(w[2].phones.length).toBeGreaterThan(8)
  })

  it('reads a Roman numeral from the word before it, as the text front-end does', () => {
    const phones = (t: string) => transcriptWords(t).map((w) => w.phones.join(' '))
    expect(phones('Chapter IV begins')[1]).toBe('F AO R')
    expect(phones('Henry VIII, the king')[1]).toBe('DH IY EY T TH')
    expect(phones('World War I.')[2]).toBe('W AH N')
    expect(phones('Rocky IV')[1]).toBe('F AO R')
    // The pronoun and an initialism stay.
    expect(phones('the part I played')[2]).toBe('AY')
    expect(phones('Give IV fluids')[1]).toBe('AY V IY')
  })

  it('keeps a word of another script without phones, and refuses a transcript with no English words', () => {
    const w = transcriptWords('hello мир friend')
    expect(w.map((x) => x.phones.length > 0)).toEqual([true, false, true])
    expect(() => transcriptWords('— … !')).toThrow(/no English words/)
    expect(() => transcriptWords('привет мир')).toThrow(/no English words/)
  })
})

describe('diffWords', () => {
  const split = (s: string) => s.split(' ')
  it('finds one replaced word, ignoring case and punctuation elsewhere', () => {
    expect(diffWords(split('Go for ten meters.'), split('go for five meters.'))).toEqual([
      { kind: 'replace', oldFrom: 2, oldTo: 3, newFrom: 2, newTo: 3 },
    ])
    expect(wordKey('Meters.')).toBe('meters')
    expect(diffWords(split('Go for ten meters.'), split('go, for ten Meters'))).toEqual([])
    expect(diffWords(split("I don't know"), split('I don’t know'))).toEqual([]) // a typographic apostrophe is no edit
  })

  it('finds inserts, deletes and several changes at once', () => {
    const d = diffWords(split('the quick brown fox jumps over the dog'), split('the brown fox really jumps over the lazy cat'))
    expect(d).toEqual([
      { kind: 'delete', oldFrom: 1, oldTo: 2, newFrom: 1, newTo: 1 },
      { kind: 'insert', oldFrom: 4, oldTo: 4, newFrom: 3, newTo: 4 },
      { kind: 'replace', oldFrom: 7, oldTo: 8, newFrom: 7, newTo: 9 },
    ])
  })

  it('handles edits at both ends and empty sides', () => {
    expect(diffWords(split('a b c'), split('x b c y'))).toEqual([
      { kind: 'replace', oldFrom: 0, oldTo: 1, newFrom: 0, newTo: 1 },
      { kind: 'insert', oldFrom: 3, oldTo: 3, newFrom: 3, newTo: 4 },
    ])
    expect(diffWords([], split('a b'))).toEqual([{ kind: 'insert', oldFrom: 0, oldTo: 0, newFrom: 0, newTo: 2 }])
    expect(diffWords(split('a b'), [])).toEqual([{ kind: 'delete', oldFrom: 0, oldTo: 2, newFrom: 0, newTo: 0 }])
  })

  it('does not count words only split or joined as an edit', () => {
    expect(diffWords(split('it cost forty-two pounds'), split('it cost forty two pounds'))).toEqual([])
    expect(diffWords(split('some one came'), split('someone came'))).toEqual([])
    // Other letters, or an apostrophe that changes the word ("we're" is not "were"), stay an edit.
    expect(diffWords(split('forty-two pounds'), split('forty three pounds'))).toEqual([
      { kind: 'replace', oldFrom: 0, oldTo: 1, newFrom: 0, newTo: 2 },
    ])
    expect(diffWords(split('we were there'), split("we we're there"))).toHaveLength(1)
  })

  it('does not count numbers written out (or back) as an edit', () => {
    expect(diffWords(split('it cost forty two pounds'), split('it cost 42 pounds'))).toEqual([])
    expect(diffWords(split('the 1st time'), split('the first time'))).toEqual([])
    expect(diffWords(split('in 1999 we'), split('in nineteen ninety-nine we'))).toEqual([]) // a year, as years are said
    expect(diffWords(split('in 1999 we'), split('in one thousand nine hundred ninety nine we'))).toEqual([])
    expect(diffWords(split('it cost 42 pounds'), split('it cost 43 pounds'))).toHaveLength(1)
    expect(diffWords(split('it cost forty two pounds'), split('it cost 24 pounds'))).toHaveLength(1)
  })
})

describe('"the" before a vowel', () => {
  it('is aligned as "thee" (DH IY), elsewhere as the dictionary says', () => {
    const phones = (text: string) => transcriptWords(text).map((w) => w.phones.join(' '))
    expect(phones('the only sense')[0]).toBe('DH IY')
    expect(phones('The Egyptian')[0]).toBe('DH IY')
    expect(phones('the book')[0]).toBe('DH AH')
    expect(phones('in the, um... arts')[1]).toBe('DH IY') // punctuation between does not matter
    expect(phones('other')[0].startsWith('AH')).toBe(true) // only the word "the"
  })
})
