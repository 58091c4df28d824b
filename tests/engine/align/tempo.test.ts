// The speaker's tempo without a transcript: the aligner's free phone loop around a region
// (align/tempo.ts phoneLoop, loopTempo; edit/prepare.ts contextTempo), on made-up posteriors and on a
// real recording (LibriVox, public domain) played faster and in a reverberant room.
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOOP_MIN_FRAMES, loopTempo, phoneLoop, tempoOf } from '../../../electron/engine/align/tempo'
import { readAudioFile } from '../../../electron/engine/audio/decode'
import { resample } from '../../../electron/engine/audio/resample'
import type { EngineCore } from '../../../electron/engine/core'
import { contextTempo } from '../../../electron/engine/edit/prepare'
import { corpusPhoneRate, estimateSpeakingRate, tempoFactor } from '../../../electron/engine/durations'
import { logMel } from '../../../electron/engine/dsp/features'
import { defaultModelDir } from '../../../electron/engine/engine'
import { loadModel, releaseModel } from '../../../electron/engine/model'
import type { PcmAudio } from '../../../electron/engine/types'

/** Log posteriors where phone column `path[t]` has probability `p` at frame t, the rest shared. */
function posteriorsOf(path: number[], nPhones: number, p = 0.9): Float32Array {
  const out = new Float32Array(path.length * nPhones)
  for (let t = 0; t < path.length; t++) for (let c = 0; c < nPhones; c++) out[t * nPhones + c] = Math.log(c === path[t] ? p : (1 - p) / (nPhones - 1))
  return out
}

describe('phoneLoop', () => {
  it('finds the phones held in the posteriors, ignoring one-frame flickers', () => {
    const path = [...Array(6).fill(1), ...Array(5).fill(2), 3, ...Array(4).fill(2), ...Array(8).fill(4)]
    const segments = phoneLoop(posteriorsOf(path, 6), path.length, 6)
    expect(segments.map(([id]) => id)).toEqual([1, 2, 4])
    expect(segments.map(([, a, b]) => b - a)).toEqual([6, 10, 8])
    for (const [, a, b] of segments) expect(b - a).toBeGreaterThanOrEqual(LOOP_MIN_FRAMES)
  })

  it('handles stretches shorter than a phone and empty ones', () => {
    expect(phoneLoop(posteriorsOf([2], 4), 1, 4)).toEqual([[2, 0, 1]])
    expect(phoneLoop(new Float32Array(0), 0, 4)).toEqual([])
  })
})

describe('loopTempo', () => {
  const symbols = ['<none>', 'sil', 'AA', 'T']
  const mean = { AA: 6, T: 4, sil: 10 }
  // AA 9 frames, T 6 frames, alternating (1.5× the means), with a pause in the middle.
  const unit = [...Array(9).fill(2), ...Array(6).fill(3)]
  const path = [...Array(10).fill(1), ...unit, ...unit, ...unit, ...Array(20).fill(1), ...unit, ...unit, ...unit, ...Array(10).fill(1)]

  it('reads phones lasting 1.5× their means as tempo 1.5, pauses left out', () => {
    expect(loopTempo(posteriorsOf(path, 4), path.length, 4, symbols, mean, -1, -1)).toBeCloseTo(1.5, 5)
    expect(tempoOf([{ phone: 'AA', frames: 9 }], mean)).toBeUndefined() // too few phones to say
  })

  it('leaves out the region and phones that touch it', () => {
    // The region covers the first three units, said twice as slowly: left out, the tempo is unchanged.
    const slow = [...Array(10).fill(1), ...Array(18).fill(2), ...Array(12).fill(3), ...path.slice(10 + unit.length)]
    const withRegion = loopTempo(posteriorsOf(slow, 4), slow.length, 4, symbols, mean, 10, 40)
    expect(withRegion).toBeCloseTo(1.5, 5)
    expect(loopTempo(posteriorsOf(slow, 4), slow.length, 4, symbols, mean, -1, -1)!).toBeGreaterThan(1.6)
  })
})

describe('contextTempo on a real recording', () => {
  let core: EngineCore
  let audio: PcmAudio
  beforeAll(async () => {
    const model = await loadModel(defaultModelDir(), { threads: 2 })
    core = { model, spec: model.manifest.features }
    audio = await readAudioFile(resolve('training/eval/librivox/ss01-0890.wav'))
  })
  afterAll(() => releaseModel(core.model))

  // A region of 0.4 s in the middle of the clip ("cold"), read with up to 2.5 s around it.
  const at = (a: PcmAudio) => [Math.round(1.3 * a.sampleRate), Math.round(1.7 * a.sampleRate)] as const

  it('reads speech played 1.25× faster as faster', async () => {
    const base = (await contextTempo(core, audio, ...at(audio)))!
    expect(base).toBeGreaterThan(0.6)
    expect(base).toBeLessThan(1.6)
    // Tape speed: resampled as if recorded at 1.25× the rate, then played back at 16 kHz.
    const x = audio.channels[0]
    const fast = { sampleRate: 16000, channels: [await resample(x, 20000, 16000, 'medium')] }
    const quick = (await contextTempo(core, fast, ...at(fast)))!
    expect(quick / base).toBeGreaterThan(0.7)
    expect(quick / base).toBeLessThan(0.92)
  })

  it('is not slowed by a reverberant room, where the syllable estimate was', async () => {
    const x = audio.channels[0]
    const rate = audio.sampleRate
    // A room: exponentially decaying noise, RT60 0.6 s, the direct sound at 0 dB.
    let seed = 7
    const uniform = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5
    const n = Math.round(0.6 * rate)
    const ir = Float32Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0.25 * uniform() * 10 ** ((-3 * i) / n)))
    const wet = new Float32Array(x.length)
    for (let i = 0; i < x.length; i++) {
      if (x[i] === 0) continue
      for (let k = 0; k < n && i + k < wet.length; k++) wet[i + k] += x[i] * ir[k]
    }
    const peak = wet.reduce((m, v) => Math.max(m, Math.abs(v)), 0)
    const room = { sampleRate: rate, channels: [wet.map((v) => (0.5 * v) / peak)] }
    const dry = (await contextTempo(core, audio, ...at(audio)))!
    const wetTempo = (await contextTempo(core, room, ...at(room)))!
    expect(Math.abs(Math.log(wetTempo / dry))).toBeLessThan(0.15)
    // What it replaces: the syllable rate over the same audio reads the room slower than the loop does.
    const spec = core.spec
    const clock = { sampleRate: spec.sampleRate, hop: spec.hop }
    const corpus = corpusPhoneRate(core.model.manifest.durations.mean, clock)
    const syllable = (a: PcmAudio) => tempoFactor(estimateSpeakingRate(logMel(a.channels[0], spec), spec.nMels, clock), corpus)
    expect(Math.abs(Math.log(syllable(room) / syllable(audio)))).toBeGreaterThan(Math.abs(Math.log(wetTempo / dry)))
  })

  it('gives up on a silent recording (the syllable estimate decides then)', async () => {
    const silent = { sampleRate: 16000, channels: [new Float32Array(16000 * 6)] }
    expect(await contextTempo(core, silent, 40000, 46000)).toBeUndefined()
  })
})
