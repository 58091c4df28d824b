import { describe, expect, it } from 'vitest'
import { hasWord, loadDictionary, lookup, stripStress } from '../../../electron/engine/text/dict'
import { isPhone } from '../../../electron/engine/text/phones'

describe('CMU dictionary', () => {
  it('loads once with the full word list', () => {
    expect(loadDictionary()).toBeGreaterThan(130_000)
    const t0 = performance.now()
    loadDictionary()
    expect(performance.now() - t0).toBeLessThan(50) // cached, not re-parsed
  })

  it('strips stress and is case-insensitive', () => {
    expect(stripStress('HH AH0 L OW1')).toEqual(['HH', 'AH', 'L', 'OW'])
    expect(lookup('Hello')).toEqual(['HH', 'AH', 'L', 'OW'])
    expect(lookup('NASA')).toEqual(['N', 'AE', 'S', 'AH'])
    expect(lookup('blorf')).toBeNull()
  })

  it('takes the first pronunciation of a homograph ("read")', () => {
    const read = lookup('read')!
    expect(read).toEqual(['R', 'EH', 'D'])
    expect(read.every(isPhone)).toBe(true)
  })

  it('does not see Object.prototype keys as words', () => {
    expect(hasWord('constructor')).toBe(true) // a real English word in CMUdict
    expect(hasWord('__proto__')).toBe(false)
    expect(hasWord('hasOwnProperty')).toBe(false)
  })
})
