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

describe('WsRpc', () => {
  it('ends the jobs it knows of when the connection drops (their events would never come)', async () => {
    const { WebSocketServer, WebSocket: NodeWebSocket } = await import('ws')
    const { WsRpc } = await import('../../../app/src/api/ws')
    const { decodeFrame, encodeFrame } = await import('../../../electron/shared/wire')
    ;(globalThis as { WebSocket?: unknown }).WebSocket = NodeWebSocket
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise((r) => server.once('listening', r))
    const port = (server.address() as { port: number }).port
    server.on('connection', (socket) => {
      socket.on('message', (data: Buffer) => {
        const msg = decodeFrame(new Uint8Array(data)) as { id: number; channel: string }
        const jobId = msg.channel === 'job:generate' ? 'slow' : 'fast'
        const event = (type: string) => ({ t: 'event', channel: 'job:event', payload: { jobId, kind: 'generate', type, ...(type === 'done' ? { result: {} } : { progress: {} }) } })
        // The fast job ends before its ticket is answered; the slow one is still running when the server goes.
        if (jobId === 'fast') socket.send(encodeFrame(event('done')))
        else socket.send(encodeFrame(event('progress')))
        socket.send(encodeFrame({ t: 'reply', id: msg.id, envelope: { ok: true, value: { jobId, kind: 'generate' } } }))
      })
    })
    try {
      const rpc = new WsRpc(`ws://127.0.0.1:${port}`)
      const events: { jobId: string; type: string; error?: { code: string; message: string } }[] = []
      rpc.on('job:event', (e) => events.push(e as never))
      await rpc.call('job:ladder' as never, {} as never)
      await rpc.call('job:generate' as never, {} as never)
      for (const c of server.clients) c.terminate()
      await expect.poll(() => events.filter((e) => e.type === 'error').length).toBe(1)
      const ended = events.find((e) => e.type === 'error')!
      expect(ended.jobId).toBe('slow')
      expect(ended.error).toEqual({ code: 'DISCONNECTED', message: expect.stringMatching(/connection to the studio server was lost/) })
    } finally {
      delete (globalThis as { WebSocket?: unknown }).WebSocket
      server.close()
    }
  })

  it('says a lost connection once, as such: no "engine stopped" status, and what fails after it fails as DISCONNECTED', async () => {
    const { WebSocketServer, WebSocket: NodeWebSocket } = await import('ws')
    const { WsRpc } = await import('../../../app/src/api/ws')
    const { decodeFrame, encodeFrame } = await import('../../../electron/shared/wire')
    // As in a browser, a refused connection is an 'error' event then 'close', not a thrown error.
    ;(globalThis as { WebSocket?: unknown }).WebSocket = class extends NodeWebSocket {
      constructor(...args: ConstructorParameters<typeof NodeWebSocket>) {
        super(...args)
        this.on('error', () => undefined)
      }
    }
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise((r) => server.once('listening', r))
    const port = (server.address() as { port: number }).port
    // A server that answers 'app:info' and never answers anything else (a call still in flight when it goes).
    server.on('connection', (socket) => {
      socket.on('message', (data: Buffer) => {
        const msg = decodeFrame(new Uint8Array(data)) as { id: number; channel: string }
        if (msg.channel === 'app:info') socket.send(encodeFrame({ t: 'reply', id: msg.id, envelope: { ok: true, value: {} } }))
      })
    })
    try {
      const rpc = new WsRpc(`ws://127.0.0.1:${port}`)
      const statuses: unknown[] = []
      rpc.on('engine:status', (s) => statuses.push(s))
      const order: string[] = []
      rpc.onLost(() => order.push('lost'))
      await rpc.call('app:info' as never, undefined as never)
      const inFlight = rpc.call('project:autosave' as never, {} as never).then(
        () => null,
        (e: { code: string; message: string }) => (order.push('call failed'), e),
      )
      await new Promise((r) => setTimeout(r, 50)) // the call reached the server
      for (const c of server.clients) c.terminate()
      await new Promise<void>((r) => server.close(() => r())) // gone for good: the next call cannot connect
      const failed = await inFlight
      expect(failed).toMatchObject({ code: 'DISCONNECTED', message: 'the connection to the studio server was lost' })
      // The loss is known before the failures it causes, so the page can leave them unsaid.
      expect(order).toEqual(['lost', 'call failed'])
      const later = await rpc.call('project:autosave' as never, {} as never).then(
        () => null,
        (e: { code: string }) => e,
      )
      expect(later).toMatchObject({ code: 'DISCONNECTED' })
      expect(order.filter((o) => o === 'lost')).toHaveLength(1) // a failed reconnect is not a second loss
      expect(statuses).toEqual([]) // not also an engine status (the page had said "the engine is not running")
    } finally {
      delete (globalThis as { WebSocket?: unknown }).WebSocket
      server.close()
    }
  })
})
