// Reading past a damaged FLAC frame. The decoder stops at the first frame it cannot decode, so one
// flipped byte early in a file used to cost everything after it. FLAC frames start with a sync code and
// a header that names where they belong (frame or sample number) and carries its own CRC-8, so the
// rest of the stream can be found, decoded on its own and put back at its place, with the damaged
// stretch left silent: the timing of everything after the damage is kept.
import { clockTime, memoryReader, type ByteReader } from './wav-format'

/** What STREAMINFO (the first metadata block) says. */
export interface FlacStreamInfo {
  bits: number
  /** total samples per channel, 0 = unknown */
  frames: number
  rate: number
  channels: number
  minBlock: number
  maxBlock: number
}

/** STREAMINFO when it is the first metadata block (as the format requires), or null. */
export function readStreamInfo(b: Uint8Array): FlacStreamInfo | null {
  const s = 8 // 'fLaC' + the 4-byte metadata block header
  if (b.length < s + 34 || b[0] !== 0x66 || b[1] !== 0x4c || b[2] !== 0x61 || b[3] !== 0x43 || (b[4] & 0x7f) !== 0) return null
  return {
    minBlock: (b[s] << 8) | b[s + 1],
    maxBlock: (b[s + 2] << 8) | b[s + 3],
    rate: (b[s + 10] << 12) | (b[s + 11] << 4) | (b[s + 12] >> 4),
    channels: ((b[s + 12] >> 1) & 0x07) + 1,
    bits: (((b[s + 12] & 0x01) << 4) | (b[s + 13] >> 4)) + 1,
    frames: (b[s + 13] & 0x0f) * 2 ** 32 + ((b[s + 14] << 24) >>> 0) + (b[s + 15] << 16) + (b[s + 16] << 8) + b[s + 17],
  }
}

function crc8(b: Uint8Array, from: number, to: number): number {
  let c = 0
  for (let i = from; i < to; i++) {
    c ^= b[i]
    for (let k = 0; k < 8; k++) c = c & 0x80 ? ((c << 1) ^ 0x07) & 0xff : (c << 1) & 0xff
  }
  return c
}

const RATES = [0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000]
const BITS = [0, 8, 12, -1, 16, 20, 24, 32]

/**
 * The frame header at byte `p`, when there is a valid one that fits the stream: its first sample
 * (per channel) and block size. Checks the sync code, reserved bits, every field against STREAMINFO
 * and the header's CRC-8, so a chance 0xFFF8 inside audio data is rarely taken for a frame.
 */
export function frameHeaderAt(b: Uint8Array, p: number, info: FlacStreamInfo): { sample: number; block: number } | null {
  if (p + 6 > b.length || b[p] !== 0xff || (b[p + 1] & 0xfe) !== 0xf8) return null
  const variable = (b[p + 1] & 1) === 1
  const blockCode = b[p + 2] >> 4
  const rateCode = b[p + 2] & 0x0f
  const chanCode = b[p + 3] >> 4
  const bitsCode = (b[p + 3] >> 1) & 0x07
  if (blockCode === 0 || rateCode === 15 || chanCode > 10 || (b[p + 3] & 1) !== 0 || bitsCode === 3) return null
  if ((chanCode < 8 ? chanCode + 1 : 2) !== info.channels) return null
  if (bitsCode !== 0 && BITS[bitsCode] !== info.bits) return null
  if (rateCode >= 1 && rateCode <= 11 && RATES[rateCode] !== info.rate) return null
  // The UTF-8-style coded frame or sample number.
  let q = p + 4
  const first = b[q++]
  let extra: number
  let number: number
  if (first < 0x80) [extra, number] = [0, first]
  else if ((first & 0xe0) === 0xc0) [extra, number] = [1, first & 0x1f]
  else if ((first & 0xf0) === 0xe0) [extra, number] = [2, first & 0x0f]
  else if ((first & 0xf8) === 0xf0) [extra, number] = [3, first & 0x07]
  else if ((first & 0xfc) === 0xf8) [extra, number] = [4, first & 0x03]
  else if ((first & 0xfe) === 0xfc) [extra, number] = [5, first & 0x01]
  else if (first === 0xfe) [extra, number] = [6, 0]
  else return null
  if (q + extra + 3 > b.length) return null
  for (let k = 0; k < extra; k++) {
    const c = b[q++]
    if ((c & 0xc0) !== 0x80) return null
    number = number * 64 + (c & 0x3f)
  }
  let block: number
  if (blockCode === 1) block = 192
  else if (blockCode <= 5) block = 576 * 2 ** (blockCode - 2)
  else if (blockCode === 6) block = b[q++] + 1
  else if (blockCode === 7) block = ((b[q++] << 8) | b[q++]) + 1
  else block = 256 * 2 ** (blockCode - 8)
  if (rateCode === 12) q += 1
  else if (rateCode === 13 || rateCode === 14) q += 2
  if (q >= b.length || crc8(b, p, q) !== b[q]) return null
  if (block > info.maxBlock && info.maxBlock >= 16) return null
  const sample = variable ? number : number * (info.minBlock === info.maxBlock ? info.maxBlock : block)
  if (info.frames > 0 && sample >= info.frames) return null
  return { sample, block }
}

/** A stream of only STREAMINFO (count and checksum cleared) and the frames from byte `offset` on. */
export function tailStream(b: Uint8Array, offset: number): Uint8Array {
  const out = new Uint8Array(8 + 34 + (b.length - offset))
  out.set([0x66, 0x4c, 0x61, 0x43, 0x80, 0, 0, 34])
  out.set(b.subarray(8, 8 + 34), 8)
  out[8 + 13] &= 0xf0 // total samples unknown (36 bits) and no MD5: the tail is not the whole stream
  out.fill(0, 8 + 14, 8 + 34)
  out.set(b.subarray(offset), 42)
  return out
}

export interface FlacRepair {
  channels: Float32Array[]
  /** samples per channel left silent in place of damaged frames */
  silenced: number
  /** how many damaged stretches were skipped */
  places: number
  /** where the first one starts (samples) */
  firstAt: number
}

/** At most this many damaged stretches are bridged; a file worse than that is left where it stops. */
export const MAX_FLAC_REPAIRS = 32

/**
 * Decodes past damaged frames of a stream held in memory (streamRepairFlac's walk, the parts kept as
 * arrays): the decoded audio is extended to STREAMINFO's length where valid frames follow the damage,
 * silence between. Returns null when nothing could be added (a file that is only cut short).
 */
export async function repairFlac(
  b: Uint8Array,
  info: FlacStreamInfo,
  first: Float32Array[],
  decode: (bytes: Uint8Array) => Promise<Float32Array[]>,
): Promise<FlacRepair | null> {
  const pieces: { at: number; data: Float32Array[] }[] = [{ at: 0, data: first }]
  const walk = await streamRepairFlac(memoryReader(b), info, first[0].length, async (offset, header, atFrame) => {
    const data = await decode(concatBytes(header, b.subarray(offset)))
    if (data.length !== first.length || !data[0].length) throw new Error('no audio from here')
    pieces.push({ at: atFrame, data })
    return { frames: data[0].length, nonFinite: 0 }
  })
  if (!walk.places) return null
  const channels = first.map(() => new Float32Array(walk.end))
  for (const { at, data } of pieces) data.forEach((d, c) => channels[c].set(d.subarray(0, Math.max(0, walk.end - at)), at))
  return { channels, silenced: walk.silenced, places: walk.places, firstAt: walk.firstAt }
}

/** a then b, as one array. */
export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}

/** The first valid frame header at or after byte `from` whose first sample is after `after` (the file read in blocks). */
export async function nextFrameIn(r: ByteReader, from: number, after: number, info: FlacStreamInfo): Promise<{ offset: number; sample: number } | null> {
  const BLOCK = 1 << 20
  for (let pos = from; pos < r.size; pos += BLOCK) {
    const bytes = await r.read(pos, BLOCK + 32) // headers are at most 16 bytes: one that spans blocks is whole here
    for (let p = bytes.indexOf(0xff); p >= 0 && p < BLOCK; p = bytes.indexOf(0xff, p + 1)) {
      const h = frameHeaderAt(bytes, p, info)
      if (h && h.sample > after) return { offset: pos + p, sample: h.sample }
    }
  }
  return null
}

/** One decoded part of a stream: its frame count (and what the decoder reported on the way). */
export interface PartResult {
  frames: number
  nonFinite: number
  logs?: string[]
  restartWith?: number
}

/**
 * repairFlac for a file decoded in a stream: `decodeFrom(offset, header, atFrame, gapFrom)` decodes the
 * file from byte `offset` (after the stream header) into the output from frame `atFrame` on.
 */
export async function streamRepairFlac(
  r: ByteReader,
  info: FlacStreamInfo,
  decoded: number,
  decodeFrom: (offset: number, header: Uint8Array, atFrame: number, gapFrom: number) => Promise<PartResult>,
): Promise<{ end: number; places: number; silenced: number; firstAt: number; nonFinite: number; logs: string[] }> {
  const header = tailStream(await r.read(0, 42), 42)
  const out = { end: decoded, places: 0, silenced: 0, firstAt: -1, nonFinite: 0, logs: [] as string[] }
  let from = 0
  for (let round = 0; round < MAX_FLAC_REPAIRS && out.end < info.frames; round++) {
    let found = await nextFrameIn(r, from, out.end, info)
    let got: PartResult | null = null
    while (found) {
      got = await decodeFrom(found.offset, header, found.sample, out.end).catch(() => null)
      if (got && !got.restartWith && got.frames > 0) break
      got = null
      found = await nextFrameIn(r, found.offset + 1, out.end, info) // a chance sync code, or damage again
    }
    if (!found || !got) break
    if (out.firstAt < 0) out.firstAt = out.end
    out.silenced += found.sample - out.end
    out.places++
    out.end = Math.min(info.frames, found.sample + got.frames)
    out.nonFinite += got.nonFinite
    out.logs.push(...(got.logs ?? []))
    from = found.offset + 1
  }
  return out
}

/** The warning for frames that could not be decoded and were left silent. */
export function flacDamage(r: { places: number; silenced: number; firstAt: number }, rate: number): string {
  const where = r.places === 1 ? `at ${clockTime(r.firstAt / rate)}` : `in ${r.places} places, the first at ${clockTime(r.firstAt / rate)}`
  return `damaged FLAC: ${(r.silenced / rate).toFixed(2)} s could not be decoded ${where} and is silent; the audio after it keeps its timing`
}
