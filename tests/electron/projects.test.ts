// Project folder names: safe on every system, and a new project never lands on an existing one.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freeProjectDir, PROJECT_FILE, projectFolderName, readProjectFile } from '../../electron/studio/projects'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vf-projects-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('project folders', () => {
  it('clean names to letters, digits, spaces, _ and -, and never a Windows device name', () => {
    expect(projectFolderName('My take')).toBe('My take.voicefill')
    expect(projectFolderName('a/b')).toBe('a_b.voicefill')
    expect(projectFolderName('../../etc')).toBe('_etc.voicefill')
    expect(projectFolderName('CON')).toBe('CON_.voicefill')
    expect(projectFolderName('com1')).toBe('com1_.voicefill')
    expect(projectFolderName('')).toBe('Untitled.voicefill')
  })

  it('number a new project whose name is taken, instead of overwriting the other one', async () => {
    expect(await freeProjectDir(dir, 'sample.voicefill')).toBe(join(dir, 'sample.voicefill'))
    await mkdir(join(dir, 'sample.voicefill'))
    expect(await freeProjectDir(dir, 'sample.voicefill')).toBe(join(dir, 'sample (2).voicefill'))
    await mkdir(join(dir, 'sample (2).voicefill'))
    expect(await freeProjectDir(dir, projectFolderName('sample'))).toBe(join(dir, 'sample (3).voicefill'))
  })
})

describe('project files', () => {
  it('keep a take\'s check and notes, so a reopened project ranks and marks its takes as before', async () => {
    const check = { words: [{ text: 'hello', confidence: 0.91, ok: true }], oldWords: [], seams: [0.8, 1.1], weakest: 0, passes: true, score: 0.91 }
    const take = {
      takeId: 't1', audioId: 'a1', regionId: 'r1', region: { start: 0.5, end: 1, text: 'hello' },
      replaceStart: 8000, replaceEnd: 16000, frames: 8000, sampleRate: 16000,
      splice: { inStart: 8000, inEnd: 16000, outStart: 8000, outEnd: 16000, crossfadeSamples: 240 },
      phones: ['HH', 'AH', 'L', 'OW'], generatedSeconds: 0.5, networkCalls: 32,
      settings: { steps: 16, solver: 'midpoint', guidance: 2, schedule: 'sway', sway: -1, seed: 3, model: 'm' },
      timings: { totalMs: 1, onnxMs: 1, vocoderMs: 0, featuresMs: 0 }, createdAt: 1, label: 'take 1',
      check, warnings: ['the words will sound rushed'], file: 'takes/t1.wav',
      heard: { reachSeconds: 1.55, spans: [{ regionId: 'r2', start: 1.2, end: 1.5 }] },
    }
    const doc = { version: 1, title: 'x', audioId: 'a1', regions: [], takeIds: ['t1'], applied: {}, sampler: {}, ui: {} }
    const folder = join(dir, 'checked.voicefill')
    await mkdir(folder)
    await writeFile(join(folder, PROJECT_FILE), JSON.stringify({
      format: 'voicefill-project', version: 1, savedAt: 1,
      source: { path: 'a.wav', name: 'a.wav', sampleRate: 16000, channels: 1, frames: 32000 }, doc, takes: [take],
    }))
    const file = await readProjectFile(folder)
    // The deletions a take heard, so it still says when they change after a reopen.
    expect(file.takes[0]).toMatchObject({ check, warnings: ['the words will sound rushed'], heard: take.heard })
  })
})
