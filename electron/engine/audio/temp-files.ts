// The temporary files writers are filling right now (each is renamed into place when done), so a
// process stopped by a signal can delete them instead of leaving half-written files behind.
import { rmSync } from 'node:fs'

const live = new Set<string>()

export function trackTemp(path: string): void {
  live.add(path)
}

export function untrackTemp(path: string): void {
  live.delete(path)
}

/** Deletes every temporary file still being written (synchronously: called from a signal handler). */
/** Deletes every unfinished output; returns how many there were. */
export function removeLiveTemps(): number {
  const n = live.size
  for (const path of live) rmSync(path, { force: true })
  live.clear()
  return n
}
