import { describe, expect, it } from 'vitest'
import { devServerFrom } from '../../electron/main/dev-server'

describe('devServerFrom', () => {
  it('trusts a local dev server in development only', () => {
    expect(devServerFrom('http://localhost:5173', false)).toBe('http://localhost:5173')
    expect(devServerFrom('http://127.0.0.1:5173/', false)).toBe('http://127.0.0.1:5173/')
    expect(devServerFrom('http://localhost:5173', true)).toBeNull() // a packaged app ignores it
    expect(devServerFrom('https://evil.example', false)).toBeNull()
    expect(devServerFrom('http://localhost.evil.example', false)).toBeNull()
    expect(devServerFrom(undefined, false)).toBeNull()
  })
})
