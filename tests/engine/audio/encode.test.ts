import { readFileSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeAudio } from '../../../electron/engine/audio/decode'
import { encodeWav, writeWavFile } from '../../../electron/engine/audio/encode'
import { EngineError, type PcmAudio } from '../../../electron/engine/types'

const DIR = join(__dirname, '../../fixtures/audio')
const fixture = (name: string) => new Uint8Array(readFileSync(join(DIR, name)))

/** Index of the first sample that differs in any channel (bit-exact comparison), or -1. */
function firstDifference(a: Float32Array[], b: Float32Array[]): number {
  expect(b.map((c) => c.length)).toEqual(a.map((c) => c.length))
  for (let c = 0; c < a.length; c++) {
    for (let i = 0; i < a[c].length; i++) if (!Object.is(a[c][i], b[c][i])) return i
  }
  return -1
}

function noise(n: number, seed: number): Float32Array {
  let s = seed
  return new Float32Array(n).map(() => {
    s = (s * 1103515245 + 12345) >>> 0
    return (s / 2 ** 32) * 2 - 1
  })
}

describe('encodeWav', () => {
  it('pcm16: a 16-bit file decodes and re-encodes to identical bytes', async () => {
    const original = fixture('speech-16k-s16.wav')
    const decoded = await decodeAudio(original)
    const encoded = encodeWav(decoded, 'pcm16')
    // sox writes the same canonical 44-byte header, so the whole file is identical.
    expect(Buffer.from(encoded).equals(Buffer.from(original))).toBe(true)
  })

  it('pcm16: stereo 44.1 kHz round-trips bit-exactly', async () => {
    const decoded = await decodeAudio(fixture('speech-44k-stereo.wav'))
    const again = await decodeAudio(encodeWav(decoded, 'pcm16'))
    expect(again.sampleRate).toBe(44100)
    expect(firstDifference(decoded.channels, again.channels)).toBe(-1)
  })

  it('float32: arbitrary floats (beyond ±1 too) round-trip bit-exactly', async () => {
    const audio: PcmAudio = { sampleRate: 48000, channels: [noise(1001, 1), noise(1001, 2).map((v) => v * 1.5)] }
    const back = await decodeAudio(encodeWav(audio, 'float32'))
    expect(back.format).toBe('WAV 32-bit float')
    expect(back.sampleRate).toBe(48000)
    expect(firstDifference(audio.channels, back.channels)).toBe(-1)
  })

  it('pcm24: within half a 24-bit step', async () => {
    const x = noise(5000, 3)
    const back = await decodeAudio(encodeWav({ sampleRate: 16000, channels: [x] }, 'pcm24'))
    let d = 0
    for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(back.channels[0][i] - x[i]))
    expect(d).toBeLessThanOrEqual(0.5 / 8388608 + 1e-12)
  })

  it('rounds to nearest and clips instead of wrapping; NaN becomes 0', async () => {
    const x = new Float32Array([1.5, -1.5, 1, -1, 0.49 / 32768, 0.51 / 32768, -0.51 / 32768, NaN])
    const back = await decodeAudio(encodeWav({ sampleRate: 8000, channels: [x] }, 'pcm16'))
    expect(Array.from(back.channels[0], (v) => v * 32768)).toEqual([32767, -32768, 32767, -32768, 0, 1, -1, 0])
    const f = await decodeAudio(encodeWav({ sampleRate: 8000, channels: [new Float32Array([Infinity, 0.25])] }, 'float32'))
    expect(Array.from(f.channels[0])).toEqual([0, 0.25])
  })

  it('writes a fact chunk for float and an even-sized data chunk', () => {
    const odd = encodeWav({ sampleRate: 8000, channels: [new Float32Array(3)] }, 'pcm24') // 9 data bytes
    expect(odd.length).toBe(44 + 9 + 1)
    const dv = new DataView(odd.buffer)
    expect(dv.getUint32(40, true)).toBe(9)
    expect(dv.getUint32(4, true)).toBe(odd.length - 8)
    const f = encodeWav({ sampleRate: 8000, channels: [new Float32Array(7)] }, 'float32')
    expect(new TextDecoder().decode(f.subarray(38, 42))).toBe('fact')
    expect(new DataView(f.buffer).getUint32(46, true)).toBe(7)
  })

  it('rejects audio it cannot describe', () => {
    const x = new Float32Array(4)
    expect(() => encodeWav({ sampleRate: 16000, channels: [] }, 'pcm16')).toThrow(/0 channels/)
    expect(() => encodeWav({ sampleRate: 0, channels: [x] }, 'pcm16')).toThrow(/positive integer \(got 0\)/)
    expect(() => encodeWav({ sampleRate: 16000, channels: [x, new Float32Array(3)] }, 'pcm16')).toThrow(
      /channels differ in length \(4, 3\)/,
    )
    expect(() => encodeWav({ sampleRate: 16000.5, channels: [x] }, 'pcm16')).toThrow(EngineError)
  })
})

describe('writeWavFile', () => {
  it('writes the encoded bytes and leaves no temporary file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vf-encode-'))
    try {
      const audio: PcmAudio = { sampleRate: 16000, channels: [noise(100, 9)] }
      const path = join(dir, 'out.wav')
      await writeWavFile(path, audio, 'float32')
      expect(new Uint8Array(await readFile(path))).toEqual(encodeWav(audio, 'float32'))
      expect(await readdir(dir)).toEqual(['out.wav'])
      await expect(writeWavFile(join(dir, 'missing', 'x.wav'), audio, 'pcm16')).rejects.toThrow(
        /cannot write .*x\.wav: folder does not exist/,
      )
      expect(await readdir(dir)).toEqual(['out.wav'])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
