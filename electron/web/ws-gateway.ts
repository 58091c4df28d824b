// The WebSocket side of web mode: the same channel map as Electron's IPC, validated the same way
// (schema per channel) before the shared StudioService runs; events are broadcast to every page.
import type { WebSocket } from 'ws'
import { toErrorInfo } from '../shared/errors'
import { isInvokeChannel, parseRequest } from '../shared/ipc'
import { pageSchema } from '../shared/schemas'
import type { Envelope, EventMap } from '../shared/studio-types'
import { decodeFrame, encodeFrame, type ClientMessage, type ServerMessage } from '../shared/wire'
import type { StudioService } from '../studio/service'

function send(ws: WebSocket, msg: ServerMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(encodeFrame(msg))
}

/** Runs one decoded call and returns the reply envelope; never throws. */
export async function answer(service: StudioService, msg: unknown): Promise<{ id: number; envelope: Envelope<unknown> } | null> {
  const m = msg as Partial<ClientMessage> | null
  if (!m || m.t !== 'call' || !Number.isSafeInteger(m.id)) return null
  const id = m.id as number
  if (!isInvokeChannel(m.channel)) {
    return { id, envelope: { ok: false, error: { code: 'BAD_REQUEST', message: `unknown channel ${String(m.channel).slice(0, 60)}` } } }
  }
  const parsed = parseRequest(m.channel, m.payload)
  if (!parsed.ok) return { id, envelope: { ok: false, error: { code: 'BAD_REQUEST', message: parsed.message } } }
  try {
    return { id, envelope: { ok: true, value: await service.handle(m.channel, parsed.value) } }
  } catch (e) {
    return { id, envelope: { ok: false, error: toErrorInfo(e) } }
  }
}

export class WsGateway {
  private clients = new Set<WebSocket>()
  /** the page (tab) each connection says it is, from its URL's ?page= */
  private pages = new Map<WebSocket, string>()

  constructor(private readonly service: StudioService) {}

  attach(ws: WebSocket, page?: string | null): void {
    this.clients.add(ws)
    if (page && pageSchema.safeParse(page).success) this.pages.set(ws, page)
    ws.on('close', () => {
      this.clients.delete(ws)
      this.pages.delete(ws)
    })
    ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        ws.close(1003, 'binary frames only')
        return
      }
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)
      let msg: unknown
      try {
        msg = decodeFrame(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength))
      } catch {
        ws.close(1003, 'malformed frame')
        return
      }
      void answer(this.service, msg).then((reply) => reply && send(ws, { t: 'reply', ...reply }))
    })
  }

  /** The pages connected now. */
  livePages(): ReadonlySet<string> {
    return new Set(this.pages.values())
  }

  broadcast<E extends keyof EventMap>(channel: E, payload: EventMap[E]): void {
    for (const ws of this.clients) send(ws, { t: 'event', channel, payload } as ServerMessage)
  }

  closeAll(): void {
    for (const ws of this.clients) ws.close(1001, 'server shutting down')
  }
}
