// Audio file decoding. The container is sniffed from magic bytes (never the extension). WAV goes
// through our own RIFF parser, which checks every chunk size and reports exactly what is wrong;
// FLAC, MP3, Ogg (Vorbis/Opus) and the rest of audio-decode's formats go through audio-decode.
//
// Truncation policy: if a file is cut short but whole sample frames are present, we decode what is
// there and say so in `warnings` (a crashed recorder's file is still worth opening); if nothing
// usable is present, it is an error. Every failure is EngineError(…, 'BAD_AUDIO') with one line.

import audioDecode from 'audio-decode'
import { readFile, stat } from 'node:fs/promises'
import { EngineError, type PcmAudio } from '../types'

export interface DecodedAudio extends PcmAudio {
  /** What the bytes were, e.g. "WAV 24-bit PCM", "FLAC", "Ogg Opus". */
  format: string
  /** Non-fatal problems, each one line (truncation, stray bytes, non-finite samples replaced). */
  warnings: string[]
}

type Container = 'wav' | 'flac' | 'ogg' | 'mp3' | 'other'

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

async function decodeBytes(b: Uint8Array): Promise<DecodedAudio> {
  if (b.length === 0) throw bad('empty file: 0 bytes')
  const container = sniff(b)
  if (container === 'wav') return decodeWav(b)
  return decodeWithLibrary(b, container)
}

function ascii(b: Uint8Array, at: number, n: number): string {
  return String.fromCharCode(...b.subarray(at, at + n))
}

/** First bytes, printable ASCII as is and the rest as \xNN, for "unknown header" messages. */
function showHeader(b: Uint8Array): string {
  let s = ''
  for (const c of b.subarray(0, 4)) {
    s += c >= 0x20 && c < 0x7f && c !== 0x27 && c !== 0x5c ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`
  }
  return `'${s}'`
}

function sniff(b: Uint8Array): Container {
  const magic = ascii(b, 0, 4)
  if (magic === 'RIFF') {
    if (b.length >= 12 && ascii(b, 8, 4) === 'WAVE') return 'wav'
    if (b.length < 12) throw bad(`truncated WAV: ${b.length}-byte file ends inside the RIFF header`)
    throw bad(`not an audio file (RIFF form '${ascii(b, 8, 4)}', expected 'WAVE')`)
  }
  if (magic === 'RIFX') throw bad('unsupported WAV: big-endian (RIFX)')
  if (magic === 'RF64' || magic === 'BW64') throw bad(`unsupported WAV: ${magic} (over 4 GB); split or convert it`)
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

interface FmtChunk {
  tag: number // format tag, resolved through WAVE_FORMAT_EXTENSIBLE
  channels: number
  sampleRate: number
  blockAlign: number
  bits: number
}

const KSDATAFORMAT_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71]

const WAV_CODEC_NAMES: Record<number, string> = {
  0x0002: 'MS ADPCM',
  0x0006: 'A-law',
  0x0007: 'µ-law',
  0x0011: 'IMA ADPCM',
  0x0022: 'TrueSpeech',
  0x0031: 'GSM 6.10',
  0x0040: 'G.721 ADPCM',
  0x0045: 'G.726 ADPCM',
  0x0050: 'MPEG',
  0x0055: 'MP3',
  0x0161: 'WMA',
  0x2000: 'AC-3',
  0x674f: 'Vorbis',
  0xf1ac: 'FLAC',
}

/** Encodings audio-decode's WAV decoder handles and our own sample reader does not. */
const LIBRARY_WAV_CODECS = new Set([0x0002, 0x0006, 0x0007, 0x0011])

function parseFmt(dv: DataView, at: number, size: number): FmtChunk {
  if (size < 16) throw bad(`bad WAV: fmt chunk is ${size} bytes (needs at least 16)`)
  let tag = dv.getUint16(at, true)
  const channels = dv.getUint16(at + 2, true)
  const sampleRate = dv.getUint32(at + 4, true)
  const blockAlign = dv.getUint16(at + 12, true)
  const bits = dv.getUint16(at + 14, true)
  if (tag === 0xfffe) {
    if (size < 40) throw bad(`bad WAV: extensible fmt chunk is ${size} bytes (needs 40)`)
    tag = dv.getUint16(at + 24, true)
    const tail = KSDATAFORMAT_TAIL.every((v, i) => dv.getUint8(at + 26 + i) === v)
    if (!tail) throw bad('unsupported WAV encoding: unknown extensible sub-format GUID')
  }
  if (channels === 0) throw bad('bad WAV: fmt chunk declares 0 channels')
  if (sampleRate === 0) throw bad('bad WAV: fmt chunk declares sample rate 0')
  if (blockAlign === 0) throw bad('bad WAV: fmt chunk declares block size 0')
  return { tag, channels, sampleRate, blockAlign, bits }
}

/** Bytes per sample of our own reader's encodings, or 0 when audio-decode must do it. */
function pcmContainerBytes(f: FmtChunk): number {
  const bytes = f.blockAlign / f.channels
  if (f.tag === 1) {
    if (!Number.isInteger(bytes) || bytes < 1 || bytes > 4 || f.bits > bytes * 8 || f.bits === 0) {
      throw bad(`unsupported WAV: ${f.bits}-bit PCM in ${f.blockAlign}-byte frames of ${f.channels} channels`)
    }
    return bytes
  }
  if (f.tag === 3) {
    if (bytes !== 4 && bytes !== 8) throw bad(`unsupported WAV: ${f.bits}-bit float (only 32 and 64 are defined)`)
    return bytes
  }
  if (LIBRARY_WAV_CODECS.has(f.tag)) return 0
  const name = WAV_CODEC_NAMES[f.tag] ?? 'unknown'
  throw bad(`unsupported WAV encoding: ${name} (format 0x${f.tag.toString(16).padStart(4, '0')})`)
}

function wavFormatName(f: FmtChunk, bytes: number): string {
  if (f.tag === 1) return `WAV ${bytes === 1 ? '8-bit unsigned' : `${bytes * 8}-bit`} PCM`
  if (f.tag === 3) return `WAV ${bytes * 8}-bit float`
  return `WAV ${WAV_CODEC_NAMES[f.tag]}`
}

async function decodeWav(b: Uint8Array): Promise<DecodedAudio> {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const len = b.length
  const warnings: string[] = []
  const riffEnd = 8 + dv.getUint32(4, true)
  let fmt: FmtChunk | null = null
  let data: { start: number; bytes: number } | null = null
  let factFrames = -1
  let cutShort = false // data runs to the end of the file rather than to its declared size
  let pos = 12
  while (pos + 8 <= len) {
    const id = ascii(b, pos, 4)
    const size = dv.getUint32(pos + 4, true)
    const body = pos + 8
    const present = len - body
    if (id === 'data' && !data) {
      if (size === 0xffffffff || (size === 0 && present > 0 && riffEnd <= body)) {
        // Streaming writers and unfinished recordings leave the size unset: read to the end.
        warnings.push(`WAV data size was never filled in (unfinished recording?); read ${present} bytes to the end of the file`)
        data = { start: body, bytes: present }
        cutShort = true
        break
      }
      if (size > present) {
        if (!fmt) throw bad(`truncated WAV: data chunk declares ${size} bytes, file has ${present}, and no fmt chunk came before it`)
        if (present < fmt.blockAlign) throw bad(`truncated WAV: data chunk declares ${size} bytes, file has ${present}`)
        warnings.push(`truncated WAV: data chunk declares ${size} bytes, file has ${present}; decoded what is there`)
        data = { start: body, bytes: present }
        cutShort = true
        break
      }
      data = { start: body, bytes: size }
    } else if (size > present) {
      if (!data) throw bad(`truncated WAV: '${id}' chunk declares ${size} bytes, file has ${present}`)
      warnings.push(`WAV ends inside a trailing '${id}' chunk (ignored)`)
      break
    } else if (id === 'fmt ') {
      fmt = parseFmt(dv, body, size)
    } else if (id === 'fact' && size >= 4) {
      factFrames = dv.getUint32(body, true)
    }
    pos = body + size + (size & 1) // chunks are padded to even sizes
  }
  if (!fmt) throw bad(len <= 12 ? 'truncated WAV: file ends after the RIFF header' : 'bad WAV: no fmt chunk')
  if (!data) throw bad('bad WAV: no data chunk')

  const bytesPerSample = pcmContainerBytes(fmt)
  const format = wavFormatName(fmt, bytesPerSample)
  const frames = Math.floor(data.bytes / fmt.blockAlign)
  const stray = data.bytes - frames * fmt.blockAlign
  if (stray > 0 && bytesPerSample > 0 && !cutShort) {
    warnings.push(`WAV data has ${stray} stray bytes after the last whole frame (ignored)`)
  }
  if (frames === 0) throw bad('empty audio: 0 samples')

  let channels: Float32Array[]
  if (bytesPerSample === 0) {
    channels = await decodeWavWithLibrary(b, fmt, data, factFrames)
  } else {
    channels = readSamples(dv, data.start, frames, fmt, bytesPerSample)
    const replaced = fmt.tag === 3 ? replaceNonFinite(channels) : 0
    if (replaced > 0) warnings.push(`${replaced} non-finite float samples (NaN/Inf) replaced by 0`)
  }
  return { sampleRate: fmt.sampleRate, channels, format, warnings }
}

/** De-interleave PCM/float samples into planar float32 in [-1, 1] (integers scaled by 2^(bits−1)). */
function readSamples(dv: DataView, start: number, frames: number, f: FmtChunk, bytes: number): Float32Array[] {
  const nch = f.channels
  const channels = Array.from({ length: nch }, () => new Float32Array(frames))
  for (let c = 0; c < nch; c++) {
    const out = channels[c]
    let p = start + c * bytes
    const stride = f.blockAlign
    if (f.tag === 3 && bytes === 4) {
      for (let i = 0; i < frames; i++, p += stride) out[i] = dv.getFloat32(p, true)
    } else if (f.tag === 3) {
      for (let i = 0; i < frames; i++, p += stride) out[i] = dv.getFloat64(p, true)
    } else if (bytes === 1) {
      for (let i = 0; i < frames; i++, p += stride) out[i] = (dv.getUint8(p) - 128) / 128
    } else if (bytes === 2) {
      for (let i = 0; i < frames; i++, p += stride) out[i] = dv.getInt16(p, true) / 32768
    } else if (bytes === 3) {
      for (let i = 0; i < frames; i++, p += stride) {
        const v = dv.getUint8(p) | (dv.getUint8(p + 1) << 8) | (dv.getInt8(p + 2) << 16)
        out[i] = v / 8388608
      }
    } else {
      for (let i = 0; i < frames; i++, p += stride) out[i] = dv.getInt32(p, true) / 2147483648
    }
  }
  return channels
}

function replaceNonFinite(channels: Float32Array[]): number {
  let n = 0
  for (const ch of channels) {
    for (let i = 0; i < ch.length; i++) {
      if (!Number.isFinite(ch[i])) {
        ch[i] = 0
        n++
      }
    }
  }
  return n
}

/** ADPCM and G.711 WAVs: audio-decode decodes the samples; the fact chunk gives the true length. */
async function decodeWavWithLibrary(
  b: Uint8Array,
  f: FmtChunk,
  data: { start: number; bytes: number },
  factFrames: number,
): Promise<Float32Array[]> {
  const name = WAV_CODEC_NAMES[f.tag]
  const got = await audioDecode(b.subarray(0, data.start + data.bytes)).catch((e: unknown) => {
    throw bad(`could not decode WAV ${name}: ${errorText(e)}`)
  })
  const channels = got.channelData
  if (channels.length !== f.channels || channels[0].length === 0) throw bad(`could not decode WAV ${name}: no samples`)
  // Block codecs pad the last block; the fact chunk says how many frames are real.
  const n = factFrames >= 0 ? Math.min(factFrames, channels[0].length) : channels[0].length
  if (n === 0) throw bad('empty audio: 0 samples')
  return channels.map((c) => c.slice(0, n))
}

// ---------------------------------------------------------------- other containers

const CONTAINER_NAMES: Record<Container, string> = { wav: 'WAV', flac: 'FLAC', ogg: 'Ogg', mp3: 'MP3', other: 'audio' }

async function decodeWithLibrary(b: Uint8Array, container: Container): Promise<DecodedAudio> {
  const name = container === 'ogg' ? oggCodecName(b) : CONTAINER_NAMES[container]
  let got: { channelData: Float32Array[]; sampleRate: number }
  try {
    got = await audioDecode(b)
  } catch (e) {
    if (container === 'other' && /unknown audio format/i.test(errorText(e))) {
      throw bad(`not an audio file (unknown header ${showHeader(b)})`)
    }
    throw bad(`could not decode ${name}: ${errorText(e)}`)
  }
  const channels = got.channelData
  if (channels.length === 0 || channels[0].length === 0 || !(got.sampleRate > 0)) {
    // audio-decode reports damage by returning nothing rather than throwing.
    throw bad(`could not decode ${name}: no audio frames found (empty, damaged or truncated file)`)
  }
  const n = channels[0].length
  if (channels.some((c) => c.length !== n)) throw bad(`could not decode ${name}: channels have different lengths`)
  const warnings: string[] = []
  if (container === 'flac') {
    const info = flacStreamInfo(b)
    if (info && info.frames > n) warnings.push(`truncated FLAC: header declares ${info.frames} samples, decoded ${n}`)
    if (info && info.bits <= 16) rescaleFlac(channels, info.bits)
  }
  if (container === 'ogg') {
    const problem = oggTruncation(b)
    if (problem) warnings.push(`truncated ${name}: ${problem}; decoded ${n} samples`)
  }
  const replaced = replaceNonFinite(channels)
  if (replaced > 0) warnings.push(`${replaced} non-finite samples (NaN/Inf) replaced by 0`)
  return { sampleRate: got.sampleRate, channels, format: container === 'other' ? 'audio' : name, warnings }
}

/** STREAMINFO's bits per sample and 36-bit total sample count (0 = unknown), when it comes first. */
function flacStreamInfo(b: Uint8Array): { bits: number; frames: number } | null {
  const s = 8 // 'fLaC' + the 4-byte metadata block header
  if (ascii(b, 0, 4) !== 'fLaC' || b.length < s + 18 || (b[4] & 0x7f) !== 0) return null
  const bits = (((b[s + 12] & 0x01) << 4) | (b[s + 13] >> 4)) + 1
  const frames = (b[s + 13] & 0x0f) * 2 ** 32 + ((b[s + 14] << 24) >>> 0) + (b[s + 15] << 16) + (b[s + 16] << 8) + b[s + 17]
  return { bits, frames }
}

/**
 * The FLAC decoder scales integer samples by 1 / (2^(bits−1) − 1); WAV and our encoder use
 * 1 / 2^(bits−1). Re-scale (when every sample is verifiably an integer on the decoder's grid) so a
 * 16-bit FLAC decodes to exactly the values its WAV twin does, and re-encodes bit-exactly.
 */
function rescaleFlac(channels: Float32Array[], bits: number): void {
  const grid = 2 ** (bits - 1) - 1
  for (const ch of channels) {
    for (let i = 0; i < ch.length; i++) {
      const v = ch[i] * grid
      if (Math.abs(v - Math.round(v)) > 0.01) return // not the scaling we know: leave it alone
    }
  }
  const scale = 1 / 2 ** (bits - 1)
  for (const ch of channels) for (let i = 0; i < ch.length; i++) ch[i] = Math.round(ch[i] * grid) * scale
}

function oggCodecName(b: Uint8Array): string {
  const head = ascii(b, 28, 8)
  if (head.startsWith('OpusHead')) return 'Ogg Opus'
  if (head.startsWith('\x01vorbis')) return 'Ogg Vorbis'
  if (head.startsWith('\x7fFLAC')) return 'Ogg FLAC'
  return 'Ogg'
}

/** Walks the Ogg pages: a page cut off, or no end-of-stream flag on the last one, means truncation. */
function oggTruncation(b: Uint8Array): string | null {
  let pos = 0
  let lastFlags = 0
  while (pos + 27 <= b.length && ascii(b, pos, 4) === 'OggS') {
    const segments = b[pos + 26]
    if (pos + 27 + segments > b.length) return 'file ends inside a page header'
    let body = 0
    for (let i = 0; i < segments; i++) body += b[pos + 27 + i]
    const end = pos + 27 + segments + body
    if (end > b.length) return 'file ends inside a page'
    lastFlags = b[pos + 5]
    pos = end
  }
  return lastFlags & 0x04 ? null : 'the last page is not marked end-of-stream'
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]
}
