// Take PCM, kept out of the store so undo history never holds audio. Entries outlive undo of their
// take (a redo brings the take back with its audio) and go when the audio is closed.

const pcmByTake = new Map<string, Float32Array[]>()

export const takeAudio = {
  set(takeId: string, pcm: Float32Array[]): void {
    pcmByTake.set(takeId, pcm)
  },
  get(takeId: string): Float32Array[] | undefined {
    return pcmByTake.get(takeId)
  },
  clear(): void {
    pcmByTake.clear()
  },
}
