// The windowed reader: every window equals the same frames of a full in-memory decode, for every
// fixture format; compressed files go through a disk cache that is gone after close; declared sizes
// larger than the file cost nothing.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeAudio } from '../../../electron/engine/audio/decode'
import { encodeFrames, encodeWav } from '../../../electron/engine/audio/encode'
import { memorySource, openAudioSource } from '../../../electron/engine/audio/source'
import { EngineError } from '../../../electron/engine/types'
import { sunAu } from './sun-au'

const DIR = join(__dirname, '../../fixtures/audio')
let tmp: string
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'vf-source-'))
})
afterAll(() => rm(tmp, { recursive: true, force: true }))

/** Windows inside, across both ends and beyond the audio. */
function windows(n: number): [number, number][] {
  return [
    [0, n],
    [0, 1],
    [n - 1, n],
    [-300, 700],
    [n - 500, n + 900],
    [Math.floor(n / 3), Math.floor(n / 3) + 4097],
    [n + 10, n + 20],
  ]
}

function expectSame(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length)
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length)
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length)
  let first = -1
  for (let i = 0; i < x.length && first < 0; i++) if (x[i] !== y[i]) first = i
  expect(first).toBe(-1)
}

describe('openAudioSource: windows equal the full decode', () => {
  for (const file of [
    'speech-16k-s16.wav',
    'speech-16k-s24.wav',
    'speech-16k-s32.wav',
    'speech-16k-f32.wav',
    'speech-16k-f64.wav',
    'speech-16k-u8.wav',
    'speech-16k-4ch-extensible.wav',
    'speech-44k-stereo.wav',
    'speech-16k-adpcm.wav',
    'speech-16k.flac',
    'speech-16k-s24g.flac',
    'speech-16k-s24g.aiff',
    'speech-16k-s8.aiff',
    'speech-16k-sowt.aifc',
    'speech-16k-fl32.aifc',
    'speech-16k.mp3',
    'speech-16k-dualmono.mp3',
    'speech-16k.ogg',
    'speech-16k.opus',
    'truncated.wav',
  ]) {
    it(file, async () => {
      const full = await decodeAudio(new Uint8Array(await readFile(join(DIR, file))))
      const src = await openAudioSource(join(DIR, file), { cacheDir: tmp })
      try {
        expect([src.sampleRate, src.channels, src.frames, src.format]).toEqual([full.sampleRate, full.channels.length, full.channels[0].length, full.format])
        expect(src.warnings).toEqual(full.warnings)
        for (const [a, b] of windows(src.frames)) {
          const got = await src.read(a, b)
          full.channels.forEach((ch, c) => {
            const want = new Float32Array(b - a)
            const lo = Math.max(0, a)
            const hi = Math.min(ch.length, b)
            if (hi > lo) want.set(ch.subarray(lo, hi), lo - a)
            expectSame(got[c], want)
          })
        }
      } finally {
        await src.close()
      }
      expect(await readdir(tmp)).toEqual([]) // no decode cache left behind
    })
  }

  it('a stereo MP3 whose channels are the same (mono saved as stereo) stays stereo, both ways of decoding', async () => {
    // The decoder gives such a stream one channel throughout; a fill and an export had written mono.
    const file = join(DIR, 'speech-16k-dualmono.mp3')
    const full = await decodeAudio(new Uint8Array(await readFile(file)))
    expect(full.channels.length).toBe(2)
    expectSame(full.channels[1], full.channels[0])
    const src = await openAudioSource(file, { cacheDir: tmp })
    try {
      expect(src.channels).toBe(2)
      const [l, r] = await src.read(0, src.frames)
      expectSame(r, l)
      expect(Math.max(...l.map(Math.abs))).toBeGreaterThan(0.1) // speech, not silence
    } finally {
      await src.close()
    }
  })

  it('a stereo MP3 with equal channels behind an ID3 tag over 64 KB (cover art) stays stereo too', async () => {
    const mp3 = new Uint8Array(await readFile(join(DIR, 'speech-16k-dualmono.mp3')))
    const tag = 100_000 // an ID3v2.3 header, then padding: the size is syncsafe, 7 bits a byte
    const head = [0x49, 0x44, 0x33, 3, 0, 0, (tag >> 21) & 0x7f, (tag >> 14) & 0x7f, (tag >> 7) & 0x7f, tag & 0x7f]
    const file = join(tmp, 'cover-art.mp3')
    await writeFile(file, Buffer.concat([Buffer.from(head), Buffer.alloc(tag), mp3]))
    const src = await openAudioSource(file, { cacheDir: tmp })
    try {
      expect(src.channels).toBe(2)
      const [l, r] = await src.read(0, src.frames)
      expectSame(r, l)
    } finally {
      await src.close()
      await rm(file)
    }
  })

  it('16/24-bit PCM WAV: raw reads are the file bytes, and encode back from the samples', async () => {
    for (const [file, format] of [
      ['speech-16k-s16.wav', 'pcm16'],
      ['speech-16k-s24.wav', 'pcm24'],
    ] as const) {
      const bytes = new Uint8Array(await readFile(join(DIR, file)))
      const src = await openAudioSource(join(DIR, file))
      expect(src.rawFormat).toBe(format)
      const raw = await src.readRaw(100, 5000)
      const width = format === 'pcm16' ? 2 : 3
      const dataStart = Buffer.from(bytes).indexOf('data') + 8
      expect(Buffer.from(raw).equals(Buffer.from(bytes.subarray(dataStart + 100 * width, dataStart + 5000 * width)))).toBe(true)
      expect(Buffer.from(encodeFrames(await src.read(100, 5000), format)).equals(Buffer.from(raw))).toBe(true)
      await src.close()
    }
  })

  it('a data chunk declaring 4 GB in a tiny file: the frames present, a warning, no 4 GB allocation', async () => {
    const samples = new Int16Array(3000).map((_, i) => Math.round(8000 * Math.sin(i / 10)))
    const head = new Uint8Array(44)
    const dv = new DataView(head.buffer)
    head.set([0x52, 0x49, 0x46, 0x46], 0)
    dv.setUint32(4, 0xfffffff0, true)
    head.set([0x57, 0x41, 0x56, 0x45, 0x66, 0x6d, 0x74, 0x20], 8)
    dv.setUint32(16, 16, true)
    dv.setUint16(20, 1, true)
    dv.setUint16(22, 1, true)
    dv.setUint32(24, 16000, true)
    dv.setUint32(28, 32000, true)
    dv.setUint16(32, 2, true)
    dv.setUint16(34, 16, true)
    head.set([0x64, 0x61, 0x74, 0x61], 36)
    dv.setUint32(40, 0xfffffff0, true)
    const path = join(tmp, 'declares-4gb.wav')
    await writeFile(path, Buffer.concat([head, new Uint8Array(samples.buffer)]))
    const before = process.memoryUsage().arrayBuffers
    const src = await openAudioSource(path)
    expect(src.frames).toBe(3000)
    expect(src.warnings).toEqual(['truncated WAV: file ends early at 0:00.1 (data chunk declares 4294967280 bytes, file has 6000); decoded what is there'])
    const all = await src.read(0, src.frames)
    expect(Array.from(all[0].subarray(0, 5), (v) => v * 32768)).toEqual(Array.from(samples.subarray(0, 5)))
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 << 20)
    await src.close()
  })

  it('errors are one line naming the file', async () => {
    const cases: [string, RegExp][] = [
      [join(tmp, 'missing.wav'), /^audio file not found: .*missing\.wav$/],
      [tmp, /is a folder, not an audio file$/],
      [join(DIR, 'empty.wav'), /empty\.wav: empty audio: 0 samples$/],
      [join(DIR, 'garbage.wav'), /garbage\.wav: not an audio file \(unknown header 'PK\\x03\\x04'\); this app opens WAV/],
      [join(tmp, 'take.au'), /take\.au: unsupported audio format: Sun\/NeXT audio \(\.au, \.snd\); this app opens WAV .* and M4A/],
    ]
    await writeFile(join(tmp, 'take.au'), sunAu())
    for (const [path, message] of cases) {
      const err = await openAudioSource(path).then(
        () => null,
        (e: unknown) => e,
      )
      expect(err).toBeInstanceOf(EngineError)
      expect((err as EngineError).code).toBe('BAD_AUDIO')
      expect((err as EngineError).message).toMatch(message)
      expect((err as EngineError).message).not.toContain('\n')
    }
  })

  it('a truncated FLAC streams into the cache and says where it ends', async () => {
    const b = new Uint8Array(await readFile(join(DIR, 'speech-16k.flac')))
    const path = join(tmp, 'cut.flac')
    await writeFile(path, b.subarray(0, b.length >> 1))
    const src = await openAudioSource(path, { cacheDir: tmp })
    expect(src.warnings[0]).toMatch(/^truncated or damaged FLAC: the audio stops early at 0:0\d\.\d \(header declares 33360 samples, decoded \d+\)$/)
    expect(src.frames).toBeLessThan(33360)
    await src.close()
    await rm(path)
  })

  it('a damaged FLAC frame streams as silence in its place, the rest at its own time, peaks included', async () => {
    const b = new Uint8Array(await readFile(join(DIR, 'speech-16k.flac')))
    const whole = await openAudioSource(join(DIR, 'speech-16k.flac'), { cacheDir: tmp })
    const ref = (await whole.read(0, whole.frames))[0]
    await whole.close()
    const x = b.slice()
    const mid = Math.floor(b.length / 2)
    x.fill(0x5a, mid, mid + 40) // inside a frame in the middle
    const path = join(tmp, 'damaged.flac')
    await writeFile(path, x)
    let chunked = 0
    const src = await openAudioSource(path, { cacheDir: tmp, onChunk: (c, start) => {
      expect(start).toBe(chunked) // contiguous: the silence is reported too
      chunked += c[0].length
    } })
    expect(src.warnings).toHaveLength(1)
    expect(src.warnings[0]).toMatch(/^damaged FLAC: 0\.\d\d s could not be decoded at 0:01\.\d and is silent; the audio after it keeps its timing$/)
    expect(src.frames).toBe(33360)
    expect(chunked).toBe(33360)
    const got = (await src.read(0, src.frames))[0]
    let zeros = 0
    let same = 0
    for (let i = 0; i < got.length; i++) {
      if (got[i] === ref[i]) same++
      else if (got[i] === 0) zeros++
    }
    expect(same + zeros).toBe(33360) // every sample is the original's or silence
    expect(zeros).toBeGreaterThan(0)
    expect(zeros).toBeLessThanOrEqual(2 * 4608) // at most the damaged frame (and the one the decoder gave up in)
    expect(got.subarray(got.length - 2000)).toEqual(ref.subarray(ref.length - 2000))
    await src.close()
    await rm(path)
  })

  it('refuses a rate above what the resampler takes when the file opens, not at the first generation', async () => {
    const path = join(tmp, 'r384k.wav')
    await writeFile(path, encodeWav({ sampleRate: 384000, channels: [new Float32Array(3840)] }, 'pcm16'))
    await expect(openAudioSource(path)).rejects.toThrow(/sample rate 384000 Hz is above the 192000 Hz this app works at; convert the file first/)
  })

  it('says when a WAV has a second data chunk, which it does not read', async () => {
    const one = encodeWav({ sampleRate: 8000, channels: [new Float32Array(800).fill(0.25)] }, 'pcm16')
    const extra = new Uint8Array(8 + 1600)
    extra.set([0x64, 0x61, 0x74, 0x61]) // "data"
    new DataView(extra.buffer).setUint32(4, 1600, true)
    const two = new Uint8Array(one.length + extra.length)
    two.set(one)
    two.set(extra, one.length)
    new DataView(two.buffer).setUint32(4, two.length - 8, true)
    const path = join(tmp, 'two-data.wav')
    await writeFile(path, two)
    const src = await openAudioSource(path)
    expect(src.frames).toBe(800)
    expect(src.warnings).toEqual(['WAV has a second data chunk (1600 bytes) after the first; only the first is read'])
    await src.close()
  })

  it('memorySource reads windows of PCM in memory', async () => {
    const x = Float32Array.from({ length: 10 }, (_, i) => i / 10)
    const src = memorySource({ sampleRate: 8000, channels: [x] })
    expect(Array.from((await src.read(-2, 3))[0])).toEqual([0, 0, 0, 0.1, 0.2].map(Math.fround))
  })
})
