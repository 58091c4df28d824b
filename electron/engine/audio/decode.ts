// Audio file decoding. The container is sniffed from magic bytes (never the extension). WAV goes
// through our own RIFF parser, which checks every chunk size and reports exactly what is wrong;
// FLAC, MP3, Ogg (Vorbis/Opus) and the rest of audio-decode's formats go through audio-decode.
//
// Truncation policy: if a file is cut short but whole sample frames are present, we decode what is
// there and say so in `warnings` (a crashed recorder's file is still worth opening); if nothing
// usable is present, it is an error. Every failure is EngineError(…, 'BAD_AUDIO') with one line.

import audioDecode from 'audio-decode'
import { readFile, stat } from 'node:fs/promises'
import { SUPPORTED_FORMATS } from '../../shared/formats'
import { EngineError, type PcmAudio } from '../types'
import { scanAiff, type AiffLayout } from './aiff-format'
import { flacDamage, readStreamInfo, repairFlac } from './flac-frames'
import { collectDecoderLogs, decoderWarning } from './decoder-logs'
import {
  ascii,
  clockTime,
  memoryReader,
  pcmContainerBytes,
  readSamplesInto,
  replaceNonFinite,
  scanWav,
  truncationWarning,
  WAV_CODEC_NAMES,
  wavFormatName,
  type ByteReader,
  type FmtChunk,
} from './wav-format'

export interface DecodedAudio extends PcmAudio {
  /** What the bytes were, e.g. "WAV 24-bit PCM", "FLAC 16-bit", "Ogg Opus". */
  format: string
  /** Non-fatal problems, each one line (truncation, stray bytes, non-finite samples replaced). */
  warnings: string[]
}

export type Container = 'wav' | 'aiff' | 'flac' | 'ogg' | 'mp3' | 'other'

const bad = (message: string) => new EngineError(message, 'BAD_AUDIO')

/** Decode a whole audio file held in memory. `nameHint` only prefixes error messages. */
export async function decodeAudio(bytes: Uint8Array, nameHint?: string): Promise<DecodedAudio> {
  try {
    return await decodeBytes(bytes)
  } catch (e) {
    const err =
      e instanceof EngineError
        ? e
        : e instanceof RangeError
          ? bad(`audio too large to decode in memory (${bytes.length} bytes)`)
          : bad(`could not decode audio: ${errorText(e)}`)
    if (nameHint) err.message = `${nameHint}: ${err.message}`
    throw err
  }
}

/** Read and decode an audio file; missing files, folders and unreadable files get clear errors. */
export async function readAudioFile(path: string): Promise<DecodedAudio> {
  let bytes: Uint8Array
  try {
    const st = await stat(path)
    if (st.isDirectory()) throw bad(`${path}: is a folder, not an audio file`)
    if (!st.isFile()) throw bad(`${path}: not a regular file`)
    bytes = await readFile(path)
  } catch (e) {
    if (e instanceof EngineError) throw e
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw bad(`audio file not found: ${path}`)
    if (code === 'EACCES' || code === 'EPERM') throw bad(`${path}: permission denied`)
    throw bad(`${path}: cannot read file (${errorText(e)})`)
  }
  return decodeAudio(bytes, path)
}

/**
 * Audio formats known by their header that neither our parsers nor audio-decode read (it opens CAF,
 * WavPack, WMA… itself, so those are not listed). Named, so the user learns what the file is and that
 * it needs converting, rather than "not an audio file (unknown header '.snd')".
 */
const UNSUPPORTED_HEADERS: { magic: string; at?: number; name: string }[] = [
  { magic: '.snd', name: 'Sun/NeXT audio (.au, .snd)' },
  { magic: 'dns.', name: 'Sun/NeXT audio (.au, .snd; little-endian)' },
  { magic: '8SVX', at: 8, name: 'IFF 8SVX (Amiga)' },
  { magic: 'Creative Voice File', name: 'Creative Voice (.voc)' },
  { magic: 'MThd', name: 'MIDI (.mid): notes, not recorded sound' },
]

/** The name of an audio format this app knows but does not open, from the file's first bytes; null otherwise. */
export function unsupportedFormat(b: Uint8Array): string | null {
  for (const { magic, at = 0, name } of UNSUPPORTED_HEADERS) if (ascii(b, at, magic.length) === magic) return name
  return null
}

export function unsupportedFormatError(name: string): EngineError {
  return bad(`unsupported audio format: ${name}; this app opens ${SUPPORTED_FORMATS} (convert it first, e.g. with sox or ffmpeg)`)
}

async function decodeBytes(b: Uint8Array): Promise<DecodedAudio> {
  if (b.length === 0) throw bad('empty file: 0 bytes')
  const container = sniff(b)
  if (container === 'wav') return decodeWav(b)
  if (container === 'aiff') {
    const layout = await scanAiff(memoryReader(b))
    if (layout) return decodeAiff(b, layout)
  }
  return decodeWithLibrary(b, container)
}

/** First bytes, printable ASCII as is and the rest as \xNN, for "unknown header" messages. */
export function showHeader(b: Uint8Array): string {
  let s = ''
  for (const c of b.subarray(0, 4)) {
    s += c >= 0x20 && c < 0x7f && c !== 0x27 && c !== 0x5c ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`
  }
  return `'${s}'`
}

export function sniff(b: Uint8Array): Container {
  const magic = ascii(b, 0, 4)
  if (magic === 'RIFF') {
    if (b.length >= 12 && ascii(b, 8, 4) === 'WAVE') return 'wav'
    if (b.length < 12) throw bad(`truncated WAV: ${b.length}-byte file ends inside the RIFF header`)
    throw bad(`not an audio file (RIFF form '${ascii(b, 8, 4)}', expected 'WAVE')`)
  }
  if (magic === 'RIFX') throw bad('unsupported WAV: big-endian (RIFX)')
  if (magic === 'RF64' || magic === 'BW64') {
    // 64-bit WAV (EBU Tech 3306 / ITU BS.2088): recorders write it for takes over 4 GB.
    if (b.length >= 12 && ascii(b, 8, 4) === 'WAVE') return 'wav'
    if (b.length < 12) throw bad(`truncated WAV: ${b.length}-byte file ends inside the ${magic} header`)
    throw bad(`not an audio file (${magic} form '${ascii(b, 8, 4)}', expected 'WAVE')`)
  }
  if (magic === 'FORM' && b.length >= 12 && (ascii(b, 8, 4) === 'AIFF' || ascii(b, 8, 4) === 'AIFC')) return 'aiff'
  if (magic === 'fLaC') return 'flac'
  if (magic === 'OggS') return 'ogg'
  if (magic.startsWith('ID3')) {
    // ID3v2 tag (syncsafe size) in front of MP3 frames, or occasionally of a FLAC stream.
    const after = 10 + ((b[6] & 0x7f) << 21) + ((b[7] & 0x7f) << 14) + ((b[8] & 0x7f) << 7) + (b[9] & 0x7f)
    return ascii(b, after, 4) === 'fLaC' ? 'flac' : 'mp3'
  }
  // MPEG audio frame sync (11 set bits) with layer I–III; layer bits 00 would be AAC (ADTS).
  if (b.length >= 2 && b[0] === 0xff && (b[1] & 0xe0) === 0xe0 && (b[1] & 0x06) !== 0) return 'mp3'
  return 'other'
}

// ---------------------------------------------------------------- WAV

async function decodeWav(b: Uint8Array): Promise<DecodedAudio> {
  const layout = await scanWav(memoryReader(b))
  const { fmt, data, factFrames, cutShort } = layout
  const warnings = [...layout.warnings]
  const bytesPerSample = pcmContainerBytes(fmt)
  const format = wavFormatName(fmt, bytesPerSample, layout.form)
  const frames = Math.floor(data.bytes / fmt.blockAlign)
  if (layout.declaredBytes !== null) warnings.push(truncationWarning(layout.declaredBytes, data.bytes, frames, fmt.sampleRate))
  const stray = data.bytes - frames * fmt.blockAlign
  if (stray > 0 && bytesPerSample > 0 && !cutShort) {
    warnings.push(`WAV data has ${stray} stray bytes after the last whole frame (ignored)`)
  }
  if (frames === 0) throw bad('empty audio: 0 samples')

  let channels: Float32Array[]
  if (bytesPerSample === 0) {
    if (layout.form !== 'RIFF') throw bad(`unsupported WAV: ${WAV_CODEC_NAMES[fmt.tag]} in a 64-bit (${layout.form}) file`)
    channels = await decodeWavWithLibrary(b, fmt, data, factFrames)
  } else {
    channels = readPcm(b, fmt, bytesPerSample, data.start, frames, warnings)
  }
  return { sampleRate: fmt.sampleRate, channels, format, warnings }
}

/** PCM/float frames of a WAV or AIFF in memory as planar float32; non-finite floats become 0 (noted in warnings). */
function readPcm(b: Uint8Array, fmt: FmtChunk, bytes: number, start: number, frames: number, warnings: string[]): Float32Array[] {
  const channels = Array.from({ length: fmt.channels }, () => new Float32Array(frames))
  readSamplesInto(new DataView(b.buffer, b.byteOffset, b.byteLength), start, frames, fmt, bytes, channels)
  const replaced = fmt.tag === 3 ? replaceNonFinite(channels) : 0
  if (replaced > 0) warnings.push(`${replaced} non-finite float samples (NaN/Inf) replaced by 0`)
  return channels
}

/** ADPCM and G.711 WAVs: audio-decode decodes the samples; the fact chunk gives the true length. */
async function decodeWavWithLibrary(
  b: Uint8Array,
  f: FmtChunk,
  data: { start: number; bytes: number },
  factFrames: number,
): Promise<Float32Array[]> {
  const name = WAV_CODEC_NAMES[f.tag]
  const got = await collectDecoderLogs([], () => audioDecode(b.subarray(0, data.start + data.bytes))).catch((e: unknown) => {
    throw bad(`could not decode WAV ${name}: ${errorText(e)}`)
  })
  const channels = got.channelData
  if (channels.length !== f.channels || channels[0].length === 0) throw bad(`could not decode WAV ${name}: no samples`)
  // Block codecs pad the last block; the fact chunk says how many frames are real.
  const n = factFrames >= 0 ? Math.min(factFrames, channels[0].length) : channels[0].length
  if (n === 0) throw bad('empty audio: 0 samples')
  return channels.map((c) => c.slice(0, n))
}

// ---------------------------------------------------------------- AIFF

/** Plain PCM/float AIFF: our own reader, so the samples are exact (aiff-format.ts). */
function decodeAiff(b: Uint8Array, layout: AiffLayout): DecodedAudio {
  const { fmt, bytes, data } = layout
  const frames = Math.floor(data.bytes / fmt.blockAlign)
  if (frames === 0) throw bad('empty audio: 0 samples')
  const warnings = [...layout.warnings]
  const channels = readPcm(b, fmt, bytes, data.start, frames, warnings)
  return { sampleRate: fmt.sampleRate, channels, format: layout.format, warnings }
}

// ---------------------------------------------------------------- other containers

export const CONTAINER_NAMES: Record<Container, string> = { wav: 'WAV', aiff: 'AIFF', flac: 'FLAC', ogg: 'Ogg', mp3: 'MP3', other: 'audio' }

async function decodeWithLibrary(b: Uint8Array, container: Container): Promise<DecodedAudio> {
  const name = container === 'ogg' ? oggCodecName(b) : CONTAINER_NAMES[container]
  let got: { channelData: Float32Array[]; sampleRate: number }
  const logs: string[] = []
  try {
    got = await collectDecoderLogs(logs, () => audioDecode(b))
  } catch (e) {
    if (container === 'other' && /unknown audio format|no decoder for/i.test(errorText(e))) {
      const unsupported = unsupportedFormat(b)
      if (unsupported) throw unsupportedFormatError(unsupported)
      throw bad(`not an audio file (unknown header ${showHeader(b)}); this app opens ${SUPPORTED_FORMATS}`)
    }
    if (ascii(b, 4, 4) === 'ftyp' && /no audio track/i.test(errorText(e))) {
      // An MP4 written front to back keeps its index (the moov box) at the end: a cut-off file loses it.
      let indexed = false
      for (let i = 0; i + 4 <= b.length && !indexed; i++) indexed = b[i] === 0x6d && b[i + 1] === 0x6f && b[i + 2] === 0x6f && b[i + 3] === 0x76 // "moov"
      throw bad(`could not decode MP4 audio: no audio track found${indexed ? '' : ' (the file has no index: it is probably cut off, and an MP4 keeps its index at the end)'}`)
    }
    throw bad(`could not decode ${name}: ${errorText(e)}`)
  }
  let channels = got.channelData
  if (channels.length === 0 || channels[0].length === 0 || !(got.sampleRate > 0)) {
    // audio-decode reports damage by returning nothing rather than throwing.
    throw bad(`could not decode ${name}: no audio frames found (empty, damaged or truncated file)`)
  }
  let n = channels[0].length
  if (channels.some((c) => c.length !== n)) throw bad(`could not decode ${name}: channels have different lengths`)
  const warnings: string[] = []
  let format = container === 'other' ? (ascii(b, 4, 4) === 'ftyp' ? 'MP4 audio' : 'audio') : name
  if (container === 'flac') {
    const info = readStreamInfo(b)
    if (info) format = `FLAC ${info.bits}-bit` // the bit depth says what an export keeps
    const repair = info && info.frames > n ? await repairFlac(b, info, channels, async (x) => (await audioDecode(x)).channelData) : null
    if (repair) {
      warnings.push(flacDamage(repair, got.sampleRate))
      channels = repair.channels
      n = channels[0].length
    }
    if (info && info.frames > n) warnings.push(flacTruncation(info.frames, n, got.sampleRate))
    if (info && info.bits <= 24) rescaleFlac(channels, info.bits)
  }
  const mp3Declared = container === 'mp3' ? mp3Channels(b) : null
  if (mp3Declared === 1 && channels.length > 1) {
    // Damage that reads as a stereo frame made the decoder give two channels to a mono file.
    channels = [channels[0]]
    warnings.push(`damaged MP3: a mono stream with frames that read as stereo; decoded as mono`)
  }
  // A stereo stream whose channels never differ (a mono recording saved as stereo) decodes as one
  // channel: it stays stereo, as its header says, so an export keeps the channel count.
  if (mp3Declared === 2 && channels.length === 1) channels = [channels[0], channels[0].slice()]
  if (container === 'mp3') {
    const info = mp3Info(b)
    const missing = info ? mp3Missing(info, n, b.length) : null
    if (missing) warnings.push(missing.replace('{at}', clockTime(n / got.sampleRate)))
  }
  if (container === 'ogg') {
    warnings.push(...oggWarnings(name, await scanOgg(memoryReader(b)), n, got.sampleRate))
  }
  if (format === 'MP4 audio') {
    const declared = mp4AudioSamples(b, got.sampleRate)
    // The header's duration includes the encoder's priming (up to 2112 samples) that the decoder drops.
    if (declared !== null && declared - n > MP4_PRIMING_SLACK) {
      warnings.push(`damaged or cut MP4 audio: about ${declared - n} samples fewer than its header declares (${declared}, decoded ${n}); where frames were lost, the audio after them comes early`)
    }
  }
  const replaced = replaceNonFinite(channels)
  if (replaced > 0) warnings.push(`${replaced} non-finite samples (NaN/Inf) replaced by 0`)
  const reported = decoderWarning(name, logs)
  if (reported) warnings.push(reported)
  return { sampleRate: got.sampleRate, channels, format, warnings }
}

/** What an MP3's Xing/Info header (written by LAME and most encoders) says about the whole stream. */
export interface Mp3Info {
  /** samples per channel the stream decodes to: frames × samples per frame − encoder delay − padding */
  samples: number
  /** the stream's length in bytes from the first frame, when the header gives it */
  bytes: number | null
  /** where the first frame starts in the file */
  start: number
  /** samples per channel in one frame: 1152 (MPEG-1) or 576 (MPEG-2 and 2.5, the low rates) */
  perFrame: number
}

/** Bytes of the ID3v2 tag at the start of `b` (0 without one): the MPEG frames start after it. */
export function id3Size(b: Uint8Array): number {
  return ascii(b, 0, 3) === 'ID3' && b.length >= 10 ? 10 + ((b[6] & 0x7f) << 21) + ((b[7] & 0x7f) << 14) + ((b[8] & 0x7f) << 7) + (b[9] & 0x7f) : 0
}

/** Reads the Xing/Info header through a reader (the first frame after the ID3 tag), for streamed files. */
export async function mp3InfoOf(r: ByteReader): Promise<Mp3Info | null> {
  const skip = id3Size(await r.read(0, 10))
  const info = mp3Info(await r.read(skip, skip + 4096))
  return info && { ...info, start: info.start + skip }
}

/** mp3Channels of a file read in pieces: the first frame after an ID3 tag of any size (cover art runs past 64 KB). */
export async function mp3ChannelsOf(r: ByteReader): Promise<number | null> {
  const skip = id3Size(await r.read(0, 10))
  return mp3Channels(await r.read(skip, skip + (1 << 16)))
}

/**
 * Channels of the first MPEG audio frame (1 for mono mode, else 2), or null if no frame is found. An MP3
 * does not switch from mono to stereo mid-stream, so a "stereo" frame later in a mono file is damage.
 */
export function mp3Channels(b: Uint8Array): number | null {
  let p = id3Size(b)
  while (p + 4 <= b.length && !(b[p] === 0xff && (b[p + 1] & 0xe0) === 0xe0 && ((b[p + 1] >> 1) & 0x03) !== 0)) p++
  return p + 4 > b.length ? null : b[p + 3] >> 6 === 3 ? 1 : 2
}

/** The Xing/Info header of the first MPEG Layer III frame, or null (none, or not a stream we know). */
export function mp3Info(b: Uint8Array): Mp3Info | null {
  let p = id3Size(b)
  while (p + 4 <= b.length && !(b[p] === 0xff && (b[p + 1] & 0xe0) === 0xe0)) p++ // to the first frame sync
  if (p + 4 > b.length) return null
  const version = (b[p + 1] >> 3) & 0x03 // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
  const layer = (b[p + 1] >> 1) & 0x03 // 1: Layer III
  if (version === 1 || layer !== 1) return null
  const mono = (b[p + 3] >> 6) === 3
  const side = version === 3 ? (mono ? 17 : 32) : mono ? 9 : 17
  const x = p + 4 + side
  const tag = ascii(b, x, 4)
  if ((tag !== 'Xing' && tag !== 'Info') || x + 16 > b.length) return null
  const u32 = (at: number) => ((b[at] << 24) >>> 0) + (b[at + 1] << 16) + (b[at + 2] << 8) + b[at + 3]
  const flags = u32(x + 4)
  if (!(flags & 1)) return null
  let at = x + 8
  const frames = u32(at)
  at += 4
  const bytes = flags & 2 ? u32(at) : null
  if (flags & 2) at += 4
  if (flags & 4) at += 100
  if (flags & 8) at += 4
  // The LAME extension: encoder delay and padding (12 bits each), which gapless decoders drop.
  let delay = 0
  let padding = 0
  if (at + 24 <= b.length && /^(LAME|Lavc|Lavf)/.test(ascii(b, at, 4))) {
    delay = (b[at + 21] << 4) | (b[at + 22] >> 4)
    padding = ((b[at + 22] & 0x0f) << 8) | b[at + 23]
  }
  const perFrame = version === 3 ? 1152 : 576
  return { samples: Math.max(0, frames * perFrame - delay - padding), bytes, start: p, perFrame }
}

/**
 * The warning for an MP3 that decodes to less than its header declares (more than a frame short), or
 * null: cut off (fewer bytes than the header counts) or damaged (frames the decoder dropped, so what
 * follows comes early). `{at}` stands for where the decoded audio ends.
 */
export function mp3Missing(info: Mp3Info, decoded: number, fileBytes: number): string | null {
  if (decoded >= info.samples - info.perFrame) return null
  const declared = `header declares ${info.samples} samples, decoded ${decoded}`
  if (info.bytes !== null && fileBytes - info.start < info.bytes) return `truncated MP3: file ends early at {at} (${declared}); decoded what is there`
  return `damaged MP3: ${info.samples - decoded} samples could not be decoded (${declared}), so the audio after the damage comes early`
}

/** Samples an MP4's header may count beyond what a decoder gives: AAC priming (≤ 2112) and a frame. */
const MP4_PRIMING_SLACK = 2112 + 1024

/**
 * Samples of the sound track by its media header (`mdhd` duration in its timescale, at `rate`), or null.
 * The `mdhd` taken is the one whose `hdlr` (it follows in the same `mdia`) says `soun`.
 */
export function mp4AudioSamples(b: Uint8Array, rate: number): number | null {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  for (let i = 4; i + 36 <= b.length; i++) {
    if (b[i] !== 0x6d || b[i + 1] !== 0x64 || b[i + 2] !== 0x68 || b[i + 3] !== 0x64) continue // "mdhd"
    const box = i - 4
    const version = b[box + 8]
    const timescale = version === 1 ? dv.getUint32(box + 28) : dv.getUint32(box + 20)
    const duration = version === 1 ? Number(dv.getBigUint64(box + 32)) : dv.getUint32(box + 24)
    const near = ascii(b, i, Math.min(b.length, i + 160) - i)
    if (!near.includes('hdlr') || !near.includes('soun') || !(timescale > 0)) continue
    return Math.round((duration / timescale) * rate)
  }
  return null
}

/** The warning for a FLAC stream that stops before STREAMINFO's sample count. */
export function flacTruncation(declared: number, decoded: number, rate: number): string {
  // A cut-off file and a damaged frame look the same to the decoder (it stops at the first bad frame).
  return `truncated or damaged FLAC: the audio stops early at ${clockTime(decoded / rate)} (header declares ${declared} samples, decoded ${decoded})`
}

/** The warning for an Ogg stream cut off inside a page or without its end-of-stream page. */
export function oggTruncationWarning(name: string, problem: string, decoded: number, rate: number): string {
  return `truncated ${name}: file ends early at ${clockTime(decoded / rate)} (${problem}; decoded ${decoded} samples)`
}

/**
 * The FLAC decoder scales integer samples by 1 / (2^(bits−1) − 1); WAV and our encoder use
 * 1 / 2^(bits−1). Re-scale (when every sample is verifiably an integer on the decoder's grid) so a
 * 16- or 24-bit FLAC decodes to exactly the values its WAV twin does, and re-encodes bit-exactly.
 * At 24 bits float32 holds k / (2^23 − 1) to within a quarter step of the grid (checked for every
 * k), so the test there allows 0.3 of a step; at 16 bits and under, 0.01.
 */
export function rescaleFlac(channels: readonly Float32Array[], bits: number): void {
  const grid = 2 ** (bits - 1) - 1
  const slack = bits <= 16 ? 0.01 : 0.3
  for (const ch of channels) {
    for (let i = 0; i < ch.length; i++) {
      const v = ch[i] * grid
      if (Math.abs(v - Math.round(v)) > slack) return // not the scaling we know: leave it alone
    }
  }
  const scale = 1 / 2 ** (bits - 1)
  for (const ch of channels) for (let i = 0; i < ch.length; i++) ch[i] = Math.round(ch[i] * grid) * scale
}

export function oggCodecName(b: Uint8Array): string {
  const head = ascii(b, 28, 8)
  if (head.startsWith('OpusHead')) return 'Ogg Opus'
  if (head.startsWith('\x01vorbis')) return 'Ogg Vorbis'
  if (head.startsWith('\x7fFLAC')) return 'Ogg FLAC'
  return 'Ogg'
}

/** The Ogg page checksum's table: CRC-32, polynomial 0x04c11db7, not reflected (RFC 3533). */
const OGG_CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let i = 0; i < 256; i++) {
    let r = i << 24
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1
    t[i] = r >>> 0
  }
  return t
})()

/** A page's checksum, computed with its own checksum field (bytes 22–25) read as zeros. */
export function oggPageCrc(page: Uint8Array): number {
  let crc = 0
  for (let i = 0; i < page.length; i++) {
    const b = i >= 22 && i < 26 ? 0 : page[i]
    crc = ((crc << 8) ^ OGG_CRC_TABLE[((crc >>> 24) ^ b) & 0xff]) >>> 0
  }
  return crc
}

/** What a walk over an Ogg file's pages found: where it is cut off, and how many pages fail their CRC. */
export interface OggScan {
  /** a page cut off, or no end-of-stream flag on the last one; null when the file ends cleanly */
  truncation: string | null
  /** pages whose checksum does not match: bytes changed inside the stream (the decoder plays them as noise) */
  damagedPages: number
  /** samples the stream holds by its last page's granule position (less Opus' pre-skip), when that page is whole and ends it */
  samples?: number
}

/** Walks the Ogg pages once: truncation from the page structure, damage from each page's CRC-32. */
export async function scanOgg(r: ByteReader): Promise<OggScan> {
  let pos = 0
  let lastFlags = 0
  let damagedPages = 0
  let granule = -1 // of the last whole page
  let preSkip = 0
  for (;;) {
    const h = await r.read(pos, 27 + 255)
    if (h.length < 27) break
    if (ascii(h, 0, 4) !== 'OggS') {
      // Not where a page should start: bytes changed inside the file. Find the next page and go on, so
      // damage in the middle is not taken for a file cut short (its last page may be whole).
      const next = await findOggPage(r, pos + 1)
      if (next < 0) break
      damagedPages++
      pos = next
      continue
    }
    const segments = h[26]
    if (27 + segments > h.length) return { truncation: 'file ends inside a page header', damagedPages }
    let body = 0
    for (let i = 0; i < segments; i++) body += h[27 + i]
    const end = pos + 27 + segments + body
    if (end > r.size) {
      // A damaged segment table can point past the end; a later page says it was damage, not a cut.
      const next = await findOggPage(r, pos + 4)
      if (next < 0) return { truncation: 'file ends inside a page', damagedPages }
      damagedPages++
      pos = next
      continue
    }
    const page = await r.read(pos, end - pos)
    const stored = (page[22] | (page[23] << 8) | (page[24] << 16) | (page[25] << 24)) >>> 0
    lastFlags = h[5]
    granule = -1
    if (oggPageCrc(page) !== stored) {
      damagedPages++
      // Its header may be wrong too: the next page is where the next "OggS" is.
      const next = await findOggPage(r, pos + 4)
      if (next < 0) break
      pos = next
      continue
    }
    // 64-bit little-endian granule position; the low 48 bits are plenty for any audio file.
    const g = page[6] + page[7] * 2 ** 8 + page[8] * 2 ** 16 + page[9] * 2 ** 24 + page[10] * 2 ** 32 + page[11] * 2 ** 40
    if (page[12] !== 0xff) granule = g
    if (pos === 0 && ascii(page, 27 + segments, 8) === 'OpusHead') preSkip = page[27 + segments + 10] | (page[27 + segments + 11] << 8)
    pos = end
  }
  if (lastFlags & 0x04 && granule >= 0) {
    return { truncation: null, damagedPages, samples: Math.max(0, granule - preSkip) }
  }
  return { truncation: lastFlags & 0x04 ? null : 'the last page is not marked end-of-stream', damagedPages }
}

/** Offset of the next "OggS" capture pattern at or after `from`, or -1. */
async function findOggPage(r: ByteReader, from: number): Promise<number> {
  const CHUNK = 1 << 16
  for (let at = from; at < r.size; at += CHUNK - 3) {
    const b = await r.read(at, Math.min(r.size, at + CHUNK) - at)
    for (let i = 0; i + 4 <= b.length; i++) {
      if (b[i] === 0x4f && b[i + 1] === 0x67 && b[i + 2] === 0x67 && b[i + 3] === 0x53) return at + i
    }
    if (b.length < CHUNK) break
  }
  return -1
}

/** The warnings an Ogg scan gives (truncation, damage), for a stream decoded to `decoded` samples. */
export function oggWarnings(name: string, scan: OggScan, decoded: number, rate: number): string[] {
  return [
    ...(scan.truncation ? [oggTruncationWarning(name, scan.truncation, decoded, rate)] : []),
    ...(scan.damagedPages ? [oggDamageWarning(name, scan.damagedPages, scan.samples !== undefined ? scan.samples - decoded : 0, rate)] : []),
  ]
}

/** The warning for pages that fail their checksum. */
export function oggDamageWarning(name: string, bad: number, missing = 0, rate = 0): string {
  const pages = bad === 1 ? '1 page fails its checksum' : `${bad} pages fail their checksums`
  // The last page's granule position counts the samples the stream should give: fewer means the
  // decoder dropped what it could not read, and everything after it plays early.
  const early = missing > 0.005 * rate && rate > 0 ? `, and ${missing} samples could not be decoded, so the audio after the damage comes ${(missing / rate).toFixed(3)} s early` : ''
  return `damaged ${name}: ${pages} (bytes changed inside the file); the audio there may be garbled${early}`
}

export function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]
}
