// Long recordings through the studio backend and the real engine process (tiny model): files open
// in place with peaks cached next to the project (and rebuilt when the file changes), uploads
// stream to disk, exports stream with progress and stop on Cancel leaving no file, and takes on a
// long file land at their place in it.
import { mkdtempSync, rmSync } from 'node:fs'
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeWav } from '../../electron/engine/audio/encode'
import type { ProjectDoc } from '../../electron/shared/ipc'
import type { ExportProgressEvent, JobEvent, JobResult, OpenProgressEvent } from '../../electron/shared/studio-types'
import { headlessStudio } from '../../electron/studio/headless'
import { PEAKS_FILE } from '../../electron/studio/projects'
import type { StudioService } from '../../electron/studio/service'

const root = resolve(import.meta.dirname, '../..')
const RATE = 48000
const SECONDS = 120

let dataDir: string
let outDir: string
let wavPath: string
let service: StudioService
const jobs: JobEvent[] = []
const progress: ExportProgressEvent[] = []
const opening: OpenProgressEvent[] = []

function recording(gain: number) {
  const n = SECONDS * RATE
  const ch = (k: number) => Float32Array.from({ length: n }, (_, i) => Math.round(gain * 20000 * k * Math.sin(i * 0.013) * Math.sin(i * 0.00003)) / 32768)
  return encodeWav({ sampleRate: RATE, channels: [ch(1), ch(0.5)] }, 'pcm16')
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vf-long-'))
  outDir = mkdtempSync(join(tmpdir(), 'vf-long-out-'))
  wavPath = join(outDir, 'two-minutes.wav')
  await writeFile(wavPath, recording(1))
  ;({ service } = await headlessStudio({
    modelDir: resolve(root, 'tests/fixtures/tiny-model'),
    dataDir,
    threads: 1,
    emit: (channel, payload) => {
      if (channel === 'job:event') jobs.push(payload as JobEvent)
      if (channel === 'export:progress') progress.push(payload as ExportProgressEvent)
      if (channel === 'audio:progress') opening.push(payload as OpenProgressEvent)
    },
  }))
})
afterAll(async () => {
  await service.shutdown()
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(outDir, { recursive: true, force: true })
})

function doc(audioId: string): ProjectDoc {
  return { version: 1, title: 'long', audioId, regions: [], takeIds: [], applied: {}, sampler: {}, ui: {} }
}

const peakMax = (info: { peaks: { channels: { max: Float32Array }[] } }) => Math.max(...info.peaks.channels[0].max)

describe('long files in the studio', () => {
  it('keeps the peaks next to the project: reopening reads them, a changed file rebuilds them', async () => {
    const first = (await service.handle('audio:open', { path: wavPath }))!
    expect([first.frames, first.channels, first.sampleRate, first.format]).toEqual([SECONDS * RATE, 2, RATE, 'WAV 16-bit PCM'])
    // The first peak pass reports its progress, in whole percents, up to the end.
    const fractions = opening.filter((e) => e.name === 'two-minutes.wav').map((e) => e.fraction)
    expect(fractions.length).toBeGreaterThan(10)
    expect(fractions.every((f, i) => i === 0 || f > fractions[i - 1])).toBe(true)
    expect(fractions.at(-1)).toBe(1)
    const projectDir = join(outDir, 'long.voicefill')
    await service.handle('project:save', { doc: doc(first.audioId), path: projectDir })
    const peaks = join(projectDir, PEAKS_FILE)
    const written = (await stat(peaks)).mtimeMs

    opening.length = 0
    const again = (await service.handle('project:open', { path: projectDir }))!
    expect((await stat(peaks)).mtimeMs).toBe(written) // read, not rebuilt
    expect(opening).toEqual([]) // nothing to wait for
    expect(again.audio.peaks.channels[0].max).toEqual(first.peaks.channels[0].max)

    await new Promise((ok) => setTimeout(ok, 20)) // a modification time the cache cannot have
    await writeFile(wavPath, recording(0.5))
    const changed = (await service.handle('project:open', { path: projectDir }))!
    expect((await stat(peaks)).mtimeMs).toBeGreaterThan(written)
    expect(peakMax(changed.audio)).toBeCloseTo(peakMax(first) / 2, 3)
    await writeFile(wavPath, recording(1))
  })

  it('reports the decode of a compressed file as it goes', async () => {
    opening.length = 0
    const info = (await service.handle('audio:open', { path: resolve(root, 'tests/fixtures/audio/speech-16k.ogg') }))!
    expect(info.format).toMatch(/Ogg|Vorbis/i)
    expect(opening.length).toBeGreaterThan(0)
    expect(opening.every((e) => e.name === 'speech-16k.ogg')).toBe(true)
    expect(opening.at(-1)!.fraction).toBe(1)
    await service.handle('audio:close', { audioId: info.audioId })
  })

  it('an upload streams to disk and opens once by its id', async () => {
    const bytes = new Uint8Array(await readFile(wavPath))
    async function* chunks() {
      for (let a = 0; a < bytes.length; a += 1 << 20) yield bytes.subarray(a, a + (1 << 20))
    }
    const uploadId = await service.receiveUpload('up load?.wav', chunks())
    const info = (await service.handle('audio:open', { uploadId, name: 'up load?.wav' }))!
    expect([info.frames, info.origin, info.name]).toEqual([SECONDS * RATE, 'upload', 'up load_.wav'])
    await expect(service.handle('audio:open', { uploadId, name: 'again.wav' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(service.receiveUpload('huge.wav', chunks(), 5 * 2 ** 30)).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })

  it('exports in a stream with progress; Cancel stops it and leaves no file', async () => {
    const info = (await service.handle('audio:open', { path: wavPath }))!
    const cancelled = join(outDir, 'cancelled.wav')
    const run = service.handle('export:audio', { audioId: info.audioId, takeIds: [], format: 'float32', sampleRate: 16000, path: cancelled, exportId: 'x-cancel' })
    for (let i = 0; i < 600 && !progress.some((p) => p.exportId === 'x-cancel' && p.frames > 0); i++) await new Promise((ok) => setTimeout(ok, 50))
    expect(await service.handle('export:cancel', { exportId: 'x-cancel' })).toBe(true)
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' })
    expect((await readdir(outDir)).filter((f) => f.startsWith('cancelled'))).toEqual([])
    expect(await service.handle('export:cancel', { exportId: 'x-cancel' })).toBe(false)

    const out = join(outDir, 'full.wav')
    const res = (await service.handle('export:audio', { audioId: info.audioId, takeIds: [], format: 'pcm16', sampleRate: null, path: out, exportId: 'x-full' }))!
    const mine = progress.filter((p) => p.exportId === 'x-full')
    expect(mine.at(-1)).toEqual({ exportId: 'x-full', frames: SECONDS * RATE, totalFrames: SECONDS * RATE })
    expect(Buffer.from(await readFile(out)).equals(Buffer.from(await readFile(wavPath)))).toBe(true)
    expect(res.bytes).toBe((await stat(wavPath)).size)
  })

  it('a take 100 s into the file sits there, and the export differs from the source only inside it', async () => {
    const info = (await service.handle('audio:open', { path: wavPath }))!
    const ticket = await service.handle('job:generate', {
      audioId: info.audioId,
      regions: [{ regionId: 'r1', start: 100.2, end: 100.7, text: 'hello there' }],
      settings: { steps: 2, seed: 3 },
    })
    let end: JobEvent | undefined
    for (let i = 0; i < 1200 && !end; i++) {
      end = jobs.find((e) => e.jobId === ticket.jobId && e.type !== 'progress')
      if (!end) await new Promise((ok) => setTimeout(ok, 50))
    }
    const take = ((end as { result: JobResult }).result as Extract<JobResult, { kind: 'generate' }>).takes[0]
    expect(take.splice.inStart).toBe(Math.round(100.2 * RATE))
    expect(take.replaceStart).toBe(take.splice.inStart - take.splice.crossfadeSamples)
    const out = join(outDir, 'edited.wav')
    await service.handle('export:audio', { audioId: info.audioId, takeIds: [take.takeId], format: 'pcm16', sampleRate: null, path: out })
    const a = new Uint8Array(await readFile(wavPath))
    const b = new Uint8Array(await readFile(out))
    expect(b.length).toBe(a.length)
    const at = (frame: number) => 44 + frame * 4
    expect(Buffer.from(b.subarray(0, at(take.replaceStart))).equals(Buffer.from(a.subarray(0, at(take.replaceStart))))).toBe(true)
    expect(Buffer.from(b.subarray(at(take.replaceEnd))).equals(Buffer.from(a.subarray(at(take.replaceEnd))))).toBe(true)
    expect(Buffer.from(b.subarray(at(take.replaceStart), at(take.replaceEnd))).equals(Buffer.from(a.subarray(at(take.replaceStart), at(take.replaceEnd))))).toBe(false)
  })
})
