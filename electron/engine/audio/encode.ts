// WAV encoding. Integer formats round to nearest and clip (never wrap); there is no dither, so
// samples decoded from a 16-bit file (k / 32768) encode back to exactly k.

import { randomBytes } from 'node:crypto'
import { chmod, rename, rm, stat, writeFile } from 'node:fs/promises'
import { EngineError, type PcmAudio } from '../types'
import { trackTemp, untrackTemp } from './temp-files'

export type WavFormat = 'pcm16' | 'pcm24' | 'float32'

const BYTES: Record<WavFormat, number> = { pcm16: 2, pcm24: 3, float32: 4 }

/** Planar float audio → a complete WAV file (PCM 16/24-bit, or IEEE float 32-bit with a fact chunk). */
export function encodeWav(audio: PcmAudio, format: WavFormat): Uint8Array {
  const { sampleRate, channels } = audio
  const frames = channels[0]?.length ?? 0
  if (channels.some((c) => c.length !== frames)) {
    throw new EngineError(`cannot write WAV: channels differ in length (${channels.map((c) => c.length).join(', ')})`, 'BAD_AUDIO')
  }
  const header = wavHeader(format, sampleRate, channels.length, frames)
  const dataBytes = frames * channels.length * BYTES[format]
  const out = new Uint8Array(header.length + dataBytes + (dataBytes & 1))
  out.set(header)
  writeSamples(new DataView(out.buffer), header.length, channels, format)
  return out
}

/** Bytes per sample of each output encoding. */
export function bytesPerSample(format: WavFormat): number {
  return BYTES[format]
}

/** KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT after their first two bytes (the format tag). */
const SUBFORMAT_TAIL = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71]

/**
 * The header of a WAV file holding `frames` frames (everything before the samples). Over 4 GB (or with
 * `rf64`) it is the 64-bit form RF64 (EBU Tech 3306): the sizes go in a ds64 chunk and the 32-bit
 * fields say 0xFFFFFFFF, as field recorders write long takes. With `channelMask` the fmt chunk is
 * WAVE_FORMAT_EXTENSIBLE, so a surround or multitrack source keeps its speaker positions. Refuses what
 * no WAV can describe: no channels, or a rate that is not a positive 32-bit integer.
 */
export function wavHeader(format: WavFormat, sampleRate: number, nch: number, frames: number, rf64?: boolean, trailerBytes = 0, channelMask?: number): Uint8Array {
  if (nch < 1 || nch > 65535) throw new EngineError(`cannot write WAV: ${nch} channels`, 'BAD_AUDIO')
  if (!Number.isInteger(sampleRate) || sampleRate < 1 || sampleRate > 0xffffffff) {
    throw new EngineError(`cannot write WAV: sample rate must be a positive integer (got ${sampleRate})`, 'BAD_AUDIO')
  }
  const bytes = BYTES[format]
  const blockAlign = nch * bytes
  const dataBytes = frames * blockAlign
  const isFloat = format === 'float32'
  const extensible = channelMask !== undefined
  const fmtBytes = extensible ? 40 : isFloat ? 18 : 16 // float: cbSize; extensible: cbSize 22 and its fields
  const riffHeaderBytes = 12 + 8 + fmtBytes + (isFloat ? 12 : 0) + 8 // RIFF, fmt, fact (float), data header
  const big = rf64 ?? riffHeaderBytes + dataBytes + (dataBytes & 1) + trailerBytes - 8 > 0xffffffff
  const ds64 = big ? 36 : 0 // 'ds64', size 28: RIFF size, data size, sample count (u64 each), table length 0
  const headerBytes = riffHeaderBytes + ds64
  const out = new Uint8Array(headerBytes)
  const dv = new DataView(out.buffer)
  const text = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i)
  }
  // trailerBytes: whole chunks written after the samples (metadata carried from the source)
  const riffSize = headerBytes + dataBytes + (dataBytes & 1) + trailerBytes - 8
  text(0, big ? 'RF64' : 'RIFF')
  dv.setUint32(4, big ? 0xffffffff : riffSize, true)
  text(8, 'WAVE')
  let p = 12
  if (big) {
    text(12, 'ds64')
    dv.setUint32(16, 28, true)
    dv.setBigUint64(20, BigInt(riffSize), true)
    dv.setBigUint64(28, BigInt(dataBytes), true)
    dv.setBigUint64(36, BigInt(frames), true)
    dv.setUint32(44, 0, true)
    p = 48
  }
  text(p, 'fmt ')
  dv.setUint32(p + 4, fmtBytes, true)
  dv.setUint16(p + 8, extensible ? 0xfffe : isFloat ? 3 : 1, true)
  dv.setUint16(p + 10, nch, true)
  dv.setUint32(p + 12, sampleRate, true)
  dv.setUint32(p + 16, Math.min(0xffffffff, sampleRate * blockAlign), true)
  dv.setUint16(p + 20, blockAlign, true)
  dv.setUint16(p + 22, bytes * 8, true)
  p += 24
  if (extensible) {
    dv.setUint16(p, 22, true) // cbSize
    dv.setUint16(p + 2, bytes * 8, true) // valid bits
    dv.setUint32(p + 4, channelMask >>> 0, true)
    dv.setUint16(p + 8, isFloat ? 3 : 1, true)
    out.set(SUBFORMAT_TAIL, p + 10)
    p += 24
  } else if (isFloat) {
    dv.setUint16(p, 0, true) // cbSize
    p += 2
  }
  if (isFloat) {
    text(p, 'fact')
    dv.setUint32(p + 4, 4, true)
    dv.setUint32(p + 8, big ? 0xffffffff : frames, true)
    p += 12
  }
  text(p, 'data')
  dv.setUint32(p + 4, big ? 0xffffffff : dataBytes, true)
  return out
}

/** Planar samples → interleaved bytes in `format`, exactly as encodeWav writes them (no header). */
export function encodeFrames(channels: readonly Float32Array[], format: WavFormat): Uint8Array {
  const frames = channels[0]?.length ?? 0
  const out = new Uint8Array(frames * channels.length * BYTES[format])
  writeSamples(new DataView(out.buffer), 0, channels, format)
  return out
}

/** Round to nearest and clip to the integer range; NaN becomes 0. */
function quantise(x: number, scale: number): number {
  const v = Math.round(x * scale)
  if (v >= scale) return scale - 1
  if (v < -scale) return -scale
  return v === v ? v : 0
}

function writeSamples(dv: DataView, start: number, channels: readonly Float32Array[], format: WavFormat): void {
  const nch = channels.length
  const bytes = BYTES[format]
  const stride = nch * bytes
  for (let c = 0; c < nch; c++) {
    const x = channels[c]
    let p = start + c * bytes
    if (format === 'pcm16') {
      for (let i = 0; i < x.length; i++, p += stride) dv.setInt16(p, quantise(x[i], 32768), true)
    } else if (format === 'pcm24') {
      for (let i = 0; i < x.length; i++, p += stride) {
        const v = quantise(x[i], 8388608)
        dv.setUint8(p, v & 0xff)
        dv.setUint8(p + 1, (v >> 8) & 0xff)
        dv.setUint8(p + 2, (v >> 16) & 0xff)
      }
    } else {
      // Float keeps values beyond ±1 (no clipping is needed); non-finite values would break players.
      for (let i = 0; i < x.length; i++, p += stride) dv.setFloat32(p, Number.isFinite(x[i]) ? x[i] : 0, true)
    }
  }
}

/**
 * Encode and write a WAV file. Writes a temporary file beside the target and renames it into place,
 * so a failed write never leaves a half-written file where a good one was.
 */
export async function writeWavFile(path: string, audio: PcmAudio, format: WavFormat): Promise<void> {
  const bytes = encodeWav(audio, format)
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`
  trackTemp(tmp)
  try {
    await writeFile(tmp, bytes)
    await renameKeepingMode(tmp, path)
  } catch (e) {
    await rm(tmp, { force: true })
    throw writeError(path, e)
  } finally {
    untrackTemp(tmp)
  }
}

/** Moves a finished temporary file over `path`, which keeps the permissions it had (a new file gets the umask's). */
export async function renameKeepingMode(tmp: string, path: string): Promise<void> {
  const before = await stat(path).catch(() => null)
  await rename(tmp, path)
  if (before) await chmod(path, before.mode & 0o7777).catch(() => undefined)
}

/** One line for a failed write: what the file system said, in words. */
export function writeError(path: string, e: unknown): EngineError {
  if (e instanceof EngineError) return e
  const code = (e as NodeJS.ErrnoException).code
  const why =
    code === 'ENOENT'
      ? 'folder does not exist'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'is a folder'
          : code === 'ENOSPC'
            ? 'disk full'
            : code === 'EROFS'
              ? 'read-only file system'
              : code === 'EDQUOT'
                ? 'disk quota exceeded'
                : code
                  ? `${code}` // the system's message names the temporary file, not the one asked for
                  : (e as Error).message
  return new EngineError(`cannot write ${path}: ${why}`, 'IO')
}
