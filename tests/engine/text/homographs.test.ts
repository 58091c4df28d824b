import { describe, expect, it } from 'vitest'
import { homographReading } from '../../../electron/engine/text/homographs'
import { textToPhones } from '../../../electron/engine/text/index'

/** The phones textToPhones gives `word` (the first one spelled so) inside `text`. */
function said(text: string, word: string): string {
  const w = textToPhones(text).words.find((x) => x.text.toLowerCase() === word)
  if (!w) throw new Error(`${word} not in ${text}`)
  return w.phones.join(' ')
}

describe('homographs in context', () => {
  it.each([
    ['I live in Paris', 'live', 'L IH V'],
    ['We love live music', 'live', 'L AY V'],
    ['The show is live.', 'live', 'L AY V'],
    ['She lives here', 'lives', 'L IH V Z'],
    ['It saved their lives', 'lives', 'L AY V Z'],
    ['we use cars', 'use', 'Y UW Z'],
    ["It's no use.", 'use', 'Y UW S'],
    ['the use of force', 'use', 'Y UW S'],
    ['I used to read', 'used', 'Y UW S T'],
    ['It was used to cut', 'used', 'Y UW Z D'],
    ['Close the door', 'close', 'K L OW Z'],
    ['The shop is close to home', 'close', 'K L OW S'],
    ['at the close of day', 'close', 'K L OW Z'],
    ['I read every day', 'read', 'R IY D'],
    ['She has read it', 'read', 'R EH D'],
    ['The wind blew', 'wind', 'W IH N D'],
    ['Wind the clock', 'wind', 'W AY N D'],
    ['A tear fell', 'tear', 'T IH R'],
    ["Don't tear it up", 'tear', 'T EH R'],
    ['upon him and tear him down', 'tear', 'T EH R'],
    ['I shall become used to the noise', 'used', 'Y UW Z D'],
    ['wear and tear', 'tear', 'T EH R'],
    ['The wound healed', 'wound', 'W UW N D'],
    ['He wound up the toy', 'wound', 'W AW N D'],
    ['Lead the team', 'lead', 'L IY D'],
    ['a lead pipe', 'lead', 'L EH D'],
    ['turn up the bass', 'bass', 'B EY S'],
    ['in minute detail', 'minute', 'M AY N UW T'],
    ['wait a minute', 'minute', 'M IH N AH T'],
    ['Polish the floor', 'polish', 'P AA L IH SH'],
    ['The Polish team', 'polish', 'P OW L IH SH'],
    ['send your resume', 'resume', 'R EH Z AH M EY'],
    ['We resume tomorrow', 'resume', 'R IH Z UW M'],
    ['an invalid region', 'invalid', 'IH N V AE L AH D'],
  ])('%s: %s', (text, word, phones) => expect(said(text, word)).toBe(phones))

  it('tells noun from verb by stress for pairs like record, present, object', () => {
    expect(said('Record your voice', 'record')).toBe('R AH K AO R D')
    expect(said('a world record', 'record')).toBe('R EH K ER D')
    expect(said('We will present it', 'present')).toBe('P R IY Z EH N T')
    expect(said('at present', 'present')).toBe('P R EH Z AH N T')
    expect(said('I object', 'object')).toBe('AH B JH EH K T')
    expect(said('this object', 'object')).toBe('AA B JH EH K T')
    expect(said('the content is good', 'content')).toBe('K AA N T EH N T')
    expect(said('I am content', 'content')).toBe('K AH N T EH N T')
    expect(said('She was very upset', 'upset')).toBe('AH P S EH T')
    expect(said('Records show it', 'records')).toBe('R EH K ER D Z')
    expect(said('She records it', 'records')).toBe('R AH K AO R D Z')
  })

  it('leaves other words to the dictionary', () => {
    expect(homographReading('voice', { prev: 'the' })).toBeNull()
    expect(homographReading('house', {})).toBeNull()
  })
})
