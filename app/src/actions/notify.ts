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
 */
export function reportError(what: string, e: unknown, name?: string): void {
  const message = errorMessage(e)
  const own = name && message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message
  studio.getState().pushToast('error', `${what}: ${own}`)
}

export function info(message: string): void {
  studio.getState().pushToast('info', message)
}

/** Something the user must know that is not a failure (a damaged file opened as far as it goes): stays until dismissed. */
export function warn(message: string): void {
  studio.getState().pushToast('warning', message)
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
