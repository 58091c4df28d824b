// electron/cli/resynth.ts (the evaluation's vocoder-only reference) as a child process: the model's
// vocoder path, and the true-magnitude ceiling, both aligned with the input and close to it.
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAudioFile } from '../../electron/engine/audio/decode'
import { spectralConvergence } from '../../electron/engine/dsp/griffinlim'
import { defaultModelDir } from '../../electron/engine/engine'
import { loadModel, releaseModel } from '../../electron/engine/model'

const SPEECH = resolve('tests/fixtures/audio/speech-16k-s16.wav')
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'voicefill-resynth-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

function resynth(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', 'electron/cli/resynth.ts', ...args], (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

describe('resynth CLI', () => {
  it("resynthesises through the model's vocoder, and from the true magnitude much closer still", async () => {
    const viaModel = join(dir, 'model.wav')
    const viaTrue = join(dir, 'true.wav')
    const a = await resynth('--model', defaultModelDir(), SPEECH, viaModel)
    const b = await resynth('--model', defaultModelDir(), '--true-magnitude', SPEECH, viaTrue)
    expect(a.code, a.stderr).toBe(0)
    expect(b.code, b.stderr).toBe(0)
    expect(JSON.parse(a.stdout.trim().split('\n').pop()!)).toMatchObject({ command: 'resynth', files: 1 })
    const model = await loadModel(defaultModelDir(), { threads: 1 })
    const spec = model.manifest.features
    await releaseModel(model)
    const x = (await readAudioFile(SPEECH)).channels[0]
    const y = (await readAudioFile(viaModel)).channels[0]
    const z = (await readAudioFile(viaTrue)).channels[0]
    expect(y.length).toBe(x.length)
    expect(z.length).toBe(x.length)
    const scModel = spectralConvergence(x, y, spec)
    const scTrue = spectralConvergence(x, z, spec)
    expect(scModel).toBeLessThan(0.2) // the magnitude network: ≈ 0.10 on this clip; the built-in path ≈ 0.23
    expect(scTrue).toBeLessThan(0.5 * scModel)
  }, 60_000)

  it('refuses a missing model folder with one line on stderr', async () => {
    const r = await resynth('--model', join(dir, 'nope'), SPEECH, join(dir, 'x.wav'))
    expect(r.code).not.toBe(0)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/nope/)
  })
})
