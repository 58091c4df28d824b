// Web mode's gate: a per-launch random token, given once in the printed URL and then kept in a
// SameSite=Strict, HttpOnly cookie; the Host header must be our loopback address (DNS rebinding)
// and a WebSocket's Origin must be our page.
import { randomBytes, timingSafeEqual } from 'node:crypto'

export function newToken(): string {
  return randomBytes(24).toString('base64url')
}

export function cookieName(port: number): string {
  // Cookies ignore ports: a per-port name keeps two servers on 127.0.0.1 from overwriting each other.
  return `voicefill_${port}`
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  return out
}

export function tokensEqual(a: string | null | undefined, b: string): boolean {
  if (!a) return false
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export interface GateRequest {
  url: string // path + query, as in http.IncomingMessage.url
  host: string | undefined
  cookie: string | undefined
  origin?: string | undefined
}

export interface Gate {
  token: string
  port: number
}

export function allowedHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`
}

/** The token from the query string or our cookie, if either is right. */
export function tokenSource(req: GateRequest, gate: Gate): 'query' | 'cookie' | null {
  const query = new URL(req.url, 'http://x').searchParams.get('token')
  if (tokensEqual(query, gate.token)) return 'query'
  if (tokensEqual(parseCookies(req.cookie).get(cookieName(gate.port)), gate.token)) return 'cookie'
  return null
}

/** HTTP requests: right host and a valid token (query or cookie). */
export function authorizeHttp(req: GateRequest, gate: Gate): 'query' | 'cookie' | null {
  if (!allowedHost(req.host, gate.port)) return null
  return tokenSource(req, gate)
}

/** WebSocket upgrades additionally need Origin = the page's own origin. */
export function authorizeUpgrade(req: GateRequest, gate: Gate): boolean {
  const origin = req.origin
  const okOrigin = origin === `http://127.0.0.1:${gate.port}` || origin === `http://localhost:${gate.port}`
  return okOrigin && authorizeHttp(req, gate) !== null
}

export function tokenCookie(gate: Gate): string {
  return `${cookieName(gate.port)}=${gate.token}; Path=/; HttpOnly; SameSite=Strict`
}
