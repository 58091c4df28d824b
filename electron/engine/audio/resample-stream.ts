// The streaming form of resample(): the same libsamplerate converter fed chunk by chunk, for
// exports of files too long to hold. The caller says how long the input is, so the output has
// exactly round(N · to / from) samples, as resample() gives.
import libsamplerate from '@alexanderolsen/libsamplerate-js'
import { EngineError } from '../types'
import type { ResampleQuality } from './resample'

const CONVERTER = { best: 0, medium: 1, fast: 2 } as const
const MAX_RATE = 192000
/** Output samples per call: the wasm module's buffers hold ~1M floats. */
const MAX_CALL_OUTPUT = 1 << 19

type Converter = Awaited<ReturnType<typeof libsamplerate.create>>

export class StreamResampler {
  private written = 0
  private freed = false
  private readonly want: number
  private readonly chunk: number

  private constructor(
    private readonly src: Converter,
    readonly fromRate: number,
    readonly toRate: number,
    inputLength: number,
  ) {
    this.want = Math.round((inputLength * toRate) / fromRate)
    this.chunk = Math.max(64, Math.floor(MAX_CALL_OUTPUT / Math.max(1, toRate / fromRate)))
  }

  /** A converter for one channel of `inputLength` samples. */
  static async create(fromRate: number, toRate: number, inputLength: number, quality: ResampleQuality = 'best'): Promise<StreamResampler> {
    for (const [what, rate] of [['input', fromRate], ['output', toRate]] as const) {
      if (!(rate >= 1 && rate <= MAX_RATE)) {
        throw new EngineError(`cannot resample: ${what} rate ${rate} Hz is outside 1–${MAX_RATE} Hz`, 'BAD_AUDIO')
      }
    }
    const src = await libsamplerate.create(1, fromRate, toRate, { converterType: CONVERTER[quality] })
    return new StreamResampler(src, fromRate, toRate, inputLength)
  }

  /** Output samples this converter gives in all. */
  get outputLength(): number {
    return this.want
  }

  /** Converts the next input samples; returns the output they complete (possibly none yet). */
  push(x: Float32Array): Float32Array {
    const parts: Float32Array[] = []
    for (let i = 0; i < x.length && this.written < this.want; i += this.chunk) parts.push(this.take(this.src.full(x.subarray(i, i + this.chunk))))
    return concat(parts)
  }

  /** Flushes the filter delay with zeros: the rest of the output. Frees the converter. */
  finish(): Float32Array {
    const parts: Float32Array[] = []
    try {
      const zeros = new Float32Array(Math.min(this.chunk, Math.ceil(4096 / Math.min(1, this.toRate / this.fromRate))))
      for (let tries = 0; this.written < this.want && tries < 64; tries++) parts.push(this.take(this.src.full(zeros)))
      if (this.written < this.want) parts.push(new Float32Array(this.want - this.written))
      this.written = this.want
    } finally {
      this.destroy()
    }
    return concat(parts)
  }

  /** Frees the converter without flushing (cancel). */
  destroy(): void {
    if (this.freed) return
    this.freed = true
    this.src.destroy()
  }

  private take(y: Float32Array): Float32Array {
    const n = Math.min(y.length, this.want - this.written)
    this.written += n
    return n === y.length ? y.slice() : y.slice(0, n)
  }
}

function concat(parts: Float32Array[]): Float32Array {
  if (parts.length === 1) return parts[0]
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
