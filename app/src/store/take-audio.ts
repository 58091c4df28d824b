// Take PCM, kept out of the store so undo history never holds audio. Entries outlive undo of their
// take (a redo brings the take back with its audio) and go when the audio is closed. Views that draw
// it (TakeWave) subscribe: a reopened project's takes get their audio after the store lists them.

const pcmByTake = new Map<string, Float32Array[]>()
const listeners = new Set<() => void>()
let version = 0

function changed(): void {
  version++
  for (const l of listeners) l()
}

export const takeAudio = {
  set(takeId: string, pcm: Float32Array[]): void {
    pcmByTake.set(takeId, pcm)
    changed()
  },
  get(takeId: string): Float32Array[] | undefined {
    return pcmByTake.get(takeId)
  },
  clear(): void {
    pcmByTake.clear()
    changed()
  },
  /** For useSyncExternalStore: called after every change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
  /** Changes with every set or clear. */
  version(): number {
    return version
  },
}
