// One way to read audio without holding it: an AudioSource answers "frames [a, b) of every channel"
// from disk. WAV (and any plain PCM/float data) is read in place by byte offsets; FLAC, MP3 and
// Ogg Vorbis/Opus are decoded once, in a stream, into a raw float32 cache file on disk, which is then
// read the same way. Only the rare formats that cannot be streamed (ADPCM/G.711 WAV, AIFF and the
// rest of audio-decode's list) are decoded in memory, up to MAX_IN_MEMORY_BYTES of file.
//
// The CLI's fill, the engine process behind the studio and web mode all open files through here.
import audioDecode from 'audio-decode'
import { randomBytes } from 'node:crypto'
import { open, rm, stat, type FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EngineError, type PcmAudio } from '../types'
import { scanAiff } from './aiff-format'
import {
  CONTAINER_NAMES,
  decodeAudio,
  flacTruncation,
  oggCodecName,
  mp3ChannelsOf,
  mp3InfoOf,
  mp3Missing,
  oggWarnings,
  scanOgg,
  rescaleFlac,
  showHeader,
  sniff,
  unsupportedFormat,
  unsupportedFormatError,
  type Container,
} from './decode'
import { collectDecoderLogs, decoderWarning } from './decoder-logs'
import { concatBytes, flacDamage, readStreamInfo, streamRepairFlac } from './flac-frames'
import type { WavChunk } from './wav-meta'
import { encodeFrames, type WavFormat } from './encode'
import {
  ascii,
  clockTime,
  pcmContainerBytes,
  readSamplesInto,
  replaceNonFinite,
  scanWav,
  truncationWarning,
  wavFormatName,
  type ByteReader,
  type FmtChunk,
} from './wav-format'

export interface AudioSource {
  readonly sampleRate: number
  readonly channels: number
  readonly frames: number
  /** What the bytes were, e.g. "WAV 24-bit PCM", "FLAC 16-bit", "Ogg Opus". */
  readonly format: string
  /** Non-fatal problems found while opening, each one line (truncation, stray bytes). */
  readonly warnings: readonly string[]
  /** Non-finite float samples met (and read as 0) so far. */
  readonly nonFinite: number
  /** The file's own 16/24-bit PCM encoding when its bytes can be copied as they are, else null. */
  readonly rawFormat: WavFormat | null
  /** Planar frames [start, end); frames outside [0, frames) read as zeros. */
  read(start: number, end: number): Promise<Float32Array[]>
  /** Interleaved bytes of frames [start, end) in `rawFormat` (only when it is not null). */
  readRaw(start: number, end: number): Promise<Uint8Array>
  /** Releases the file and deletes a decode cache. Reads after close fail. */
  close(): Promise<void>
  /** A WAV source's metadata chunks (LIST, bext, iXML, cue …) for an edited copy to carry; none for other formats. */
  metadata?(): Promise<WavChunk[]>
  /** A WAVE_FORMAT_EXTENSIBLE source's speaker positions (dwChannelMask), for an edited copy to keep. */
  readonly channelMask?: number
}

export interface OpenSourceOptions {
  /** Folder for the decode cache of compressed formats (default: the OS temp folder). */
  cacheDir?: string
  /** Names the file in error messages (default: its path), e.g. the name the user knows for an upload. */
  label?: string
  /**
   * Sees every decoded chunk of a compressed file as it is cached (e.g. to build peaks in the same
   * pass), with the frame it starts at; a decode that starts over begins again at frame 0.
   */
  onChunk?: (channels: Float32Array[], start: number) => void
  /** Fraction of the file's bytes decoded so far (compressed formats). */
  onProgress?: (fraction: number) => void
  signal?: AbortSignal
}

const bad = (message: string) => new EngineError(message, 'BAD_AUDIO')

/** Bytes read from disk per call: bounds the temporary buffers of a long read. */
const READ_CHUNK_BYTES = 4 << 20
/** Formats that cannot be streamed are decoded in memory only up to this file size. */
export const MAX_IN_MEMORY_BYTES = 512 << 20
/** audio-decode's streaming decoders by container. */
const STREAM_CODECS = { flac: 'flac', mp3: 'mp3', vorbis: 'oga', opus: 'opus' } as const

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]
}

/** Highest sample rate a source may have: the resampler's limit. */
export const MAX_SOURCE_RATE = 192000

/** Opens an audio file for windowed reading. Errors are one-line BAD_AUDIO messages naming the file. */
export async function openAudioSource(path: string, opts: OpenSourceOptions = {}): Promise<AudioSource> {
  let fh: FileHandle
  let size: number
  const label = opts.label ?? path
  try {
    const st = await stat(path)
    if (st.isDirectory()) throw bad(`${label}: is a folder, not an audio file`)
    if (!st.isFile()) throw bad(`${label}: not a regular file`)
    fh = await open(path, 'r')
    size = (await fh.stat()).size
  } catch (e) {
    if (e instanceof EngineError) throw e
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw bad(`audio file not found: ${label}`)
    if (code === 'EACCES' || code === 'EPERM') throw bad(`${label}: permission denied`)
    throw bad(`${label}: cannot read file (${errorText(e)})`)
  }
  let keepOpen = false
  try {
    const source = await openHandle(fh, size, path, opts)
    if (source.sampleRate > MAX_SOURCE_RATE) {
      // Said when the file opens, not after a generation: the resampler stops at 192 kHz.
      await source.close()
      throw bad(`sample rate ${source.sampleRate} Hz is above the ${MAX_SOURCE_RATE} Hz this app works at; convert the file first (e.g. sox in.wav -r 96000 out.wav)`)
    }
    keepOpen = source instanceof PcmFileSource && source.handle === fh
    return source
  } catch (e) {
    const err = e instanceof EngineError ? e : bad(`could not decode audio: ${errorText(e)}`)
    const label = opts.label ?? path
    if (err.code !== 'CANCELLED' && !err.message.startsWith(`${label}: `)) err.message = `${label}: ${err.message}`
    throw err
  } finally {
    if (!keepOpen) await fh.close().catch(() => undefined)
  }
}

async function openHandle(fh: FileHandle, size: number, path: string, opts: OpenSourceOptions): Promise<AudioSource> {
  if (size === 0) throw bad('empty file: 0 bytes')
  const reader = fileReader(fh, size)
  const head = await reader.read(0, 64)
  let container: Container = sniff(head)
  if (head.length >= 10 && ascii(head, 0, 3) === 'ID3') {
    // sniff() looked for 'fLaC' after the tag within the head only; the tag may be longer.
    const after = 10 + ((head[6] & 0x7f) << 21) + ((head[7] & 0x7f) << 14) + ((head[8] & 0x7f) << 7) + (head[9] & 0x7f)
    container = ascii(await reader.read(after, 4), 0, 4) === 'fLaC' ? 'flac' : 'mp3'
  }
  if (container === 'wav') {
    const layout = await scanWav(reader)
    const { fmt, data } = layout
    const bytes = pcmContainerBytes(fmt)
    if (bytes === 0) return inMemory(fh, size, path)
    const frames = Math.floor(data.bytes / fmt.blockAlign)
    const warnings = [...layout.warnings]
    if (layout.declaredBytes !== null) warnings.push(truncationWarning(layout.declaredBytes, data.bytes, frames, fmt.sampleRate))
    const stray = data.bytes - frames * fmt.blockAlign
    if (stray > 0 && !layout.cutShort) warnings.push(`WAV data has ${stray} stray bytes after the last whole frame (ignored)`)
    if (frames === 0) throw bad('empty audio: 0 samples')
    return new PcmFileSource(fh, fmt, bytes, data.start, frames, wavFormatName(fmt, bytes, layout.form), warnings, null, layout.meta)
  }
  if (container === 'aiff') {
    const layout = await scanAiff(reader)
    if (!layout) return inMemory(fh, size, path) // an AIFF-C codec: audio-decode's
    const frames = Math.floor(layout.data.bytes / layout.fmt.blockAlign)
    if (frames === 0) throw bad('empty audio: 0 samples')
    return new PcmFileSource(fh, layout.fmt, layout.bytes, layout.data.start, frames, layout.format, layout.warnings, null)
  }
  if (container === 'other') return inMemory(fh, size, path)
  const name = container === 'ogg' ? oggCodecName(await reader.read(0, 64)) : CONTAINER_NAMES[container]
  const codec = container === 'ogg' ? (name === 'Ogg Opus' ? STREAM_CODECS.opus : name === 'Ogg Vorbis' ? STREAM_CODECS.vorbis : null) : STREAM_CODECS[container]
  if (!codec) return inMemory(fh, size, path)
  return decodeToCache(fh, size, container, name, codec, opts)
}

/** The formats audio-decode cannot stream: the whole file in memory, within a size limit. */
async function inMemory(fh: FileHandle, size: number, path: string): Promise<AudioSource> {
  if (size > MAX_IN_MEMORY_BYTES) {
    const head = (await fh.read(new Uint8Array(32), 0, 32, 0)).buffer
    // A format no size would open is named as such, not as one too large to open.
    const unsupported = unsupportedFormat(head)
    if (unsupported) throw unsupportedFormatError(unsupported)
    throw bad(
      `this kind of file (header ${showHeader(head)}) is only opened up to ${MAX_IN_MEMORY_BYTES >> 20} MB (file has ${Math.round(size / 2 ** 20)} MB); convert it to WAV or FLAC`,
    )
  }
  const bytes = new Uint8Array(size)
  for (let at = 0; at < size; ) {
    const { bytesRead } = await fh.read(bytes, at, size - at, at)
    if (bytesRead === 0) break
    at += bytesRead
  }
  const decoded = await decodeAudio(bytes)
  return memorySource(decoded, decoded.format, decoded.warnings)
}

// ---------------------------------------------------------------- PCM on disk

/** Frames of interleaved PCM/float data at a byte offset of an open file (a WAV, or the decode cache). */
class PcmFileSource implements AudioSource {
  readonly sampleRate: number
  readonly channels: number
  readonly channelMask?: number
  readonly rawFormat: WavFormat | null
  /** Samples (frame · channels + channel) read as NaN/Inf: a set, so a window read twice counts once. */
  private readonly nonFiniteAt = new Set<number>()
  private closed = false

  get nonFinite(): number {
    return this.nonFiniteAt.size
  }

  constructor(
    readonly handle: FileHandle,
    private readonly fmt: FmtChunk,
    private readonly bytes: number,
    private readonly dataStart: number,
    readonly frames: number,
    readonly format: string,
    readonly warnings: readonly string[],
    private readonly cacheFile: string | null,
    private readonly meta: readonly { id: string; pos: number; size: number }[] = [],
  ) {
    this.sampleRate = fmt.sampleRate
    this.channels = fmt.channels
    if (fmt.channelMask !== undefined) this.channelMask = fmt.channelMask
    // Bytes are copied to a WAV as they are only when they are already WAV's little-endian PCM.
    this.rawFormat = fmt.bigEndian ? null : fmt.tag === 1 && bytes === 2 ? 'pcm16' : fmt.tag === 1 && bytes === 3 ? 'pcm24' : null
  }

  async read(start: number, end: number): Promise<Float32Array[]> {
    const out = Array.from({ length: this.channels }, () => new Float32Array(Math.max(0, end - start)))
    const a = Math.max(0, start)
    const b = Math.min(this.frames, end)
    const step = Math.max(1, Math.floor(READ_CHUNK_BYTES / this.fmt.blockAlign))
    for (let f = a; f < b; f += step) {
      const g = Math.min(b, f + step)
      const raw = await this.bytesOf(f, g)
      readSamplesInto(new DataView(raw.buffer, raw.byteOffset, raw.byteLength), 0, g - f, this.fmt, this.bytes, out, f - start)
    }
    if (this.fmt.tag === 3 && b > a) {
      out.forEach((ch, c) => {
        for (let i = 0; i < ch.length; i++) {
          if (Number.isFinite(ch[i])) continue
          ch[i] = 0
          this.nonFiniteAt.add((start + i) * this.channels + c)
        }
      })
    }
    return out
  }

  async readRaw(start: number, end: number): Promise<Uint8Array> {
    if (!this.rawFormat) throw new EngineError(`${this.format} has no raw copy path`, 'INTERNAL')
    if (start < 0 || end > this.frames || end < start) throw new EngineError(`raw read ${start}..${end} outside 0..${this.frames}`, 'INTERNAL')
    return this.bytesOf(start, end)
  }

  private async bytesOf(start: number, end: number): Promise<Uint8Array> {
    if (this.closed) throw new EngineError('the audio file was closed', 'INTERNAL')
    const n = (end - start) * this.fmt.blockAlign
    const buf = new Uint8Array(n)
    const pos = this.dataStart + start * this.fmt.blockAlign
    for (let at = 0; at < n; ) {
      const { bytesRead } = await this.handle.read(buf, at, n - at, pos + at)
      if (bytesRead === 0) throw bad('the audio file got shorter while it was open (changed on disk?)')
      at += bytesRead
    }
    return buf
  }

  async metadata(): Promise<WavChunk[]> {
    const out: WavChunk[] = []
    for (const m of this.meta) {
      const body = new Uint8Array(m.size)
      const { bytesRead } = await this.handle.read(body, 0, m.size, m.pos)
      if (bytesRead === m.size) out.push({ id: m.id, body })
    }
    return out
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.handle.close().catch(() => undefined)
    if (this.cacheFile) await rm(this.cacheFile, { force: true })
  }
}

// ---------------------------------------------------------------- compressed formats

/**
 * Streams the file through audio-decode's decoder into a raw float32 cache (interleaved, no header:
 * no 4 GB limit), checking what the whole-file decoder checks: sample rate, channels, truncation.
 */
async function decodeToCache(
  fh: FileHandle,
  size: number,
  container: Container,
  name: string,
  codec: (typeof STREAM_CODECS)[keyof typeof STREAM_CODECS],
  opts: OpenSourceOptions,
): Promise<AudioSource> {
  const cacheDir = opts.cacheDir ?? tmpdir()
  const reader = fileReader(fh, size)
  const flac = container === 'flac' ? readStreamInfo(await reader.read(0, 64)) : null
  const mp3Declared = container === 'mp3' ? await mp3ChannelsOf(reader) : null
  const mp3Mono = mp3Declared === 1
  // An MP3 decoder reports dual-mono stretches as one channel until the channels first differ; when
  // that happens mid-file, decode again from the start with the full channel count. A stereo header
  // sets the count from the start: a mono recording saved as stereo never differs, and had come out mono.
  let channels = mp3Declared === 2 ? 2 : 0
  for (let attempt = 0; attempt < 2; attempt++) {
    const cacheFile = join(cacheDir, `voicefill-pcm-${randomBytes(6).toString('hex')}.f32`)
    const out = await open(cacheFile, 'w+')
    // Unlinked at once where the system allows it (the open handle keeps the data), so a killed
    // process leaves no cache behind; elsewhere close() deletes it.
    const unlinked = await rm(cacheFile).then(
      () => true,
      () => false,
    )
    let keep = false
    try {
      const got = await streamDecode(fh, size, codec, name, channels, out, flac, opts, undefined, mp3Mono ? 1 : Infinity)
      if (got.restartWith) {
        channels = got.restartWith
        continue
      }
      const warnings: string[] = []
      if (flac && flac.frames > got.frames) {
        // Decode on past damaged frames, each part written at its own sample number (see flac-frames.ts).
        const repair = await streamRepairFlac(reader, flac, got.frames, (from, prefix, atFrame, gapFrom) =>
          streamDecode(fh, size, codec, name, got.channels, out, flac, opts, { from, prefix, atFrame, gapFrom }),
        )
        if (repair.places) warnings.push(flacDamage(repair, got.sampleRate))
        got.frames = repair.end
        got.nonFinite += repair.nonFinite
        got.logs = [...(got.logs ?? []), ...repair.logs]
      }
      if (flac && flac.frames > got.frames) warnings.push(flacTruncation(flac.frames, got.frames, got.sampleRate))
      if (got.extraChannels) warnings.push(`damaged ${name}: a mono stream with frames that read as stereo; decoded as mono`)
      if (container === 'mp3') {
        const info = await mp3InfoOf(reader)
        const missing = info ? mp3Missing(info, got.frames, size) : null
        if (missing) warnings.push(missing.replace('{at}', clockTime(got.frames / got.sampleRate)))
      }
      if (container === 'ogg') {
        warnings.push(...oggWarnings(name, await scanOgg(reader), got.frames, got.sampleRate))
      }
      if (got.nonFinite > 0) warnings.push(`${got.nonFinite} non-finite samples (NaN/Inf) replaced by 0`)
      const reported = decoderWarning(name, got.logs ?? [])
      if (reported) warnings.push(reported)
      const fmt: FmtChunk = { tag: 3, channels: got.channels, sampleRate: got.sampleRate, blockAlign: 4 * got.channels, bits: 32 }
      keep = true
      const format = flac ? `FLAC ${flac.bits}-bit` : name // the bit depth says what an export keeps
      return new PcmFileSource(out, fmt, 4, 0, got.frames, format, warnings, unlinked ? null : cacheFile)
    } finally {
      if (!keep) {
        await out.close().catch(() => undefined)
        await rm(cacheFile, { force: true })
      }
    }
  }
  throw bad(`could not decode ${name}: its channel count keeps changing`)
}

interface StreamResult {
  frames: number
  channels: number
  sampleRate: number
  nonFinite: number
  /** what the decoder printed about damage, collected */
  logs?: string[]
  restartWith?: number
  /** decoded stretches had more channels than the stream can have (maxChannels): damage, cut to it */
  extraChannels?: boolean
}

async function streamDecode(
  fh: FileHandle,
  size: number,
  codec: string,
  name: string,
  forceChannels: number,
  out: FileHandle,
  flac: { bits: number } | null,
  opts: OpenSourceOptions,
  /** Decode from byte `from` (after `prefix`, a stream header) into the cache from frame `atFrame` on. */
  part: { from: number; prefix?: Uint8Array; atFrame: number; gapFrom?: number } = { from: 0, atFrame: 0 },
  /** the stream's own channel count where the container says it (a mono MP3: 1); more is damage */
  maxChannels = Infinity,
): Promise<StreamResult> {
  const fail = (why: string) => bad(`could not decode ${name}: ${why}`)
  const make = (audioDecode as unknown as Record<string, () => Promise<StreamDecoderFn>>)[codec]
  const dec = await make()
  let sampleRate = 0
  let channels = forceChannels
  let frames = 0
  let nonFinite = 0
  let extraChannels = false
  let written = 0 // bytes, from atFrame's
  const logs: string[] = []
  const take = async (got: { channelData: Float32Array[]; sampleRate: number }): Promise<number | null> => {
    const data = got.channelData
    if (!data.length || !data[0].length) return null
    if (!(got.sampleRate > 0)) throw fail('no sample rate')
    if (sampleRate === 0) sampleRate = got.sampleRate
    else if (got.sampleRate !== sampleRate) throw fail(`the sample rate changes mid-stream (${sampleRate} → ${got.sampleRate} Hz)`)
    if (channels === 0) channels = Math.min(data.length, maxChannels)
    if (data.length > channels) {
      if (channels < maxChannels) return data.length // restart with more channels
      extraChannels = true
    }
    const n = data[0].length
    if (data.some((c) => c.length !== n)) throw fail('channels have different lengths')
    // Fewer channels than the stream has: a dual-mono stretch the decoder collapsed; undo that.
    const planar = data.length === channels ? data : Array.from({ length: channels }, (_, c) => data[c % data.length])
    if (flac && flac.bits <= 24) rescaleFlac(planar, flac.bits)
    nonFinite += replaceNonFinite(planar)
    if (opts.onChunk && frames === 0 && part.gapFrom !== undefined) {
      // The silence before this part, so whoever follows the chunks (the peaks) sees it too.
      for (let at = part.gapFrom; at < part.atFrame; at += 1 << 16) {
        const n = Math.min(1 << 16, part.atFrame - at)
        opts.onChunk(Array.from({ length: channels }, () => new Float32Array(n)), at)
      }
    }
    opts.onChunk?.(planar, part.atFrame + frames)
    const bytes = encodeFrames(planar, 'float32')
    // A write past the end leaves a hole that reads back as zeros: the silence over damaged frames.
    const base = part.atFrame * channels * 4 + written
    for (let at = 0; at < bytes.length; ) {
      const { bytesWritten } = await out.write(bytes, at, bytes.length - at, base + at)
      at += bytesWritten
    }
    written += bytes.length
    frames += n
    return null
  }
  try {
    const buf = new Uint8Array(1 << 20)
    let prefix = part.prefix
    for (let pos = part.from; pos < size; ) {
      if (opts.signal?.aborted) throw new EngineError('cancelled', 'CANCELLED')
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - pos), pos)
      if (bytesRead === 0) break
      pos += bytesRead
      const chunk = prefix ? concatBytes(prefix, buf.subarray(0, bytesRead)) : buf.slice(0, bytesRead)
      prefix = undefined
      let got
      try {
        got = await collectDecoderLogs(logs, () => dec(chunk))
      } catch (e) {
        throw fail(errorText(e))
      }
      const restart = await take(got)
      if (restart) return { frames, channels, sampleRate, nonFinite, restartWith: restart }
      opts.onProgress?.(pos / size)
    }
    let tail
    try {
      tail = await collectDecoderLogs(logs, () => dec())
    } catch (e) {
      throw fail(errorText(e))
    }
    const restart = await take(tail)
    if (restart) return { frames, channels, sampleRate, nonFinite, restartWith: restart }
  } finally {
    try {
      dec.free()
    } catch {
      // already freed by the final flush
    }
  }
  // audio-decode reports damage by returning nothing rather than throwing.
  if (frames === 0) throw fail('no audio frames found (empty, damaged or truncated file)')
  return { frames, channels, sampleRate, nonFinite, logs, ...(extraChannels ? { extraChannels } : {}) }
}

/** audio-decode's streaming decoder: feed chunks, then call with nothing to flush and free. */
interface StreamDecoderFn {
  (chunk?: Uint8Array): Promise<{ channelData: Float32Array[]; sampleRate: number }>
  free(): void
}

// ---------------------------------------------------------------- in memory

/** A source over audio already in memory (generated speech, tests, formats decoded whole). */
export function memorySource(pcm: PcmAudio, format = 'PCM in memory', warnings: readonly string[] = []): AudioSource {
  const frames = pcm.channels[0]?.length ?? 0
  if (frames === 0) throw bad('empty audio: 0 samples')
  return {
    sampleRate: pcm.sampleRate,
    channels: pcm.channels.length,
    frames,
    format,
    warnings,
    nonFinite: 0,
    rawFormat: null,
    async read(start, end) {
      return pcm.channels.map((ch) => {
        const out = new Float32Array(Math.max(0, end - start))
        const a = Math.max(0, start)
        const b = Math.min(frames, end)
        if (b > a) out.set(ch.subarray(a, b), a - start)
        return out
      })
    },
    async readRaw() {
      throw new EngineError('audio in memory has no raw copy path', 'INTERNAL')
    },
    async close() {},
  }
}

/** Frames [start, end) of a source as a PcmAudio (a window to edit or play). */
export async function readWindow(source: AudioSource, start: number, end: number): Promise<PcmAudio> {
  return { sampleRate: source.sampleRate, channels: await source.read(start, end) }
}

// ---------------------------------------------------------------- byte reader over a file

/** Positional reads with a one-block cache, so a walk over small headers costs few system calls. */
function fileReader(fh: FileHandle, size: number): ByteReader {
  const BLOCK = 1 << 16
  let cache: { pos: number; bytes: Uint8Array } | null = null
  const load = async (pos: number, n: number) => {
    const want = Math.max(0, Math.min(n, size - pos))
    const buf = new Uint8Array(want)
    for (let at = 0; at < want; ) {
      const { bytesRead } = await fh.read(buf, at, want - at, pos + at)
      if (bytesRead === 0) return buf.subarray(0, at)
      at += bytesRead
    }
    return buf
  }
  return {
    size,
    async read(pos, n) {
      if (pos >= size || n <= 0) return new Uint8Array(0)
      if (cache && pos >= cache.pos && pos + n <= cache.pos + cache.bytes.length) {
        return cache.bytes.subarray(pos - cache.pos, pos - cache.pos + n)
      }
      if (n > BLOCK) return load(pos, n)
      cache = { pos, bytes: await load(pos, BLOCK) }
      return cache.bytes.subarray(0, Math.min(n, cache.bytes.length))
    },
  }
}
