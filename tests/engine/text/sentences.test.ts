import { describe, expect, it } from 'vitest'
import { MAX_SENTENCE_WORDS, splitLongSentence, splitSentences } from '../../../electron/engine/text/sentences'

describe('splitSentences', () => {
  it('does not split on abbreviations, decimals or initialisms inside a sentence', () => {
    expect(splitSentences('Dr. Smith paid $3.50 on Jan. 5, e.g. for tea with Mr. Jones in the U.S. Army base. Then he left.'))
      .toEqual([
        'Dr. Smith paid $3.50 on Jan. 5, e.g. for tea with Mr. Jones in the U.S. Army base.',
        'Then he left.',
      ])
  })

  it('splits at ! ? ... and after ambiguous abbreviations that end a sentence', () => {
    expect(splitSentences('Stop! Did they? Yes... "Quite so." We met at 5 p.m. Then apples etc. The U.S. is big.'))
      .toEqual(['Stop!', 'Did they?', 'Yes...', '"Quite so."', 'We met at 5 p.m.', 'Then apples etc.', 'The U.S. is big.'])
  })

  it('keeps emoji and other wordless pieces with a sentence ("Great job! 👍")', () => {
    expect(splitSentences('Great job! 👍')).toEqual(['Great job! 👍'])
    expect(splitSentences('Thanks!!! ❤️')).toEqual(['Thanks!!! ❤️'])
    expect(splitSentences('Thanks!!! ❤️ See you. 🎉').every((s) => /\p{L}/u.test(s))).toBe(true)
    expect(splitSentences('!!! Hello there.')).toEqual(['!!! Hello there.'])
    expect(splitSentences('👍')).toEqual(['👍'])
  })

  it('does not end a sentence at "p." or "pp." before a page number', () => {
    expect(splitSentences('See p. 45 and pp. 10-12. Then stop.')).toEqual(['See p. 45 and pp. 10-12.', 'Then stop.'])
  })

  it('keeps numbers and titles whole ("No. 5", "St. Louis")', () => {
    expect(splitSentences('Track No. 5 is from St. Louis. It is 3.14 long.')).toEqual([
      'Track No. 5 is from St. Louis.',
      'It is 3.14 long.',
    ])
    // An address abbreviation before its number: split there, "4B now." alone read "four billion now".
    expect(splitSentences('I live in Apt. 4B now. Take Hwy. 101 north.')).toEqual(['I live in Apt. 4B now.', 'Take Hwy. 101 north.'])
  })

  it('ends a sentence at a street or company abbreviation before a new clause', () => {
    expect(splitSentences('4500 Elm Ave. Take Rt. 66. Meet on Main St. Bring snacks. Acme Inc. Makes widgets. Call Dr. Smith.')).toEqual([
      '4500 Elm Ave.', 'Take Rt. 66.', 'Meet on Main St.', 'Bring snacks.', 'Acme Inc.', 'Makes widgets.', 'Call Dr. Smith.',
    ])
    expect(splitSentences('Visit 100 Market St. San Francisco, CA. The Wayne Corp. Board met. On Main St. Yesterday, John called.'))
      .toEqual(['Visit 100 Market St. San Francisco, CA.', 'The Wayne Corp. Board met.', 'On Main St.', 'Yesterday, John called.'])
    expect(splitSentences('Go to 123 Main St. Suite 4 or St. Louis. King Jr. Day is here.')).toEqual(['Go to 123 Main St. Suite 4 or St. Louis.', 'King Jr. Day is here.'])
  })

  it('does not end a sentence at "Ep." or "Ch." before its number', () => {
    expect(splitSentences('Season 2, Ep. 7 drops Friday. Read Ch. 3 tonight.')).toEqual(['Season 2, Ep. 7 drops Friday.', 'Read Ch. 3 tonight.'])
  })

  it('treats lines as sentences unless the next line continues in lower case', () => {
    expect(splitSentences('A heading\nAnd a line that\ncontinues here.\r\n\r\nNew paragraph')).toEqual([
      'A heading',
      'And a line that continues here.',
      'New paragraph',
    ])
  })

  it('returns nothing for blank text', () => {
    expect(splitSentences('')).toEqual([])
    expect(splitSentences('  \n ')).toEqual([])
  })

  it('splits very long sentences at commas and semicolons, each within the word limit', () => {
    const clause = (n: number, w: string) => Array(n).fill(w).join(' ')
    const long = `${clause(12, 'alpha')}, ${clause(12, 'beta')}; ${clause(12, 'gamma')}, ${clause(8, 'delta')}.`
    const parts = splitSentences(long)
    expect(parts.length).toBeGreaterThan(1)
    for (const p of parts) expect(p.split(' ').length).toBeLessThanOrEqual(MAX_SENTENCE_WORDS)
    expect(parts.join(' ')).toBe(long) // nothing lost or reordered
    expect(parts[0]).toBe(`${clause(12, 'alpha')}, ${clause(12, 'beta')};`)
  })

  it('cuts a long sentence without punctuation into even runs', () => {
    const words = Array.from({ length: 70 }, (_, i) => `w${i}`)
    const parts = splitLongSentence(words.join(' '))
    expect(parts.map((p) => p.split(' ').length)).toEqual([24, 24, 22])
    expect(parts.join(' ')).toBe(words.join(' '))
  })
})
