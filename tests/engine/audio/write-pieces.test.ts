// The streamed writer: pieces of the source and of memory, copied raw or encoded, give exactly the
// file encodeWav gives for the same timeline; another rate streams through the resampler; a cancel
// leaves neither the target nor a temporary file.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeAudio } from '../../../electron/engine/audio/decode'
import { encodeWav } from '../../../electron/engine/audio/encode'
import { resample } from '../../../electron/engine/audio/resample'
import { openAudioSource, type AudioSource } from '../../../electron/engine/audio/source'
import { clipWarning, piecesLength, writePieces, WRITE_CHUNK_FRAMES, type Piece } from '../../../electron/engine/audio/write-pieces'
import { EngineError } from '../../../electron/engine/types'

let tmp: string
let path: string
let source: AudioSource
const N = 3 * WRITE_CHUNK_FRAMES + 123

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'vf-pieces-'))
  const channels = [0, 1].map((c) => Float32Array.from({ length: N }, (_, i) => Math.round(20000 * Math.sin(i * (0.01 + c * 0.003))) / 32768))
  path = join(tmp, 'in.wav')
  await writeFile(path, encodeWav({ sampleRate: 44100, channels }, 'pcm16'))
  source = await openAudioSource(path)
})
afterAll(async () => {
  await source.close()
  await rm(tmp, { recursive: true, force: true })
})

const insert = [new Float32Array(5000).fill(0.25), new Float32Array(5000).fill(-0.5)]
const PIECES: Piece[] = [
  { kind: 'source', from: 0, to: 70000 },
  { kind: 'pcm', channels: insert },
  { kind: 'source', from: 90000, to: N },
]

async function timeline(): Promise<Float32Array[]> {
  const all = await source.read(0, N)
  return all.map((ch, c) => {
    const out = new Float32Array(piecesLength(PIECES))
    out.set(ch.subarray(0, 70000))
    out.set(insert[c], 70000)
    out.set(ch.subarray(90000), 75000)
    return out
  })
}

describe('writePieces', () => {
  for (const format of ['pcm16', 'pcm24', 'float32'] as const) {
    it(`${format}: the same bytes as encodeWav of the whole timeline`, async () => {
      const out = join(tmp, `out-${format}.wav`)
      const progress: number[] = []
      const res = await writePieces(out, source, PIECES, { format, onProgress: (done) => progress.push(done) })
      expect(res.frames).toBe(piecesLength(PIECES))
      const want = encodeWav({ sampleRate: 44100, channels: await timeline() }, format)
      expect(Buffer.from(await readFile(out)).equals(Buffer.from(want))).toBe(true)
      expect(progress[0]).toBe(0)
      expect(progress.at(-1)).toBe(res.frames)
      expect(progress.every((p, i) => i === 0 || p >= progress[i - 1])).toBe(true)
    })
  }

  it('counts the samples an integer format clips (a float source over full scale); float keeps them', async () => {
    const hot = [Float32Array.from({ length: 3000 }, (_, i) => 2 * Math.sin(i * 0.05))] // float audio at +6 dBFS
    const over = hot[0].filter((v) => Math.abs(v) > 1).length
    expect(over).toBeGreaterThan(1000)
    const hotPath = join(tmp, 'hot.wav')
    await writeFile(hotPath, encodeWav({ sampleRate: 16000, channels: hot }, 'float32'))
    const hotSource = await openAudioSource(hotPath)
    try {
      const pieces: Piece[] = [{ kind: 'source', from: 0, to: 1000 }, { kind: 'pcm', channels: [hot[0].slice(1000, 2000)] }, { kind: 'source', from: 2000, to: 3000 }]
      expect((await writePieces(join(tmp, 'hot16.wav'), hotSource, pieces, { format: 'pcm16' })).clipped).toBe(over)
      expect((await writePieces(join(tmp, 'hotf.wav'), hotSource, pieces, { format: 'float32' })).clipped).toBe(0)
      expect(clipWarning(over, 'pcm16')).toBe(`${over} samples over full scale were clipped in pcm16 (--format float32 keeps them)`)
      expect(clipWarning(0, 'pcm16')).toBeNull()
    } finally {
      await hotSource.close()
    }
    expect((await writePieces(join(tmp, 'cool.wav'), source, PIECES, { format: 'pcm16' })).clipped).toBe(0)
  })

  it('another rate: streamed through the resampler, the length resample() gives and close to its samples', async () => {
    const out = join(tmp, 'out-16k.wav')
    const res = await writePieces(out, source, PIECES, { format: 'float32', sampleRate: 16000 })
    const got = await decodeAudio(new Uint8Array(await readFile(out)))
    const ref = await resample((await timeline())[0], 44100, 16000)
    expect(res.frames).toBe(ref.length)
    expect(got.channels[0].length).toBe(ref.length)
    let d = 0
    for (let i = 0; i < ref.length; i++) d = Math.max(d, Math.abs(ref[i] - got.channels[0][i]))
    expect(d).toBeLessThan(1e-4)
  })

  it('a cancel stops between chunks and leaves no file behind', async () => {
    const out = join(tmp, 'cancelled', 'out.wav')
    await mkdir(join(tmp, 'cancelled'))
    const ctl = new AbortController()
    const err = await writePieces(out, source, PIECES, {
      format: 'pcm16',
      signal: ctl.signal,
      onProgress: (done) => done > WRITE_CHUNK_FRAMES && ctl.abort(),
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(EngineError)
    expect((err as EngineError).code).toBe('CANCELLED')
    expect(await readdir(join(tmp, 'cancelled'))).toEqual([])
  })

  it('a folder that does not exist is a one-line error', async () => {
    const err = await writePieces(join(tmp, 'nope', 'out.wav'), source, PIECES, { format: 'pcm16' }).catch((e: unknown) => e)
    expect((err as EngineError).message).toMatch(/^cannot write .*out\.wav: folder does not exist$/)
    expect((err as EngineError).code).toBe('IO')
  })
})
