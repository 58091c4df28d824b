// The listen stage (edit/listen.ts) through the shipped model's aligner on a real recording (LibriVox,
// public domain): one aligner pass gives the narrowing of a repair and the speaker's tempo.
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAudioFile } from '../../../electron/engine/audio/decode'
import type { EngineCore } from '../../../electron/engine/core'
import { listenAround } from '../../../electron/engine/edit/listen'
import { planRegions } from '../../../electron/engine/edit/plan'
import { contextTempo } from '../../../electron/engine/edit/prepare'
import { fill } from '../../../electron/engine/edit'
import { trimToSaid } from '../../../electron/engine/edit/said'
import { defaultModelDir } from '../../../electron/engine/engine'
import { loadModel, releaseModel } from '../../../electron/engine/model'
import type { PcmAudio } from '../../../electron/engine/types'

let core: EngineCore
let audio: PcmAudio
beforeAll(async () => {
  const model = await loadModel(defaultModelDir(), { threads: 2 })
  core = { model, spec: model.manifest.features }
  audio = await readAudioFile(resolve('training/eval/librivox/ss01-0890.wav'))
})
afterAll(() => releaseModel(core.model))

describe('listenAround', () => {
  it('narrows a repair as trimToSaid does on its own, and hears the tempo around it', async () => {
    // "rather selfish" masked by Whisper base's word times (said-model.test.ts)
    const [plan] = planRegions([{ start: 2.36, end: 3.28, text: 'rather selfish' }], audio)
    const alone = await trimToSaid(core, audio, plan)
    const heard = await listenAround(core, audio, plan)
    expect(heard.spec).toEqual(alone.spec)
    expect(heard.phoneRange).toEqual(alone.phoneRange)
    expect(heard.tempo).toBeGreaterThan(0.6)
    expect(heard.tempo).toBeLessThan(1.6)
  })

  it('gives an insert the tempo read around it, and leaves the caller\'s tempo and deletes alone', async () => {
    const [insert] = planRegions([{ start: 1.3, end: 1.3, text: 'very' }], audio)
    const heard = await listenAround(core, audio, insert)
    expect(heard.tempo).toBeCloseTo((await contextTempo(core, audio, insert.inStart, insert.inEnd))!, 6)
    const [given] = planRegions([{ start: 1.3, end: 1.3, text: 'very', tempo: 1.1 }], audio)
    expect((await listenAround(core, audio, given)).tempo).toBeUndefined() // the caller's wins (prepareRegion reads spec.tempo)
    const [cut] = planRegions([{ start: 1.3, end: 1.7, text: '' }], audio)
    expect(await listenAround(core, audio, cut)).toBe(cut)
  })
})

describe('a fill says the pace its words were given', () => {
  it('heard around the region, the caller\'s, or the syllable rate where nothing is heard', async () => {
    const fast = { steps: 1, solver: 'euler' as const, seed: 1 }
    const heard = await fill(core, audio, [{ start: 1.3, end: 1.3, text: 'very' }], fast)
    expect(heard.regions[0].pace).toEqual({ tempo: expect.closeTo((await contextTempo(core, audio, Math.round(1.3 * audio.sampleRate), Math.round(1.3 * audio.sampleRate)))!, 3), from: 'heard' })
    const given = await fill(core, audio, [{ start: 1.3, end: 1.3, text: 'very', tempo: 1.2 }], fast)
    expect(given.regions[0].pace).toEqual({ tempo: 1.2, from: 'caller' })
    const silent = { sampleRate: 16000, channels: [new Float32Array(16000 * 3)] }
    const none = await fill(core, silent, [{ start: 1, end: 1, text: 'very' }], fast)
    expect(none.regions[0].pace?.from).toBe('syllables')
  })
})

describe('a ladder of two models at natural length', () => {
  it('reads one pace for every rung, whatever the order of its variants', async () => {
    const { Engine } = await import('../../../electron/engine/engine')
    const [flow, diffusion] = await Promise.all([Engine.load(defaultModelDir(), { threads: 2 }), Engine.load(resolve('resources/models/diffusion'), { threads: 2 })])
    try {
      const region = { start: 1.3, end: 1.3, text: 'very nearly', length: 'natural' as const }
      const lengths = async (variants: { solver: 'euler' | 'ddim'; steps: number }[]) => {
        const res = await flow.ladder(audio, region, variants, { seed: 1 }, {}, [diffusion])
        return Object.fromEntries(res.variants.map((v) => [v.family, v.generatedSeconds]))
      }
      const flowFirst = await lengths([{ solver: 'euler', steps: 1 }, { solver: 'ddim', steps: 1 }])
      const diffusionFirst = await lengths([{ solver: 'ddim', steps: 1 }, { solver: 'euler', steps: 1 }])
      expect(diffusionFirst).toEqual(flowFirst)
    } finally {
      await Promise.all([flow.release(), diffusion.release()])
    }
  })
})
