// Steady tones carried through a fill: found on both sides of a region, notched out, run on in phase.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { decodeAudio } from '../../../electron/engine/audio/decode'
import { findSteadyTones, notchTones, toneRun } from '../../../electron/engine/dsp/tones'

const RATE = 16000
let speech: Float32Array

beforeAll(async () => {
  const bytes = readFileSync(join(__dirname, '../../fixtures/audio/speech-16k-s16.wav'))
  const one = (await decodeAudio(new Uint8Array(bytes))).channels[0]
  // 6 s of the 2 s fixture, so each side of a region in the middle has over a second of speech.
  speech = Float32Array.from({ length: 6 * RATE }, (_, i) => one[i % one.length])
})

const hum = (n: number, parts: [number, number, number][]) =>
  Float32Array.from({ length: n }, (_, i) => parts.reduce((s, [f, a, p]) => s + a * Math.cos((2 * Math.PI * f * i) / RATE + p), 0))

/** Amplitude and phase (at sample 0 of x's own time origin t0) of the sinusoid at f in x. */
function fit(x: Float32Array, f: number, t0: number): { amp: number; phase: number } {
  let [cc, ss, cs, xc, xs] = [0, 0, 0, 0, 0]
  for (let i = 0; i < x.length; i++) {
    const c = Math.cos((2 * Math.PI * f * (t0 + i)) / RATE)
    const s = Math.sin((2 * Math.PI * f * (t0 + i)) / RATE)
    cc += c * c
    ss += s * s
    cs += c * s
    xc += x[i] * c
    xs += x[i] * s
  }
  const det = cc * ss - cs * cs
  const A = (xc * ss - xs * cs) / det
  const B = (xs * cc - xc * cs) / det
  return { amp: Math.hypot(A, B), phase: Math.atan2(-B, A) }
}

/** The angle between two phases, 0 to π. */
function angle(a: number, b: number): number {
  const d = (((a - b) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI)
  return Math.min(d, 2 * Math.PI - d)
}

describe('findSteadyTones', () => {
  it('finds a mains hum and its harmonic under speech, with their level and phase, and nothing in the speech alone', () => {
    const [start, end] = [3 * RATE, 3.5 * RATE]
    const h = hum(speech.length, [[50, 0.02, 1.2], [100, 0.01, -0.5]])
    const x = speech.map((v, i) => v + h[i])
    const tones = findSteadyTones(x.subarray(start - RATE, start), x.subarray(end, end + RATE), RATE, end - start)
    expect(tones.map((t) => Math.round(t.freq))).toEqual([50, 100])
    for (const [t, [f, a, p]] of tones.map((t, i) => [t, [[50, 0.02, 1.2], [100, 0.01, -0.5]][i]] as const)) {
      expect(Math.abs(t.freq - f)).toBeLessThan(0.05)
      expect(t.amp / a).toBeGreaterThan(0.9)
      expect(t.amp / a).toBeLessThan(1.1)
      // Phase at the region's start: the hum's own phase there.
      expect(angle(t.phase, p + (2 * Math.PI * f * start) / RATE)).toBeLessThan(0.2)
    }
    expect(findSteadyTones(speech.subarray(start - RATE, start), speech.subarray(end, end + RATE), RATE, end - start)).toEqual([])
  })

  it('uses one side when the other is too short (a region at the file start)', () => {
    const x = hum(2 * RATE, [[60, 0.01, 0]]).map((v, i) => v + speech[i] * 0.5)
    const tones = findSteadyTones(new Float32Array(0), x, RATE, 4000)
    expect(tones).toHaveLength(1)
    expect(Math.abs(tones[0].freq - 60)).toBeLessThan(0.05)
  })
})

describe('notchTones and toneRun', () => {
  it('notches a tone out and leaves the rest', () => {
    const x = hum(RATE, [[50, 0.1, 0], [300, 0.1, 0]])
    const y = notchTones(x, [{ freq: 50, amp: 0.1, phase: 0 }], RATE)
    const mid = (v: Float32Array) => v.subarray(RATE / 4, (3 * RATE) / 4)
    expect(fit(mid(y), 50, RATE / 4).amp).toBeLessThan(0.01)
    expect(fit(mid(y), 300, RATE / 4).amp).toBeGreaterThan(0.095)
  })

  it('runs a tone from where the audio before leaves it to where the audio after takes it up', () => {
    const tone = { freq: 50, amp: 0.02, phase: 0.7 }
    const gap = 8000
    for (const inner of [8000, 9137, 3000]) {
      const run = toneRun([tone], inner, gap, RATE)
      const w = (2 * Math.PI * tone.freq) / RATE
      // The first sample continues the before side (phase at 0); the last leads into the after side at gap.
      expect(run[0]).toBeCloseTo(tone.amp * Math.cos(tone.phase), 4)
      expect(run[inner - 1]).toBeCloseTo(tone.amp * Math.cos(w * (gap - 1) + tone.phase), 3)
    }
  })
})
