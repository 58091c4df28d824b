import { beforeAll, describe, expect, it } from 'vitest'
import {
  MAX_TEXT_CHARS,
  PHONE_SET,
  SYMBOLS,
  isPhone,
  loadDictionary,
  splitSentences,
  textToPhones,
  tokenize,
} from '../../../electron/engine/text/index'
import { EngineError } from '../../../electron/engine/types'

const INVENTORY = new Set(SYMBOLS.filter((s) => s !== '<none>'))

function expectValid(text: string, opts?: Parameters<typeof textToPhones>[1]) {
  const r = textToPhones(text, opts)
  expect(r.phones.length).toBeGreaterThan(0)
  for (const p of r.phones) expect(INVENTORY.has(p), `${p} in ${text}`).toBe(true)
  for (const w of r.words) {
    expect(w.phones.length, w.text).toBeGreaterThan(0)
    expect(w.phones.every((p) => isPhone(p) && p !== 'sil'), w.text).toBe(true)
  }
  return r
}

function badText(text: string): EngineError {
  try {
    textToPhones(text)
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError)
    expect((e as EngineError).code).toBe('BAD_TEXT')
    expect((e as EngineError).message).not.toContain('\n')
    return e as EngineError
  }
  throw new Error(`no error for ${JSON.stringify(text.slice(0, 40))}`)
}

beforeAll(() => {
  loadDictionary()
})

describe('textToPhones', () => {
  it('exports the inventory id', () => {
    expect(PHONE_SET).toBe('arpabet-nostress-v1')
    expect(SYMBOLS[0]).toBe('<none>')
  })

  it.each([
    'Dr. Smith paid $3.50 on 1/2/2024 at 10:30',
    'the 21st century',
    'COVID-19',
    'I read it',
    "It's 5% off, isn't it?",
    'He was born in 1999.',
    'Call 911',
    '$1,000,000',
    '3.14',
    'e.g. this',
    'the U.S. army',
    'XQZ',
    'blorf',
    'Voicefill zindler',
    'A B C, plan A.',
  ])('gives inventory phones for %j', (text) => {
    expectValid(text)
  })

  it('reads the whole tricky sentence with a pause only at the date comma', () => {
    const r = expectValid('Dr. Smith paid $3.50 on 1/2/2024 at 10:30')
    expect(r.words.map((w) => w.text).slice(0, 3)).toEqual(['Doctor', 'Smith', 'paid'])
    expect(r.phones.filter((p) => p === 'sil')).toHaveLength(1)
    expect(r.phones.slice(0, 5)).toEqual(['D', 'AA', 'K', 'T', 'ER'])
  })

  it('puts pauses at punctuation only, never at the edges unless asked', () => {
    const r = textToPhones("It's 5% off, isn't it?")
    expect(r.phones.filter((p) => p === 'sil')).toHaveLength(1)
    expect(r.phones[0]).not.toBe('sil')
    expect(r.phones.at(-1)).not.toBe('sil')
    const edges = textToPhones("It's 5% off, isn't it?", { leadingPause: true, trailingPause: true })
    expect(edges.phones[0]).toBe('sil')
    expect(edges.phones.at(-1)).toBe('sil')
    expect(edges.phones.slice(1, -1)).toEqual(r.phones)
    // Semicolon, colon, dash, sentence end; repeated marks make one pause.
    const p = textToPhones('one; two: three — four. Five!!! six')
    expect(p.phones.filter((x) => x === 'sil')).toHaveLength(5)
    expect(p.phones.join(' ')).not.toMatch(/sil sil/)
    // A fill inside a sentence: no pauses at all.
    expect(textToPhones('went to the market').phones).not.toContain('sil')
  })

  it('marks where each word came from', () => {
    const src = (t: string) => Object.fromEntries(textToPhones(t).words.map((w) => [w.text, w.source]))
    expect(src('the blorf XQZ')).toEqual({ the: 'dict', blorf: 'lts', X: 'spelled', Q: 'spelled', Z: 'spelled' })
    expect(textToPhones('blorf').phones).toEqual(['B', 'L', 'AO', 'R', 'F'])
    expect(textToPhones('NASA').words[0]).toEqual({ text: 'NASA', phones: ['N', 'AE', 'S', 'AH'], source: 'dict' })
  })

  it('reads "A" as the article before a word and as a letter otherwise', () => {
    const r = textToPhones('A dog ate plan A')
    expect(r.words[0].phones).toEqual(['AH'])
    expect(r.words.at(-1)!.phones).toEqual(['EY'])
    expect(textToPhones('at 7 a.m.').phones.slice(-3)).toEqual(['EY', 'EH', 'M'])
    // Inside a sentence the article is written "a": a capital A there is the letter.
    const letterA = (t: string) => textToPhones(t).words.find((w) => w.text === 'A')!.phones
    for (const t of ['He got an A on the test.', 'Plan A was better.', 'Take Vitamin A pills.', 'Use A4 paper.']) expect(letterA(t), t).toEqual(['EY'])
    for (const t of ['A dog.', 'He said: A dog barked.', 'She wrote "A tale".', 'I HAVE A DREAM']) expect(letterA(t), t).toEqual(['AH'])
    // Hyphened to a word it is the letter, even opening a sentence.
    for (const t of ['A-list celebrities attended.', 'An A-frame house.']) expect(letterA(t), t).toEqual(['EY'])
    // A sentence's first "Is" / "As" is the word (it was spelled "I's", "A's").
    expect(textToPhones('Is it raining? As I said.').words.map((w) => w.phones.join(' '))).toEqual(['IH Z', 'IH T', 'R EY N IH NG', 'AE Z', 'AY', 'S EH D'])
    expect(textToPhones('two DVDs').words.at(-1)!.phones).toEqual(['D', 'IY', 'Z'])
  })

  it('says "IT" as the word "it" when written for emphasis, and spells the department', () => {
    const said = (t: string) => textToPhones(t).phones.filter((p) => p !== 'sil').join(' ')
    expect(said('IT was')).toBe('IH T W AA Z')
    expect(said('in IT')).toBe('IH N AY T IY')
  })

  it('tokenizes words and pause marks, splitting hyphenated words silently', () => {
    expect(tokenize('twenty-one, well-known.')).toEqual([
      { kind: 'word', text: 'twenty' },
      { kind: 'word', text: 'one' },
      { kind: 'pause' },
      { kind: 'word', text: 'well' },
      { kind: 'word', text: 'known' },
      { kind: 'pause' },
    ])
  })
})

describe('textToPhones errors', () => {
  it('rejects empty and whitespace-only text', () => {
    expect(badText('').message).toMatch(/empty/)
    expect(badText('   \n\t').message).toMatch(/empty/)
  })

  it('names unsupported scripts', () => {
    expect(badText('Привет мир').message).toMatch(/Cyrillic/)
    expect(badText('你好').message).toMatch(/Chinese \(Han\)/)
    expect(badText('日本語のテキスト').message).toMatch(/Japanese \(Kanji\)/) // kanji first, kana later
    expect(badText('こんにちは').message).toMatch(/Japanese \(Hiragana\)/)
  })

  it('rejects text with nothing to say', () => {
    expect(badText('😀🎉👍').message).toMatch(/no words/)
    expect(badText('... !!! ???').message).toMatch(/no words/)
    // Flags, skin tones, family (ZWJ) sequences and tag sequences are emoji too, not a script.
    expect(badText('🇺🇸🇬🇧 👋🏽 👨‍👩‍👧 🏴󠁧󠁢󠁥󠁮󠁧󠁿').message).toMatch(/no words/)
  })

  it('drops emoji among words without a trace', () => {
    expect(textToPhones('Great job 🎉🎉 team 👨‍👩‍👧! Go 🇺🇸').words.map((w) => w.text)).toEqual(['Great', 'job', 'team', 'Go'])
    expect(textToPhones('Press 1️⃣ now').normalised).toBe('Press one now')
  })

  it('states the length limit', () => {
    const err = badText('word '.repeat(2000))
    expect(err.message).toContain('10000 characters')
    expect(err.message).toContain(String(MAX_TEXT_CHARS))
    expectValid('word '.repeat(Math.floor(MAX_TEXT_CHARS / 5)).trim())
  })
})

// Speed is the benchmark's business (no timed tests: a loaded CI machine would fail them at random).
describe('long input', () => {
  it('handles a 200-word paragraph of mixed normalisation cases', () => {
    const base =
      'On March 3, 2024 Dr. Jones paid $1,250.75 for 12 zindler widgets, about 35% more than the 1999 price. ' +
      "The U.S. team, e.g. NASA, didn't agree; they called 911 at 10:30 pm and blorfed loudly. "
    const paragraph = Array(6).fill(base).join('').split(' ').slice(0, 200).join(' ')
    const r = textToPhones(paragraph)
    expect(r.words.length).toBeGreaterThan(200)
    expect(r.phones.every((p) => p === 'sil' || /^[A-Z]{1,2}$/.test(p))).toBe(true)
    expect(textToPhones(paragraph)).toEqual(r) // caches change nothing
  })
})

describe('splitSentences + textToPhones', () => {
  it('every sentence of a long script is speakable within the limits', () => {
    const script = Array(150).fill('Mr. Smith earned $3.50 on 1/2/2024, e.g. at St. Paul\'s. Then he left!').join(' ')
    expect(script.length).toBeGreaterThan(MAX_TEXT_CHARS)
    const sentences = splitSentences(script)
    expect(sentences).toHaveLength(300)
    for (const s of sentences.slice(0, 4)) expectValid(s)
  })
})

describe('robustness', () => {
  it('any mix of characters gives inventory phones or a one-line BAD_TEXT error', () => {
    let x = 99 // xorshift32: the same strings every run
    const rnd = () => {
      x ^= x << 13
      x ^= x >>> 17
      x ^= x << 5
      return (x >>> 0) / 2 ** 32
    }
    const alphabet = [..."abcXYZ019 .,;:!?'\"-/$£€%&@#+=()—–…’“”\n\t°~*_<>^|\\{}[]é😀ñ²½"]
    let spoken = 0
    for (let i = 0; i < 1500; i++) {
      const s = Array.from({ length: 1 + Math.floor(rnd() * 60) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('')
      try {
        const r = textToPhones(s)
        expect(r.phones.every(isPhone), s).toBe(true)
        spoken++
      } catch (e) {
        expect(e, s).toBeInstanceOf(EngineError)
        expect((e as EngineError).code).toBe('BAD_TEXT')
      }
      expect(() => splitSentences(s)).not.toThrow()
    }
    expect(spoken).toBeGreaterThan(1000)
  })
})

describe('"the" before a vowel', () => {
  const said = (t: string) => textToPhones(t).phones.join(' ')
  it('is said "thee" (DH IY) when a word starting with a vowel follows at once', () => {
    expect(said('the apple')).toBe('DH IY AE P AH L')
    expect(said('The end')).toMatch(/^DH IY EH/)
    expect(said('the hour')).toMatch(/^DH IY AW/) // silent h: the pronunciation decides, not the letter
  })
  it('stays "thuh" before a consonant, a pause, or at the end', () => {
    expect(said('the cat')).toMatch(/^DH AH K/)
    expect(said('the one')).toMatch(/^DH AH W/) // "one" starts with W
    expect(said('the, apple')).toMatch(/^DH AH sil/)
    expect(said('in the')).toBe('IH N DH AH')
    expect(said('then apple')).toMatch(/^DH EH N/) // only the word "the"
  })
})

describe('initialisms said as words', () => {
  const said = (t: string) => textToPhones(t).words.map((w) => w.phones.join(' '))
  it('reads "JSON" jay-son and "GIF" with a hard g, not letter by letter', () => {
    expect(said('Send the JSON file.')).toEqual(['S EH N D', 'DH AH', 'JH EY S AH N', 'F AY L'])
    expect(said('Two GIFs and a JPEG')).toEqual(['T UW', 'G IH F S', 'AH N D', 'AH', 'JH EY P EH G'])
    expect(said('COVID-19')[0]).toBe('K OW V IH D')
    expect(said('POTUS and SCOTUS')).toEqual(['P OW T AH S', 'AH N D', 'S K OW T AH S'])
  })
  it('still spells initialisms with no spoken form ("PNG") and keeps dictionary words ("NASA")', () => {
    expect(textToPhones('PNG files').words.map((w) => w.source)).toEqual(['spelled', 'spelled', 'spelled', 'dict'])
    expect(said('NASA')).toEqual(['N AE S AH'])
    expect(said('She went to UCLA')[3]).toBe('Y UW S IY EH L EY') // not the word "uh-cla"
    expect(said('the IoT')).toEqual(['DH IY', 'AY OW T IY'])
    expect(said('The WHO said so').slice(1, 4)).toEqual(['D AH B AH L Y UW', 'EY CH', 'OW'])
  })
})
