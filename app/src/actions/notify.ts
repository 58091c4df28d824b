// One place that turns failures into toasts: the message the API gives is already one line and safe
// to show; anything else (a bug) is shown as text rather than swallowed.

import { StudioError } from '../api/errors'
import { studio } from '../store'

export function errorMessage(e: unknown): string {
  if (e instanceof StudioError) return e.message
  if (e instanceof Error) return e.message
  return String(e)
}

/**
 * Shows `e` as an error toast, prefixed with what was being done ("Cannot open a.wav: …"). The
 * engine names the file in its own messages ("a.wav: not an audio file") for the CLI; said once here.
 * `regions`: the regions of the request, which the engine's message names by place (Toast.regions).
 */
export function reportError(what: string, e: unknown, name?: string, options: { regions?: readonly string[] } = {}): void {
  // The lost connection has its own toast; everything it made fail (an autosave, a job, a call in
  // flight) would only repeat it.
  if (isCausedByLostConnection(e)) return
  const message = errorMessage(e)
  const own = name && message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message
  studio.getState().pushToast('error', `${what}: ${own}`, options)
}

/** The one message for a lost connection to the web-mode server, and what to do about it. */
export const CONNECTION_LOST_TOAST =
  'Lost the connection to the studio server (it stopped or crashed): start it again (npm run web), then reload this page; work autosaved before it went is offered back'

/** The server went: says so once, and marks the engine out of reach. */
export function connectionLost(): void {
  const s = studio.getState()
  if (s.connectionLost) return
  s.setConnectionLost('no connection to the studio server')
  s.pushToast('error', CONNECTION_LOST_TOAST)
}

/** A failure that only says the connection is gone, once that has been said. */
export function isCausedByLostConnection(e: unknown): boolean {
  return studio.getState().connectionLost && e instanceof StudioError && e.code === 'DISCONNECTED'
}

export function info(message: string): void {
  studio.getState().pushToast('info', message)
}

/**
 * Something the user must know that is not a failure (a damaged file opened as far as it goes): stays
 * until dismissed. `sourceTimes`: the message quotes source times, shown on the edited timeline.
 */
export function warn(message: string, options: { sourceTimes?: boolean } = {}): void {
  studio.getState().pushToast('warning', message, options)
}

export function success(message: string): void {
  studio.getState().pushToast('success', message)
}

/** Runs `fn`, showing `busy` in the status bar meanwhile and any failure as a toast. */
export async function guarded<T>(what: string, fn: () => Promise<T>, busy?: string, name?: string): Promise<T | undefined> {
  if (busy) studio.getState().setBusy(busy)
  try {
    return await fn()
  } catch (e) {
    reportError(what, e, name)
    return undefined
  } finally {
    if (busy) studio.getState().setBusy(null)
  }
}
