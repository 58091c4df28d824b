// Opening the model and the input together: when one fails the other is released, so a bad model
// does not leave the input's file handle to the garbage collector (Node then warns on stderr).
import type { AudioSource } from '../engine/audio/source'

/** Waits for both; if either fails, closes the source that did open and throws the first error. */
export async function bothOpen<E>(engine: Promise<E>, source: Promise<AudioSource>): Promise<[E, AudioSource]> {
  const [e, s] = await Promise.allSettled([engine, source])
  if (e.status === 'fulfilled' && s.status === 'fulfilled') return [e.value, s.value]
  if (s.status === 'fulfilled') await s.value.close().catch(() => undefined)
  throw e.status === 'rejected' ? e.reason : (s as PromiseRejectedResult).reason
}
