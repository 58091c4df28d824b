// Peaks of a long recording without holding it: the pyramid (min/max per 256 frames, then per 1024,
// 4096, …) is built in one streaming pass and stored in a small file (≈ 14 MB for an hour of 48 kHz
// stereo), so reopening draws the waveform at once. The file records the audio's size, modification
// time and a fingerprint of sampled bytes; any change to the audio makes it stale and it is rebuilt.
import { createHash } from 'node:crypto'
import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { AudioSource } from '../audio/source'
import { BASE_BLOCK, pyramidFrom, type PeakLevel } from './peaks'

const MAGIC = 'VFPEAKS1'
/** Frames read per chunk of the streaming pass. */
const PASS_CHUNK_FRAMES = 1 << 18
/** Bytes hashed at each of the sampled places of the audio file. */
const SAMPLE_BYTES = 4096
const SAMPLES = 16

/** What identifies the audio file the peaks belong to. */
export interface FileFingerprint {
  size: number
  mtimeMs: number
  hash: string
}

/** Size, modification time and a hash of 16 blocks spread over the file (cheap on any size). */
export async function fileFingerprint(path: string): Promise<FileFingerprint> {
  const st = await stat(path)
  const fh = await open(path, 'r')
  try {
    const h = createHash('sha1')
    const buf = new Uint8Array(SAMPLE_BYTES)
    for (let i = 0; i < SAMPLES; i++) {
      const pos = Math.max(0, Math.floor(((st.size - SAMPLE_BYTES) * i) / (SAMPLES - 1)))
      const { bytesRead } = await fh.read(buf, 0, SAMPLE_BYTES, pos)
      h.update(buf.subarray(0, bytesRead))
    }
    return { size: st.size, mtimeMs: st.mtimeMs, hash: h.digest('hex') }
  } finally {
    await fh.close()
  }
}

/** Builds the pyramid of each channel from chunks fed in order; the same levels buildPyramid gives. */
export class PeakBuilder {
  private readonly base: { min: number[]; max: number[] }[]
  private frames = 0

  constructor(readonly channels: number) {
    this.base = Array.from({ length: channels }, () => ({ min: [], max: [] }))
  }

  push(chunk: readonly Float32Array[]): void {
    const n = chunk[0]?.length ?? 0
    for (let c = 0; c < this.channels; c++) {
      const x = chunk[c]
      const { min, max } = this.base[c]
      for (let i = 0; i < n; ) {
        const g = this.frames + i
        const b = Math.floor(g / BASE_BLOCK)
        if (b === min.length) {
          min.push(Infinity)
          max.push(-Infinity)
        }
        const end = Math.min(n, i + BASE_BLOCK - (g % BASE_BLOCK))
        let lo = min[b]
        let hi = max[b]
        for (; i < end; i++) {
          const v = x[i]
          if (v < lo) lo = v
          if (v > hi) hi = v
        }
        min[b] = lo
        max[b] = hi
      }
    }
    this.frames += n
  }

  /** The base level and the coarser ones over it (none for under two blocks). */
  finish(): PeakLevel[][] {
    return this.base.map(({ min, max }) => pyramidFrom(Float32Array.from(min), Float32Array.from(max)))
  }

}

/** One streaming pass over a source (an opened WAV: its samples are read from disk chunk by chunk). */
export async function buildPeaks(source: AudioSource, signal?: AbortSignal, onProgress?: (fraction: number) => void): Promise<PeakLevel[][]> {
  const builder = new PeakBuilder(source.channels)
  for (let a = 0; a < source.frames; a += PASS_CHUNK_FRAMES) {
    if (signal?.aborted) throw new Error('cancelled')
    const b = Math.min(source.frames, a + PASS_CHUNK_FRAMES)
    builder.push(await source.read(a, b))
    onProgress?.(b / source.frames)
  }
  return builder.finish()
}

interface CacheHeader {
  magic: typeof MAGIC
  file: FileFingerprint
  sampleRate: number
  channels: number
  frames: number
  /** entries per level (every channel has the same levels) */
  levels: { block: number; length: number }[]
}

/** The cached pyramid for this audio file, or null when there is none or it is stale or unreadable. */
export async function readPeakCache(
  cachePath: string,
  file: FileFingerprint,
  expect: { sampleRate: number; channels: number; frames: number } | null = null,
): Promise<{ levels: PeakLevel[][]; sampleRate: number; channels: number; frames: number } | null> {
  let fh
  try {
    fh = await open(cachePath, 'r')
  } catch {
    return null
  }
  try {
    const size = (await fh.stat()).size
    const lenBuf = new Uint8Array(12)
    await fh.read(lenBuf, 0, 12, 0)
    if (String.fromCharCode(...lenBuf.subarray(0, 8)) !== MAGIC) return null
    const headLen = new DataView(lenBuf.buffer).getUint32(8, true)
    if (headLen > 1 << 20 || 12 + headLen > size) return null
    const headBuf = new Uint8Array(headLen)
    await fh.read(headBuf, 0, headLen, 12)
    const head = JSON.parse(new TextDecoder().decode(headBuf)) as CacheHeader
    const f = head.file
    if (!f || f.size !== file.size || f.mtimeMs !== file.mtimeMs || f.hash !== file.hash) return null
    if (expect && (head.sampleRate !== expect.sampleRate || head.channels !== expect.channels || head.frames !== expect.frames)) return null
    const total = head.levels.reduce((a, l) => a + l.length, 0) * 2 * head.channels * 4
    const bodyStart = (12 + headLen + 3) & ~3
    if (bodyStart + total !== size) return null
    const body = new Uint8Array(total)
    for (let at = 0; at < total; ) {
      const { bytesRead } = await fh.read(body, at, total - at, bodyStart + at)
      if (bytesRead === 0) return null
      at += bytesRead
    }
    const floats = new Float32Array(body.buffer)
    let at = 0
    const take = (n: number) => floats.subarray(at, (at += n))
    const levels = Array.from({ length: head.channels }, () => head.levels.map((l) => ({ block: l.block, min: take(l.length), max: take(l.length) })))
    return { levels, sampleRate: head.sampleRate, channels: head.channels, frames: head.frames }
  } catch {
    return null
  } finally {
    await fh.close()
  }
}

/** Writes the pyramid next to the project (temporary file + rename); failures only cost the cache. */
export async function writePeakCache(
  cachePath: string,
  file: FileFingerprint,
  meta: { sampleRate: number; channels: number; frames: number },
  levels: readonly PeakLevel[][],
): Promise<void> {
  const head: CacheHeader = { magic: MAGIC, file, ...meta, levels: (levels[0] ?? []).map((l) => ({ block: l.block, length: l.min.length })) }
  const json = new TextEncoder().encode(JSON.stringify(head))
  const prefix = new Uint8Array((12 + json.length + 3) & ~3)
  prefix.set([...MAGIC].map((ch) => ch.charCodeAt(0)))
  new DataView(prefix.buffer).setUint32(8, json.length, true)
  prefix.set(json, 12)
  const tmp = `${cachePath}.${process.pid}.tmp`
  try {
    await mkdir(dirname(cachePath), { recursive: true })
    const fh = await open(tmp, 'w')
    try {
      let pos = 0
      const put = async (b: Uint8Array) => {
        for (let at = 0; at < b.length; ) {
          const { bytesWritten } = await fh.write(b, at, b.length - at, pos)
          at += bytesWritten
          pos += bytesWritten
        }
      }
      await put(prefix)
      for (const channel of levels) {
        for (const l of channel) {
          await put(new Uint8Array(l.min.buffer, l.min.byteOffset, l.min.byteLength))
          await put(new Uint8Array(l.max.buffer, l.max.byteOffset, l.max.byteLength))
        }
      }
    } finally {
      await fh.close()
    }
    await rename(tmp, cachePath)
  } catch (e) {
    await rm(tmp, { force: true })
    console.warn(`peaks: could not write ${cachePath}: ${(e as Error).message}`)
  }
}
