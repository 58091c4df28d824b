// The channels the feature panels added, through the studio service and the real engine process
// (tiny model): voiceover:export joins say clips into WAV + SRT; trajectory:vocode plays any step
// of a captured generation.
import { mkdtempSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAudioFile } from '../../electron/engine/audio/decode'
import { encodeWav } from '../../electron/engine/audio/encode'
import { gaussianNoise } from '../../electron/engine/rng'
import { parseRequest } from '../../electron/shared/ipc'
import type { JobEvent, JobResult } from '../../electron/shared/studio-types'
import { headlessStudio } from '../../electron/studio/headless'
import type { StudioService } from '../../electron/studio/service'

const root = resolve(import.meta.dirname, '../..')
const WAV = resolve(root, 'tests/fixtures/audio/speech-16k-s16.wav')

let dataDir: string
let outDir: string
let service: StudioService
const events: JobEvent[] = []

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vf-features-'))
  outDir = mkdtempSync(join(tmpdir(), 'vf-features-out-'))
  ;({ service } = await headlessStudio({
    modelDir: resolve(root, 'tests/fixtures/tiny-model'),
    dataDir,
    threads: 1,
    platform: { pickExportPath: async (name) => join(outDir, `picked-${name}`) },
    emit: (channel, payload) => {
      if (channel === 'job:event') events.push(payload as JobEvent)
    },
  }))
})

afterAll(async () => {
  await service.shutdown()
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(outDir, { recursive: true, force: true })
})

async function finished(jobId: string): Promise<JobResult> {
  for (let i = 0; i < 1200; i++) {
    const end = events.find((e) => e.jobId === jobId && e.type !== 'progress')
    if (end?.type === 'done') return end.result
    if (end?.type === 'error') throw new Error(end.error.message)
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('job did not finish')
}

async function say(text: string, seed: number, roomTone = false) {
  const ticket = await service.handle('job:say', { text, settings: { steps: 1, seed }, ...(roomTone ? { roomTone } : {}) })
  const res = await finished(ticket.jobId)
  if (res.kind !== 'say') throw new Error('not a say result')
  return Object.assign(res.audio, { room: res.room })
}

describe('voiceover:export', () => {
  it('joins the clips with the pause and writes the SRT next to the WAV', async () => {
    const a = await say('Hello there.', 1)
    const b = await say('A second line.', 2)
    const res = await service.handle('voiceover:export', {
      lines: [
        { audioId: a.audioId, text: 'Hello there.' },
        { audioId: b.audioId, text: 'A second line.' },
      ],
      pauseSeconds: 0.5,
      format: 'float32',
      sampleRate: null,
      fileName: 'my voiceover',
    })
    expect(res).not.toBeNull()
    const { wav, srt, cues } = res!
    expect(wav.path).toBe(join(outDir, 'picked-my voiceover.wav'))
    expect(srt.path).toBe(join(outDir, 'picked-my voiceover.srt'))
    expect(wav.frames).toBe(a.frames + 8000 + b.frames)
    expect(cues).toEqual([
      { start: 0, end: a.frames / 16000, text: 'Hello there.' },
      { start: (a.frames + 8000) / 16000, end: wav.frames / 16000, text: 'A second line.' },
    ])
    // The file holds clip a, silence, clip b: sample for sample (float WAV).
    const written = await readAudioFile(wav.path!)
    const clipA = await service.handle('audio:read', { audioId: a.audioId, startFrame: 0, endFrame: a.frames })
    const clipB = await service.handle('audio:read', { audioId: b.audioId, startFrame: 0, endFrame: b.frames })
    const out = written.channels[0]
    expect(Array.from(out.subarray(0, a.frames))).toEqual(Array.from(clipA.channels[0]))
    expect(out.subarray(a.frames, a.frames + 8000).every((x) => x === 0)).toBe(true)
    expect(Array.from(out.subarray(a.frames + 8000))).toEqual(Array.from(clipB.channels[0]))
    const text = await readFile(srt.path!, 'utf8')
    expect(text.split('\r\n\r\n').filter(Boolean)).toHaveLength(2)
    expect(text).toMatch(/^1\r\n00:00:00,000 --> 00:00:0\d,\d{3}\r\nHello there\.\r\n\r\n2\r\n/)

    // Another rate: resampled, same layout in time.
    const at8k = await service.handle('voiceover:export', {
      lines: [{ audioId: a.audioId, text: 'Hello there.' }],
      pauseSeconds: 0,
      format: 'pcm16',
      sampleRate: 8000,
      path: join(outDir, 'eight.wav'),
    })
    expect(at8k!.wav.sampleRate).toBe(8000)
    expect(Math.abs(at8k!.wav.frames - a.frames / 2)).toBeLessThanOrEqual(2)
  })

  it("fills the pauses with the voice's room the clips carry, and refuses a malformed room", async () => {
    const a = await say('Hello there.', 3, true)
    const b = await say('A second line.', 4, true)
    expect(a.room).not.toBeNull() // the built-in voice has a (quiet) room
    expect((await say('Hello there.', 3)).room).toBeNull() // off unless asked for
    const lines = [
      { audioId: a.audioId, text: 'Hello there.', room: a.room },
      { audioId: b.audioId, text: 'A second line.', room: b.room },
    ]
    const res = await service.handle('voiceover:export', { lines, pauseSeconds: 0.5, format: 'float32', sampleRate: null, path: join(outDir, 'room.wav') })
    const out = (await readAudioFile(res!.wav.path!)).channels[0]
    const pause = out.subarray(a.frames, a.frames + 8000)
    const db = (x: Float32Array) => 10 * Math.log10(x.reduce((s, v) => s + v * v, 0) / x.length + 1e-30)
    expect(db(pause)).toBeGreaterThan(-110) // not digital silence
    expect(db(pause)).toBeLessThan(db(out.subarray(0, a.frames)) - 25) // a room, far under the speech
    // The gateways (IPC, web socket) refuse a malformed room before the service sees it.
    const bad = { ...a.room!, floor: a.room!.floor.slice(1) }
    const parsed = parseRequest('voiceover:export', { lines: [{ ...lines[0], room: bad }], pauseSeconds: 0, format: 'pcm16', sampleRate: null })
    expect(parsed).toMatchObject({ ok: false, message: expect.stringMatching(/lines\.0\.room.*nFft\/2 \+ 1 bins/) })
    expect(parseRequest('voiceover:export', { lines, pauseSeconds: 0, format: 'pcm16', sampleRate: null }).ok).toBe(true)
  })

  it('says when a voice prompt holds no speech (hiss loud enough to pass the level checks), as the CLI does', async () => {
    const hiss = gaussianNoise(8, 48000).map((v) => 0.05 * v)
    const noise = await service.handle('audio:open', { bytes: encodeWav({ sampleRate: 16000, channels: [hiss] }, 'pcm16'), name: 'hiss.wav' })
    const speech = await service.handle('audio:open', { path: WAV })
    const warningsWith = async (audioId: string) => {
      const ticket = await service.handle('job:say', { text: 'Hello.', settings: { steps: 1, seed: 1 }, voice: { audioId } })
      const res = await finished(ticket.jobId)
      if (res.kind !== 'say') throw new Error('not a say result')
      return res.voiceWarnings
    }
    expect(await warningsWith(noise!.audioId)).toEqual([expect.stringMatching(/^the voice file holds no speech/)])
    expect(await warningsWith(speech!.audioId)).toEqual([])
  })

  it('refuses clips that are not open', async () => {
    await expect(
      service.handle('voiceover:export', { lines: [{ audioId: 'nope', text: 'x' }], pauseSeconds: 0, format: 'pcm16', sampleRate: null }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('trajectory:vocode', () => {
  it('vocodes any step of a captured generation; refuses takes without one and steps outside it', async () => {
    const audio = await service.handle('audio:open', { path: WAV })
    const region = { regionId: 'r1', start: 0.6, end: 1.0, text: 'hello' }
    const ticket = await service.handle('job:generate', { audioId: audio!.audioId, regions: [region], settings: { steps: 3, solver: 'euler', seed: 5 }, captureTrajectory: true })
    const res = await finished(ticket.jobId)
    if (res.kind !== 'generate') throw new Error('not a generate result')
    const take = res.takes[0]
    expect(take.trajectory?.times).toHaveLength(4)
    const first = await service.handle('trajectory:vocode', { takeId: take.takeId, step: 0, kind: 'estimate' })
    const last = await service.handle('trajectory:vocode', { takeId: take.takeId, step: 3, kind: 'state' })
    expect(first.sampleRate).toBe(16000)
    expect(first.channels).toHaveLength(1)
    // The generated span plus context, a whole number of hops, the same span for every step.
    const { maskStart, maskEnd } = take.trajectory!
    expect(first.channels[0].length % 256).toBe(0)
    expect(first.channels[0].length).toBeGreaterThanOrEqual((maskEnd - maskStart) * 256)
    expect(last.channels[0].length).toBe(first.channels[0].length)
    expect(last.startFrame).toBe(first.startFrame)
    expect(Array.from(last.channels[0].slice(0, 200))).not.toEqual(Array.from(first.channels[0].slice(0, 200)))

    await expect(service.handle('trajectory:vocode', { takeId: take.takeId, step: 4, kind: 'estimate' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/step 4 is outside/) })
    const plain = await finished((await service.handle('job:generate', { audioId: audio!.audioId, regions: [region], settings: { steps: 1, seed: 5 } })).jobId)
    if (plain.kind !== 'generate') throw new Error('not a generate result')
    await expect(service.handle('trajectory:vocode', { takeId: plain.takes[0].takeId, step: 0, kind: 'estimate' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/no trajectory/) })
    await expect(service.handle('trajectory:vocode', { takeId: 'missing', step: 0, kind: 'estimate' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})

describe('a deletion at the file start as a studio take', () => {
  it('replaces the head with nothing: the edited timeline is the source from the cut on, sample for sample', async () => {
    // Since session 19 such a take has no samples (no fade-in after the cut, which changed kept audio).
    const audio = await service.handle('audio:open', { path: WAV })
    const region = { regionId: 'head', start: 0, end: 0.5, text: '' }
    const res = await finished((await service.handle('job:generate', { audioId: audio!.audioId, regions: [region], settings: { seed: 1 } })).jobId)
    if (res.kind !== 'generate') throw new Error('not a generate result')
    const take = res.takes[0]
    expect([take.replaceStart, take.replaceEnd, take.frames]).toEqual([0, 8000, 0])
    const src = await readAudioFile(WAV)
    const n = src.channels[0].length
    const edited = await service.handle('audio:read', { audioId: audio!.audioId, startFrame: 0, endFrame: n - 8000, takeIds: [take.takeId] })
    expect(edited.channels[0]).toEqual(src.channels[0].subarray(8000))
  })
})
