// Binary framing for the WebSocket transport: a JSON header plus raw typed-array payloads, so PCM
// and peaks travel as bytes (never JSON number arrays). Browser-safe (no Buffer).
//
// Frame: "VF1\0" | u32 json length | u32 blob count | u32 byte length per blob | json (utf-8)
//        | pad to 8 | blob 0 | pad to 8 | blob 1 ...            (all integers little-endian)
// Typed arrays inside the value are replaced in the JSON by {"$bin": index, "type": name}.

import type { InvokeChannel } from './ipc'
import type { Envelope, EventMap } from './studio-types'

/** Page → server. */
export type ClientMessage = { t: 'call'; id: number; channel: InvokeChannel; payload: unknown }
/** Server → page: the reply to a call, or a pushed event. */
export type ServerMessage =
  | { t: 'reply'; id: number; envelope: Envelope<unknown> }
  | { [E in keyof EventMap]: { t: 'event'; channel: E; payload: EventMap[E] } }[keyof EventMap]

const MAGIC = [0x56, 0x46, 0x31, 0x00] // "VF1\0"

const CTORS = {
  Float32Array,
  Float64Array,
  Int8Array,
  Int16Array,
  Int32Array,
  Uint8Array,
  Uint16Array,
  Uint32Array,
} as const
type TypedName = keyof typeof CTORS
type Typed = InstanceType<(typeof CTORS)[TypedName]>

function typedName(v: unknown): TypedName | null {
  if (!ArrayBuffer.isView(v) || v instanceof DataView) return null
  for (const name of Object.keys(CTORS) as TypedName[]) if (v instanceof CTORS[name]) return name
  return null
}

const align8 = (n: number) => (n + 7) & ~7

export function encodeFrame(value: unknown): Uint8Array {
  const blobs: Typed[] = []
  const json = JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    // Read the holder's raw value: JSON.stringify has already applied Buffer#toJSON to `v`.
    const raw = this[key]
    const name = typedName(raw)
    if (!name) return v
    blobs.push(raw as Typed)
    return { $bin: blobs.length - 1, type: name }
  })
  const head = new TextEncoder().encode(json ?? 'null')
  const tableEnd = 12 + 4 * blobs.length
  let size = align8(tableEnd + head.length)
  const offsets = blobs.map((b) => {
    const at = size
    size = align8(size + b.byteLength)
    return at
  })
  const out = new Uint8Array(size)
  const view = new DataView(out.buffer)
  out.set(MAGIC, 0)
  view.setUint32(4, head.length, true)
  view.setUint32(8, blobs.length, true)
  blobs.forEach((b, i) => view.setUint32(12 + 4 * i, b.byteLength, true))
  out.set(head, tableEnd)
  blobs.forEach((b, i) => out.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), offsets[i]))
  return out
}

export function decodeFrame(bytes: Uint8Array): unknown {
  if (bytes.length < 12 || MAGIC.some((m, i) => bytes[i] !== m)) throw new Error('not a voicefill frame')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const jsonLen = view.getUint32(4, true)
  const count = view.getUint32(8, true)
  const tableEnd = 12 + 4 * count
  if (tableEnd + jsonLen > bytes.length) throw new Error('truncated voicefill frame')
  const spans: [number, number][] = []
  let at = align8(tableEnd + jsonLen)
  for (let i = 0; i < count; i++) {
    const n = view.getUint32(12 + 4 * i, true)
    if (at + n > bytes.length) throw new Error('truncated voicefill frame')
    spans.push([at, n])
    at = align8(at + n)
  }
  const json = new TextDecoder().decode(bytes.subarray(tableEnd, tableEnd + jsonLen))
  return JSON.parse(json, (_key, v: unknown) => {
    if (!v || typeof v !== 'object' || !('$bin' in v)) return v
    const { $bin, type } = v as { $bin: number; type: TypedName }
    const span = spans[$bin]
    const Ctor = CTORS[type]
    if (!span || !Ctor) throw new Error('bad blob reference in voicefill frame')
    // Copy into a fresh buffer: the socket's buffer may be pooled or misaligned for the type.
    const copy = bytes.slice(span[0], span[0] + span[1])
    return new Ctor(copy.buffer, 0, span[1] / Ctor.BYTES_PER_ELEMENT)
  })
}
