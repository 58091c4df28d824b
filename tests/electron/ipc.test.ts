// Every IPC / WebSocket request passes its channel's schema before any handler runs, and the
// gateway refuses foreign senders and bad payloads without calling the handler.
import { describe, expect, it, vi } from 'vitest'
import { EngineError } from '../../electron/engine/types'
import { invokeChecked } from '../../electron/main/gateway'
import { INVOKE_CHANNELS } from '../../electron/shared/channels'
import { StudioError } from '../../electron/shared/errors'
import { isInvokeChannel, parseRequest, requestSchemas } from '../../electron/shared/ipc'

const appFrame = { url: 'voicefill://app/index.html', isMainFrame: true }
const region = { regionId: 'r1', start: 1, end: 2, text: 'hello' }
const doc = {
  version: 1 as const,
  title: 'Demo',
  audioId: 'a1',
  regions: [{ ...region, mode: 'replace' as const, length: 'region' as const }],
  takeIds: ['t1'],
  applied: { r1: 't1' },
  sampler: { steps: 16 },
  ui: {},
}

describe('channel map', () => {
  it('has a schema for every channel and nothing else', () => {
    expect(Object.keys(requestSchemas).sort()).toEqual([...INVOKE_CHANNELS].sort())
  })

  it('knows its channels and nothing inherited', () => {
    expect(isInvokeChannel('audio:open')).toBe(true)
    for (const c of ['__proto__', 'constructor', 'toString', 'audio:opne', 42, null]) expect(isInvokeChannel(c)).toBe(false)
  })
})

describe('parseRequest accepts well-formed payloads', () => {
  it.each([
    ['app:info', undefined],
    ['audio:open', undefined],
    ['audio:open', { path: '/home/me/take.wav' }],
    ['audio:open', { bytes: new Uint8Array([1, 2, 3]), name: 'x.wav' }],
    ['audio:peaks', { audioId: 'a1', startFrame: 0, endFrame: 48000, buckets: 800 }],
    ['audio:read', { audioId: 'a1', startFrame: 10, endFrame: 20, takeIds: ['t-1'] }],
    ['job:generate', { audioId: 'a1', regions: [region], settings: { steps: 8, solver: 'heun' }, captureTrajectory: true }],
    ['job:generate', { audioId: 'a1', regions: [{ regionId: 'r2', start: 1, end: 1, text: 'and', mode: 'insert' }] }],
    ['job:ladder', { audioId: 'a1', region, variants: [{ steps: 4 }, { steps: 32 }] }],
    ['job:say', { text: 'Hello there.', voice: { audioId: 'a1', startFrame: 0, endFrame: 16000 } }],
    ['export:audio', { audioId: 'a1', takeIds: [], format: 'pcm24', sampleRate: 44100 }],
    ['project:save', { doc, name: 'Demo' }],
    ['project:autosave', { doc, projectPath: null }],
    ['model:choose', { dir: null }],
    ['settings:update', { threads: 2, sampler: { guidance: 2 }, randomSeed: false }],
    ['window:state', { title: 'Demo', dirty: true }],
  ] as const)('%s', (channel, payload) => {
    const res = parseRequest(channel, payload)
    expect(res.ok, res.ok ? '' : res.message).toBe(true)
  })
})

describe('parseRequest rejects malformed payloads with a one-line message', () => {
  it.each([
    ['app:info', { sneaky: 1 }, 'invalid request'],
    ['audio:open', { path: '' }, ''],
    ['audio:open', { path: '/tmp/a\0.wav' }, ''],
    ['audio:open', { path: '/a.wav', extra: true }, ''],
    ['audio:open', { bytes: [1, 2, 3], name: 'x.wav' }, ''], // a JSON array is not bytes
    ['audio:peaks', { audioId: 'a1', startFrame: 5, endFrame: 5, buckets: 10 }, 'empty frame range'],
    ['audio:peaks', { audioId: 'a1', startFrame: -1, endFrame: 5, buckets: 10 }, 'startFrame'],
    ['audio:read', { audioId: 'a1', startFrame: 0, endFrame: 2 ** 25 }, '2^24'],
    ['audio:read', { audioId: '../etc', startFrame: 0, endFrame: 2 }, 'audioId'],
    ['job:generate', { audioId: 'a1', regions: [] }, 'regions'],
    ['job:generate', { audioId: 'a1', regions: [{ ...region, start: 3, end: 2 }] }, 'before its start'],
    ['job:generate', { audioId: 'a1', regions: [{ ...region, text: 'x'.repeat(2001) }] }, 'text'],
    ['job:generate', { audioId: 'a1', regions: [region], settings: { steps: 0 } }, 'steps'],
    ['job:generate', { audioId: 'a1', regions: [region], settings: { solver: 'rk45' } }, 'solver'],
    ['job:generate', { audioId: 'a1', regions: [region], settings: { seed: 2 ** 32 } }, 'seed'],
    ['job:generate', { audioId: 'a1', regions: [{ ...region, start: Number.NaN }] }, 'start'],
    ['job:say', { text: '' }, 'text'],
    ['export:audio', { audioId: 'a1', takeIds: [], format: 'mp3', sampleRate: null }, 'format'],
    ['export:audio', { audioId: 'a1', takeIds: [], format: 'pcm16', sampleRate: 1000 }, 'sampleRate'],
    ['project:save', { doc: { ...doc, version: 2 } }, 'version'],
    ['settings:update', { threads: 0 }, 'threads'],
    ['window:state', { title: 'x' }, 'dirty'],
  ] as const)('%s %j', (channel, payload, mentions) => {
    const res = parseRequest(channel, payload)
    expect(res.ok).toBe(false)
    if (res.ok) return
    expect(res.message).toContain(channel)
    expect(res.message).toContain(mentions)
    expect(res.message).not.toContain('\n')
  })
})

describe('invokeChecked (the main-process gateway)', () => {
  it('runs the handler for our window with a valid payload', async () => {
    const handler = vi.fn(async () => ({ title: 'ok' }) as never)
    const env = await invokeChecked('window:state', appFrame, { title: 'T', dirty: false }, handler)
    expect(env).toEqual({ ok: true, value: { title: 'ok' } })
    expect(handler).toHaveBeenCalledWith({ title: 'T', dirty: false })
  })

  it.each([
    ['another origin', { url: 'https://evil.example/', isMainFrame: true }],
    ['a file page', { url: 'file:///tmp/x.html', isMainFrame: true }],
    ['an iframe of our page', { url: 'voicefill://app/index.html', isMainFrame: false }],
    ['no frame at all', null],
  ])('refuses %s without calling the handler', async (_what, frame) => {
    const handler = vi.fn()
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const env = await invokeChecked('app:info', frame, undefined, handler)
    warn.mockRestore()
    expect(env).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(handler).not.toHaveBeenCalled()
  })

  it('refuses a bad payload without calling the handler', async () => {
    const handler = vi.fn()
    const env = await invokeChecked('audio:close', appFrame, { audioId: 'a1', extra: 1 }, handler)
    expect(env).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(handler).not.toHaveBeenCalled()
  })

  it('accepts the dev server only when it is the configured one', async () => {
    const frame = { url: 'http://localhost:5173/', isMainFrame: true }
    const handler = vi.fn(async () => undefined)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    expect((await invokeChecked('audio:close', frame, { audioId: 'a1' }, handler)).ok).toBe(false)
    warn.mockRestore()
    expect((await invokeChecked('audio:close', frame, { audioId: 'a1' }, handler, 'http://localhost:5173')).ok).toBe(true)
  })

  it.each([
    [new StudioError('gone', 'NOT_FOUND'), 'NOT_FOUND', 'gone'],
    [new EngineError('bad header\nstack details', 'BAD_AUDIO'), 'BAD_AUDIO', 'bad header'],
    [Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }), 'IO', 'ENOENT: no such file'],
    [new TypeError('oops'), 'INTERNAL', 'oops'],
  ])('turns a thrown %s into an error envelope', async (thrown, code, message) => {
    const env = await invokeChecked('app:info', appFrame, undefined, async () => {
      throw thrown
    })
    expect(env).toEqual({ ok: false, error: { code, message } })
  })
})
