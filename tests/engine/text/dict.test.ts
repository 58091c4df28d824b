import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { hasWord, loadDictionary, lookup, lookupAll, stripStress } from '../../../electron/engine/text/dict'
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

  it('drops the comments some entries carry ("gdp": "… # abbrev")', () => {
    expect(lookup('GDP')).toEqual(['G', 'IY', 'D', 'IY', 'P', 'IY'])
    expect(lookupAll('aalborg')[0].every(isPhone)).toBe(true)
    expect(lookupAll('spieth')).toEqual([['S', 'P', 'IY', 'TH'], ['S', 'P', 'AY', 'AH', 'TH']])
    const source = readFileSync(createRequire(import.meta.url).resolve('cmu-pronouncing-dictionary'), 'utf8')
    const commented = [...source.matchAll(/"([^"(]+)(?:\(\d\))?": "[^"]*#/g)].map((m) => m[1])
    expect(commented.length).toBeGreaterThan(10)
    for (const word of commented) expect(lookupAll(word).flat().every(isPhone), word).toBe(true)
  })

  it('does not see Object.prototype keys as words', () => {
    expect(hasWord('constructor')).toBe(true) // a real English word in CMUdict
    expect(hasWord('__proto__')).toBe(false)
    expect(hasWord('hasOwnProperty')).toBe(false)
  })

  it('adds words said as words that CMUdict lacks ("JSON" jay-son, "GIF" with a hard g), in the model\'s phones', () => {
    expect(lookup('JSON')).toEqual(['JH', 'EY', 'S', 'AH', 'N'])
    expect(lookup('GIF')).toEqual(['G', 'IH', 'F'])
    expect(lookup('covid')).toEqual(['K', 'OW', 'V', 'IH', 'D'])
    for (const w of ['jpeg', 'gui', 'yaml', 'toml', 'wasm', 'captcha', 'wysiwyg', 'fomo', 'gaap', 'lidar', 'sata', 'oled', 'ebitda', 'emoji', 'sudo', 'potus', 'scotus', 'flotus', 'icann', 'oauth', 'paas', 'iaas']) {
      expect(lookup(w)?.every(isPhone), w).toBe(true)
    }
    // CMUdict's own entries win ("NASA" is listed).
    expect(lookup('NASA')).toEqual(['N', 'AE', 'S', 'AH'])
  })
})
