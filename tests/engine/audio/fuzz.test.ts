// Hostile files stay harmless: a seeded fuzz run over mutated copies of the WAV, FLAC, MP3 and Ogg
// fixtures (header fields set to huge sizes, bytes flipped, cut, spliced). Every case, through the
// in-memory decoder and through the windowed file reader, either decodes to sane audio or fails
// with one EngineError line; none throws anything else, hangs, or allocates what a header declares.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeAudio } from '../../../electron/engine/audio/decode'
import { openAudioSource } from '../../../electron/engine/audio/source'
import { EngineError } from '../../../electron/engine/types'

const DIR = join(__dirname, '../../fixtures/audio')
/**
 * Mutated files per fixture, about 2,800 in all. WAV cases go through both readers; a compressed
 * case (a wasm decoder run, the costly part) through one, alternating, to stay well under a minute.
 */
const CASES: Record<string, number> = {
  'speech-16k-s16.wav': 500,
  'speech-16k-s24.wav': 200,
  'speech-16k-f32.wav': 200,
  'speech-16k-4ch-extensible.wav': 150,
  'speech-16k-adpcm.wav': 150,
  'speech-16k.flac': 400,
  'speech-16k-s24g.aiff': 200,
  'speech-16k-sowt.aifc': 200,
  'speech-16k.mp3': 400,
  'speech-16k.ogg': 400,
  'speech-16k.opus': 400,
}
/** No case may hold more than this much decoded audio (the fixtures hold at most 0.5 MB). */
const MAX_DECODED_BYTES = 64 << 20

let tmp: string
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'vf-fuzz-'))
})
afterAll(() => rm(tmp, { recursive: true, force: true }))

/** mulberry32: a small seeded generator, so every run sees the same cases. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const HUGE = [0xffffffff, 0xfffffff0, 0x7fffffff, 0x80000000, 0x10000000, 0x00ffffff]

/** One mutation of `b`, chosen by the generator; returns the bytes and what was done. */
function mutate(b: Uint8Array, r: () => number): { bytes: Uint8Array; kind: string } {
  const int = (n: number) => Math.floor(r() * n)
  const out = new Uint8Array(b)
  const head = Math.min(b.length, 512)
  switch (int(7)) {
    case 0: {
      // A size or count field in the header set to something enormous.
      const at = int(Math.max(1, head - 4))
      new DataView(out.buffer).setUint32(at, HUGE[int(HUGE.length)], int(2) === 0)
      return { bytes: out, kind: 'huge field' }
    }
    case 1: {
      for (let k = 1 + int(8); k > 0; k--) out[int(head)] ^= 1 << int(8)
      return { bytes: out, kind: 'header bits' }
    }
    case 2: {
      for (let k = 1 + int(32); k > 0; k--) out[int(b.length)] = int(256)
      return { bytes: out, kind: 'random bytes' }
    }
    case 3:
      return { bytes: b.slice(0, int(b.length)), kind: 'cut' }
    case 4: {
      const at = int(b.length)
      const n = 1 + int(64)
      return { bytes: new Uint8Array([...b.subarray(0, at), ...b.subarray(Math.min(b.length, at + n))]), kind: 'bytes removed' }
    }
    case 5: {
      const at = int(b.length)
      const junk = Uint8Array.from({ length: 1 + int(64) }, () => int(256))
      return { bytes: new Uint8Array([...b.subarray(0, at), ...junk, ...b.subarray(at)]), kind: 'bytes inserted' }
    }
    default: {
      const a = int(b.length)
      out.fill(int(2) ? 0 : 0xff, a, a + 1 + int(4096))
      return { bytes: out, kind: 'range overwritten' }
    }
  }
}

/** A decode's outcome is sane audio or one BAD_AUDIO line; anything else fails the run with the case named. */
function check(outcome: { ok: true; channels: Float32Array[]; sampleRate: number } | { ok: false; error: unknown }, label: string): 'ok' | 'error' {
  if (!outcome.ok) {
    const e = outcome.error
    if (!(e instanceof EngineError)) throw new Error(`${label}: threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`)
    if (e.code !== 'BAD_AUDIO' || !e.message || e.message.includes('\n')) throw new Error(`${label}: bad error ${e.code}: ${JSON.stringify(e.message)}`)
    return 'error'
  }
  const { channels, sampleRate } = outcome
  const n = channels[0]?.length ?? 0
  if (!channels.length || n === 0 || !(sampleRate > 0)) throw new Error(`${label}: decoded to nothing without an error`)
  if (channels.some((c) => c.length !== n)) throw new Error(`${label}: channels differ in length`)
  if (n * channels.length * 4 > MAX_DECODED_BYTES) throw new Error(`${label}: decoded ${n} frames × ${channels.length} channels`)
  for (const c of channels) for (let i = 0; i < n; i++) if (!Number.isFinite(c[i])) throw new Error(`${label}: non-finite sample at ${i}`)
  return 'ok'
}

async function viaMemory(bytes: Uint8Array) {
  try {
    const a = await decodeAudio(bytes)
    return { ok: true as const, channels: a.channels, sampleRate: a.sampleRate }
  } catch (error) {
    return { ok: false as const, error }
  }
}

async function viaFile(bytes: Uint8Array, path: string) {
  await writeFile(path, bytes)
  try {
    const src = await openAudioSource(path, { cacheDir: tmp })
    try {
      if (src.frames * src.channels * 4 > MAX_DECODED_BYTES) throw new Error(`claims ${src.frames} frames × ${src.channels} channels`)
      return { ok: true as const, channels: await src.read(0, src.frames), sampleRate: src.sampleRate }
    } finally {
      await src.close()
    }
  } catch (error) {
    return { ok: false as const, error }
  }
}

describe('fuzz: mutated fixtures decode or fail with one line', () => {
  for (const [file, count] of Object.entries(CASES)) {
    it(`${count} mutations of ${file}`, async () => {
      const base = new Uint8Array(await readFile(join(DIR, file)))
      const r = rng([...file].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261))
      const tally = { ok: 0, error: 0 }
      const before = process.memoryUsage().arrayBuffers
      for (let i = 0; i < count; i++) {
        const { bytes, kind } = mutate(base, r)
        const label = `${file} case ${i} (${kind})`
        const both = file.endsWith('.wav')
        if (both || i % 2 === 0) tally[check(await viaMemory(bytes), `${label}, in memory`)]++
        if (both || i % 2 === 1) tally[check(await viaFile(bytes, join(tmp, `case${file.slice(file.lastIndexOf('.'))}`)), `${label}, from file`)]++
      }
      // Both outcomes occur: the mutations are neither all harmless nor all fatal.
      expect(tally.ok).toBeGreaterThan(0)
      expect(tally.error).toBeGreaterThan(0)
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(256 << 20)
    }, 120_000)
  }

  it('a WAV cut anywhere inside its data decodes what is there and says where the file ends', async () => {
    const base = new Uint8Array(await readFile(join(DIR, 'speech-44k-stereo.wav')))
    const r = rng(42)
    for (let i = 0; i < 100; i++) {
      const cut = 44 + 4 + Math.floor(r() * (base.length - 52))
      for (const got of [await decodeAudio(base.subarray(0, cut)).then((a) => ({ frames: a.channels[0].length, warnings: a.warnings })), await fileOutcome(base.subarray(0, cut))]) {
        const frames = Math.floor((cut - 44) / 4)
        expect(got.frames).toBe(frames)
        expect(got.warnings.some((w) => /^truncated WAV: file ends early at \d+:\d\d\.\d /.test(w))).toBe(true)
      }
    }
  })
})

async function fileOutcome(bytes: Uint8Array): Promise<{ frames: number; warnings: readonly string[] }> {
  const path = join(tmp, 'cut.wav')
  await writeFile(path, bytes)
  const src = await openAudioSource(path)
  await src.close()
  return { frames: src.frames, warnings: src.warnings }
}
