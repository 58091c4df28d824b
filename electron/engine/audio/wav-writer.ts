// A WAV file written piece by piece: the header first (the length is known up front), then planar
// chunks encoded as they come or bytes copied as they are. It goes to a temporary file beside the
// target and is renamed into place by finish(), so a failed or cancelled write never leaves a
// half-written file where a good one was.
import { randomBytes } from 'node:crypto'
import { open, rm, type FileHandle } from 'node:fs/promises'
import { EngineError } from '../types'
import { bytesPerSample, encodeFrames, renameKeepingMode, wavHeader, writeError, type WavFormat } from './encode'
import { trackTemp, untrackTemp } from './temp-files'

export interface WavWriterSpec {
  format: WavFormat
  sampleRate: number
  channels: number
  /** frames the file will hold; finish() checks that exactly this many were written */
  frames: number
  /** the 64-bit form RF64 even when under 4 GB (default: only when over) */
  rf64?: boolean
  /** whole chunks to write after the samples (metadata carried from the source, wav-meta.ts) */
  trailer?: Uint8Array
  /** speaker positions: the fmt chunk is WAVE_FORMAT_EXTENSIBLE with this dwChannelMask */
  channelMask?: number
}

export class WavWriter {
  private pos = 0
  private written = 0
  private done = false

  private constructor(
    readonly path: string,
    private readonly tmp: string,
    private readonly fh: FileHandle,
    readonly spec: WavWriterSpec,
  ) {}

  /** Creates the temporary file and writes the header (RF64 when the audio is over 4 GB). */
  static async create(path: string, spec: WavWriterSpec): Promise<WavWriter> {
    const header = wavHeader(spec.format, spec.sampleRate, spec.channels, spec.frames, spec.rf64, spec.trailer?.length ?? 0, spec.channelMask)
    const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`
    let fh: FileHandle
    trackTemp(tmp)
    try {
      fh = await open(tmp, 'w')
    } catch (e) {
      untrackTemp(tmp)
      throw writeError(path, e)
    }
    const w = new WavWriter(path, tmp, fh, spec)
    await w.put(header)
    return w
  }

  /** Frames written so far. */
  get frames(): number {
    return this.written
  }

  /** Appends planar samples (rounded and clipped like encodeWav). */
  async write(channels: readonly Float32Array[]): Promise<void> {
    if (channels.length !== this.spec.channels) {
      throw new EngineError(`cannot write WAV: got ${channels.length} channels, the file has ${this.spec.channels}`, 'INTERNAL')
    }
    const n = channels[0]?.length ?? 0
    await this.put(encodeFrames(channels, this.spec.format))
    this.written += n
  }

  /** Appends bytes already in this file's encoding (whole interleaved frames), copied as they are. */
  async writeRaw(bytes: Uint8Array): Promise<void> {
    const frameBytes = this.spec.channels * bytesPerSample(this.spec.format)
    if (bytes.length % frameBytes) throw new EngineError(`raw copy of ${bytes.length} bytes is not whole ${frameBytes}-byte frames`, 'INTERNAL')
    await this.put(bytes)
    this.written += bytes.length / frameBytes
  }

  /** Pads, closes and renames the file into place. */
  async finish(): Promise<void> {
    if (this.written !== this.spec.frames) {
      await this.abort()
      throw new EngineError(`WAV writer: wrote ${this.written} frames, the header says ${this.spec.frames}`, 'INTERNAL')
    }
    try {
      if (this.written * this.spec.channels * bytesPerSample(this.spec.format) & 1) await this.put(new Uint8Array(1))
      if (this.spec.trailer?.length) await this.put(this.spec.trailer)
      await this.fh.close()
      this.done = true
      await renameKeepingMode(this.tmp, this.path)
      untrackTemp(this.tmp)
    } catch (e) {
      await this.abort()
      throw writeError(this.path, e)
    }
  }

  /** Stops and deletes the temporary file (after an error or a cancel). */
  async abort(): Promise<void> {
    if (!this.done) {
      this.done = true
      await this.fh.close().catch(() => undefined)
    }
    await rm(this.tmp, { force: true })
    untrackTemp(this.tmp)
  }

  private async put(bytes: Uint8Array): Promise<void> {
    try {
      for (let at = 0; at < bytes.length; ) {
        const { bytesWritten } = await this.fh.write(bytes, at, bytes.length - at, this.pos)
        at += bytesWritten
        this.pos += bytesWritten
      }
    } catch (e) {
      await this.abort()
      throw writeError(this.path, e)
    }
  }
}
