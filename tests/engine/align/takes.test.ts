// Checked takes through the shipped model: seeds derived from the caller's, every take checked, the
// best kept, and "until it checks" stopping at the first take that passes.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { better, takeSeeds } from '../../../electron/engine/align/takes'
import { readAudioFile } from '../../../electron/engine/audio/decode'
import { defaultModelDir, Engine } from '../../../electron/engine/engine'
import type { PcmAudio } from '../../../electron/engine/types'

const FIXTURE = resolve('tests/fixtures/align/awb-path')
const FAST = { steps: 2, solver: 'euler' as const, seed: 21 }
let engine: Engine
let audio: PcmAudio

beforeAll(async () => {
  engine = await Engine.load(defaultModelDir(), { threads: 2 })
  audio = await readAudioFile(`${FIXTURE}.wav`)
})
afterAll(() => engine.release())

describe('takeSeeds', () => {
  it('starts from the caller’s seed and gives distinct 32-bit seeds', () => {
    const s = takeSeeds(7, 16)
    expect(s[0]).toBe(7)
    expect(new Set(s).size).toBe(16)
    expect(s.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32)).toBe(true)
    expect(takeSeeds(7, 4)).toEqual(s.slice(0, 4))
  })
})

describe('fillTakes', () => {
  it('checks every take and keeps the best; with untilPass it stops at the first that passes', async () => {
    const text = JSON.parse(readFileSync(`${FIXTURE}.json`, 'utf8')).text as string
    const a = await engine.align(audio, text)
    const ten = a.words.find((w) => w.text === 'ten')!
    const region = { start: ten.start, end: ten.end, text: 'five', length: 'natural' as const }
    const seen: number[] = []
    const all = await engine.fillTakes(audio, [region], FAST, { count: 3, oldTexts: ['ten'], onTake: (_, i) => seen.push(i) })
    expect(seen).toEqual([0, 1, 2])
    expect(all.takes.map((t) => t.seed)).toEqual(takeSeeds(21, 3))
    for (const t of all.takes) {
      expect(t.checks[0]!.words[0].text).toBe('five')
      expect(better(t, all.takes[all.bestIndex])).toBe(false)
    }
    expect(all.best.settings.seed).toBe(all.takes[all.bestIndex].seed)

    const until = await engine.fillTakes(audio, [region], FAST, { count: 3, untilPass: true, oldTexts: ['ten'] })
    const firstPass = all.takes.findIndex((t) => t.passes)
    // Same seeds, same takes: it stops right after the first passing one (or tries all three).
    expect(until.takes.length).toBe(firstPass >= 0 ? firstPass + 1 : 3)
    expect(until.takes.map((t) => t.score)).toEqual(all.takes.slice(0, until.takes.length).map((t) => t.score))
  }, 120_000)
})
