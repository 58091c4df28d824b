// fill() on a long recording read window by window from disk and written in a stream, through the
// real tiny ONNX model: the output file is byte for byte the in-memory fill's, and outside
// every region (a delete: ± crossfade) it is byte for byte the input file's.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeAudio } from '../../electron/engine/audio/decode'
import { encodeWav } from '../../electron/engine/audio/encode'
import { openAudioSource } from '../../electron/engine/audio/source'
import { writePieces } from '../../electron/engine/audio/write-pieces'
import { Engine } from '../../electron/engine/engine'
import { EngineError, type PcmAudio, type Progress, type RegionSpec } from '../../electron/engine/types'
import { fillSource, groupRegions } from '../../electron/engine/window-fill'

const TINY = resolve('tests/fixtures/tiny-model')
const FAST = { steps: 2, solver: 'euler' as const, seed: 11 }
const RATE = 48000
const MINUTES = 3

let engine: Engine
let tmp: string
let longPath: string
let input: Uint8Array

/** Minutes of deterministic 48 kHz stereo "speech-like" 16-bit audio: the speech fixture tiled, varied per copy. */
async function longRecording(speech: PcmAudio, minutes: number): Promise<PcmAudio> {
  const n = minutes * 60 * RATE
  const src = speech.channels[0]
  const channels = [new Float32Array(n), new Float32Array(n)]
  let seed = 7
  for (let i = 0; i < n; i++) {
    seed = (seed * 1664525 + 1013904223) >>> 0
    const copy = Math.floor(i / src.length)
    const v = src[i % src.length] * (0.6 + 0.4 * Math.sin(copy)) + ((seed >>> 16) / 65536 - 0.5) * 1e-3
    channels[0][i] = Math.round(v * 32768) / 32768
    channels[1][i] = Math.round(v * 0.5 * 32768) / 32768
  }
  return { sampleRate: RATE, channels }
}

beforeAll(async () => {
  engine = await Engine.load(TINY, { threads: 1 })
  tmp = await mkdtemp(join(tmpdir(), 'vf-window-fill-'))
  const speech = await decodeAudio(new Uint8Array(await readFile(resolve('tests/fixtures/audio/speech-44k-stereo.wav'))))
  input = encodeWav(await longRecording({ sampleRate: RATE, channels: [speech.channels[0]] }, MINUTES), 'pcm16')
  longPath = join(tmp, 'long.wav')
  await writeFile(longPath, input)
})
afterAll(async () => {
  await engine.release()
  await rm(tmp, { recursive: true, force: true })
})

const REGIONS: RegionSpec[] = [
  { start: 100.25, end: 100.9, text: 'new words here' }, // caller's region 1, sorted third
  { start: 10.3, end: 10.9, text: 'near the start' },
  { start: 12.0, end: 12.0, text: 'inserted' }, // close to the one before: same window
  { start: 150.1, end: 150.6, text: '' }, // delete
  { start: 170.2, end: 171.0, text: 'natural length', length: 'natural' },
]

describe('fillSource + writePieces on a 3-minute 48 kHz stereo file', () => {
  it('writes exactly the in-memory fill, and the input bytes outside every region', async () => {
    const source = await openAudioSource(longPath)
    const events: Progress[] = []
    const res = await fillSource(engine, source, REGIONS, FAST, { onProgress: (p) => events.push(p) })
    // Two nearby regions share a window; the others have their own.
    expect(res.windows).toHaveLength(4)
    for (const w of res.windows) expect(w.to - w.from).toBeLessThan(12 * RATE)
    const out = join(tmp, 'out.wav')
    await writePieces(out, source, res.pieces, { format: 'pcm16' })
    await source.close()
    const written = new Uint8Array(await readFile(out))

    const whole = await decodeAudio(input)
    const mem = await engine.fill(whole, REGIONS, FAST)
    expect(Buffer.from(written).equals(Buffer.from(encodeWav(mem.audio, 'pcm16')))).toBe(true)
    expect(res.frames).toBe(mem.audio.channels[0].length)
    expect(res.regions.map((r) => r.splice)).toEqual(mem.regions.map((r) => r.splice))
    expect(res.regions.map((r) => r.region)).toEqual(REGIONS)
    expect(res.networkCalls).toBe(mem.networkCalls)

    // Outside every region the bytes are the input's (4 bytes per stereo 16-bit frame).
    const frameBytes = 4
    let inAt = 0
    let outAt = 0
    const sorted = [...res.regions].sort((a, b) => a.splice.inStart - b.splice.inStart)
    const same = (inFrom: number, outFrom: number, frames: number) =>
      Buffer.from(input.subarray(44 + inFrom * frameBytes, 44 + (inFrom + frames) * frameBytes)).equals(
        Buffer.from(written.subarray(44 + outFrom * frameBytes, 44 + (outFrom + frames) * frameBytes)),
      )
    for (const { splice: s } of sorted) {
      // A fill's crossfades lie inside its new part; a delete's takes the samples before its cut.
      const xf = s.outStart === s.outEnd && s.inEnd > s.inStart ? s.crossfadeSamples : 0
      expect(same(inAt, outAt, s.inStart - xf - inAt)).toBe(true)
      inAt = s.inEnd + xf
      outAt = s.outEnd + xf
    }
    expect(same(inAt, outAt, whole.channels[0].length - inAt)).toBe(true)

    // Progress counts every network call of the whole job, with the caller's region numbers.
    expect(events.map((e) => e.call)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1))
    expect(events.every((e) => e.totalCalls === 8 && e.regionCount === 5)).toBe(true)
    expect(new Set(events.map((e) => e.regionIndex))).toEqual(new Set([0, 1, 2, 4]))
  })

  it('checks regions against the whole file, naming them as the caller numbered them', async () => {
    const source = await openAudioSource(longPath)
    const err = await fillSource(engine, source, [REGIONS[0], { start: 179.5, end: 181, text: 'past the end' }], FAST).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(EngineError)
    expect((err as EngineError).message).toBe('region 2 (179.5–181 s): outside the audio (0–180 s)')
    await source.close()
  })

  it('names a region inside its window by the file\'s times, and blames a region over 30 s for its length', async () => {
    const source = await openAudioSource(longPath)
    const long = { start: 60.33, end: 91.332, text: 'hello' }
    const err = await fillSource(engine, source, [REGIONS[1], long], FAST).catch((e: unknown) => e)
    expect((err as EngineError).message).toBe('region 2 (60.33–91.332 s) is 31.0 s long; one region can generate at most 30 s (shorten it or split it)')
    expect((err as EngineError).code).toBe('BAD_REGION')
    await source.close()
  })

  it('checked takes need a model with an aligner: a clear error, nothing generated', async () => {
    const source = await openAudioSource(longPath)
    const err = await fillSource(engine, source, [REGIONS[1]], FAST, {}, { count: 2 }).catch((e: unknown) => e)
    await source.close()
    expect(err).toBeInstanceOf(EngineError)
    expect((err as EngineError).message).toMatch(/checked takes need a model with an aligner graph/)
  })

  it('groups regions whose windows overlap', () => {
    expect(groupRegions([{ inStart: 0, inEnd: 10 }, { inStart: 25, inEnd: 30 }, { inStart: 60, inEnd: 61 }], 8)).toEqual([[0, 1], [2]])
  })
})

describe('fillSource with checked takes (the shipped model and its aligner)', () => {
  it('takes each window on its own: every take listed, the kept one written, all calls counted', async () => {
    const shipped = await Engine.load(resolve('resources/models/default'), { threads: 1 })
    try {
      // Five copies of an 8.3 s sentence ("Go for ten meters, ..."): two regions 25 s apart are two windows.
      const one = await decodeAudio(new Uint8Array(await readFile(resolve('tests/fixtures/align/awb-path.wav'))))
      const n = one.channels[0].length
      const tiled = new Float32Array(5 * n)
      for (let k = 0; k < 5; k++) tiled.set(one.channels[0], k * n)
      const path = join(tmp, 'tiled.wav')
      await writeFile(path, encodeWav({ sampleRate: one.sampleRate, channels: [tiled] }, 'pcm16'))
      const copy = n / one.sampleRate
      const regions: RegionSpec[] = [
        { start: 0.73, end: 0.99, text: 'five' },
        { start: 3 * copy + 0.73, end: 3 * copy + 0.99, text: 'nine' },
      ]
      const source = await openAudioSource(path)
      const events: Progress[] = []
      const takes: number[][] = []
      const res = await fillSource(shipped, source, regions, FAST, { onProgress: (p) => events.push(p) }, {
        count: 2,
        onTake: (_t, i, within) => takes.push([i, ...within]),
      })
      const out = join(tmp, 'tiled-out.wav')
      await writePieces(out, source, res.pieces, { format: 'pcm16' })
      await source.close()

      expect(res.windows.map((w) => w.regions)).toEqual([[0], [1]])
      expect(takes).toEqual([[0, 0], [1, 0], [0, 1], [1, 1]])
      for (const w of res.windows) {
        expect(w.checked!.takes).toHaveLength(2)
        expect(w.checked!.takes[0].seed).toBe(FAST.seed)
        expect(w.fill.settings.seed).toBe(w.checked!.takes[w.checked!.bestIndex].seed)
        expect(w.checked!.takes[0].checks[0]!.words.map((x) => x.text)).toEqual([w.regions[0] === 0 ? 'five' : 'nine'])
      }
      expect(res.settings.seed).toBe(FAST.seed)
      expect(res.networkCalls).toBe(2 * 2 * 2)
      expect(events.map((e) => e.call)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
      expect(events.every((e) => e.totalCalls === 8)).toBe(true)

      // Outside the windows the file is the source's, sample for sample.
      const written = (await decodeAudio(new Uint8Array(await readFile(out)))).channels[0]
      const [a, b] = res.windows
      expect(written.length).toBe(tiled.length)
      expect(b.from - a.to).toBeGreaterThan(10 * one.sampleRate)
      expect(written.subarray(a.to, b.from).every((v, i) => v === tiled[a.to + i])).toBe(true)
      expect(written.subarray(b.to).every((v, i) => v === tiled[b.to + i])).toBe(true)
    } finally {
      await shipped.release()
    }
  }, 120_000)
})
