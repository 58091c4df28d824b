// The CSP meta tag in app/index.html is the same policy the protocol handler and web server send.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CSP, CSP_HEADER, DESKTOP_CSP_HEADER } from '../../electron/shared/csp'

describe('content security policy', () => {
  it('matches the meta tag of the renderer page', () => {
    const html = readFileSync(resolve(import.meta.dirname, '../../app/index.html'), 'utf8')
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]
    expect(meta).toBe(CSP)
  })

  it('allows no inline or remote scripts and no framing', () => {
    expect(CSP).toMatch(/script-src 'self'(;|$)/)
    expect(CSP).not.toMatch(/unsafe-eval|https?:/)
    expect(CSP_HEADER).toContain("frame-ancestors 'none'")
    // The desktop app has no WebSocket to allow; the rest of its policy is the web one.
    expect(DESKTOP_CSP_HEADER).not.toContain('ws:')
    expect(DESKTOP_CSP_HEADER).toBe(CSP_HEADER.replace(' ws://127.0.0.1:*', ''))
    expect(DESKTOP_CSP_HEADER).toContain("connect-src 'self' blob: voicefill:;")
  })
})
