// Project folder names: safe on every system, and a new project never lands on an existing one.
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freeProjectDir, projectFolderName } from '../../electron/studio/projects'

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
