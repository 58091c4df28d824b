// The one error type of the studio API, on every side of it (renderer, host, engine process).
import type { ApiErrorInfo, Envelope, ErrorCode } from './studio-types'

export class StudioError extends Error {
  constructor(
    message: string,
    readonly code: ErrorCode,
  ) {
    super(message)
    this.name = 'StudioError'
  }
  static from(info: ApiErrorInfo): StudioError {
    return new StudioError(info.message, info.code)
  }
}

/** Value of an envelope, or throws its error as a StudioError. */
export function unwrap<T>(env: Envelope<T>): T {
  if (env.ok) return env.value
  throw StudioError.from(env.error)
}

const CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'BAD_AUDIO', 'BAD_REGION', 'BAD_TEXT', 'BAD_MODEL', 'BAD_SETTINGS', 'CANCELLED', 'INTERNAL', 'BAD_REQUEST',
  'FORBIDDEN', 'NOT_FOUND', 'NO_MODEL', 'ENGINE_CRASHED', 'IO', 'UNSUPPORTED', 'CONFLICT', 'DISCONNECTED',
])

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e)
  return msg.split('\n')[0].trim() || 'unknown error'
}

/**
 * Any thrown value → a code and one line for the user. StudioError/EngineError keep their code;
 * Node file-system errors (ENOENT, EACCES...) become IO; anything else is INTERNAL.
 */
export function toErrorInfo(e: unknown): ApiErrorInfo {
  const code = (e as { code?: unknown } | null)?.code
  if (typeof code === 'string' && CODES.has(code)) return { code: code as ErrorCode, message: firstLine(e) }
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return { code: 'IO', message: firstLine(e) }
  return { code: 'INTERNAL', message: firstLine(e) }
}
