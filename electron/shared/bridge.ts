// Shape of `window.voicefill`, the object the preload exposes: one named function per channel
// (returning the Envelope, so error codes survive the context bridge) and one subscriber per event.
import type { CamelChannel } from './channels'
import type { InvokeChannel, RequestOf, ResponseOf } from './ipc'
import type { Envelope, EventMap } from './studio-types'

export type BridgeInvokers = {
  [C in InvokeChannel as CamelChannel<C>]: (payload: RequestOf<C>) => Promise<Envelope<ResponseOf<C>>>
}

export interface VoicefillBridge {
  invoke: BridgeInvokers
  /** Subscribes to a pushed event; returns the unsubscribe function. */
  on: { [E in keyof EventMap as CamelChannel<E>]: (listener: (payload: EventMap[E]) => void) => () => void }
  /** On-disk path of a File from a drop or <input type=file> (webUtils.getPathForFile); '' when none. */
  pathForFile(file: File): string
  /** Base URL of media streams: `${mediaBase}/<audioId>?takes=...`. */
  mediaBase: string
}
