import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { PHONE_SET, SYMBOLS, isPhone } from '../../../electron/engine/text/phones'

/** Evaluate the list literals of training/voicefill/phones.py (simple "NAME = [...]" forms). */
function parsePhonesPy(): { symbols: string[]; phoneSet: string } {
  const src = readFileSync('training/voicefill/phones.py', 'utf8')
  const list = (name: string) => {
    const m = new RegExp(`^${name} = \\[([\\s\\S]*?)\\]`, 'm').exec(src)
    if (!m) throw new Error(`${name} not found in phones.py`)
    return [...m[1].matchAll(/"([^"]*)"/g)].map((x) => x[1])
  }
  const symbolsLine = /^SYMBOLS = \[([^\]]*)\] \+ ARPABET$/m.exec(src)
  if (!symbolsLine) throw new Error('SYMBOLS definition changed shape in phones.py')
  const head = [...symbolsLine[1].matchAll(/"([^"]*)"/g)].map((x) => x[1])
  const phoneSet = /^PHONE_SET = "([^"]+)"/m.exec(src)?.[1] ?? ''
  return { symbols: [...head, ...list('ARPABET')], phoneSet }
}

describe('phone inventory', () => {
  it('matches training/voicefill/phones.py symbol for symbol, in order', () => {
    const py = parsePhonesPy()
    expect(SYMBOLS).toEqual(py.symbols)
    expect(PHONE_SET).toBe(py.phoneSet)
  })

  it('never treats "<none>" as a producible phone', () => {
    expect(isPhone('<none>')).toBe(false)
    expect(isPhone('sil')).toBe(true)
    expect(isPhone('AA')).toBe(true)
    expect(isPhone('AA1')).toBe(false)
  })
})
