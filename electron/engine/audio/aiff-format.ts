// AIFF and AIFF-C (Apple's PCM containers, common on Macs): one chunk walk over any byte reader, like
// the WAV one (wav-format.ts), so an AIFF is read in place by byte offsets, hours long, and its samples
// come out exactly (big-endian PCM 8–32-bit, AIFF-C 'NONE'/'twos', little-endian 'sowt', float
// 'fl32'/'fl64'). Other AIFF-C codecs (µ-law, IMA…) are left to audio-decode.
import { EngineError } from '../types'
import { ascii, chunkLabel, clockTime, type ByteReader, type FmtChunk } from './wav-format'

const bad = (message: string) => new EngineError(message, 'BAD_AUDIO')

/** A real AIFF has a handful of chunks; a walk longer than this is a hostile or broken file. */
const MAX_CHUNKS = 100_000

export interface AiffLayout {
  /** tag 1 (integer PCM) or 3 (float), with bigEndian / signed8 as the container says */
  fmt: FmtChunk
  /** bytes per sample */
  bytes: number
  /** byte offset and length of the sample data present (whole frames or not) */
  data: { start: number; bytes: number }
  /** e.g. "AIFF 24-bit PCM", "AIFF-C 16-bit PCM (little-endian)", "AIFF-C 32-bit float" */
  format: string
  warnings: string[]
}

/** AIFF-C compression types whose samples are plain PCM or float. */
const PLAIN: Record<string, { float: boolean; bigEndian: boolean; bits?: number } | undefined> = {
  NONE: { float: false, bigEndian: true },
  twos: { float: false, bigEndian: true },
  sowt: { float: false, bigEndian: false },
  in24: { float: false, bigEndian: true, bits: 24 },
  in32: { float: false, bigEndian: true, bits: 32 },
  fl32: { float: true, bigEndian: true, bits: 32 },
  FL32: { float: true, bigEndian: true, bits: 32 },
  fl64: { float: true, bigEndian: true, bits: 64 },
  FL64: { float: true, bigEndian: true, bits: 64 },
}

/** The 80-bit IEEE 754 extended (big-endian) number AIFF stores its sample rate in. */
export function extended80(b: Uint8Array, at: number): number {
  const exponent = ((b[at] & 0x7f) << 8) | b[at + 1]
  let mantissa = 0
  for (let i = 0; i < 8; i++) mantissa = mantissa * 256 + b[at + 2 + i]
  if (exponent === 0 && mantissa === 0) return 0
  if (exponent === 0x7fff) return NaN
  const value = mantissa * 2 ** (exponent - 16383 - 63)
  return b[at] & 0x80 ? -value : value
}

/**
 * Walks the chunks of a FORM/AIFF or FORM/AIFC file (the caller has checked the magic). null when
 * the samples are in an AIFF-C codec other than plain PCM/float (audio-decode's job).
 */
export async function scanAiff(r: ByteReader): Promise<AiffLayout | null> {
  const len = r.size
  const head = await r.read(0, 12)
  if (head.length < 12) throw bad(`truncated AIFF: ${head.length}-byte file ends inside the FORM header`)
  const aifc = ascii(head, 8, 4) === 'AIFC'
  const kind = aifc ? 'AIFF-C' : 'AIFF'
  let comm: { channels: number; frames: number; bits: number; rate: number; compression: string } | null = null
  let data: { start: number; bytes: number } | null = null
  let declared = 0
  const warnings: string[] = []
  let pos = 12
  for (let count = 0; pos + 8 <= len; count++) {
    if (count >= MAX_CHUNKS) throw bad(`bad ${kind}: more than ${MAX_CHUNKS} chunks`)
    const h = await r.read(pos, 8)
    const id = ascii(h, 0, 4)
    const size = new DataView(h.buffer, h.byteOffset, 8).getUint32(4, false)
    const body = pos + 8
    const present = len - body
    if (id === 'COMM') {
      const b = await r.read(body, Math.min(size, 64))
      if (b.length < 18) throw bad(`bad ${kind}: COMM chunk is ${b.length} bytes (needs 18)`)
      const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
      const compression = aifc ? (b.length >= 22 ? ascii(b, 18, 4) : 'NONE') : 'NONE'
      comm = { channels: dv.getInt16(0, false), frames: dv.getUint32(2, false), bits: dv.getInt16(6, false), rate: extended80(b, 8), compression }
    } else if (id === 'SSND' && !data) {
      const b = await r.read(body, 8)
      if (b.length < 8) throw bad(`truncated ${kind}: file ends inside the SSND chunk header`)
      const offset = new DataView(b.buffer, b.byteOffset, 8).getUint32(0, false)
      const start = body + 8 + offset
      declared = Math.max(0, size - 8 - offset)
      data = { start, bytes: Math.max(0, Math.min(declared, len - start)) }
      if (size > present) break // the samples run to the end of the file: nothing after them
    } else if (size > present) {
      if (!data) throw bad(`truncated ${kind}: ${chunkLabel(id)} chunk declares ${size} bytes, file has ${present}`)
      warnings.push(`${kind} ends inside a trailing ${chunkLabel(id)} chunk (ignored)`)
      break
    }
    pos = body + size + (size & 1) // chunks are padded to even sizes
  }
  if (!comm) throw bad(`bad ${kind}: no COMM chunk`)
  const { channels, bits, rate } = comm
  if (channels < 1) throw bad(`bad ${kind}: COMM declares ${channels} channels`)
  if (!(rate >= 1 && rate <= 0xffffffff)) throw bad(`bad ${kind}: COMM declares sample rate ${rate}`)
  const plain = PLAIN[comm.compression]
  if (!plain) return null
  const sampleBits = plain.bits ?? bits
  if (plain.float ? sampleBits !== 32 && sampleBits !== 64 : sampleBits < 1 || sampleBits > 32) {
    throw bad(`unsupported ${kind}: ${sampleBits}-bit ${plain.float ? 'float' : 'PCM'}`)
  }
  const bytes = Math.ceil(sampleBits / 8)
  const blockAlign = bytes * channels
  if (!data) {
    if (comm.frames === 0) throw bad('empty audio: 0 samples')
    throw bad(`bad ${kind}: no SSND chunk (the samples)`)
  }
  // COMM's frame count is the truth; SSND may carry padding after it.
  const want = comm.frames * blockAlign
  if (data.bytes > want) data = { start: data.start, bytes: want }
  else if (data.bytes < want) {
    const frames = Math.floor(data.bytes / blockAlign)
    warnings.push(
      `truncated ${kind}: file ends early at ${clockTime(frames / rate)} (COMM declares ${comm.frames} frames, file has ${frames}); decoded what is there`,
    )
  }
  const fmt: FmtChunk = {
    tag: plain.float ? 3 : 1,
    channels,
    sampleRate: Math.round(rate),
    blockAlign,
    bits: sampleBits,
    bigEndian: plain.bigEndian,
    signed8: true,
  }
  if (fmt.sampleRate !== rate) warnings.push(`${kind} sample rate ${rate} Hz read as ${fmt.sampleRate} Hz`)
  const order = plain.bigEndian ? '' : ' (little-endian)'
  const format = plain.float ? `${kind} ${bytes * 8}-bit float` : `${kind} ${sampleBits <= 8 ? 8 : bytes * 8}-bit PCM${order}`
  return { fmt, bytes, data, format, warnings }
}
