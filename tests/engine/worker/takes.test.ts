// A ladder rung → a take (electron/engine/worker/takes.ts), from the real tiny model's ladder.
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAudioFile } from '../../../electron/engine/audio/decode'
import { Engine } from '../../../electron/engine/engine'
import type { PcmAudio, RegionSpec } from '../../../electron/engine/types'
import { takeFromRung } from '../../../electron/engine/worker/takes'

let engine: Engine
let mono: PcmAudio // 16 kHz mono speech, 2.1 s

beforeAll(async () => {
  engine = await Engine.load(resolve('tests/fixtures/tiny-model'), { threads: 1 })
  mono = await readAudioFile(resolve('tests/fixtures/audio/speech-16k-s16.wav'))
})
afterAll(() => engine.release())

async function rungTake(region: RegionSpec) {
  const n = mono.channels[0].length
  const ladder = await engine.ladder(mono, region, [{ steps: 1 }], { solver: 'euler', seed: 5 })
  const take = takeFromRung({ takeId: 't', audioId: 'a', regionId: 'r', region, sourceFrames: n, label: 'x', createdAt: 0 }, ladder, 0)
  return { take, n, segment: ladder.variants[0].segment.channels[0] }
}

describe('takeFromRung', () => {
  it('a region from 0:00 (Compare on a region made with R at the start) spans the audio from its first sample', async () => {
    // The engine crossfades nothing before a file's start; the take had counted 15 ms there, before 0 (it failed:
    // "ladder rung 0 spans -240..", and the Compare panel could not run on such a region).
    const { take, segment } = await rungTake({ start: 0, end: 0.5, text: 'new words' })
    expect(take.replaceStart).toBe(0)
    expect(take.replaceEnd).toBe(take.splice.inEnd + take.splice.crossfadeSamples)
    expect(take.frames).toBe(segment.length)
  })

  it('a region to the file\'s end stops at its last sample', async () => {
    const { take, n } = await rungTake({ start: 1.6, end: mono.channels[0].length / mono.sampleRate, text: 'new words' })
    expect(take.replaceEnd).toBe(n)
    expect(take.replaceStart).toBe(take.splice.inStart - take.splice.crossfadeSamples)
  })

  it('a region inside the file keeps its crossfade on both sides', async () => {
    const { take } = await rungTake({ start: 0.6, end: 1.1, text: 'new words' })
    expect(take.replaceStart).toBe(take.splice.inStart - take.splice.crossfadeSamples)
    expect(take.replaceEnd).toBe(take.splice.inEnd + take.splice.crossfadeSamples)
  })
})
