import { describe, expect, it } from 'vitest'
import { CONTEXT_BAND_DB, MODEL_LEVEL_BAND_DB, activeLevel, atLevelUnderCeiling, contextMatch, limitCeiling, limitPeaks, modelInputGain, softLimit } from '../../electron/engine/edit/level'

const hop = 256
function tone(n: number, amp: number, freq = 220, rate = 16000): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => amp * Math.sin((2 * Math.PI * freq * i) / rate))
}

describe('fill level matching', () => {
  it('measures speech level over active blocks only (pauses do not dilute it)', () => {
    const withPause = new Float32Array(hop * 40)
    withPause.set(tone(hop * 20, 0.5))
    const lvl = activeLevel([withPause], hop)
    expect(lvl.rms).toBeCloseTo(0.5 / Math.SQRT2, 2)
    expect(lvl.peak).toBeCloseTo(0.5, 2)
  })

  it('pulls a fill that is far louder than its context back to +1.5 dB and under the context peak', () => {
    const ctx = [tone(hop * 50, 0.2), tone(hop * 50, 0.2)]
    const loud = tone(hop * 30, 0.9)
    const f = contextMatch(ctx, loud, hop)
    const after = activeLevel([loud.map((v) => v * f)], hop)
    expect(after.rms / activeLevel(ctx, hop).rms).toBeLessThanOrEqual(10 ** (CONTEXT_BAND_DB / 20) + 1e-6)
    expect(after.peak).toBeLessThanOrEqual(0.2 * 1.122 + 1e-6)
  })

  it('keeps natural variation within the band untouched', () => {
    const ctx = [tone(hop * 50, 0.3)]
    expect(contextMatch(ctx, tone(hop * 30, 0.27), hop)).toBe(1) // -0.9 dB
  })

  it('with a silent context brings the fill into the model\'s level band, under full scale', () => {
    const silent = [new Float32Array(hop * 50)]
    // A tone of peak a has RMS a/√2: 0.9 → −3.9 dB, pulled down to −12 dB; 0.01 → −43 dB, raised to −30 dB.
    expect(20 * Math.log10((0.9 / Math.SQRT2) * contextMatch(silent, tone(hop * 30, 0.9), hop))).toBeCloseTo(-12, 1)
    expect(20 * Math.log10((0.01 / Math.SQRT2) * contextMatch(silent, tone(hop * 30, 0.01), hop))).toBeCloseTo(-30, 1)
    expect(contextMatch(silent, tone(hop * 30, 0.1), hop)).toBe(1) // −23 dB: inside the band
    expect(3.9 * contextMatch(silent, tone(hop * 30, 3.9), hop)).toBeLessThanOrEqual(0.99 + 1e-9) // a model far over full scale
  })

  it('lets a float recording that goes over full scale keep its level: the ceiling is its own peak, not 0 dBFS', () => {
    const ctx = [tone(hop * 50, 2.5)] // float audio at +8 dBFS
    const f = contextMatch(ctx, tone(hop * 30, 0.25), hop)
    expect(0.25 * f).toBeCloseTo(2.5 / 10 ** (CONTEXT_BAND_DB / 20), 2) // pulled up to the band's edge, as under full scale
    const under = contextMatch([tone(hop * 50, 0.95)], tone(hop * 30, 0.9), hop)
    expect(0.9 * under).toBeLessThanOrEqual(0.99 + 1e-9) // under full scale the fill never goes over it
  })

  it('finds the ceiling of a clipped context and keeps the fill at its level, limited rather than turned down', () => {
    const clipped = tone(hop * 50, 3).map((v) => Math.max(-1, Math.min(1, v))) // +10 dB into full scale
    expect(limitCeiling([clipped])).toBe(1)
    // Speech-like (noisy) audio reaches its peak in a few samples only.
    let seed = 1
    const uniform = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 + 1e-9
    const noise = Float32Array.from({ length: hop * 50 }, () => 0.1 * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()))
    expect(limitCeiling([noise])).toBeNull()
    expect(limitCeiling([new Float32Array(hop * 50)])).toBeNull()
    // A natural fill (a noise-like crest factor) against the flattened context: scaling it under the peak lost its level.
    const fill = noise
    const capped = contextMatch([clipped], fill, hop)
    const kept = contextMatch([clipped], fill, hop, true)
    expect(20 * Math.log10(kept / capped)).toBeGreaterThan(3)
    const limited = softLimit(fill.map((v) => v * kept), 1)
    expect(Math.max(...limited.map(Math.abs))).toBeLessThanOrEqual(1)
    expect(20 * Math.log10(activeLevel([limited], hop).rms / activeLevel([clipped], hop).rms)).toBeGreaterThan(-4) // capped: −12 dB
    // Under the knee nothing changes; above it the curve is smooth and under the ceiling.
    expect(softLimit(Float32Array.of(0.5, -0.69), 1)).toEqual(Float32Array.of(0.5, -0.69))
    const curve = softLimit(Float32Array.from({ length: 100 }, (_, i) => i / 20), 1)
    for (let i = 1; i < curve.length; i++) expect(curve[i]).toBeGreaterThanOrEqual(curve[i - 1])
    expect(curve[99]).toBeLessThanOrEqual(1)
  })

  it('raises a fill that is far quieter than its context to -1.5 dB', () => {
    const ctx = [tone(hop * 50, 0.4)]
    const quiet = tone(hop * 30, 0.02)
    const f = contextMatch(ctx, quiet, hop)
    expect(0.02 * f).toBeCloseTo(0.4 / 10 ** (CONTEXT_BAND_DB / 20), 3)
  })
})

describe('model input level', () => {
  const db = (x: Float32Array) => 20 * Math.log10(activeLevel([x], hop).rms)
  it('leaves a window inside the band alone and moves one outside it to the nearest edge', () => {
    const [lo, hi] = MODEL_LEVEL_BAND_DB
    expect(modelInputGain(tone(hop * 40, 0.1), hop)).toBe(1) // -23 dB
    for (const amp of [0.002, 0.02]) {
      const x = tone(hop * 40, amp) // -57 dB, -37 dB
      expect(db(x.map((v) => v * modelInputGain(x, hop)))).toBeCloseTo(lo, 3)
    }
    const hot = tone(hop * 40, 0.9) // -4 dB
    expect(db(hot.map((v) => v * modelInputGain(hot, hop)))).toBeCloseTo(hi, 3)
  })

  it('does not boost silence, nor a floor more than 36 dB', () => {
    expect(modelInputGain(new Float32Array(hop * 40), hop)).toBe(1)
    expect(20 * Math.log10(modelInputGain(tone(hop * 40, 1e-4), hop))).toBeCloseTo(36, 6)
  })
})

describe('limitPeaks', () => {
  it('holds a burst under the ceiling with a smooth gain and leaves audio away from it alone', () => {
    const x = tone(4000, 0.3)
    for (let i = 2000; i < 2040; i++) x[i] *= 3 // a 2.5 ms burst to 0.9
    const y = limitPeaks(x, 0.4, 80)
    expect(Math.max(...y.map(Math.abs))).toBeLessThanOrEqual(0.4 + 1e-6)
    // Farther than twice the hold (held, then averaged) from the burst nothing changes.
    expect(y.subarray(0, 1840)).toEqual(x.subarray(0, 1840))
    expect(y.subarray(2200)).toEqual(x.subarray(2200))
    // The gain moves smoothly: no step of more than a few percent from one sample to the next.
    const gain = Array.from(y, (v, i) => (Math.abs(x[i]) > 0.05 ? v / x[i] : NaN)).filter((g) => !Number.isNaN(g))
    for (let i = 1; i < gain.length; i++) expect(Math.abs(gain[i] - gain[i - 1])).toBeLessThan(0.06)
    // Nothing over the ceiling: the input as it is.
    expect(limitPeaks(x, 1, 80)).toBe(x)
  })

  it('gives each sample the least gain wanted within the hold of it, as a plain scan of the window does', () => {
    let seed = 3
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1
    const x = new Float32Array(3000).map((_, i) => 0.5 * rand() * (i % 700 < 40 ? 2.5 : 1))
    const hold = 25
    const want = x.map((v) => (Math.abs(v) > 0.6 ? 0.6 / Math.abs(v) : 1))
    const held = want.map((_, i) => Math.min(...want.subarray(Math.max(0, i - hold), Math.min(x.length, i + hold + 1))))
    const expected = x.map((v, i) => {
      const a = Math.max(0, i - hold)
      const b = Math.min(x.length, i + hold + 1)
      let s = 0
      for (let k = a; k < b; k++) s += held[k]
      return v * Math.min(want[i], s / (b - a))
    })
    const y = limitPeaks(x, 0.6, hold)
    y.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6))
  })
})

describe('atLevelUnderCeiling', () => {
  it('makes up what the limiter takes: the result is at the level asked, within 0.1 dB, under the ceiling', () => {
    // Speech-like: a pulse train at 120 Hz (crest factor 8.4 dB) at two levels 9.5 dB apart, the louder 40 % of the time.
    const x = Float32Array.from({ length: 16000 }, (_, i) => 0.1 * Math.sin((2 * Math.PI * 120 * i) / 16000) ** 15 * (i % 4000 < 1600 ? 3 : 1))
    // −10.5 dBFS: scaled to it alone, the louder pulses would peak at 1.15, over the ceiling (2.1 dB taken off 40 % of it).
    const rms = 0.3
    for (const limit of [(y: Float32Array) => limitPeaks(y, 0.9, 80), (y: Float32Array) => softLimit(y, 0.9)]) {
      const y = atLevelUnderCeiling(x, rms, hop, limit)
      expect(Math.abs(20 * Math.log10(activeLevel([y], hop).rms / rms))).toBeLessThan(0.1)
      expect(activeLevel([y], hop).peak).toBeLessThanOrEqual(0.9 + 1e-6)
    }
    // Nothing to limit: plain scaling.
    const quiet = atLevelUnderCeiling(x, 0.01, hop, (y) => limitPeaks(y, 0.9, 80))
    expect(20 * Math.log10(activeLevel([quiet], hop).rms / 0.01)).toBeCloseTo(0, 3)
  })
})
