import { describe, expect, it } from 'vitest'
import { pageId } from '../../../app/src/api/ws'

function memoryStorage() {
  const m = new Map<string, string>()
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) }
}

describe('pageId', () => {
  it('is kept for the tab (a reload) and differs between tabs', () => {
    const tab = memoryStorage()
    const a = pageId(tab)
    expect(a).toMatch(/^[A-Za-z0-9]{1,40}$/) // what the server's page schema accepts
    expect(pageId(tab)).toBe(a)
    expect(pageId(memoryStorage())).not.toBe(a)
  })
  it('still gives a valid id when storage is refused or holds junk', () => {
    const refusing = { getItem: () => { throw new Error('denied') }, setItem: () => { throw new Error('denied') } }
    expect(pageId(refusing)).toMatch(/^[A-Za-z0-9]{1,40}$/)
    const junk = memoryStorage()
    junk.setItem('voicefill-page', '../../etc')
    expect(pageId(junk)).toMatch(/^[A-Za-z0-9]{1,40}$/)
    expect(pageId(null)).toMatch(/^[A-Za-z0-9]{1,40}$/)
  })
})
