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
      expect(ended.error).toEqual({ code: 'IO', message: expect.stringMatching(/connection to the studio server was lost/) })
    } finally {
      delete (globalThis as { WebSocket?: unknown }).WebSocket
      server.close()
    }
  })
})
