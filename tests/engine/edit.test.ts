// fill / insert / delete / regenerate / ladder / say through the real tiny ONNX model.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAudioFile } from '../../electron/engine/audio/decode'
import type { EngineCore } from '../../electron/engine/core'
import { resample } from '../../electron/engine/audio/resample'
import { logMel } from '../../electron/engine/dsp/features'
import { bandPassed, bandPower } from './dsp/spectrum-helpers'
import { gaussianNoise } from '../../electron/engine/rng'
import { assemble } from '../../electron/engine/edit/assemble'
import { activeLevel } from '../../electron/engine/edit/level'
import { generateMel } from '../../electron/engine/edit/generate'
import { crossfades, regionGeometry } from '../../electron/engine/edit/geometry'
import { planRegions } from '../../electron/engine/edit/plan'
import { prepareRegion } from '../../electron/engine/edit/prepare'
import { renderReplacement } from '../../electron/engine/edit/render'
import { Engine } from '../../electron/engine/engine'
import { promptSeconds } from '../../electron/engine/say'
import { loadModel, releaseModel, type LoadedModel } from '../../electron/engine/model'
import type { FillResult, PcmAudio, Progress, SpliceInfo } from '../../electron/engine/types'

const TINY = resolve('tests/fixtures/tiny-model')
const FAST = { steps: 2, solver: 'euler' as const, seed: 11 }

let engine: Engine
let mono: PcmAudio // 16 kHz mono speech, 2.1 s
let stereo: PcmAudio // 44.1 kHz stereo, right = left / 2

beforeAll(async () => {
  engine = await Engine.load(TINY, { threads: 1 })
  mono = await readAudioFile(resolve('tests/fixtures/audio/speech-16k-s16.wav'))
  stereo = await readAudioFile(resolve('tests/fixtures/audio/speech-44k-stereo.wav'))
})
afterAll(() => engine.release())

/** Index of the first differing sample (or length mismatch), -1 when bit-identical. */
function firstDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length)
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length)
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length)
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i
  return -1
}

/** Every channel of out equals input outside the region's crossfade margins, bit for bit. */
/** A fill's crossfades lie inside its new part, so nothing outside the region changes; a delete's takes the samples before its cut (none after it). */
function expectUntouchedOutside(input: PcmAudio, out: PcmAudio, s: SpliceInfo): void {
  const xf = s.outStart === s.outEnd && s.inEnd > s.inStart ? s.crossfadeSamples : 0
  input.channels.forEach((ch, c) => {
    const o = out.channels[c]
    expect(firstDifference(o.subarray(0, Math.max(0, s.inStart - xf)), ch.subarray(0, Math.max(0, s.inStart - xf)))).toBe(-1)
    expect(firstDifference(o.subarray(s.outEnd), ch.subarray(s.inEnd))).toBe(-1)
  })
}

function differs(a: Float32Array, b: Float32Array): boolean {
  return a.length !== b.length || a.some((v, i) => v !== b[i])
}

describe('fill', () => {
  it('replaces a region of 44.1 kHz stereo audio; every sample outside the region is bit-identical', async () => {
    const res = await engine.fill(stereo, [{ start: 0.8, end: 1.3, text: 'new words' }], FAST)
    expect(res.audio.sampleRate).toBe(44100)
    expect(res.audio.channels).toHaveLength(2)
    expect(res.audio.channels[0].length).toBe(stereo.channels[0].length)
    const s = res.regions[0].splice
    expect(s.inStart).toBe(Math.round(0.8 * 44100))
    expect(s.inEnd).toBe(Math.round(1.3 * 44100))
    expect(s.crossfadeSamples).toBeGreaterThanOrEqual(Math.round(0.01 * 44100))
    expect(s.crossfadeSamples).toBeLessThanOrEqual(Math.round(0.02 * 44100))
    expectUntouchedOutside(stereo, res.audio, s)
    for (const c of [0, 1]) {
      expect(differs(res.audio.channels[c].subarray(s.inStart, s.inEnd), stereo.channels[c].subarray(s.inStart, s.inEnd))).toBe(true)
      expect(res.audio.channels[c].every(Number.isFinite)).toBe(true)
    }
    // The right channel keeps its level relative to the left inside the generated part.
    const energy = (x: Float32Array) => x.reduce((a, v) => a + v * v, 0)
    const ratio = energy(res.audio.channels[1].subarray(s.inStart, s.inEnd)) / energy(res.audio.channels[0].subarray(s.inStart, s.inEnd))
    expect(ratio).toBeCloseTo(0.25, 2)
    // The result says how to reproduce it.
    expect(res.settings).toMatchObject({ steps: 2, solver: 'euler', seed: 11, guidance: 2, schedule: 'sway', sway: -1 })
    expect(res.settings.model).toContain('tiny')
    expect(res.networkCalls).toBe(2)
    expect(res.timings.totalMs).toBeGreaterThan(0)
    expect(res.timings.onnxMs).toBeGreaterThan(0)
    expect(res.regions[0].phones).toEqual(['N', 'UW', 'W', 'ER', 'D', 'Z'])
  })

  it('leaves a separate microphone\'s channel alone where its person is quiet (a two-mic interview)', async () => {
    const left = mono.channels[0]
    const other = left.slice().reverse().map((v) => v * 0.05) // another voice, far quieter in the region
    const twoMics: PcmAudio = { sampleRate: mono.sampleRate, channels: [left, other] }
    const res = await engine.fill(twoMics, [{ start: 0.8, end: 1.3, text: 'new words' }], FAST)
    const s = res.regions[0].splice
    expect(res.audio.channels[1]).toEqual(other) // untouched, in the region too
    expect(differs(res.audio.channels[0].subarray(s.inStart, s.inEnd), left.subarray(s.inStart, s.inEnd))).toBe(true)
    // A mix of one voice (the right channel the left's, quieter) is filled in both.
    const panned: PcmAudio = { sampleRate: mono.sampleRate, channels: [left, left.map((v) => v * 0.05)] }
    const both = await engine.fill(panned, [{ start: 0.8, end: 1.3, text: 'new words' }], FAST)
    expect(differs(both.audio.channels[1].subarray(s.inStart, s.inEnd), panned.channels[1].subarray(s.inStart, s.inEnd))).toBe(true)
  })

  it('carries a mains hum through a fill in phase (the model made it from noise: a third of its level, any phase)', async () => {
    const rate = mono.sampleRate
    const humAt = (i: number) => 0.02 * Math.cos((2 * Math.PI * 50 * i) / rate + 0.4) + 0.01 * Math.cos((2 * Math.PI * 100 * i) / rate - 1)
    const humming: PcmAudio = { sampleRate: rate, channels: [mono.channels[0].map((v, i) => v + humAt(i))] }
    for (const spec of [{ start: 0.8, end: 1.3, text: 'new words' }, { start: 0.8, end: 1.3, text: 'a much longer line of new words', length: 'natural' as const }]) {
      const res = await engine.fill(humming, [spec], FAST)
      const s = res.regions[0].splice
      const out = res.audio.channels[0]
      // Inside the fill (clear of its fades), the 50 Hz component is the hum as it runs on before the region.
      const from = s.outStart + Math.round(0.03 * rate)
      const to = s.outStart + Math.round(0.3 * rate)
      let [c, q] = [0, 0]
      for (let i = from; i < to; i++) {
        c += out[i] * Math.cos((2 * Math.PI * 50 * i) / rate + 0.4)
        q += out[i] * Math.sin((2 * Math.PI * 50 * i) / rate + 0.4)
      }
      const n = to - from
      const inPhase = (2 * c) / n // the hum's own phase: ≈ its amplitude 0.02
      const quadrature = (2 * q) / n
      expect(inPhase, `${spec.text}`).toBeGreaterThan(0.016)
      expect(inPhase).toBeLessThan(0.024)
      expect(Math.abs(quadrature)).toBeLessThan(0.006)
    }
  })

  it('gives a fill in a 44.1 kHz recording the high band of the audio around it', async () => {
    // The fixture is 16 kHz speech upsampled: give it a room floor above 9 kHz, as a real recording has.
    const n = stereo.channels[0].length
    const hiss = bandPassed(gaussianNoise(5, n).map((v) => v * 0.003), 44100, 9000, 22050)
    const roomy: PcmAudio = { ...stereo, channels: stereo.channels.map((ch) => ch.map((v, i) => v + hiss[i])) }
    const res = await engine.fill(roomy, [{ start: 0.8, end: 1.3, text: 'new words' }], FAST)
    const s = res.regions[0].splice
    const xf = s.crossfadeSamples
    const len = 8192
    const hi = (x: Float32Array, from: number) => bandPower(x.subarray(from, from + len), 44100, 10000, 20000)
    const inside = hi(res.audio.channels[0], s.inStart + xf)
    const before = hi(roomy.channels[0], Math.max(0, s.inStart - xf - len))
    const db = 10 * Math.log10(inside / before)
    expect(db).toBeGreaterThan(-10) // without the extension the fill is ~60 dB down up there
    expect(db).toBeLessThan(10)
    expectUntouchedOutside(roomy, res.audio, s)
  })

  it('speaks at a natural pace in a generous region and pads it with pauses', async () => {
    const res = await engine.fill(mono, [{ start: 0.2, end: 1.9, text: 'yes' }], FAST)
    const { phones } = res.regions[0]
    expect(phones.filter((p) => p !== 'sil')).toEqual(['Y', 'EH', 'S'])
    expect(phones[0] === 'sil' || phones[phones.length - 1] === 'sil').toBe(true)
    expect(res.audio.channels[0].length).toBe(mono.channels[0].length) // still the region's length
  })

  it('says when the words are squeezed into too short a region, and only then', async () => {
    const squeezed = await engine.fill(mono, [{ start: 0.7, end: 1.1, text: 'one two three four five six seven eight' }], FAST)
    expect(squeezed.regions[0].warnings).toHaveLength(1)
    expect(squeezed.regions[0].warnings![0]).toMatch(/^the words take about \d+\.\d s at the speaker's pace and get 0\.4 s: they will sound rushed/)
    const roomy = await engine.fill(mono, [{ start: 0.7, end: 1.1, text: 'one' }], FAST)
    expect(roomy.regions[0].warnings).toBeUndefined()
    const natural = await engine.fill(mono, [{ start: 0.7, end: 1.1, text: 'one two three four five six seven eight', length: 'natural' }], FAST)
    expect(natural.regions[0].warnings).toBeUndefined()
  })

  it('says which symbols in the text cannot be said (an emoji is left out, not silently)', async () => {
    const res = await engine.fill(mono, [{ start: 0.7, end: 1.1, text: 'one 🦊 two' }], FAST)
    expect(res.regions[0].phones.filter((p) => p !== 'sil')).toEqual(['W', 'AH', 'N', 'T', 'UW'])
    expect(res.regions[0].warnings).toEqual(['"🦊" cannot be said and is left out'])
  })

  it('fills stereo whose second channel is the first inverted (a wiring slip) as speech, keeping the polarity', async () => {
    const left = mono.channels[0]
    const inverted: PcmAudio = { sampleRate: mono.sampleRate, channels: [left, left.map((v) => -v)] }
    const res = await engine.fill(inverted, [{ start: 0.7, end: 1.1, text: 'one' }], FAST)
    expect(res.regions[0].warnings).toBeUndefined() // not taken for silence (the plain mix is all zeros)
    const { inStart, inEnd } = res.regions[0].splice
    const [l, r] = res.audio.channels.map((c) => c.subarray(inStart, inEnd))
    const rmsOf = (x: Float32Array) => Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length)
    expect(rmsOf(l)).toBeGreaterThan(0.01)
    for (let i = 0; i < l.length; i++) expect(r[i]).toBeCloseTo(-l[i], 5)
  })

  it('says when the audio around a region is silent (no voice to follow), and only then; spaces alone are not a delete', async () => {
    const zeros: PcmAudio = { sampleRate: 16000, channels: [new Float32Array(16000 * 3)] }
    const silent = await engine.fill(zeros, [{ start: 1, end: 1.5, text: 'hello there' }], FAST)
    expect(silent.regions[0].warnings).toEqual(['the audio around it is silent: there is no voice to follow, so the fill may come out faint or in another voice'])
    const speech = await engine.fill(mono, [{ start: 0.7, end: 1.1, text: 'one' }], FAST)
    expect(speech.regions[0].warnings).toBeUndefined()
    // A region over the whole recording is not a silent one: it has nothing around it.
    const whole = await engine.fill(mono, [{ start: 0, end: mono.channels[0].length / 16000, text: 'hello there' }], FAST)
    expect(whole.regions[0].warnings).toEqual(['it covers the whole recording, so there is no audio around it: there is no voice to follow, so the fill may come out faint or in another voice'])
    // -70 dBFS of the recording's own speech is still silence to a listener; -50 dBFS is a voice
    const scaled = (db: number): PcmAudio => ({ sampleRate: 16000, channels: [mono.channels[0].map((v) => v * 10 ** (db / 20) / 0.5)] })
    expect((await engine.fill(scaled(-70), [{ start: 0.7, end: 1.1, text: 'one' }], FAST)).regions[0].warnings).toHaveLength(1)
    expect((await engine.fill(scaled(-50), [{ start: 0.7, end: 1.1, text: 'one' }], FAST)).regions[0].warnings).toBeUndefined()
    await expect(engine.fill(mono, [{ start: 0.7, end: 1.1, text: '   ' }], FAST)).rejects.toThrow(/^region 1 \(0\.7–1\.1 s\): the text is only spaces \(an empty text deletes the region\)/)
    // A text with nothing to say is named by its region, before anything is generated
    const progress: number[] = []
    await expect(engine.fill(mono, [{ start: 0.2, end: 0.5, text: 'fine' }, { start: 0.7, end: 1.1, text: '🦊' }], FAST, { onProgress: (p) => progress.push(p.call) }))
      .rejects.toThrow(/^region 2 \(0\.7–1\.1 s\): text has no words to say/)
    expect(progress).toEqual([])
  })

  it('keeps a spaced pair\'s delay between its channels in the fill', async () => {
    const left = stereo.channels[0]
    const lag = 20 // samples at 44.1 kHz: about 0.45 ms, the right microphone further from the voice
    const right = new Float32Array(left.length)
    for (let i = lag; i < left.length; i++) right[i] = 0.8 * left[i - lag]
    const pair: PcmAudio = { sampleRate: stereo.sampleRate, channels: [left, right] }
    const res = await engine.fill(pair, [{ start: 0.7, end: 1.2, text: 'hello' }], FAST)
    const { inStart, outEnd } = res.regions[0].splice
    const [l, r] = res.audio.channels.map((c) => c.subarray(inStart + 200, outEnd - 200))
    const corr = (k: number) => l.reduce((a, v, i) => (i + k < r.length && i + k >= 0 ? a + v * r[i + k] : a), 0)
    let best = 0
    for (let k = -60; k <= 60; k++) if (corr(k) > corr(best)) best = k
    expect(best).toBe(lag) // the fill's right channel lags its left as the recording's does
    expectUntouchedOutside(pair, res.audio, res.regions[0].splice)
  })

  it('keeps a recording\'s DC offset under the fill and a deletion (no step, no rumble)', async () => {
    const dc = 0.3
    const offset: PcmAudio = { sampleRate: 16000, channels: [mono.channels[0].map((v) => v * 0.5 + dc)] }
    const meanOf = (x: Float32Array) => x.reduce((a, v) => a + v, 0) / x.length
    for (const text of ['one', '']) {
      const res = await engine.fill(offset, [{ start: 0.7, end: 1.1, text }], FAST)
      const s = res.regions[0].splice
      expectUntouchedOutside(offset, res.audio, s)
      const out = res.audio.channels[0]
      // 20 ms blocks from the crossfade before to the one after: each stays near the offset.
      for (let i = s.inStart - s.crossfadeSamples; i + 320 <= s.outEnd + s.crossfadeSamples; i += 320) {
        expect(Math.abs(meanOf(out.subarray(i, i + 320)) - dc), `${text || 'delete'} at ${i}`).toBeLessThan(0.05)
      }
    }
  })

  it('fills a clipped recording at its level, never past its own extremes, and leaves every other sample', async () => {
    // The recording 15 dB hotter, hard-clipped at 16-bit full scale (−1 … 32767/32768).
    const top = 32767 / 32768
    const hot: PcmAudio = { ...mono, channels: [mono.channels[0].map((v) => Math.max(-1, Math.min(top, v * 10 ** (15 / 20))))] }
    const region = { start: 0.5, end: 1.0, text: 'fill this gap' }
    const res = await engine.fill(hot, [region], { ...FAST, seed: 5 })
    const s = res.regions[0].splice
    const out = res.audio.channels[0]
    expect(Math.max(...out)).toBeLessThanOrEqual(top)
    expect(Math.min(...out)).toBeGreaterThanOrEqual(-1)
    for (let i = 0; i < out.length; i++) if (i < s.inStart || i >= s.outEnd) expect(out[i]).toBe(hot.channels[0][i])
    // At the level of the clipped speech around it (it was turned down 4–8 dB under the peak cap).
    const rmsOf = (x: Float32Array) => Math.sqrt(x.reduce((q, v) => q + v * v, 0) / x.length)
    const level = 20 * Math.log10(rmsOf(out.subarray(s.inStart, s.outEnd)) / rmsOf(hot.channels[0].subarray(s.inStart, s.inEnd)))
    expect(level).toBeGreaterThan(-4)
  })

  it('keeps a fill with no voice around it under full scale', async () => {
    const zeros: PcmAudio = { sampleRate: 16000, channels: [new Float32Array(16000 * 2)] }
    const res = await engine.fill(zeros, [{ start: 0, end: 2, text: 'hello there, how are you today' }], { ...FAST, seed: 3 })
    const peak = res.audio.channels[0].reduce((m, v) => Math.max(m, Math.abs(v)), 0)
    expect(peak).toBeGreaterThan(0.01)
    expect(peak).toBeLessThanOrEqual(0.99 + 1e-6) // float32 of 0.99
  })

  it('fills a quiet recording as it would at the model\'s level, at the recording\'s level', async () => {
    // -45 dB and -55 dB copies both reach the model at the band's lower edge: the same features, so
    // the same fill, each at its own recording's level.
    const copy = (g: number): PcmAudio => ({ ...mono, channels: [mono.channels[0].map((v) => v * g)] })
    const region = { start: 0.5, end: 1.0, text: 'fill this gap' }
    const [g1, g2] = [10 ** (-30 / 20), 10 ** (-40 / 20)]
    const a = await engine.fill(copy(g1), [region], FAST)
    const b = await engine.fill(copy(g2), [region], FAST)
    const s = a.regions[0].splice
    const ra = a.audio.channels[0].subarray(s.inStart, s.outEnd)
    const rb = b.audio.channels[0].subarray(s.inStart, s.outEnd)
    let err = 0
    let ref = 0
    for (let i = 0; i < ra.length; i++) {
      err += (ra[i] / g1 - rb[i] / g2) ** 2
      ref += (ra[i] / g1) ** 2
    }
    expect(Math.sqrt(err / ref)).toBeLessThan(1e-3)
    const rms = (x: Float32Array) => Math.sqrt(x.reduce((q, v) => q + v * v, 0) / x.length)
    const level = 20 * Math.log10(rms(rb) / rms(mono.channels[0].subarray(s.inStart, s.inEnd)) / g2)
    expect(Math.abs(level)).toBeLessThan(6) // at the quiet copy's own level, not the model's
  })

  it('is deterministic for a seed and changes with it (regenerate)', async () => {
    const region = { start: 0.5, end: 1.0, text: 'fill this gap', mode: 'regenerate' as const }
    const a = await engine.fill(mono, [region], FAST)
    const b = await engine.fill(mono, [region], FAST)
    const c = await engine.fill(mono, [region], { ...FAST, seed: 12 })
    expect(a.audio.channels[0]).toEqual(b.audio.channels[0])
    expect(differs(a.audio.channels[0], c.audio.channels[0])).toBe(true)
    expectUntouchedOutside(mono, c.audio, c.regions[0].splice)
  })

  it('inserts at a point with a natural length', async () => {
    const res = await engine.fill(mono, [{ start: 1.0, end: 1.0, text: 'very' }], FAST)
    const s = res.regions[0].splice
    expect(s.inStart).toBe(16000)
    expect(s.inEnd).toBe(16000)
    const inner = s.outEnd - s.outStart
    expect(inner).toBeGreaterThan(0.1 * 16000) // four phones at natural length
    expect(inner).toBeLessThan(0.8 * 16000)
    expect(res.audio.channels[0].length).toBe(mono.channels[0].length + inner)
    expect(res.regions[0].generatedSeconds).toBeCloseTo(inner / 16000, 6)
    expectUntouchedOutside(mono, res.audio, s)
  })

  it('generates regions left to right, each hearing the edits within its context', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'voicefill-context-'))
    try {
      const manifest = JSON.parse(await readFile(join(TINY, 'manifest.json'), 'utf8'))
      manifest.sampler.contextSeconds = 0.25
      await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest))
      await copyFile(join(TINY, 'velocity.onnx'), join(dir, 'velocity.onnx'))
      const narrow = await Engine.load(dir, { threads: 1 })
      const B = { start: 1.5, end: 1.8, text: 'later words' }
      const regionB = async (first: { start: number; end: number; text: string }) => {
        const res = await narrow.fill(mono, [first, B], FAST)
        const s = res.regions[1].splice
        return res.audio.channels[0].slice(s.outStart, s.outEnd)
      }
      // B hears 0.25 s of model context and, for its room tone, 1 s more (ROOM_TONE_EXTRA_SECONDS): from 0.25 s on.
      const far1 = await regionB({ start: 0.0, end: 0.1, text: 'one' })
      const far2 = await regionB({ start: 0.12, end: 0.22, text: 'two' })
      const near = await regionB({ start: 1.1, end: 1.35, text: 'three' })
      expect(firstDifference(far1, far2)).toBe(-1) // edits outside what B hears do not reach it
      expect(firstDifference(far1, near)).not.toBe(-1) // an edit inside its left context does
      await narrow.release()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('gives a fill before a delete the kept audio beyond the delete as its right context', async () => {
    // One call equals deleting first and filling after: the model had heard the audio being deleted.
    const F = { start: 0.5, end: 0.9, text: 'hello there', tempo: 1 }
    const D = { start: 1.1, end: 1.5, text: '' }
    const both = await engine.fill(mono, [F, D], FAST)
    const deleted = await engine.fill(mono, [D], FAST)
    const after = await engine.fill(deleted.audio, [F], FAST)
    const s = both.regions[0].splice
    expect(after.regions[0].splice).toEqual(s)
    expect(firstDifference(both.audio.channels[0].subarray(s.outStart, s.outEnd), after.audio.channels[0].subarray(s.outStart, s.outEnd))).toBe(-1)
    // Joined to the delete, what is deleted does not reach the fill (only its last 15 ms, the fill's fade into what follows).
    const J = { start: 0.9, end: 1.5, text: '' }
    const joined = await engine.fill(mono, [F, J], FAST)
    const other = mono.channels[0].slice()
    const noise = gaussianNoise(5, 24000 - 240 - 14400)
    for (let i = 0; i < noise.length; i++) other[14400 + i] = 0.3 * noise[i]
    const masked = await engine.fill({ sampleRate: 16000, channels: [other] }, [F, J], FAST)
    expect(firstDifference(joined.audio.channels[0], masked.audio.channels[0])).toBe(-1)
  })

  it('holds a fill\'s join into a delete to the audio after the cut, not to the deleted audio\'s last samples', async () => {
    // The deleted stretch ends on a loud burst (peaks 0.95); the audio kept after the cut peaks at 0.5.
    const F = { start: 0.5, end: 0.9, text: 'hello there', tempo: 1 }
    const J = { start: 0.9, end: 1.5, text: '' }
    const loud = mono.channels[0].slice()
    const burst = gaussianNoise(9, 960)
    for (let i = 0; i < 480; i++) loud[24000 - 480 + i] = Math.max(-0.95, Math.min(0.95, 0.8 * burst[i]))
    for (let i = 0; i < 480; i++) loud[24000 + i] = Math.max(-0.5, Math.min(0.5, 0.4 * burst[480 + i]))
    const res = await engine.fill({ sampleRate: 16000, channels: [loud] }, [F, J], FAST)
    const out = res.audio.channels[0]
    const tail = res.regions[0].splice.outEnd // the join: the fill's last 2 × 15 ms, fading into the cut's end
    const from = tail - 480
    const peak = (a: number, b: number) => out.subarray(a, b).reduce((m, v) => Math.max(m, Math.abs(v)), 0)
    const before = peak(from - 480, from)
    const after = peak(tail, tail + 480)
    expect(after).toBeGreaterThan(before * 1.2)
    // Up to the limiter's taper (its last 1/16), the join is no louder than what it joins (the burst had set the
    // limit), and as loud as what follows it may be (held to the fill's own level alone, it had been turned down).
    const join = peak(from, tail - 30)
    expect(join).toBeLessThanOrEqual(after * 1.001)
    expect(join).toBeGreaterThan(before * 1.1)
  })

  it('takes natural lengths from the model\'s duration graph when it has one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'voicefill-duration-'))
    try {
      const manifest = JSON.parse(await readFile(join(TINY, 'manifest.json'), 'utf8'))
      manifest.graphs.duration = 'duration.onnx'
      await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest))
      await copyFile(join(TINY, 'velocity.onnx'), join(dir, 'velocity.onnx'))
      await copyFile(resolve('tests/fixtures/graphs/duration-3-frames.onnx'), join(dir, 'duration.onnx'))
      const withGraph = await Engine.load(dir, { threads: 1 })
      expect(withGraph.info().hasDurationGraph).toBe(true)
      const res = await withGraph.fill(mono, [{ start: 1.0, end: 1.0, text: 'very' }], FAST)
      const s = res.regions[0].splice
      expect(res.regions[0].phones).toHaveLength(4)
      expect(s.outEnd - s.outStart).toBe(4 * 3 * 256) // 4 phones × 3 frames × hop
      await withGraph.release()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('deletes a region with a crossfade (empty text)', async () => {
    const res = await engine.fill(mono, [{ start: 0.6, end: 1.1, text: '' }])
    const s = res.regions[0].splice
    expect(res.networkCalls).toBe(0)
    expect(res.audio.channels[0].length).toBe(mono.channels[0].length - (s.inEnd - s.inStart))
    expect(s.outStart).toBe(s.outEnd)
    expectUntouchedOutside(mono, res.audio, s)
  })

  it('deletes from the very start without touching the audio after the cut', async () => {
    const res = await engine.fill(mono, [{ start: 0, end: 0.6, text: '' }])
    const s = res.regions[0].splice
    expect(s.inStart).toBe(0)
    // The output is the input from the cut on, sample for sample (a 15 ms fade-in had changed it).
    expect(firstDifference(res.audio.channels[0], mono.channels[0].subarray(s.inEnd))).toBe(-1)
    expectUntouchedOutside(mono, res.audio, s)
  })

  it('cuts deletes that share an end as one stretch', async () => {
    // Cut one by one, the second faded the audio after both in from silence: a dip at the join, and 15 ms
    // outside both regions changed.
    const two = await engine.fill(mono, [{ start: 0.6, end: 0.9, text: '' }, { start: 0.9, end: 1.1, text: '' }])
    const one = await engine.fill(mono, [{ start: 0.6, end: 1.1, text: '' }])
    expect(firstDifference(two.audio.channels[0], one.audio.channels[0])).toBe(-1)
    const [a, b] = two.regions.map((r) => r.splice)
    expect([a.outStart, a.outEnd, b.outStart, b.outEnd]).toEqual([a.inStart, a.inStart, a.inStart, a.inStart])
    // From the file's start, the output is the input after the last cut, sample for sample.
    const head = await engine.fill(mono, [{ start: 0, end: 0.3, text: '' }, { start: 0.3, end: 0.5, text: '' }])
    expect(firstDifference(head.audio.channels[0], mono.channels[0].subarray(8000))).toBe(-1)
  })

  it('fades a fill or an insert that ends the file out to zero (and one that starts it in)', async () => {
    // The file had ended on the fill's last sample (0.04 with the shipped model): a click as playback stops.
    const x = mono.channels[0]
    const end = x.length / 16000
    const xf = Math.round(0.015 * 16000)
    for (const region of [{ start: end - 0.4, end, text: 'fill this' }, { start: end, end, text: 'very' }]) {
      const res = await engine.fill(mono, [region], FAST)
      const y = res.audio.channels[0]
      const s = res.regions[0].splice
      expectUntouchedOutside(mono, res.audio, s)
      expect(s.outEnd).toBe(y.length)
      const peak = (from: number, to: number) => y.subarray(from, to).reduce((m, v) => Math.max(m, Math.abs(v)), 0)
      expect(Math.abs(y[y.length - 1]), JSON.stringify(region)).toBeLessThan(2e-3 * peak(s.outStart, s.outEnd))
      // Only the fill's own last 15 ms fade: the rest of it is as loud as before.
      expect(peak(y.length - 20, y.length)).toBeLessThan(0.2 * peak(s.outStart, s.outEnd - xf))
    }
    const head = await engine.fill(mono, [{ start: 0, end: 0.4, text: 'fill this' }], FAST)
    expect(Math.abs(head.audio.channels[0][0])).toBeLessThan(1e-4)
    expectUntouchedOutside(mono, head.audio, head.regions[0].splice)
  })

  it('begins an insert at the file\'s very start with a lead-in, not with its first word at sample 0', async () => {
    // A pause phone first, as a recording begins (the shipped model: 0.22–0.25 s of room at the recording's
    // room level, then the words); the first phone had begun at sample 0, faded in over 15 ms.
    const res = await engine.fill(mono, [{ start: 0, end: 0, text: 'very well' }], FAST)
    const r = res.regions[0]
    expect(r.phones[0]).toBe('sil')
    expect(r.phones.slice(1)).toEqual((await engine.fill(mono, [{ start: 1, end: 1, text: 'very well' }], FAST)).regions[0].phones)
    expect(Math.abs(res.audio.channels[0][0])).toBeLessThan(1e-4)
    const s = r.splice
    const x = mono.channels[0]
    expect(firstDifference(res.audio.channels[0].subarray(s.outEnd), x)).toBe(-1)
    // The lead-in is quieter than the words after it.
    const rmsOf = (from: number, to: number) => Math.sqrt(res.audio.channels[0].subarray(from, to).reduce((e, v) => e + v * v, 0) / (to - from))
    expect(rmsOf(0, 1600)).toBeLessThan(0.5 * rmsOf(1600, s.outEnd))
  })

  it('joins a fill and a delete that share an end without touching the audio around them', async () => {
    const x = mono.channels[0]
    // Fill then delete: the delete had faded the audio after it in from silence (15 ms outside both regions
    // changed) after a fill that stopped on a step. The fill now crossfades into the audio after the delete.
    const fd = await engine.fill(mono, [{ start: 0.5, end: 1.0, text: 'hello' }, { start: 1.0, end: 1.5, text: '' }], FAST)
    const [f, d] = fd.regions.map((r) => r.splice)
    const y = fd.audio.channels[0]
    expect(y.length).toBe(x.length - 8000)
    expect(firstDifference(y.subarray(0, f.inStart), x.subarray(0, f.inStart))).toBe(-1)
    expect(firstDifference(y.subarray(f.outEnd), x.subarray(d.inEnd))).toBe(-1)
    expect(d.outStart).toBe(f.outEnd)
    // The join runs on as the recording does: the crossfade's last sample is the one before the delete's end.
    expect(Math.abs(y[f.outEnd - 1] - x[d.inEnd - 1])).toBeLessThan(0.01)
    // Delete then fill: the fill had started on a step; it now fades from its region's own first samples,
    // which the delete's crossfade leads into.
    const df = await engine.fill(mono, [{ start: 0.5, end: 1.0, text: '' }, { start: 1.0, end: 1.5, text: 'hello' }], FAST)
    const [d2, f2] = df.regions.map((r) => r.splice)
    const z = df.audio.channels[0]
    expect(firstDifference(z.subarray(0, d2.inStart - d2.crossfadeSamples), x.subarray(0, d2.inStart - d2.crossfadeSamples))).toBe(-1)
    expect(firstDifference(z.subarray(f2.outEnd), x.subarray(f2.inEnd))).toBe(-1)
    expect(f2.outStart).toBe(d2.inStart)
    for (let i = 0; i < 3; i++) expect(Math.abs(z[f2.outStart + i] - x[f2.inStart + i])).toBeLessThan(0.01)
    // The delete's own output is what a delete alone gives.
    const alone = await engine.fill(mono, [{ start: 0.5, end: 1.0, text: '' }], FAST)
    expect(firstDifference(z.subarray(0, d2.inStart), alone.audio.channels[0].subarray(0, d2.inStart))).toBe(-1)
    // A fill with deletes after it up to the file's end ends the file: it fades out.
    const end = x.length / 16000
    const tail = await engine.fill(mono, [{ start: end - 0.8, end: end - 0.4, text: 'hello' }, { start: end - 0.4, end, text: '' }], FAST)
    const t = tail.audio.channels[0]
    expect(t.length).toBe(tail.regions[0].splice.outEnd)
    expect(Math.abs(t[t.length - 1])).toBeLessThan(1e-3)
  })

  it('deletes to the very end without a crossfade: the output is the audio before the cut', async () => {
    const ch = mono.channels[0]
    const dur = ch.length / mono.sampleRate
    for (const regions of [[{ start: dur - 0.5, end: dur, text: '' }], [{ start: dur - 0.8, end: dur - 0.4, text: '' }, { start: dur - 0.4, end: dur, text: '' }]]) {
      const res = await engine.fill(mono, regions)
      const inStart = res.regions[0].splice.inStart
      // A crossfade into the deleted region's last 15 ms had ended the file on them (a deleted beep's
      // last 15 ms, faded in) and changed the 15 ms before the cut.
      expect(res.audio.channels[0].length).toBe(inStart)
      expect(firstDifference(res.audio.channels[0], ch.subarray(0, inStart))).toBe(-1)
    }
  })

  it('handles several regions in one call, reported in the caller\'s order', async () => {
    const regions = [
      { start: 1.6, end: 1.6, text: 'now' },
      { start: 0.2, end: 0.4, text: '' },
      { start: 0.8, end: 1.2, text: 'other words', length: 'natural' as const },
    ]
    const progress: Progress[] = []
    const res: FillResult = await engine.fill(mono, regions, FAST, { onProgress: (p) => progress.push(p) })
    expect(res.regions.map((r) => r.region)).toEqual(regions)
    const [ins, del, nat] = res.regions.map((r) => r.splice)
    const n = mono.channels[0].length
    const growth = (s: SpliceInfo) => s.outEnd - s.outStart - (s.inEnd - s.inStart)
    expect(res.audio.channels[0].length).toBe(n + growth(ins) + growth(del) + growth(nat))
    // Output coordinates account for the earlier regions' length changes.
    expect(nat.outStart).toBe(nat.inStart + growth(del))
    expect(ins.outStart).toBe(ins.inStart + growth(del) + growth(nat))
    const out = res.audio.channels[0]
    const src = mono.channels[0]
    expect(out.subarray(0, del.inStart - del.crossfadeSamples)).toEqual(src.subarray(0, del.inStart - del.crossfadeSamples))
    expect(out.subarray(del.outEnd + del.crossfadeSamples, nat.outStart - nat.crossfadeSamples)).toEqual(
      src.subarray(del.inEnd + del.crossfadeSamples, nat.inStart - nat.crossfadeSamples),
    )
    expect(out.subarray(nat.outEnd + nat.crossfadeSamples, ins.outStart - ins.crossfadeSamples)).toEqual(
      src.subarray(nat.inEnd + nat.crossfadeSamples, ins.inStart - ins.crossfadeSamples),
    )
    expect(out.subarray(ins.outEnd + ins.crossfadeSamples)).toEqual(src.subarray(ins.inEnd + ins.crossfadeSamples))
    // One progress event per network call, numbered across regions.
    expect(progress.map((p) => p.call)).toEqual([1, 2, 3, 4])
    expect(progress.every((p) => p.totalCalls === 4 && p.regionCount === 3)).toBe(true)
    expect(new Set(progress.map((p) => p.regionIndex))).toEqual(new Set([0, 2]))
  })

  it('edits a ten-minute recording by reading only the window around the region', async () => {
    const long = new Float32Array(16000 * 600)
    for (let at = 0; at < long.length; at += mono.channels[0].length) long.set(mono.channels[0].subarray(0, long.length - at), at)
    const audio: PcmAudio = { sampleRate: 16000, channels: [long] }
    const res = await engine.fill(audio, [{ start: 300.5, end: 301.0, text: 'new words' }], FAST)
    expect(res.audio.channels[0].length).toBe(long.length)
    expectUntouchedOutside(audio, res.audio, res.regions[0].splice)
    expect(res.timings.featuresMs).toBeLessThan(2000) // 6.5 s of window, not 600 s of file
  })

  it('cancels between network calls', async () => {
    const controller = new AbortController()
    const run = engine.fill(mono, [{ start: 0.5, end: 1.0, text: 'stop here' }], { ...FAST, steps: 8 }, {
      signal: controller.signal,
      onProgress: (p) => p.call === 2 && controller.abort(),
    })
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' })
  })

  it('rejects bad input with one-line errors', async () => {
    const fail = (p: Promise<unknown>) => p.then(() => 'ok', (e) => `${e.code}: ${e.message}`)
    expect(await fail(engine.fill(mono, [{ start: 1.5, end: 2.5, text: 'x' }]))).toMatch(/^BAD_REGION: region 1 .*outside the audio/)
    expect(await fail(engine.fill(mono, [{ start: 1.0, end: 1.02, text: 'a whole long sentence here' }], FAST))).toMatch(/^BAD_REGION: .*too short for its text/)
    expect(await fail(engine.fill(mono, [{ start: 0.5, end: 1, text: 'x' }], { steps: 0 }))).toMatch(/^BAD_SETTINGS: steps/)
    expect(await fail(engine.fill(mono, [{ start: 0.5, end: 1, text: 'x' }], { sway: -3 }))).toMatch(/^BAD_SETTINGS: sway/)
    expect(await fail(engine.fill({ sampleRate: 16000, channels: [new Float32Array(0)] }, [{ start: 0, end: 0, text: 'x' }]))).toMatch(/^BAD_AUDIO/)
    // Over the resampler's limit: refused before any work, with the range that holds.
    expect(await fail(engine.fill({ sampleRate: 384000, channels: [new Float32Array(384000)] }, [{ start: 0.2, end: 0.5, text: 'hi' }], FAST))).toMatch(/^BAD_AUDIO.*1000–192000 Hz/)
    expect(await fail(engine.fill(mono, [{ start: 0.5, end: 1, text: '日本語' }], FAST))).toMatch(/^BAD_TEXT/)
  })
})

describe('generation internals', () => {
  let model: LoadedModel
  let core: EngineCore
  beforeAll(async () => {
    model = await loadModel(TINY, { threads: 1 })
    core = { model, spec: model.manifest.features }
  })
  afterAll(() => releaseModel(model))

  it('pastes the known frames back exactly and captures the trajectory', async () => {
    const [plan] = planRegions([{ start: 0.7, end: 1.2, text: 'gap' }], mono)
    const timings = { totalMs: 0, onnxMs: 0, vocoderMs: 0, featuresMs: 0 }
    const job = await prepareRegion(core, mono, regionGeometry(core, mono, plan), timings)
    const gen = await generateMel(core, job, { ...FAST, guidance: 2, schedule: 'sway', sway: -1, steps: 3 }, { captureTrajectory: true }, () => {}, timings)
    const M = 80
    for (let f = 0; f < job.frames; f++) {
      const row = gen.mel.subarray(f * M, (f + 1) * M)
      if (job.mask[f]) expect(row.some((v, i) => v !== job.cond[f * M + i])).toBe(true)
      else expect(row).toEqual(job.feats.subarray(f * M, (f + 1) * M))
    }
    const tr = gen.trajectory!
    expect(tr.times).toHaveLength(4)
    expect(tr.states).toHaveLength(4)
    expect(tr.estimates).toHaveLength(4)
    expect(tr.maskStart).toBe(job.genStart)
    expect(tr.maskEnd).toBe(job.genStart + job.genFrames)
    expect(tr.frames * tr.nMels).toBe(tr.states[0].length)
  })

  it('keeps the speaker\'s pause between the words nearest it', async () => {
    // "stone bridge. The river": the recording pauses 3.91–4.10 s; the typed text has no full stop.
    const awb = await readAudioFile(resolve('tests/fixtures/align/awb-path.wav'))
    const [plan] = planRegions([{ start: 3.15, end: 4.44, text: 'stone bridge the river' }], awb)
    const timings = { totalMs: 0, onnxMs: 0, vocoderMs: 0, featuresMs: 0 }
    const job = await prepareRegion(core, awb, regionGeometry(core, awb, plan), timings)
    expect(job.phones).toEqual(['S', 'T', 'OW', 'N', 'B', 'R', 'IH', 'JH', 'sil', 'DH', 'AH', 'R', 'IH', 'V', 'ER'])
    const sil = model.phoneIds.get('sil')!
    const frames = [...job.phoneFrames.keys()].filter((f) => job.mask[f] && Number(job.phoneFrames[f]) === sil)
    const toSeconds = (f: number) => (job.windowStart + f * 256) / 16000
    expect(frames.length).toBe(frames[frames.length - 1] - frames[0] + 1) // one run
    expect(Math.abs(toSeconds(frames[0]) - 3.91)).toBeLessThan(0.1) // the words around it keep natural proportions
    expect(Math.abs(toSeconds(frames[frames.length - 1] + 1) - 4.1)).toBeLessThan(0.1)
    // Typed with the full stop, the text's own pause lands in the same place.
    const [dotted] = planRegions([{ start: 3.15, end: 4.44, text: 'stone bridge. The river' }], awb)
    const withDot = await prepareRegion(core, awb, regionGeometry(core, awb, dotted), timings)
    expect(withDot.phones.filter((p) => p === 'sil').length).toBeGreaterThanOrEqual(1)
    expect(withDot.genFrames).toBe(job.genFrames)
  })

  it('puts no pause at a region end inside a word: a region from the file start takes its spare frames there', async () => {
    // The recording cut to start inside speech (0.58 s); the region [0, 0.5 s) ends inside loud speech
    // too. With no quiet edge either side, half the spare frames had gone to a pause before the rest of
    // the word (a 20-40 dB dip before the seam); the file's start is no word, so they go there.
    const from = Math.round(0.58 * 16000)
    const cropped: PcmAudio = { sampleRate: 16000, channels: [mono.channels[0].slice(from)] }
    const [plan] = planRegions([{ start: 0, end: 0.5, text: 'a' }], cropped)
    const timings = { totalMs: 0, onnxMs: 0, vocoderMs: 0, featuresMs: 0 }
    const job = await prepareRegion(core, cropped, regionGeometry(core, cropped, plan), timings)
    expect(job.phones[0]).toBe('sil')
    expect(job.phones[job.phones.length - 1]).not.toBe('sil')
    // Mid-file with speech across both ends the words take the spare: split as pauses, each end had a
    // 40 dB dip inside a word the recording goes on saying.
    const [mid] = planRegions([{ start: 0.45, end: 1.08, text: 'a' }], mono)
    const midJob = await prepareRegion(core, mono, regionGeometry(core, mono, mid), timings)
    expect(midJob.phones).toEqual(['AH'])
  })

  it('sizes the model window from the manifest\'s contextSeconds (3 s each side when it has none)', async () => {
    const long: PcmAudio = { sampleRate: 16000, channels: [new Float32Array(16000 * 10).map((_, i) => 0.1 * Math.sin(i / 9))] }
    const [plan] = planRegions([{ start: 4, end: 6, text: 'gap' }], long)
    const dflt = regionGeometry(core, long, plan)
    expect(dflt.genStart).toBe(188) // round(3 s · 16000 / 256)
    expect(dflt.windowStart).toBe(16000 * 4 - 188 * 256)
    expect(dflt.windowEnd).toBe(16000 * 9)
    const narrow: EngineCore = { ...core, model: { ...model, manifest: { ...model.manifest, sampler: { ...model.manifest.sampler, contextSeconds: 1.25 } } } }
    const g = regionGeometry(narrow, long, plan)
    expect(g.genStart).toBe(78) // round(1.25 s · 16000 / 256)
    expect(g.windowStart).toBe(16000 * 4 - 78 * 256)
    expect(g.windowEnd).toBe(16000 * 7.25)
    expect(g.inStart).toBe(16000 * 4) // the replaced samples do not depend on the window
    expect(g.inEnd).toBe(16000 * 6)
    expect(promptSeconds(narrow)).toBe(2.5)
    expect(promptSeconds(core)).toBe(8)
  })

  // Oracle: vocode the region's own features and splice them back. If the window, frame and
  // sample bookkeeping is right, the output's log-mel over the region lines up with the input's
  // (best at zero frame shift) and the level matches.
  it('lines the vocoded region up with the input to the frame, at the input level', async () => {
    for (const audio of [mono, stereo]) {
      const [plan] = planRegions([{ start: 0.7, end: 1.3, text: 'new words' }], audio)
      const timings = { totalMs: 0, onnxMs: 0, vocoderMs: 0, featuresMs: 0 }
      const job = await prepareRegion(core, audio, regionGeometry(core, audio, plan), timings)
      const [fades] = crossfades([job], audio.channels[0].length, Math.round(0.015 * audio.sampleRate))
      const rep = await renderReplacement(core, audio, job, job.feats, fades, timings)
      const out = assemble(audio, [rep])
      const mel = async (x: Float32Array) => logMel(await resample(x, audio.sampleRate, 16000), core.spec)
      const [a, b] = [await mel(audio.channels[0]), await mel(out.channels[0])]
      const l1 = (shift: number) => {
        let sum = 0
        for (let f = 47; f < 78; f++) for (let m = 0; m < 80; m++) sum += Math.abs(a[f * 80 + m] - b[(f + shift) * 80 + m])
        return sum / (31 * 80)
      }
      expect(l1(0)).toBeLessThan(0.3)
      expect(l1(0)).toBeLessThan(0.5 * Math.min(l1(-1), l1(1)))
      const rms = (x: Float32Array) => Math.sqrt(x.subarray(rep.splice.inStart, rep.splice.inEnd).reduce((q, v) => q + v * v, 0) / (rep.splice.inEnd - rep.splice.inStart))
      expect(Math.abs(20 * Math.log10(rms(out.channels[0]) / rms(audio.channels[0])))).toBeLessThan(1)
    }
  })

  // A fill whose first half is a hole (the model's pauses are far quieter than a room) still carries
  // the recording's background: in 2–7 kHz the quietest tenth of the region's frames sits within
  // 4 dB of the original's (the real-voices issue's measure), where the hole alone is ~40 dB down.
  it('carries the room tone of the recording through a quiet stretch of the fill', async () => {
    const room = bandPassed(gaussianNoise(3, mono.channels[0].length).map((v) => v * 0.004), 16000, 100, 8000)
    const roomy: PcmAudio = { ...mono, channels: [mono.channels[0].map((v, i) => v + room[i])] }
    const [plan] = planRegions([{ start: 0.7, end: 1.3, text: 'new words' }], roomy)
    const timings = { totalMs: 0, onnxMs: 0, vocoderMs: 0, featuresMs: 0 }
    const job = await prepareRegion(core, roomy, regionGeometry(core, roomy, plan), timings)
    const { std } = core.spec
    const mel = job.feats.slice()
    const half = job.genStart + (job.genFrames >> 1)
    for (let f = job.genStart; f < half; f++) for (let m = 0; m < 80; m++) mel[f * 80 + m] -= Math.log(100) / std[m] // 40 dB down
    const [fades] = crossfades([job], roomy.channels[0].length, Math.round(0.015 * roomy.sampleRate))
    const out = assemble(roomy, [await renderReplacement(core, roomy, job, mel, fades, timings, 9)])
    const quietest = (x: Float32Array) => {
      const levels: number[] = []
      for (let i = job.inStart; i + 512 <= job.inEnd; i += 128) levels.push(bandPower(x.subarray(i, i + 512), 16000, 2000, 7000))
      levels.sort((a, b) => a - b)
      const q = levels.slice(0, Math.max(1, Math.round(levels.length / 10)))
      return 10 * Math.log10(q.reduce((a, b) => a + b, 0) / q.length)
    }
    expect(Math.abs(quietest(out.channels[0]) - quietest(roomy.channels[0]))).toBeLessThan(4)
  })
})

describe('ladder', () => {
  it('runs every rung from the same noise and measures each against the most expensive one', async () => {
    const res = await engine.ladder(mono, { start: 0.6, end: 1.1, text: 'new words' }, [{ steps: 1 }, { steps: 4 }, { steps: 1 }], { solver: 'euler', seed: 5 })
    expect(res.warnings).toBeUndefined()
    // The warnings fill would give come with the ladder too (here: words squeezed into 0.35 s).
    const squeezed = await engine.ladder(mono, { start: 0.6, end: 0.95, text: 'many more new words' }, [{ steps: 1 }], { solver: 'euler', seed: 5 })
    expect(squeezed.warnings).toEqual([expect.stringMatching(/will sound rushed/)])
    expect(res.reference).toBe(1)
    expect(res.variants.map((v) => v.networkCalls)).toEqual([1, 4, 1])
    expect(res.variants[1].melL1).toBe(0)
    expect(res.variants[0].melL1).toBeGreaterThan(0)
    // Same seed and settings → the same samples.
    expect(res.variants[2].segment.channels[0]).toEqual(res.variants[0].segment.channels[0])
    expect(res.variants[2].melL1).toBe(res.variants[0].melL1)
    for (const v of res.variants) {
      expect(v.settings.seed).toBe(5)
      const s = v.splice
      expect(v.segment.channels[0].length).toBe(s.outEnd - s.outStart + 2 * s.crossfadeSamples)
      expect(v.rtf).toBeCloseTo(v.wallMs / 1000 / v.generatedSeconds, 6)
    }
    expect(res.networkCalls).toBe(6)
  })

  it('with keepPartial a cancel keeps the rungs already made (measured among themselves); without it, it fails', async () => {
    const region = { start: 0.6, end: 1.1, text: 'new words' }
    const rungs = [{ steps: 1 }, { steps: 2 }, { steps: 4 }]
    const stopAfter = (calls: number) => {
      const ctl = new AbortController()
      return { signal: ctl.signal, onProgress: (p: Progress) => p.call >= calls && ctl.abort() }
    }
    const kept = await engine.ladder(mono, region, rungs, { solver: 'euler', seed: 5 }, { ...stopAfter(2), keepPartial: true })
    expect(kept.cancelled).toBe(true)
    expect(kept.variants.map((v) => v.settings.steps)).toEqual([1]) // the 2-step rung was stopped after its first call
    expect(kept.reference).toBe(0)
    expect(kept.variants[0].melL1).toBe(0)
    await expect(engine.ladder(mono, region, rungs, { solver: 'euler', seed: 5 }, stopAfter(2))).rejects.toMatchObject({ code: 'CANCELLED' })
    const whole = await engine.ladder(mono, region, rungs, { solver: 'euler', seed: 5 }, { keepPartial: true })
    expect(whole.cancelled).toBeUndefined()
    expect(whole.variants[0].segment.channels[0]).toEqual(kept.variants[0].segment.channels[0])
  })
})

describe('say', () => {
  it('speaks sentences in the built-in voice, joined with pauses', async () => {
    const progress: Progress[] = []
    const res = await engine.say('Hello there. How are you today?', FAST, { onProgress: (p) => progress.push(p) })
    expect(res.audio.sampleRate).toBe(16000)
    expect(res.audio.channels).toHaveLength(1)
    expect(res.sentences.map((s) => s.text)).toEqual(['Hello there.', 'How are you today?'])
    const [a, b] = res.sentences
    expect(a.start).toBe(0)
    expect(b.start - a.end).toBeCloseTo(0.35, 3)
    expect(b.end).toBeCloseTo(res.audio.channels[0].length / 16000, 6)
    expect(a.end - a.start).toBeGreaterThan(0.2)
    expect(res.networkCalls).toBe(4)
    expect(progress).toHaveLength(4)
    const again = await engine.say('Hello there. How are you today?', FAST)
    expect(again.audio.channels[0]).toEqual(res.audio.channels[0])
  })

  it('follows a voice file from where its speech starts, past seconds of silence at its start', async () => {
    // The shipped model hears 3 s of prompt: a file opening on 5 s of silence gave it none of the voice.
    const pad = (seconds: number): PcmAudio => ({
      sampleRate: stereo.sampleRate,
      channels: stereo.channels.map((c) => {
        const x = new Float32Array(Math.round(seconds * stereo.sampleRate) + c.length)
        x.set(c, x.length - c.length)
        return x
      }),
    })
    const late = await engine.say('Hello there.', { ...FAST, voice: pad(5) })
    const soon = await engine.say('Hello there.', { ...FAST, voice: pad(1) })
    expect(late.audio.channels[0]).toEqual(soon.audio.channels[0])
  })

  it("carries the voice prompt's room noise under its pauses with roomTone (by default they are digital silence)", async () => {
    // The fixture's speech with a steady hiss 30 dB under full scale: a voice recorded in a noisy room.
    const hiss = gaussianNoise(3, stereo.channels[0].length)
    const noisy: PcmAudio = { sampleRate: stereo.sampleRate, channels: stereo.channels.map((c) => c.map((v, i) => v + 0.03 * hiss[i])) }
    const opts = { ...FAST, voice: noisy, pauseSeconds: 0.5, roomTone: true }
    const res = await engine.say('Hello there. How are you?', opts)
    const [a, b] = res.sentences
    const y = res.audio.channels[0]
    const pause = y.subarray(Math.ceil(a.end * 16000) + 400, Math.floor(b.start * 16000) - 400)
    // Level of the hiss in 2-7 kHz as the prompt has it (mono mix of the two channels: the same hiss in both).
    const level = (x: Float32Array) => 10 * Math.log10(bandPassed(x, 16000, 2000, 7000).reduce((a, v) => a + v * v, 0) / x.length)
    const promptRoom = level(await resample(hiss.map((v) => 0.03 * v), stereo.sampleRate, 16000))
    expect(Math.abs(level(pause) - promptRoom)).toBeLessThan(3)
    const again = await engine.say('Hello there. How are you?', opts)
    expect(again.audio.channels[0]).toEqual(y) // seeded: the same take every time
    const silent = await engine.say('Hello there. How are you?', { ...opts, roomTone: false })
    const [c, d] = silent.sentences
    expect(silent.audio.channels[0].subarray(Math.ceil(c.end * 16000), Math.floor(d.start * 16000)).every((v) => v === 0)).toBe(true)
    expect(res.room).not.toBeNull() // the script's pauses between lines carry it (voiceover.ts)
    expect(silent.room).toBeNull()
  })

  it("speaks at the voice's level (within 0.5 dB) under its peak, a compressed or clipped voice too", async () => {
    // Held under the voice's peak by one gain, sentences came out 2.7-3.8 dB under this voice and 10-12 dB
    // under a compressed one (crest factor 6 dB, an audiobook master); then, made up by a limiter only to
    // 1.5 dB under the voice, 1.5-3.3 dB under a compressed or clipped one (session 20).
    const x = mono.channels[0]
    const top = x.reduce((m, v) => Math.max(m, Math.abs(v)), 0)
    const squashed: PcmAudio = { sampleRate: 16000, channels: [x.map((v) => 0.3 * Math.tanh(v * 8))] }
    // Normalised to full scale, 12 dB of gain, clipped: a hot microphone.
    const clipped: PcmAudio = { sampleRate: 16000, channels: [x.map((v) => Math.max(-1, Math.min(1, (4 * v) / top)))] }
    for (const voice of [mono, squashed, clipped]) {
      const target = activeLevel([voice.channels[0]], 256)
      for (const seed of [1, 2]) {
        const res = await engine.say('Hello there, how are you today?', { ...FAST, seed, voice })
        const got = activeLevel([res.audio.channels[0]], 256)
        expect(Math.abs(20 * Math.log10(got.rms / target.rms)), `seed ${seed}, peak ${target.peak}`).toBeLessThan(0.5)
        expect(got.peak).toBeLessThanOrEqual(Math.max(Math.min(0.99, target.peak * 1.122), target.peak) + 1e-6)
      }
    }
  })

  it("keeps its room tone under the voice's peak too (a hot voice's room went over full scale)", async () => {
    // A hot master: the fixture's speech at a 0.99 peak with a hiss 20 dB under it.
    const x = mono.channels[0]
    const top = x.reduce((m, v) => Math.max(m, Math.abs(v)), 0)
    const hiss = gaussianNoise(5, x.length)
    const hot: PcmAudio = { sampleRate: 16000, channels: [x.map((v, i) => Math.max(-0.99, Math.min(0.99, (0.95 * v) / top + 0.1 * hiss[i])))] }
    for (const seed of [1, 2, 3]) {
      const res = await engine.say('Hello there, how are you today?', { ...FAST, seed, voice: hot, roomTone: true })
      expect(res.audio.channels[0].reduce((m, v) => Math.max(m, Math.abs(v)), 0), `seed ${seed}`).toBeLessThanOrEqual(0.99 + 1e-6)
    }
  })

  it('uses a given voice prompt and rejects empty text', async () => {
    const res = await engine.say('Short.', { ...FAST, voice: stereo, pauseSeconds: 0 })
    expect(res.sentences).toHaveLength(1)
    await expect(engine.say('   ', FAST)).rejects.toMatchObject({ code: 'BAD_TEXT' })
  })
})
