import { describe, expect, it } from 'vitest'
import { fillToFloor, roomToneProfile } from '../../../electron/engine/dsp/roomtone'
import { gaussianNoise } from '../../../electron/engine/rng'
import { bandPassed, bandPower } from './spectrum-helpers'

const RATE = 16000
const N = 1 << 15 // 2.05 s

/** Room noise: white noise through a gentle low-pass (a 1-pole smoother), like a real room's tilt. */
function room(seed: number, level: number): Float32Array {
  const w = gaussianNoise(seed, N)
  const y = new Float32Array(N)
  let s = 0
  for (let i = 0; i < N; i++) y[i] = s = 0.6 * s + 0.4 * w[i] * level
  return y
}

/** A voiced stretch: harmonics of 140 Hz in [from, to) samples. */
function vowel(from: number, to: number, amp = 0.2): Float32Array {
  const y = new Float32Array(N)
  for (let i = from; i < to; i++) for (let h = 1; h <= 20; h++) y[i] += (amp / h) * Math.sin((2 * Math.PI * 140 * h * i) / RATE)
  return y
}

const add = (a: Float32Array, b: Float32Array) => a.map((v, i) => v + b[i])
const db = (p: number) => 10 * Math.log10(p)

describe('room tone', () => {
  it('measures the floor from the quietest frames, not the speech', () => {
    const ctx = add(room(1, 0.01), vowel(4000, 20000))
    const p = roomToneProfile([ctx], RATE, 8000)!
    const quietOnly = roomToneProfile([room(1, 0.01).subarray(0, 4000), room(1, 0.01).subarray(20000)], RATE, 8000)!
    const sum = (f: Float64Array) => f.reduce((a, b) => a + b, 0)
    expect(Math.abs(db(sum(p.floor)) - db(sum(quietOnly.floor)))).toBeLessThan(2)
    expect(roomToneProfile([new Float32Array(N)], RATE, 8000)).toBeNull() // digital silence: nothing to carry
  })

  it('tops a silent gap up to the room floor in 2-7 kHz and leaves speech alone', () => {
    const context = add(room(1, 0.01), vowel(8000, 16000))
    const p = roomToneProfile([context], RATE, 8000)!
    const gen = vowel(8000, 16000) // a clean fill: speech, then digital silence around it
    const out = fillToFloor(gen, p, 7)
    const gap = (x: Float32Array) => x.subarray(20000, 30000)
    const roomGap = gap(room(2, 0.01))
    const got = db(bandPower(gap(out), RATE, 2000, 7000))
    const want = db(bandPower(roomGap, RATE, 2000, 7000))
    expect(Math.abs(got - want)).toBeLessThan(2)
    expect(db(bandPower(gap(gen), RATE, 2000, 7000))).toBeLessThan(want - 60) // it was a hole before
    // In the vowel the harmonics stay as they were: the low band's power changes by well under 1 dB.
    const speech = (x: Float32Array) => bandPassed(x.subarray(9000, 15000), RATE, 100, 1500)
    expect(Math.abs(db(bandPower(speech(out), RATE, 100, 1500)) - db(bandPower(speech(gen), RATE, 100, 1500)))).toBeLessThan(0.5)
  })

  it('adds nothing where the fill is already at or above the floor, and is seeded', () => {
    const context = room(1, 0.01)
    const p = roomToneProfile([context], RATE, 8000)!
    const loud = room(3, 0.05) // 14 dB above the floor everywhere
    const out = fillToFloor(loud, p, 1)
    expect(Math.abs(db(bandPower(out, RATE, 2000, 7000)) - db(bandPower(loud, RATE, 2000, 7000)))).toBeLessThan(0.6)
    const gen = vowel(0, 4000)
    expect(fillToFloor(gen, p, 5)).toEqual(fillToFloor(gen, p, 5))
    expect(fillToFloor(gen, p, 5)).not.toEqual(fillToFloor(gen, p, 6))
  })
})
