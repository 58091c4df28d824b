// The studio backend end to end (no UI): the real engine process and tiny model, real files.
// Open → generate → export differs from the source only inside the take; projects and autosave
// round-trip takes bit for bit; a crashed session's autosave is offered for recovery.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readAudioFile } from '../../electron/engine/audio/decode'
import type { ProjectDoc } from '../../electron/shared/ipc'
import type { JobEvent, JobResult } from '../../electron/shared/studio-types'
import { headlessStudio } from '../../electron/studio/headless'
import type { Platform, StudioService } from '../../electron/studio/service'

const root = resolve(import.meta.dirname, '../..')
const WAV = resolve(root, 'tests/fixtures/audio/speech-16k-s16.wav')

let dataDir: string
let outDir: string
const services: StudioService[] = []

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'vf-service-'))
  outDir = mkdtempSync(join(tmpdir(), 'vf-out-'))
})
afterEach(async () => {
  for (const s of services.splice(0)) await s.shutdown()
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(outDir, { recursive: true, force: true })
})

/** A desktop-like platform whose "dialogs" answer with fixed paths (no UI in unit tests). */
function platform(): Platform {
  const none = async () => null
  return {
    kind: 'electron',
    version: 'test',
    pickAudioFile: async () => WAV,
    pickExportPath: async (name) => join(outDir, name),
    pickProjectToOpen: none,
    pickProjectSavePath: async (name) => join(outDir, name),
    pickModelDir: none,
    offerDownload: () => null,
    setWindowState: () => undefined,
  }
}

async function makeService(livePages?: () => ReadonlySet<string>, modelDir = resolve(root, 'tests/fixtures/tiny-model')) {
  const events: JobEvent[] = []
  const { service } = await headlessStudio({
    ...(livePages ? { livePages } : {}),
    modelDir,
    dataDir,
    threads: 1,
    platform: platform(),
    emit: (channel, payload) => {
      if (channel === 'job:event') events.push(payload as JobEvent)
    },
  })
  services.push(service)
  return { service, events }
}

/** One 2-step take of region r1 (0.6–1.1 s, "hello there"). */
async function helloTake(service: StudioService, events: JobEvent[], audioId: string) {
  const ticket = await service.handle('job:generate', {
    audioId,
    regions: [{ regionId: 'r1', start: 0.6, end: 1.1, text: 'hello there' }],
    settings: { steps: 2 },
  })
  return ((await finished(events, ticket.jobId)) as Extract<JobResult, { kind: 'generate' }>).takes[0]
}

async function finished(events: JobEvent[], jobId: string): Promise<JobResult> {
  for (let i = 0; i < 600; i++) {
    const end = events.find((e) => e.jobId === jobId && e.type !== 'progress')
    if (end?.type === 'done') return end.result
    if (end?.type === 'error') throw new Error(end.error.message)
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('job did not finish')
}

function docFor(audioId: string, takeId: string): ProjectDoc {
  return {
    version: 1,
    title: 'Demo edit',
    audioId,
    regions: [{ regionId: 'r1', start: 0.6, end: 1.1, text: 'hello there', mode: 'replace', length: 'region' }],
    takeIds: [takeId],
    applied: { r1: takeId },
    sampler: { steps: 4 },
    ui: { zoom: 3 },
  }
}

describe('StudioService', () => {
  it('opens, generates with progress events, and exports a file that differs only inside the take', async () => {
    const { service, events } = await makeService()
    const audio = (await service.handle('audio:open', { path: WAV }))!
    const ticket = await service.handle('job:generate', {
      audioId: audio.audioId,
      regions: [{ regionId: 'r1', start: 0.6, end: 1.1, text: 'hello there' }],
      settings: { steps: 4 },
    })
    const result = await finished(events, ticket.jobId)
    if (result.kind !== 'generate') throw new Error('wrong result')
    const take = result.takes[0]
    expect(events.filter((e) => e.jobId === ticket.jobId && e.type === 'progress')).toHaveLength(take.networkCalls)

    const exported = (await service.handle('export:audio', { audioId: audio.audioId, takeIds: [take.takeId], format: 'float32', sampleRate: null }))!
    expect(exported.path).toBe(join(outDir, 'speech-16k-s16-edited.wav'))
    const src = (await readAudioFile(WAV)).channels[0]
    const out = (await readAudioFile(exported.path!)).channels[0]
    expect(out.length).toBe(src.length - (take.replaceEnd - take.replaceStart) + take.frames)
    expect(out.subarray(0, take.replaceStart)).toEqual(src.subarray(0, take.replaceStart))
    expect(out.subarray(take.replaceStart + take.frames)).toEqual(src.subarray(take.replaceEnd))
    expect(out.subarray(take.replaceStart, take.replaceStart + take.frames)).toEqual(take.pcm[0])

    // Resampled 24-bit export has the new rate and the same duration.
    const at44 = (await service.handle('export:audio', { audioId: audio.audioId, takeIds: [], format: 'pcm24', sampleRate: 44100, path: join(outDir, 'x.wav') }))!
    expect(at44.sampleRate).toBe(44100)
    expect(Math.abs(at44.frames / 44100 - audio.duration)).toBeLessThan(0.01)
  })

  it('saves and re-opens a project with its takes bit for bit', async () => {
    const { service, events } = await makeService()
    const audio = (await service.handle('audio:open', { path: WAV }))!
    const take = await helloTake(service, events, audio.audioId)
    const ref = (await service.handle('project:save', { doc: docFor(audio.audioId, take.takeId), saveAs: true }))!
    expect(ref.path).toBe(join(outDir, 'Demo edit.voicefill'))

    const opened = (await service.handle('project:open', { path: ref.path }))!
    expect(opened.warnings).toEqual([])
    expect(opened.audio.audioId).not.toBe(audio.audioId)
    // The take is still held for the first audio (as by another tab that has the project open): the
    // re-opened one gets its own id, and the first keeps working.
    const reopened = opened.takes[0]
    expect(reopened.takeId).not.toBe(take.takeId)
    expect(opened.doc).toMatchObject({ title: 'Demo edit', audioId: opened.audio.audioId, takeIds: [reopened.takeId], applied: { r1: reopened.takeId }, ui: { zoom: 3 } })
    expect(reopened.pcm[0]).toEqual(take.pcm[0])
    // The re-opened take plays back in the edited timeline of the re-opened audio, and the first audio's
    // take in its own.
    for (const [audioId, takeId] of [[opened.audio.audioId, reopened.takeId], [audio.audioId, take.takeId]]) {
      const chunk = await service.handle('audio:read', { audioId, startFrame: take.replaceStart, endFrame: take.replaceStart + take.frames, takeIds: [takeId] })
      expect(chunk.channels[0]).toEqual(take.pcm[0])
    }
    await service.handle('project:autosave', { doc: docFor(audio.audioId, take.takeId), projectPath: ref.path })
    expect((await service.handle('recent:get', undefined)).projects[0].path).toBe(ref.path)
  })

  it('saves and re-opens a take with no samples (a deletion at the file start)', async () => {
    // Such a take has no samples since session 19; its empty WAV was refused on opening ("empty audio").
    const { service, events } = await makeService()
    const audio = (await service.handle('audio:open', { path: WAV }))!
    const ticket = await service.handle('job:generate', { audioId: audio.audioId, regions: [{ regionId: 'r1', start: 0, end: 0.5, text: '' }], settings: { seed: 1 } })
    const take = ((await finished(events, ticket.jobId)) as Extract<JobResult, { kind: 'generate' }>).takes[0]
    expect(take.frames).toBe(0)
    const doc = { ...docFor(audio.audioId, take.takeId), title: 'Head cut', regions: [{ regionId: 'r1', start: 0, end: 0.5, text: '', mode: 'delete' as const, length: 'region' as const }] }
    const ref = (await service.handle('project:save', { doc, saveAs: true }))!
    const opened = (await service.handle('project:open', { path: ref.path }))!
    expect(opened.warnings).toEqual([])
    expect(opened.takes[0]).toMatchObject({ replaceStart: 0, replaceEnd: 8000, frames: 0 })
    const src = (await readAudioFile(WAV)).channels[0]
    const chunk = await service.handle('audio:read', { audioId: opened.audio.audioId, startFrame: 0, endFrame: 1000, takeIds: [opened.takes[0].takeId] })
    expect(chunk.channels[0]).toEqual(src.subarray(8000, 9000))
  })

  it('offers the autosave of a session that did not end cleanly', async () => {
    const first = await makeService()
    const audio = (await first.service.handle('audio:open', { bytes: new Uint8Array(await (await import('node:fs/promises')).readFile(WAV)), name: 'upload.wav' }))!
    expect(audio.origin).toBe('upload')
    const ticket = await first.service.handle('job:generate', {
      audioId: audio.audioId,
      regions: [{ regionId: 'r1', start: 0.6, end: 1.1, text: 'hello there' }],
      settings: { steps: 2 },
    })
    const take = ((await finished(first.events, ticket.jobId)) as Extract<JobResult, { kind: 'generate' }>).takes[0]
    await first.service.handle('project:autosave', { doc: docFor(audio.audioId, take.takeId), projectPath: null })

    // A second run (the first one "crashed": it never called shutdown) sees the autosave.
    const second = await makeService()
    const list = await second.service.handle('recovery:list', undefined)
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ name: 'Demo edit', projectPath: null })
    const recovered = await second.service.handle('recovery:open', { id: list[0].id })
    expect(recovered.takes[0].pcm[0]).toEqual(take.pcm[0])
    expect(recovered.audio.frames).toBe(audio.frames)
    expect(await second.service.handle('recovery:list', undefined)).toEqual([])
  })

  it('keeps unsaved work when web mode stops cleanly (shutdown(true)), and deletes a session with none', async () => {
    const first = await makeService()
    const audio = (await first.service.handle('audio:open', { bytes: new Uint8Array(await (await import('node:fs/promises')).readFile(WAV)), name: 'upload.wav' }))!
    await first.service.handle('project:autosave', { doc: { ...docFor(audio.audioId, 'none'), takeIds: [], applied: {} }, projectPath: null })
    services.splice(services.indexOf(first.service), 1)
    await first.service.shutdown(true) // Ctrl+C on `npm run web`: the tabs cannot be asked to save
    const second = await makeService()
    const list = await second.service.handle('recovery:list', undefined)
    expect(list).toHaveLength(1)
    await second.service.handle('recovery:discard', { id: list[0].id })
    // With nothing unsaved, a clean stop leaves nothing behind.
    services.splice(services.indexOf(second.service), 1)
    await second.service.shutdown(true)
    const third = await makeService()
    expect(await third.service.handle('recovery:list', undefined)).toEqual([])
  })

  it('offers its own autosave to a page that reloads, until the work is saved or discarded', async () => {
    const { service, events } = await makeService()
    expect(await service.handle('recovery:list', undefined)).toEqual([]) // a fresh run has nothing
    const audio = (await service.handle('audio:open', { path: WAV }))!
    const take = await helloTake(service, events, audio.audioId)
    await service.handle('project:autosave', { doc: docFor(audio.audioId, take.takeId), projectPath: null })

    // The page reloads: the same run lists its own autosave and reopens it with the take intact.
    const list = await service.handle('recovery:list', undefined)
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ name: 'Demo edit', projectPath: null })
    const recovered = await service.handle('recovery:open', { id: list[0].id })
    expect(recovered.takes[0].pcm[0]).toEqual(take.pcm[0])
    // (the engine still holds the old page's take, so the recovered one has its own id)
    expect(recovered.doc).toMatchObject({ title: 'Demo edit', applied: { r1: recovered.takes[0].takeId } })

    // Discarding it, or saving the project, leaves nothing to offer.
    await service.handle('recovery:discard', { id: list[0].id })
    expect(await service.handle('recovery:list', undefined)).toEqual([])
    await expect(service.handle('recovery:open', { id: list[0].id })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const doc = docFor(recovered.audio.audioId, recovered.takes[0].takeId) // the recovered document is the open one
    await service.handle('project:autosave', { doc, projectPath: null })
    expect(await service.handle('recovery:list', undefined)).toHaveLength(1)
    await service.handle('project:save', { doc, name: 'Saved reload test', saveAs: true })
    expect(await service.handle('recovery:list', undefined)).toEqual([])
  })

  it("two tabs of one run autosave apart; a closed tab's work is offered, an open one's is not", async () => {
    const live = new Set(['tabA', 'tabB'])
    const { service, events } = await makeService(() => live)
    const audio = (await service.handle('audio:open', { path: WAV }))!
    const take = await helloTake(service, events, audio.audioId)
    const docA = { ...docFor(audio.audioId, take.takeId), title: 'Tab A work' }
    const docB = { ...docFor(audio.audioId, take.takeId), title: 'Tab B work' }
    await service.handle('project:autosave', { doc: docA, projectPath: null, page: 'tabA' })
    await service.handle('project:autosave', { doc: docB, projectPath: null, page: 'tabB' })

    // Tab A reloads: its own work only (B is still open and keeps its own).
    const listA = await service.handle('recovery:list', { page: 'tabA' })
    expect(listA.map((e) => [e.name, e.thisRun, e.otherPage ?? false])).toEqual([['Tab A work', true, false]])
    // A new tab while both are open: nothing of theirs.
    expect(await service.handle('recovery:list', { page: 'tabC' })).toEqual([])
    // Tab A saves: B's autosave stays.
    await service.handle('project:save', { doc: docA, name: 'A saved', saveAs: true, page: 'tabA' })
    expect(await service.handle('recovery:list', { page: 'tabA' })).toEqual([])
    // Tab B is closed without saving: the next page is offered its work, and can reopen it.
    live.delete('tabB')
    const listC = await service.handle('recovery:list', { page: 'tabC' })
    expect(listC.map((e) => [e.name, e.otherPage])).toEqual([['Tab B work', true]])
    const recovered = await service.handle('recovery:open', { id: listC[0].id, page: 'tabA' })
    expect(recovered.doc.title).toBe('Tab B work')
    await service.handle('recovery:discard', { id: listC[0].id })
    expect(await service.handle('recovery:list', { page: 'tabC' })).toEqual([])
    // An open tab's work cannot be taken by another tab.
    await service.handle('project:autosave', { doc: recovered.doc, projectPath: null, page: 'tabA' })
    const idA = (await service.handle('recovery:list', { page: 'tabA' }))[0].id
    await expect(service.handle('recovery:open', { id: idA, page: 'tabC' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('"until it checks" reports its progress per region and seed, not as regions', async () => {
    const { service, events } = await makeService(undefined, resolve(root, 'resources/models/default')) // has the aligner
    const audio = (await service.handle('audio:open', { path: WAV }))!
    const ticket = await service.handle('job:generate', {
      audioId: audio.audioId,
      regions: [{ regionId: 'r1', start: 0.6, end: 1.1, text: 'hello there' }],
      settings: { steps: 1, solver: 'euler' },
      untilChecks: 3,
    })
    await finished(events, ticket.jobId)
    const progress = events.flatMap((e) => (e.jobId === ticket.jobId && e.type === 'progress' ? [e.progress] : []))
    expect(progress.length).toBeGreaterThan(0)
    for (const p of progress) {
      expect([p.regionIndex, p.regionCount, p.tryCount]).toEqual([0, 1, 3])
      expect(p.tryIndex).toBeGreaterThanOrEqual(0)
      expect(p.tryIndex).toBeLessThan(3)
    }
  })

  it('says when a float recording holds NaN or infinite samples (read as 0), as the CLI does', async () => {
    const { service } = await makeService()
    const x = Float32Array.from({ length: 16000 }, (_, i) => 0.3 * Math.sin(i / 7))
    x[100] = Number.NaN
    x[200] = Number.POSITIVE_INFINITY
    const path = join(outDir, 'nan.wav')
    const { writeFile } = await import('node:fs/promises')
    const { encodeWav } = await import('../../electron/engine/audio/encode')
    const wav = encodeWav({ sampleRate: 16000, channels: [x] }, 'float32')
    // The encoder writes NaN as 0; put the non-finite values into the data chunk by hand.
    const dataAt = wav.length - x.length * 4
    new DataView(wav.buffer).setFloat32(dataAt + 100 * 4, Number.NaN, true)
    new DataView(wav.buffer).setFloat32(dataAt + 200 * 4, Number.POSITIVE_INFINITY, true)
    await writeFile(path, wav)
    const audio = (await service.handle('audio:open', { path }))!
    expect(audio.warnings).toEqual(['it holds non-finite float samples (NaN/Inf), read as 0'])
  })

  it('says when a float recording goes over full scale, and when a stereo channel is wired inverted', async () => {
    const { service } = await makeService()
    const { writeFile } = await import('node:fs/promises')
    const { encodeWav } = await import('../../electron/engine/audio/encode')
    const x = Float32Array.from({ length: 16000 }, (_, i) => 1.4 * Math.sin(i / 7))
    await writeFile(join(outDir, 'hot.wav'), encodeWav({ sampleRate: 16000, channels: [x] }, 'float32'))
    const hot = (await service.handle('audio:open', { path: join(outDir, 'hot.wav') }))!
    expect(hot.warnings).toEqual(['it holds samples over full scale (peak +2.9 dBFS): a float export keeps them, a 16 or 24-bit export clips them'])
    const y = Float32Array.from({ length: 16000 }, (_, i) => 0.3 * Math.sin(i / 7))
    await writeFile(join(outDir, 'inverted.wav'), encodeWav({ sampleRate: 16000, channels: [y, y.map((v) => -v)] }, 'pcm16'))
    const inv = (await service.handle('audio:open', { path: join(outDir, 'inverted.wav') }))!
    expect(inv.warnings).toEqual([expect.stringMatching(/^channel 2 is channel 1 with its polarity inverted/)])
    const same = (await service.handle('audio:open', { path: join(outDir, 'hot.wav') }))!
    expect((same.warnings ?? []).filter((w) => w.includes('polarity'))).toEqual([])
  })

  it('chooses a second model for mixed ladders, and fits the saved solver to a diffusion model', async () => {
    const DIFFUSION = resolve(root, 'tests/fixtures/tiny-diffusion')
    const { service, events } = await makeService()
    await service.handle('settings:update', { sampler: { solver: 'midpoint', steps: 3 } })
    const second = (await service.handle('model:choose', { dir: DIFFUSION, second: true }))!
    expect(second).toMatchObject({ dir: DIFFUSION, error: null, info: { objective: 'ddpm-epsilon' } })
    expect((await service.handle('settings:get', undefined)).secondModelDir).toBe(DIFFUSION)
    expect((await service.handle('engine:status', undefined)).secondModel?.info?.objective).toBe('ddpm-epsilon')
    await expect(service.handle('model:choose', { dir: join(root, 'tests/fixtures/audio'), second: true })).rejects.toMatchObject({
      code: 'BAD_MODEL',
      message: expect.stringMatching(/^cannot load the second model in .*audio: .*manifest\.json: file not found$/),
    })

    const audio = (await service.handle('audio:open', { path: WAV }))!
    const region = { regionId: 'r1', start: 0.6, end: 1.1, text: 'hello there' }
    const ticket = await service.handle('job:ladder', { audioId: audio.audioId, region, variants: [{ steps: 2 }, { steps: 2, solver: 'ddim' }], settings: { seed: 3 } })
    const rungs = ((await finished(events, ticket.jobId)) as Extract<JobResult, { kind: 'ladder' }>).takes
    expect(rungs.map((t) => [t.settings.solver, t.networkCalls])).toEqual([
      ['midpoint', 4],
      ['ddim', 2],
    ])

    // The diffusion twin as the main model: the saved midpoint would fail every fill, so it goes.
    await service.handle('model:choose', { dir: DIFFUSION })
    const settings = await service.handle('settings:get', undefined)
    expect(settings.sampler).toEqual({ steps: 3 })
    const gen = await service.handle('job:generate', { audioId: audio.audioId, regions: [region], settings: settings.sampler })
    const take = ((await finished(events, gen.jobId)) as Extract<JobResult, { kind: 'generate' }>).takes[0]
    expect(take.settings).toMatchObject({ solver: 'ddim', steps: 3, eta: 0 })
  })

  it('makes the regions it can in a job of several, naming the one that failed by its place in the request', async () => {
    const { service, events } = await makeService()
    const audio = (await service.handle('audio:open', { bytes: new Uint8Array(await (await import('node:fs/promises')).readFile(WAV)), name: 'upload.wav' }))!
    const ticket = await service.handle('job:generate', {
      audioId: audio.audioId,
      regions: [
        { regionId: 'r1', start: 0.2, end: 0.7, text: 'hello' },
        { regionId: 'r2', start: 1.0, end: 1.05, text: 'a far longer line of words than this short region holds' },
      ],
      settings: { steps: 1 },
    })
    // Generate all makes what it can: region 1's take comes back, region 2's failure named by its number.
    const result = (await finished(events, ticket.jobId)) as Extract<JobResult, { kind: 'generate' }>
    expect(result.takes.map((t) => t.regionId)).toEqual(['r1'])
    expect(result.failed).toEqual([{ regionId: 'r2', message: expect.stringMatching(/^region 2 \(/i) }])
    // Every region failing fails the job, with the first one's reason.
    const all = await service.handle('job:generate', {
      audioId: audio.audioId,
      regions: [{ regionId: 'r2', start: 1.0, end: 1.05, text: 'a far longer line of words than this short region holds' }],
      settings: { steps: 1 },
    })
    await expect(finished(events, all.jobId)).rejects.toThrow(/region 1 \(/i)
    // Filled with a deletion before it as context (its second region there), it is still named by its place in the request.
    const beside = await service.handle('job:generate', {
      audioId: audio.audioId,
      regions: [{ regionId: 'r2', start: 1.0, end: 1.05, text: 'a far longer line of words than this short region holds' }],
      deletes: [{ regionId: 'r3', start: 0.75, end: 0.9 }],
      settings: { steps: 1 },
    })
    await expect(finished(events, beside.jobId)).rejects.toThrow(/^region 1 \(1–1\.05 s\)/i)
  })

  it('keeps the takes made before Generate all was cancelled', async () => {
    const { service, events } = await makeService()
    const audio = (await service.handle('audio:open', { bytes: new Uint8Array(await (await import('node:fs/promises')).readFile(WAV)), name: 'upload.wav' }))!
    const regions = Array.from({ length: 6 }, (_, k) => ({ regionId: `r${k}`, start: 0.1 + 0.3 * k, end: 0.3 + 0.3 * k, text: 'hi there' }))
    const ticket = await service.handle('job:generate', { audioId: audio.audioId, regions, settings: { steps: 32 } })
    // Cancel once the second region is under way.
    for (let i = 0; i < 400 && !events.some((e) => e.jobId === ticket.jobId && e.type === 'progress' && e.progress.regionIndex >= 1); i++) await new Promise((r) => setTimeout(r, 10))
    await service.handle('job:cancel', { jobId: ticket.jobId })
    const result = (await finished(events, ticket.jobId)) as Extract<JobResult, { kind: 'generate' }>
    expect(result.cancelled).toBe(true)
    expect(result.takes.length).toBeGreaterThanOrEqual(1)
    expect(result.takes.length).toBeLessThan(6)
    expect(result.takes[0].regionId).toBe('r0')
  })

  it('refuses unknown audio and takes with clear errors', async () => {
    const { service } = await makeService()
    await expect(service.handle('audio:close', { audioId: 'a99' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    const audio = (await service.handle('audio:open', { path: WAV }))!
    await expect(service.handle('export:audio', { audioId: audio.audioId, takeIds: ['t-x'], format: 'pcm16', sampleRate: null })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    await expect(service.handle('audio:open', { bytes: new Uint8Array([1, 2, 3, 4]), name: 'junk.wav' })).rejects.toMatchObject({ code: 'BAD_AUDIO' })
    await expect(service.handle('audio:open', { path: join(root, 'package.json') })).rejects.toMatchObject({ code: 'BAD_AUDIO' })
  })
})
