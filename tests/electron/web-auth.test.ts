// Web mode's gate: token in the query or our cookie, loopback Host, and the page's Origin for the
// WebSocket.
import { describe, expect, it } from 'vitest'
import { authorizeHttp, authorizeUpgrade, parseCookies, tokenCookie } from '../../electron/web/auth'

const gate = { token: 'abcdefghijklmnopqrstuvwxyz012345', port: 4321 }
const host = '127.0.0.1:4321'
const cookie = `other=1; voicefill_4321=${gate.token}`

describe('authorizeHttp', () => {
  it('accepts the token in the query or the cookie', () => {
    expect(authorizeHttp({ url: `/?token=${gate.token}`, host, cookie: undefined }, gate)).toBe('query')
    expect(authorizeHttp({ url: '/assets/x.js', host, cookie }, gate)).toBe('cookie')
    expect(authorizeHttp({ url: '/', host: 'localhost:4321', cookie }, gate)).toBe('cookie')
  })
  it.each([
    ['no token', { url: '/', host, cookie: undefined }],
    ['a wrong token', { url: '/?token=abcdefghijklmnopqrstuvwxyz012346', host, cookie: undefined }],
    ['a prefix of the token', { url: `/?token=${gate.token.slice(0, 10)}`, host, cookie: undefined }],
    ["another port's cookie", { url: '/', host, cookie: `voicefill_4322=${gate.token}` }],
    ['a foreign Host (DNS rebinding)', { url: `/?token=${gate.token}`, host: 'evil.example:4321', cookie }],
    ['no Host', { url: `/?token=${gate.token}`, host: undefined, cookie }],
  ])('refuses %s', (_what, req) => {
    expect(authorizeHttp(req, gate)).toBeNull()
  })
})

describe('authorizeUpgrade', () => {
  it('needs our Origin as well as the token', () => {
    expect(authorizeUpgrade({ url: '/ws', host, cookie, origin: 'http://127.0.0.1:4321' }, gate)).toBe(true)
    expect(authorizeUpgrade({ url: '/ws', host, cookie, origin: 'http://evil.example' }, gate)).toBe(false)
    expect(authorizeUpgrade({ url: '/ws', host, cookie, origin: undefined }, gate)).toBe(false)
    expect(authorizeUpgrade({ url: '/ws', host, cookie: undefined, origin: 'http://127.0.0.1:4321' }, gate)).toBe(false)
  })
})

describe('cookies', () => {
  it('are HttpOnly, SameSite=Strict and per port', () => {
    expect(tokenCookie(gate)).toBe(`voicefill_4321=${gate.token}; Path=/; HttpOnly; SameSite=Strict`)
    expect(parseCookies(cookie).get('voicefill_4321')).toBe(gate.token)
  })
})
