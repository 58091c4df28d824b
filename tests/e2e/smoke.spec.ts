// Web mode's front door: the page loads with the launch token (and only with it), the WebSocket
// refuses strangers, and the server listens on the loopback address only.
import { expect, request, test } from '@playwright/test'
import { connect } from 'node:net'
import { networkInterfaces } from 'node:os'
import WebSocket from 'ws'
import { screenshot, server } from './helpers'

function wsStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers })
    ws.once('open', () => {
      ws.close()
      resolve(101)
    })
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      ws.terminate()
    })
    ws.once('error', (e) => reject(e))
  })
}

function tcpConnects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 3000 })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
    socket.once('timeout', () => {
      socket.destroy()
      resolve(false)
    })
  })
}

test('the page loads with the token and talks to the engine over the WebSocket', async ({ page }) => {
  const { url, origin } = server()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  const sockets: string[] = []
  const frames: number[] = []
  page.on('websocket', (ws) => {
    sockets.push(ws.url())
    ws.on('framereceived', (f) => frames.push(typeof f.payload === 'string' ? f.payload.length : f.payload.byteLength))
  })
  const response = await page.goto(url)
  expect(response?.status()).toBe(200)
  // The token moved into a cookie and out of the address bar.
  expect(page.url()).toBe(`${origin}/`)
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'")
  await expect(page).toHaveTitle(/Voicefill/)
  await expect(page.locator('#root > *').first()).toBeVisible()
  await expect.poll(() => frames.length, { message: 'the page gets replies over the WebSocket' }).toBeGreaterThan(0)
  // One socket, named by this tab's page id (each tab autosaves apart).
  expect(sockets).toHaveLength(1)
  expect(sockets[0]).toMatch(new RegExp(`^${origin.replace('http', 'ws')}/ws\\?page=[A-Za-z0-9]{1,40}$`))
  // A reload keeps working without the token in the URL (the cookie carries it).
  expect((await page.reload())?.status()).toBe(200)
  expect(errors).toEqual([])
  await screenshot(page, 'web-start')
})

test('requests without the token are refused with 403', async () => {
  const { origin, token } = server()
  const anon = await request.newContext()
  // A token one character off (never the same character: tokens are random and may end in it).
  const wrong = token.slice(0, -1) + (token.endsWith('x') ? 'y' : 'x')
  for (const path of ['/', '/index.html', '/media/a1', '/download/x', `/?token=${wrong}`]) {
    const res = await anon.get(`${origin}${path}`, { maxRedirects: 0 })
    expect(res.status(), path).toBe(403)
  }
  // The right token but a foreign Host header (DNS rebinding) is refused too.
  const rebound = await anon.get(`${origin}/?token=${token}`, { headers: { Host: 'attacker.example' }, maxRedirects: 0 })
  expect(rebound.status()).toBe(403)
  await anon.dispose()
})

test('a malformed percent-escape in the URL is a 400, not a server error', async () => {
  const { origin, token, port } = server()
  const ctx = await request.newContext({ extraHTTPHeaders: { Cookie: `voicefill_${port}=${token}` } })
  for (const path of ['/%E0%A4%A', '/media/%E0%A4%A']) {
    const res = await ctx.get(`${origin}${path}`, { maxRedirects: 0 })
    expect(res.status(), path).toBe(400)
    expect(await res.text(), path).toMatch(/malformed percent-escape/)
  }
  expect((await ctx.get(`${origin}/`, { maxRedirects: 0 })).status()).toBe(200) // control: the cookie is accepted
  await ctx.dispose()
})

test('the WebSocket refuses upgrades without the token or from another origin', async () => {
  const { origin, token, port } = server()
  const wsUrl = `${origin.replace('http', 'ws')}/ws`
  const cookie = `voicefill_${port}=${token}`
  expect(await wsStatus(wsUrl, { Origin: origin })).toBe(403)
  expect(await wsStatus(`${wsUrl}?token=wrong`, { Origin: origin })).toBe(403)
  expect(await wsStatus(wsUrl, { Origin: 'http://evil.example', Cookie: cookie })).toBe(403)
  expect(await wsStatus(wsUrl, { Cookie: cookie })).toBe(403) // no Origin: not a page of ours
  expect(await wsStatus(wsUrl, { Origin: origin, Cookie: cookie })).toBe(101) // control: the page's own request
})

test('the server listens on 127.0.0.1 only', async () => {
  const { port } = server()
  expect(await tcpConnects('127.0.0.1', port)).toBe(true)
  expect(await tcpConnects('::1', port)).toBe(false)
  const external = Object.values(networkInterfaces())
    .flat()
    .filter((i) => i && !i.internal)
    .map((i) => i!.address)
  for (const address of external) expect(await tcpConnects(address, port), address).toBe(false)
})
