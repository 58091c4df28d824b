// 64-bit WAV (RF64/BW64, EBU Tech 3306): field recorders write it for takes over 4 GB. The sizes
// live in a ds64 chunk and the 32-bit fields say 0xFFFFFFFF. Read by both decoders, written by the
// exporter when the audio is over 4 GB (forced here with rf64: true, so the files stay small).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeAudio } from '../../../electron/engine/audio/decode'
import { encodeFrames, encodeWav, wavHeader } from '../../../electron/engine/audio/encode'
import { openAudioSource } from '../../../electron/engine/audio/source'
import { WavWriter } from '../../../electron/engine/audio/wav-writer'
import { EngineError } from '../../../electron/engine/types'

let tmp: string
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'vf-rf64-'))
})
afterAll(() => rm(tmp, { recursive: true, force: true }))

function noise(n: number, seed: number): Float32Array {
  let s = seed
  return new Float32Array(n).map(() => {
    s = (s * 1103515245 + 12345) >>> 0
    return Math.round(((s / 2 ** 32) * 2 - 1) * 32000) / 32768
  })
}

const left = noise(5001, 1)
const right = noise(5001, 2)

/** An RF64 file as a recorder writes it: ds64, fmt, a chunk of its own, data with 0xFFFFFFFF. */
function recorderRf64(magic: 'RF64' | 'BW64', opts: { ds64?: boolean; dataSize?: number } = {}): Uint8Array {
  const pcm = encodeFrames([left, right], 'pcm16')
  const parts: Uint8Array[] = []
  const chunk = (id: string, body: Uint8Array, size = body.length) => {
    const h = new Uint8Array(8)
    h.set([...id].map((c) => c.charCodeAt(0)))
    new DataView(h.buffer).setUint32(4, size, true)
    parts.push(h, body, new Uint8Array(body.length & 1))
  }
  const ds = new Uint8Array(28)
  const fmt = new Uint8Array(16)
  const f = new DataView(fmt.buffer)
  f.setUint16(0, 1, true)
  f.setUint16(2, 2, true)
  f.setUint32(4, 48000, true)
  f.setUint32(8, 48000 * 4, true)
  f.setUint16(12, 4, true)
  f.setUint16(14, 16, true)
  if (opts.ds64 !== false) chunk('ds64', ds)
  chunk('fmt ', fmt)
  chunk('bext', new Uint8Array(602)) // broadcast extension: recorders put one here
  chunk('data', pcm, 0xffffffff)
  const body = parts.reduce((n, p) => n + p.length, 0)
  const d = new DataView(ds.buffer)
  d.setBigUint64(0, BigInt(4 + body), true)
  d.setBigUint64(8, BigInt(opts.dataSize ?? pcm.length), true)
  d.setBigUint64(16, BigInt(left.length), true)
  const head = new Uint8Array(12)
  head.set([...`${magic}\xff\xff\xff\xffWAVE`].map((c) => c.charCodeAt(0)))
  const out = new Uint8Array(12 + body)
  out.set(head)
  let at = 12
  for (const p of parts) (out.set(p, at), (at += p.length))
  return out
}

function expectSameSamples(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length)
  let first = -1
  for (let i = 0; i < a.length && first < 0; i++) if (!Object.is(a[i], b[i])) first = i
  expect(first).toBe(-1)
}

describe('64-bit WAV (RF64 / BW64)', () => {
  it.each(['RF64', 'BW64'] as const)('%s from a recorder decodes whole and in windows, sizes from ds64', async (magic) => {
    const bytes = recorderRf64(magic)
    const a = await decodeAudio(bytes)
    expect(a.format).toBe(`WAV (${magic}) 16-bit PCM`)
    expect(a.sampleRate).toBe(48000)
    expect(a.warnings).toEqual([])
    expectSameSamples(a.channels[0], left)
    expectSameSamples(a.channels[1], right)
    const path = join(tmp, `rec-${magic}.wav`)
    await writeFile(path, bytes)
    const src = await openAudioSource(path)
    try {
      expect(src.frames).toBe(left.length)
      expect(src.format).toBe(`WAV (${magic}) 16-bit PCM`)
      const [l, r] = await src.read(1000, 3500)
      expectSameSamples(l, left.subarray(1000, 3500))
      expectSameSamples(r, right.subarray(1000, 3500))
    } finally {
      await src.close()
    }
  })

  it('a ds64 declaring more data than the file has: what is there, with the truncation warning', async () => {
    const a = await decodeAudio(recorderRf64('RF64', { dataSize: 20004 * 4 }))
    expect(a.channels[0].length).toBe(left.length)
    expect(a.warnings.join(' ')).toMatch(/truncated WAV: file ends early .*declares 80016 bytes/)
  })

  it('an RF64 file without its ds64 chunk is refused in one clear line', async () => {
    const err = await decodeAudio(recorderRf64('RF64', { ds64: false })).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(EngineError)
    expect((err as EngineError).message).toBe('bad WAV: RF64 file without its ds64 chunk (the 64-bit sizes)')
  })

  it('over 4 GB the header is RF64 with the true sizes in ds64; under, plain RIFF', () => {
    const frames = 600_000_000 // × 2 channels × 2 bytes = 2.4 GB: RIFF
    expect(new TextDecoder().decode(wavHeader('pcm16', 48000, 2, frames).subarray(0, 4))).toBe('RIFF')
    const big = 1_500_000_000 // × 4 bytes = 6 GB
    const h = wavHeader('pcm16', 48000, 2, big)
    const dv = new DataView(h.buffer)
    const text = (at: number) => new TextDecoder().decode(h.subarray(at, at + 4))
    expect([text(0), text(8), text(12), text(48), text(h.length - 8)]).toEqual(['RF64', 'WAVE', 'ds64', 'fmt ', 'data'])
    expect(dv.getUint32(4, true)).toBe(0xffffffff)
    expect(Number(dv.getBigUint64(28, true))).toBe(big * 4)
    expect(Number(dv.getBigUint64(20, true))).toBe(h.length + big * 4 - 8)
    expect(Number(dv.getBigUint64(36, true))).toBe(big)
    expect(dv.getUint32(h.length - 4, true)).toBe(0xffffffff)
    const f = wavHeader('float32', 48000, 2, big)
    expect(new TextDecoder().decode(f.subarray(74, 78))).toBe('fact')
    expect(new DataView(f.buffer).getUint32(82, true)).toBe(0xffffffff)
  })

  it.each(['pcm16', 'pcm24', 'float32'] as const)('what the exporter writes as RF64 (%s) reads back exactly like its RIFF twin', async (format) => {
    const path = join(tmp, `out-${format}.wav`)
    const w = await WavWriter.create(path, { format, sampleRate: 44100, channels: 2, frames: left.length, rf64: true })
    await w.write([left.subarray(0, 2000), right.subarray(0, 2000)])
    await w.write([left.subarray(2000), right.subarray(2000)])
    await w.finish()
    const bytes = new Uint8Array(await readFile(path))
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('RF64')
    const twin = encodeWav({ sampleRate: 44100, channels: [left, right] }, format)
    expect(bytes.length - twin.length).toBe(36) // the ds64 chunk, nothing else
    const a = await decodeAudio(bytes)
    const b = await decodeAudio(twin)
    expectSameSamples(a.channels[0], b.channels[0])
    expectSameSamples(a.channels[1], b.channels[1])
    expect(a.warnings).toEqual([])
  })
})
