// The one place IPC requests enter main: sender check, schema check, handler, envelope. Pure
// (the Electron wiring in ./ipc.ts passes the frame in), so tests drive it without Electron.
import { toErrorInfo } from '../shared/errors'
import { parseRequest, type InvokeChannel, type RequestOf, type ResponseOf } from '../shared/ipc'
import type { Envelope } from '../shared/studio-types'
import { isTrustedSender, type SenderFrame } from './sender'

export type Handler<C extends InvokeChannel> = (req: RequestOf<C>) => Promise<ResponseOf<C>>

export async function invokeChecked<C extends InvokeChannel>(
  channel: C,
  frame: SenderFrame | null | undefined,
  payload: unknown,
  handler: Handler<C>,
  devServerUrl?: string | null,
): Promise<Envelope<ResponseOf<C>>> {
  if (!isTrustedSender(frame, devServerUrl)) {
    console.warn(`ipc: rejected ${channel} from ${frame?.url ?? 'an unknown frame'}`)
    return { ok: false, error: { code: 'FORBIDDEN', message: `${channel}: sender is not the Voicefill window` } }
  }
  const parsed = parseRequest(channel, payload)
  if (!parsed.ok) return { ok: false, error: { code: 'BAD_REQUEST', message: parsed.message } }
  try {
    return { ok: true, value: await handler(parsed.value) }
  } catch (e) {
    return { ok: false, error: toErrorInfo(e) }
  }
}
