// The RIFF/WAVE layout, shared by the in-memory decoder (decode.ts) and the windowed file reader
// (source.ts): one chunk walk, over any byte reader, that checks every declared size against the
// file and never reads or allocates more than the file holds (a hostile header declaring 4 GB costs
// nothing). Sample conversion is a pure function over a byte range.
import { EngineError } from '../types'

/** Random access to the bytes of a file or buffer; `read` returns fewer bytes at the end. */
export interface ByteReader {
  readonly size: number
  read(pos: number, n: number): Promise<Uint8Array>
}

/** A reader over bytes already in memory. */
export function memoryReader(b: Uint8Array): ByteReader {
  return { size: b.length, read: async (pos, n) => b.subarray(pos, Math.min(b.length, pos + n)) }
}

export interface FmtChunk {
  tag: number // format tag, resolved through WAVE_FORMAT_EXTENSIBLE
  channels: number
  sampleRate: number
  blockAlign: number
  bits: number
  /** samples are big-endian (AIFF); WAV is little-endian */
  bigEndian?: boolean
  /** 8-bit samples are signed (AIFF); WAV's are unsigned */
  signed8?: boolean
  /** what was mended in a malformed fmt chunk, for a warning */
  mended?: string
  /** WAVE_FORMAT_EXTENSIBLE's speaker positions (dwChannelMask), carried to an edited copy */
  channelMask?: number
}

/** Where the samples are and what the walk noticed. */
export interface WavLayout {
  /** 'RIFF', or the 64-bit forms 'RF64' / 'BW64' whose sizes are in a ds64 chunk */
  form: 'RIFF' | 'RF64' | 'BW64'
  fmt: FmtChunk
  /** byte offset and length of the sample data actually present */
  data: { start: number; bytes: number }
  /** frames the fact chunk declares, -1 when there is none */
  factFrames: number
  /** the data runs to the end of the file rather than to its declared size */
  cutShort: boolean
  /** the data chunk declared more bytes than the file has (the truncation warning is added later) */
  declaredBytes: number | null
  /** metadata chunks worth carrying to an edited copy (META_CHUNK_IDS), where their bodies are */
  meta: { id: string; pos: number; size: number }[]
  warnings: string[]
}

/** Chunks an edited copy keeps: text and production metadata, markers and loops (see carriedChunks). */
export const META_CHUNK_IDS = new Set(['LIST', 'bext', 'iXML', 'axml', 'id3 ', 'ID3 ', '_PMX', 'cue ', 'smpl', 'inst', 'acid', 'plst', 'cart', 'umid'])
/** At most this many bytes of metadata are carried (a cover picture is, a runaway chunk is not). */
export const MAX_META_BYTES = 16 * 2 ** 20

const bad = (message: string) => new EngineError(message, 'BAD_AUDIO')

/** A real WAV has a handful of chunks; a walk longer than this is a hostile or broken file. */
const MAX_CHUNKS = 100_000

const KSDATAFORMAT_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71]

export const WAV_CODEC_NAMES: Record<number, string> = {
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
export const LIBRARY_WAV_CODECS = new Set([0x0002, 0x0006, 0x0007, 0x0011])

export function ascii(b: Uint8Array, at: number, n: number): string {
  return String.fromCharCode(...b.subarray(at, at + n))
}

export function parseFmt(dv: DataView, at: number, size: number): FmtChunk {
  if (size < 16) throw bad(`bad WAV: fmt chunk is ${size} bytes (needs at least 16)`)
  let tag = dv.getUint16(at, true)
  const channels = dv.getUint16(at + 2, true)
  const sampleRate = dv.getUint32(at + 4, true)
  const blockAlign = dv.getUint16(at + 12, true)
  const bits = dv.getUint16(at + 14, true)
  let channelMask: number | undefined
  if (tag === 0xfffe) {
    if (size < 40) throw bad(`bad WAV: extensible fmt chunk is ${size} bytes (needs 40)`)
    channelMask = dv.getUint32(at + 20, true)
    tag = dv.getUint16(at + 24, true)
    const tail = KSDATAFORMAT_TAIL.every((v, i) => dv.getUint8(at + 26 + i) === v)
    if (!tail) throw bad('unsupported WAV encoding: unknown extensible sub-format GUID')
  }
  if (channels === 0) throw bad('bad WAV: fmt chunk declares 0 channels')
  if (sampleRate === 0) throw bad('bad WAV: fmt chunk declares sample rate 0')
  if (blockAlign === 0) throw bad('bad WAV: fmt chunk declares block size 0')
  // Plain PCM whose block size disagrees with its bits and channels: other readers (ffmpeg, sox,
  // libsndfile) trust the bits, and so do we, with a warning (read the other way it is noise at half length).
  const whole = tag === 1 && bits >= 8 && bits <= 32 && bits % 8 === 0 ? (bits / 8) * channels : 0
  if (whole && blockAlign !== whole) {
    return { tag, channels, sampleRate, blockAlign: whole, bits, ...(channelMask !== undefined ? { channelMask } : {}), mended: `WAV fmt chunk declares ${blockAlign}-byte frames for ${bits}-bit ${channels}-channel PCM (${whole} bytes); read as ${bits}-bit` }
  }
  return { tag, channels, sampleRate, blockAlign, bits, ...(channelMask !== undefined ? { channelMask } : {}) }
}

/** A chunk id as it may be shown: its four letters when they are printable, else their bytes in hex. */
export function chunkLabel(id: string): string {
  return /^[\x20-\x7e]{4}$/.test(id) ? `'${id}'` : `0x${[...id].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('')}`
}

/** Bytes per sample of our own reader's encodings, or 0 when audio-decode must do it. */
export function pcmContainerBytes(f: FmtChunk): number {
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

export function wavFormatName(f: FmtChunk, bytes: number, form: WavLayout['form'] = 'RIFF'): string {
  const wav = form === 'RIFF' ? 'WAV' : `WAV (${form})`
  if (f.tag === 1) return `${wav} ${bytes === 1 ? '8-bit unsigned' : `${bytes * 8}-bit`} PCM`
  if (f.tag === 3) return `${wav} ${bytes * 8}-bit float`
  return `${wav} ${WAV_CODEC_NAMES[f.tag]}`
}

/** Sizes a 64-bit WAV keeps in its ds64 chunk (EBU Tech 3306): a 32-bit field of 0xFFFFFFFF means "see ds64". */
interface Ds64 {
  riffSize: number
  dataSize: number
  sampleCount: number
}

/** The ds64 chunk that must open an RF64/BW64 file's chunks (at byte 12). */
async function readDs64(r: ByteReader, form: string): Promise<Ds64> {
  const h = await r.read(12, 8 + 24)
  if (h.length < 8 || ascii(h, 0, 4) !== 'ds64') throw bad(`bad WAV: ${form} file without its ds64 chunk (the 64-bit sizes)`)
  const dv = new DataView(h.buffer, h.byteOffset, h.byteLength)
  const size = dv.getUint32(4, true)
  if (size < 24 || h.length < 32) throw bad(`bad WAV: ${form} ds64 chunk is ${h.length < 32 ? 'cut short' : `${size} bytes (needs at least 24)`}`)
  const u64 = (at: number) => {
    const v = dv.getBigUint64(at, true)
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw bad(`bad WAV: ${form} ds64 declares ${v} bytes`)
    return Number(v)
  }
  return { riffSize: u64(8), dataSize: u64(16), sampleCount: u64(24) }
}

/**
 * Walks the chunks of a RIFF/WAVE file, or of its 64-bit forms RF64/BW64 (the caller has checked
 * 'RIFF'|'RF64'|'BW64'…'WAVE'). Reads 8-byte chunk
 * headers and the small fmt/fact bodies only; the data chunk is located, never read.
 */
export async function scanWav(r: ByteReader): Promise<WavLayout> {
  const len = r.size
  const head = await r.read(0, 12)
  const magic = ascii(head, 0, 4)
  const form: WavLayout['form'] = magic === 'RF64' || magic === 'BW64' ? magic : 'RIFF'
  const ds64 = form === 'RIFF' ? null : await readDs64(r, form)
  const riffEnd = 8 + (ds64 ? ds64.riffSize : new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(4, true))
  const warnings: string[] = []
  let fmt: FmtChunk | null = null
  let data: { start: number; bytes: number } | null = null
  let declaredBytes: number | null = null
  let factFrames = -1
  let cutShort = false
  const meta: WavLayout['meta'] = []
  let metaBytes = 0
  let pos = 12
  for (let count = 0; pos + 8 <= len; count++) {
    if (count >= MAX_CHUNKS) throw bad(`bad WAV: more than ${MAX_CHUNKS} chunks`)
    const h = await r.read(pos, 8)
    const id = ascii(h, 0, 4)
    let size = new DataView(h.buffer, h.byteOffset, 8).getUint32(4, true)
    // A 64-bit file's data chunk says 0xFFFFFFFF and keeps its size in ds64.
    if (ds64 && id === 'data' && size === 0xffffffff && ds64.dataSize > 0) size = ds64.dataSize
    const body = pos + 8
    const present = len - body
    if (id === 'data' && !data) {
      // A size of 0 with audio after it (not another chunk) was never filled in either.
      const unset = size === 0xffffffff || (size === 0 && present > 0 && (riffEnd <= body || !(await chunkFollows(r, body, len))))
      if (unset) {
        // Streaming writers and unfinished recordings leave the size unset: read to the end, or to
        // where the RIFF size says the file ends when that is inside it (a chunk written after the audio).
        const end = await trailingChunkStart(r, body, riffEnd > body && riffEnd < len ? riffEnd : len, fmt?.blockAlign ?? 1)
        warnings.push(`WAV data size was never filled in (unfinished recording?); read ${end - body} bytes ${end < len ? 'up to the chunk that follows them' : 'to the end of the file'}`)
        data = { start: body, bytes: end - body }
        cutShort = true
        break
      }
      if (size > present) {
        if (!fmt) throw bad(`truncated WAV: data chunk declares ${size} bytes, file has ${present}, and no fmt chunk came before it`)
        if (present < fmt.blockAlign) throw bad(`truncated WAV: data chunk declares ${size} bytes, file has ${present}`)
        declaredBytes = size
        data = { start: body, bytes: present }
        cutShort = true
        break
      }
      data = { start: body, bytes: size }
    } else if (size > present) {
      if (!data) throw bad(`truncated WAV: ${chunkLabel(id)} chunk declares ${size} bytes, file has ${present}`)
      warnings.push(`WAV ends inside a trailing ${chunkLabel(id)} chunk (ignored)`)
      break
    } else if (id === 'data') {
      // One data chunk is the format; a second one is not played by most readers either, but say so.
      warnings.push(`WAV has a second data chunk (${size} bytes) after the first; only the first is read`)
    } else if (id === 'fmt ') {
      // At most the 40 bytes an extensible fmt uses, whatever size it declares.
      const b = await r.read(body, Math.min(size, 40))
      fmt = parseFmt(new DataView(b.buffer, b.byteOffset, b.byteLength), 0, size)
      if (fmt.mended) warnings.push(fmt.mended)
    } else if (META_CHUNK_IDS.has(id) && metaBytes + size <= MAX_META_BYTES) {
      meta.push({ id, pos: body, size })
      metaBytes += size
    } else if (id === 'fact' && size >= 4) {
      const b = await r.read(body, 4)
      factFrames = new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true)
      if (ds64 && factFrames === 0xffffffff) factFrames = ds64.sampleCount
    }
    pos = body + size + (size & 1) // chunks are padded to even sizes
  }
  if (!fmt) throw bad(len <= 12 ? 'truncated WAV: file ends after the RIFF header' : 'bad WAV: no fmt chunk')
  if (!data) throw bad('bad WAV: no data chunk')
  return { form, fmt, data, factFrames, cutShort, declaredBytes, meta, warnings }
}

/** Chunks a writer may append after audio whose size it never filled in. */
const TRAILING_IDS = new Set(['LIST', 'id3 ', 'ID3 ', 'bext', 'cue ', 'smpl', 'iXML', '_PMX', 'JUNK', 'fact', 'inst', 'acid', 'umid'])

/**
 * Where audio of unknown size that runs to `end` really stops: before a known chunk whose header sits
 * on a frame boundary and whose size runs exactly to `end` (looked for in the last MiB), else `end`.
 */
async function trailingChunkStart(r: ByteReader, body: number, end: number, frameBytes: number): Promise<number> {
  const from = Math.max(body, end - (1 << 20))
  const tail = await r.read(from, end - from)
  for (let i = 0; i + 8 <= tail.length; i++) {
    const pos = from + i
    if ((pos - body) % frameBytes || !TRAILING_IDS.has(ascii(tail, i, 4))) continue
    const size = new DataView(tail.buffer, tail.byteOffset + i + 4, 4).getUint32(0, true)
    if (pos + 8 + size + (size & 1) === end || pos + 8 + size === end) return pos
  }
  return end
}

/** Whether a plausible chunk header (four printable letters, a size that fits) starts at `pos`. */
async function chunkFollows(r: ByteReader, pos: number, len: number): Promise<boolean> {
  if (pos + 8 > len) return false
  const h = await r.read(pos, 8)
  const size = new DataView(h.buffer, h.byteOffset, 8).getUint32(4, true)
  return /^[\x20-\x7e]{4}$/.test(ascii(h, 0, 4)) && pos + 8 + size <= len
}

/** "m:ss.s" (or "h:mm:ss.s"): where a truncated file stops, for warnings. */
export function clockTime(seconds: number): string {
  const tenths = Math.floor(Math.max(0, seconds) * 10)
  const s = (tenths % 600) / 10
  const m = Math.floor(tenths / 600)
  const ss = s.toFixed(1).padStart(4, '0')
  return m >= 60 ? `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}:${ss}` : `${m}:${ss}`
}

/** The warning for a data chunk that declares more than the file holds. */
export function truncationWarning(declared: number, present: number, frames: number, rate: number): string {
  return `truncated WAV: file ends early at ${clockTime(frames / rate)} (data chunk declares ${declared} bytes, file has ${present}); decoded what is there`
}

/**
 * De-interleaves `frames` whole frames of PCM/float samples starting at byte `start` of `dv` into
 * `out[c][at…]` as float32 in [-1, 1] (integers scaled by 2^(bits−1)), little-endian unless
 * f.bigEndian.
 */
export function readSamplesInto(dv: DataView, start: number, frames: number, f: FmtChunk, bytes: number, out: Float32Array[], at = 0): void {
  const stride = f.blockAlign
  const le = !f.bigEndian
  for (let c = 0; c < f.channels; c++) {
    const ch = out[c]
    let p = start + c * bytes
    const end = at + frames
    if (f.tag === 3 && bytes === 4) {
      for (let i = at; i < end; i++, p += stride) ch[i] = dv.getFloat32(p, le)
    } else if (f.tag === 3) {
      for (let i = at; i < end; i++, p += stride) ch[i] = dv.getFloat64(p, le)
    } else if (bytes === 1) {
      if (f.signed8) for (let i = at; i < end; i++, p += stride) ch[i] = dv.getInt8(p) / 128
      else for (let i = at; i < end; i++, p += stride) ch[i] = (dv.getUint8(p) - 128) / 128
    } else if (bytes === 2) {
      for (let i = at; i < end; i++, p += stride) ch[i] = dv.getInt16(p, le) / 32768
    } else if (bytes === 3) {
      const [lo, hi] = le ? [0, 2] : [2, 0]
      for (let i = at; i < end; i++, p += stride) {
        const v = dv.getUint8(p + lo) | (dv.getUint8(p + 1) << 8) | (dv.getInt8(p + hi) << 16)
        ch[i] = v / 8388608
      }
    } else {
      for (let i = at; i < end; i++, p += stride) ch[i] = dv.getInt32(p, le) / 2147483648
    }
  }
}

/** Non-finite samples (NaN/Inf) → 0 in place; returns how many there were. */
export function replaceNonFinite(channels: readonly Float32Array[]): number {
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
