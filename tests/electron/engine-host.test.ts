// The engine process for real: forked worker, tiny ONNX model, a real WAV. Jobs stream progress
// and return takes; killing the process mid-job fails that job clearly, restarts the engine and
// restores the open audio and takes under the same ids.
import { afterEach, describe, expect, it } from 'vitest'
import { resolve } from 'node:path'
import { EngineHost } from '../../electron/studio/engine-host'
import { Engine } from '../../electron/engine/engine'
import { readAudioFile } from '../../electron/engine/audio/decode'
import { forkLauncher } from '../../electron/studio/fork-launcher'
import type { EngineStatus, JobProgress } from '../../electron/shared/studio-types'
import type { StudioError } from '../../electron/shared/errors'

const root = resolve(import.meta.dirname, '../..')
const MODEL = resolve(root, 'tests/fixtures/tiny-model')
const WAV = resolve(root, 'tests/fixtures/audio/speech-16k-s16.wav')
const region = { regionId: 'r1', start: 0.6, end: 1.1, text: 'hello there' }

let host: EngineHost | null = null
afterEach(async () => {
  await host?.stop()
  host = null
})

async function started(modelDir: string | null = MODEL) {
  const statuses: EngineStatus[] = []
  host = new EngineHost({ launcher: forkLauncher(), modelDir, threads: 1, restartDelayMs: 50 })
  host.onStatus((s) => statuses.push(s))
  await host.start()
  const audio = await host.call('open', { audioId: 'a1', path: WAV, name: 'speech.wav', origin: 'file' }).result
  return { host, audio, statuses }
}

describe('EngineHost with the real engine process', () => {
  it('opens audio at its native rate with overview peaks', async () => {
    const { audio, statuses } = await started()
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'ready'])
    expect(statuses[1].model?.info?.sampleRate).toBeGreaterThan(0)
    expect(audio).toMatchObject({ audioId: 'a1', sampleRate: 16000, channels: 1, format: expect.stringMatching(/WAV/) })
    expect(audio.frames).toBeGreaterThan(16000)
    const { min, max } = audio.peaks.channels[0]
    expect(min.length).toBe(Math.ceil(audio.frames / audio.peaks.samplesPerPeak))
    expect(Math.max(...max)).toBeGreaterThan(0.05) // speech, not silence
    expect(Math.min(...min)).toBeLessThan(-0.05)
  })

  it('runs a generate job with one progress event per network call and returns a take', async () => {
    const { host, audio } = await started()
    const progress: JobProgress[] = []
    const res = await host.call('generate', { audioId: 'a1', regions: [region], settings: { steps: 4, solver: 'euler', seed: 7 } }, (p) =>
      progress.push(p),
    ).result
    const [take] = res.takes
    expect(take.networkCalls).toBeGreaterThan(0)
    expect(progress.map((p) => p.jobCall)).toEqual(Array.from({ length: take.networkCalls }, (_, i) => i + 1))
    expect(progress.at(-1)).toMatchObject({ jobTotalCalls: take.networkCalls, etaMs: 0 })
    expect(take).toMatchObject({ audioId: 'a1', regionId: 'r1', sampleRate: 16000, settings: { seed: 7, steps: 4 } })
    expect(take.pcm[0].length).toBe(take.frames)
    // The take replaces the region plus its crossfade margins and nothing else.
    expect(take.replaceStart).toBe(take.splice.inStart - take.splice.crossfadeSamples)
    expect(take.replaceEnd).toBe(take.splice.inEnd + take.splice.crossfadeSamples)
    expect(take.replaceStart).toBeLessThanOrEqual(Math.round(0.6 * 16000))

    // The edited timeline = source outside the take, the take inside it.
    const src = await host.call('read', { audioId: 'a1', startFrame: 0, endFrame: audio.frames }).result
    const editedFrames = audio.frames - (take.replaceEnd - take.replaceStart) + take.frames
    const edited = await host.call('read', { audioId: 'a1', startFrame: 0, endFrame: editedFrames, takeIds: [take.takeId] }).result
    const s = src.channels[0]
    const e = edited.channels[0]
    expect(e.length).toBe(editedFrames)
    expect(e.subarray(0, take.replaceStart)).toEqual(s.subarray(0, take.replaceStart))
    expect(e.subarray(take.replaceStart, take.replaceStart + take.frames)).toEqual(take.pcm[0])
    expect(e.subarray(take.replaceStart + take.frames)).toEqual(s.subarray(take.replaceEnd))
  })

  it('cancels a job between network calls', async () => {
    const { host } = await started()
    const call = host.call('generate', { audioId: 'a1', regions: [region], settings: { steps: 64 } }, (p) => {
      if (p.jobCall === 2) host.cancel(call.id)
    })
    await expect(call.result).rejects.toMatchObject({ code: 'CANCELLED' })
    // The engine is still there for the next job.
    await expect(host.call('read', { audioId: 'a1', startFrame: 0, endFrame: 10 }).result).resolves.toBeTruthy()
  })

  it('fails the running job when the process dies, restarts it and restores audio and takes', async () => {
    const { host, audio, statuses } = await started()
    const first = await host.call('generate', { audioId: 'a1', regions: [region], settings: { steps: 2 } }).result
    const take = first.takes[0]
    const before = await host.call('read', { audioId: 'a1', startFrame: 0, endFrame: audio.frames, takeIds: [take.takeId] }).result
    const pid = host.status.pid!
    expect(pid).toBeGreaterThan(0)

    const doomed = host.call('generate', { audioId: 'a1', regions: [region], settings: { steps: 64 } }, (p) => {
      if (p.jobCall === 1) process.kill(pid, 'SIGKILL')
    })
    const err = (await doomed.result.catch((e: unknown) => e)) as StudioError
    expect(err.code).toBe('ENGINE_CRASHED')
    expect(err.message).toMatch(/stopped unexpectedly \(signal SIGKILL\).*restarted/)

    // Calls made during the restart wait for it and see the same audio and take.
    const after = await host.call('read', { audioId: 'a1', startFrame: 0, endFrame: audio.frames, takeIds: [take.takeId] }).result
    expect(after.channels[0]).toEqual(before.channels[0])
    expect(host.status).toMatchObject({ state: 'ready', restarts: 1, message: null })
    expect(host.status.pid).not.toBe(pid)
    expect(statuses.map((s) => s.state)).toEqual(expect.arrayContaining(['crashed', 'restarting', 'ready']))
    const crashed = statuses.find((s) => s.state === 'crashed')!
    expect(crashed.message).toContain('SIGKILL')
  })

  it('reports a broken model without losing the audio side', async () => {
    const { host, statuses } = await started(resolve(root, 'tests/fixtures/audio'))
    expect(statuses.at(-1)).toMatchObject({ state: 'ready', model: { info: null, error: expect.any(String) } })
    await expect(host.call('generate', { audioId: 'a1', regions: [region] }).result).rejects.toMatchObject({ code: 'NO_MODEL' })
    const state = await host.setModel(MODEL, 1)
    expect(state.error).toBeNull()
    expect(state.info?.name).toBeTruthy()
  })

  it('holds a second model: a ladder mixes flow and diffusion rungs, also after a crash', async () => {
    const DIFFUSION = resolve(root, 'tests/fixtures/tiny-diffusion')
    host = new EngineHost({ launcher: forkLauncher(), modelDir: MODEL, secondModelDir: DIFFUSION, threads: 1, restartDelayMs: 50 })
    await host.start()
    expect(host.status.model?.info?.objective).toBe('flow-matching')
    expect(host.status.secondModel).toMatchObject({ dir: DIFFUSION, isDefault: false, error: null, info: { objective: 'ddpm-epsilon' } })
    await host.call('open', { audioId: 'a1', path: WAV, name: 'speech.wav', origin: 'file' }).result
    const ladder = () =>
      host!.call('ladder', { audioId: 'a1', region, variants: [{ steps: 2, solver: 'midpoint' }, { steps: 3, solver: 'ddim' }], settings: { seed: 5 } }).result
    const res = await ladder()
    expect(res.takes.map((t) => [t.settings.solver, t.networkCalls, t.settings.model])).toEqual([
      ['midpoint', 4, 'Voicefill tiny test model (not for use)'],
      ['ddim', 3, 'Voicefill tiny DDPM test model (not for use)'],
    ])
    // The restarted process loads both models again.
    process.kill(host.status.pid!, 'SIGKILL')
    await new Promise<void>((ok) => {
      const off = host!.onStatus((st) => st.state === 'ready' && st.restarts === 1 && (off(), ok()))
    })
    const again = await ladder()
    expect(again.takes.map((t) => t.settings.solver)).toEqual(['midpoint', 'ddim'])
    expect(host.status).toMatchObject({ restarts: 1, secondModel: { info: { objective: 'ddpm-epsilon' } } })
    // A folder that is no model leaves the second model as it was, and says why.
    const bad = await host.setSecondModel(resolve(root, 'tests/fixtures/audio'))
    expect(bad?.error).toMatch(/manifest\.json: file not found/)
    expect(host.status.secondModel?.info?.objective).toBe('ddpm-epsilon')
    // null: the shipped twin of the other family; this checkout may not have one.
    const auto = await host.setSecondModel(null)
    expect(auto === null || auto.isDefault).toBe(true)
    if (auto === null) {
      expect(host.status.secondModel).toBeNull()
      await expect(ladder()).rejects.toMatchObject({ code: 'BAD_SETTINGS', message: expect.stringMatching(/variant 2 \(ddim\) needs a diffusion/) })
    }
  })

  it('vocodes the forward process of a captured trajectory at any level', async () => {
    const { host } = await started()
    const { takes } = await host.call('generate', { audioId: 'a1', regions: [region], settings: { steps: 2, solver: 'euler', seed: 3 }, captureTrajectory: true }).result
    const tr = takes[0].trajectory!
    expect(tr.forward).toMatchObject({ family: 'flow', frames: tr.frames })
    const half = await host.call('vocode', { takeId: takes[0].takeId, step: 0, kind: 'forward', level: 0.5 }).result
    const clean = await host.call('vocode', { takeId: takes[0].takeId, step: 0, kind: 'forward', level: 0 }).result
    expect(half.channels[0].length).toBe(clean.channels[0].length)
    expect(half.channels[0].some((v, i) => v !== clean.channels[0][i])).toBe(true)
    await expect(host.call('vocode', { takeId: takes[0].takeId, step: 0, kind: 'forward' }).result).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })

  it('gives a fill the deletions beside it as cut: applied with the delete take, it is the one-call edit of both', async () => {
    const { host, audio } = await started()
    const settings = { steps: 4, solver: 'euler' as const, seed: 7 }
    const F = { regionId: 'rF', start: 0.6, end: 1.1, text: 'hello there', mode: 'replace' as const }
    const D = { regionId: 'rD', start: 1.2, end: 1.5, text: '', mode: 'delete' as const }
    // Generate all of a replace and the delete beside it.
    const all = await host.call('generate', { audioId: 'a1', regions: [F, D], settings }).result
    const fill = all.takes.find((t) => t.regionId === 'rF')!
    const cut = all.takes.find((t) => t.regionId === 'rD')!
    expect(fill.heard).toEqual({ reachSeconds: expect.any(Number), spans: [{ regionId: 'rD', start: 1.2, end: 1.5 }] })
    expect(cut.heard).toBeUndefined()
    // Both applied are the engine's one call over both (the CLI's edit), sample for sample; the fill had
    // heard the words being deleted and led into them.
    const engine = await Engine.load(MODEL, { threads: 1 })
    try {
      const wav = await readAudioFile(WAV)
      const spec = { start: F.start, end: F.end, text: F.text, mode: F.mode, noiseStream: 0 }
      const edit = await engine.fill(wav, [spec, { start: D.start, end: D.end, text: '', mode: 'delete' }], settings)
      const out = edit.audio.channels[0]
      const both = await host.call('read', { audioId: 'a1', startFrame: 0, endFrame: out.length, takeIds: [fill.takeId, cut.takeId] }).result
      expect(both.channels[0]).toEqual(out)
      // The deletion only in the document (applied, or not generated in this job) is heard the same way.
      const alone = await host.call('generate', { audioId: 'a1', regions: [F], deletes: [{ regionId: 'rD', start: 1.2, end: 1.5 }], settings }).result
      expect(alone.takes[0].pcm[0]).toEqual(fill.pcm[0])
      // With no deletion near, the take is what it always was (the fill alone).
      const deaf = await host.call('generate', { audioId: 'a1', regions: [F], settings }).result
      expect(deaf.takes[0].heard).toEqual({ reachSeconds: expect.any(Number), spans: [] })
      expect(deaf.takes[0].pcm[0]).toEqual((await engine.fill(wav, [spec], settings)).audio.channels[0].slice(deaf.takes[0].replaceStart, deaf.takes[0].replaceEnd))
      expect(deaf.takes[0].pcm[0]).not.toEqual(fill.pcm[0])
      // A deletion before it: the take is cut from the edit of both and still sits at its own source frames.
      const L = { regionId: 'rL', start: 0.1, end: 0.4 }
      const [late] = (await host.call('generate', { audioId: 'a1', regions: [F], deletes: [L], settings }).result).takes
      const edit2 = await engine.fill(wav, [{ start: L.start, end: L.end, text: '', mode: 'delete' }, spec], settings)
      const s = edit2.regions[1].splice
      expect(late.pcm[0]).toEqual(edit2.audio.channels[0].slice(s.outStart - s.crossfadeSamples, s.outEnd + s.crossfadeSamples))
      expect(late.splice).toMatchObject({ inStart: late.replaceStart + s.crossfadeSamples, outStart: late.replaceStart + s.crossfadeSamples })
      expect(late.replaceEnd).toBeLessThanOrEqual(audio.frames)
    } finally {
      await engine.release()
    }
  }, 60_000)

  it('answers unknown ids with NOT_FOUND', async () => {
    const { host } = await started()
    await expect(host.call('read', { audioId: 'nope', startFrame: 0, endFrame: 10 }).result).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(host.call('read', { audioId: 'a1', startFrame: 0, endFrame: 10, takeIds: ['t9'] }).result).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
  })
})
