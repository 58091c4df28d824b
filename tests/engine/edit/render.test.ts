import { describe, expect, it } from 'vitest'
import { bandLimited } from '../../../electron/engine/edit/render'

const tone = (freq: number, n = 16000, rate = 16000) => Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * freq * i) / rate))
const rms = (x: Float32Array, from = 2000, to = x.length - 2000) => Math.sqrt(x.subarray(from, to).reduce((s, v) => s + v * v, 0) / (to - from))

describe('bandLimited', () => {
  it('keeps what an 8 kHz recording can hold and drops the rest, at the same length', async () => {
    const low = await bandLimited(tone(1000), 16000, 8000)
    const high = await bandLimited(tone(6000), 16000, 8000)
    expect(low.length).toBe(16000)
    expect(rms(low) / rms(tone(1000))).toBeGreaterThan(0.95)
    expect(rms(high) / rms(tone(6000))).toBeLessThan(0.05)
  })
})
