import { describe, expect, it } from 'vitest'
import { extendHighBand, highBandFftSize, highBandProfile, needsHighBand } from '../../../electron/engine/dsp/highband'
import { gaussianNoise } from '../../../electron/engine/rng'
import { bandPassed, bandPower as bandPowerOf } from './spectrum-helpers'

const RATE = 44100
const N = 1 << 16 // 1.49 s
const bands = { rate: RATE, modelTopHz: 8000 }

const bandPower = (x: Float32Array, fromHz: number, toHz: number) => bandPowerOf(x, RATE, fromHz, toHz)
/** x with every bin at or above cutHz removed. */
const lowpass = (x: Float32Array, cutHz: number) => bandPassed(x, RATE, 0, cutHz)

const white = (seed: number, scale = 0.1) => gaussianNoise(seed, N).map((v) => v * scale)

describe('high-band extension', () => {
  it('applies only above the model band and picks ~23 ms frames', () => {
    expect(needsHighBand({ rate: 16000, modelTopHz: 8000 })).toBe(false)
    expect(needsHighBand({ rate: 16800, modelTopHz: 8000 })).toBe(false) // 5 % more is not worth it
    expect(needsHighBand(bands)).toBe(true)
    expect(highBandProfile([white(1)], { rate: 16000, modelTopHz: 8000 })).toBeNull()
    expect(highBandFftSize(44100)).toBe(1024)
    expect(highBandFftSize(22050)).toBe(512)
    expect(highBandFftSize(96000)).toBe(2048)
  })

  it('measures a stationary floor on white noise and nothing on digital silence', () => {
    const p = highBandProfile([white(1)], bands)!
    expect(p.nFft).toBe(1024)
    expect(p.edgeBin * (RATE / p.nFft)).toBeGreaterThanOrEqual(7200)
    const floor = p.floorHi.reduce((a, b) => a + b, 0) / p.floorHi.length
    const expected = 0.1 ** 2 * ((3 * p.nFft) / 8) // E|X|² of white noise (σ 0.1) under a Hann window: σ²·Σw²
    expect(floor / expected).toBeGreaterThan(0.8)
    expect(floor / expected).toBeLessThan(1.25)
    expect(p.slope.every((v) => v === 0)).toBe(true) // nothing rises above the floor
    expect(highBandProfile([new Float32Array(N)], bands)).toBeNull()
  })

  it('carries a stationary floor over at its own level and leaves the low band alone', () => {
    const context = white(1)
    const gen = lowpass(white(2, 0.03), 7200)
    expect(bandPower(gen, 9000, 20000) / bandPower(gen, 4000, 7000)).toBeLessThan(1e-6)
    const out = extendHighBand(gen, highBandProfile([context], bands)!, 7)
    expect(out.length).toBe(gen.length)
    const ratio = bandPower(out, 9000, 20000) / bandPower(context, 9000, 20000)
    expect(ratio).toBeGreaterThan(0.8)
    expect(ratio).toBeLessThan(1.25)
    const added = out.map((v, i) => v - gen[i])
    expect(bandPower(added, 0, 6000) / bandPower(added, 9000, 20000)).toBeLessThan(1e-3) // window leakage only
  })

  it('makes the speech part of the high band follow the fill, over the room floor', () => {
    // Context: "speech" bursts (band-limited noise, 200 ms on / 200 ms off) whose high band is 20 dB
    // under their reference band, over a hiss floor 50 dB under the bursts.
    const on = (i: number) => (Math.floor(i / 8820) % 2 === 0 ? 1 : 0)
    const lowPart = lowpass(white(3), 7200).map((v, i) => v * on(i))
    const hiNoise = white(4, 0.01)
    const hiLow = lowpass(hiNoise, 7200)
    const hiPart = hiNoise.map((v, i) => (v - hiLow[i]) * on(i))
    const hissNoise = white(6, 0.1 * 10 ** (-50 / 20))
    const context = lowPart.map((v, i) => v + hiPart[i] + hissNoise[i])
    const profile = highBandProfile([context], bands)!
    // A fill as loud as the bursts: its high band ≈ 20 dB under its reference band.
    const gen = lowpass(white(5), 7200)
    const out = extendHighBand(gen, profile, 7)
    const db = 10 * Math.log10(bandPower(out, 9000, 20000) / bandPower(out, 4000, 7000))
    expect(db).toBeGreaterThan(-22)
    expect(db).toBeLessThan(-18)
    // A silent fill gets the room's floor, not silence.
    const quiet = extendHighBand(new Float32Array(N), profile, 7)
    const floorDb = 10 * Math.log10(bandPower(quiet, 9000, 20000) / bandPower(hissNoise, 9000, 20000))
    expect(Math.abs(floorDb)).toBeLessThan(1.5)
    // Deterministic per seed.
    expect(extendHighBand(gen, profile, 7)).toEqual(out)
    expect(extendHighBand(gen, profile, 8)).not.toEqual(out)
  })

  it('adds nothing when the recording around the fill has no high band', () => {
    const context = lowpass(white(3), 7200)
    const profile = highBandProfile([context], bands)!
    const gen = lowpass(white(5), 7200)
    const out = extendHighBand(gen, profile, 7)
    expect(bandPower(out, 9000, 20000) / bandPower(out, 4000, 7000)).toBeLessThan(1e-6)
  })
})
