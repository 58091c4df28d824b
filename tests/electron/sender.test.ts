// Which pages count as "our app" for IPC and navigation.
import { describe, expect, it } from 'vitest'
import { isAppUrl, isTrustedSender } from '../../electron/main/sender'

describe('isAppUrl', () => {
  it.each([
    ['voicefill://app/index.html', true],
    ['voicefill://app/assets/index-abc.js', true],
    ['voicefill://APP/index.html', false], // Chromium lower-cases our (standard) scheme's host; anything else is not ours
    ['voicefill://media/a1', false],
    ['voicefill://evil/index.html', false],
    ['voicefill://user:pw@app/index.html', false],
    ['file:///work/main/out/renderer/index.html', false],
    ['https://app/', false],
    ['http://localhost:5173/', false], // the dev server only counts when configured
    ['about:blank', false],
    ['not a url', false],
    ['', false],
    [null, false],
  ])('%s → %s', (url, ok) => {
    expect(isAppUrl(url)).toBe(ok)
  })

  it('accepts the configured dev server on loopback only', () => {
    expect(isAppUrl('http://localhost:5173/src/main.tsx', 'http://localhost:5173')).toBe(true)
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
    expect(isAppUrl('http://evil.example:5173/', 'http://evil.example:5173')).toBe(false)
  })
})

describe('isTrustedSender', () => {
  it('needs the main frame of one of our pages', () => {
    expect(isTrustedSender({ url: 'voicefill://app/index.html', isMainFrame: true })).toBe(true)
    expect(isTrustedSender({ url: 'voicefill://app/index.html', isMainFrame: false })).toBe(false)
    expect(isTrustedSender({ url: 'https://example.com/', isMainFrame: true })).toBe(false)
    expect(isTrustedSender(null)).toBe(false)
  })
})
