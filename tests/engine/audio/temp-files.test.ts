// Temporary files being written are known, so a signal handler can remove them (the CLI on Ctrl-C).
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { removeLiveTemps } from '../../../electron/engine/audio/temp-files'
import { WavWriter } from '../../../electron/engine/audio/wav-writer'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vf-temps-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe('temporary files', () => {
  it('a writer stopped half way by a signal leaves nothing behind', async () => {
    const out = join(dir, 'out.wav')
    const w = await WavWriter.create(out, { format: 'pcm16', sampleRate: 16000, channels: 1, frames: 32000 })
    await w.write([new Float32Array(16000).fill(0.1)])
    const [tmp] = await readdir(dir)
    expect(tmp).toMatch(/^out\.wav\.[0-9a-f]{8}\.tmp$/)
    removeLiveTemps() // what the CLI's SIGINT handler does
    expect(await readdir(dir)).toEqual([])
    expect(existsSync(out)).toBe(false)
    await w.abort()
  })

  it('a finished file is no longer tracked: removing the live ones leaves it', async () => {
    const out = join(dir, 'done.wav')
    const w = await WavWriter.create(out, { format: 'pcm16', sampleRate: 16000, channels: 1, frames: 100 })
    await w.write([new Float32Array(100)])
    await w.finish()
    removeLiveTemps()
    expect(await readdir(dir)).toEqual(['done.wav'])
  })
})
