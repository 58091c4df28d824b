import { describe, expect, it } from 'vitest'
import { assemble } from '../../electron/engine/edit/assemble'
import { crossfades } from '../../electron/engine/edit/geometry'
import { levelGain } from '../../electron/engine/edit/level'
import { planRegions } from '../../electron/engine/edit/plan'
import { frameToSeconds, pasteKnownFrames, secondsToFrame, spanMask } from '../../electron/engine/frames'
import { cutChannel, equalPowerFade, innerFades, limitJoin, rms, spliceChannel } from '../../electron/engine/splice'
import type { PcmAudio } from '../../electron/engine/types'

const noise = (n: number, seed = 1) => {
  let s = seed
  return Float32Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1)
}

describe('frames', () => {
  const clock = { sampleRate: 16000, hop: 256 }
  it('converts seconds to the nearest frame in one place', () => {
    expect(secondsToFrame(1, clock)).toBe(63) // 62.5 rounds half up
    expect(secondsToFrame(0.016, clock)).toBe(1)
    expect(secondsToFrame(frameToSeconds(37, clock), clock)).toBe(37)
  })
  it('masks a span and pastes known frames back exactly', () => {
    const mask = spanMask(5, 1, 3)
    expect(Array.from(mask)).toEqual([0, 1, 1, 0, 0])
    const known = Float32Array.from({ length: 10 }, (_, i) => i + 0.123456789)
    const out = new Float32Array(10).fill(-7)
    pasteKnownFrames(out, known, mask, 2)
    expect(Array.from(out)).toEqual([known[0], known[1], -7, -7, -7, -7, known[6], known[7], known[8], known[9]])
  })
})

describe('splice', () => {
  it('equal-power fades keep fadeOut² + fadeIn² = 1', () => {
    const { fadeOut, fadeIn } = equalPowerFade(240)
    for (let i = 0; i < 240; i++) expect(fadeOut[i] ** 2 + fadeIn[i] ** 2).toBeCloseTo(1, 6)
    expect(fadeOut[0]).toBeGreaterThan(0.99)
    expect(fadeIn[239]).toBeGreaterThan(0.99)
  })

  it('replaces [inStart, inEnd) and leaves every sample outside it bit-identical: the crossfades lie inside', () => {
    const input = noise(10000)
    const [xfL, xfR] = [100, 60]
    const inner = 3000 // longer than the 2000 samples it replaces
    const gen = noise(xfL + inner + xfR, 9)
    const out = spliceChannel(input, 4000, 6000, gen, inner, xfL, xfR, 0.5)
    expect(out.length).toBe(10000 - 2000 + inner)
    expect(out.subarray(0, 4000)).toEqual(input.subarray(0, 4000))
    expect(out.subarray(4000 + inner)).toEqual(input.subarray(6000))
    expect(out[4000 + xfL + 10]).toBe(gen[xfL + xfL + 10] * 0.5)
    // Inside the crossfades both signals contribute: the replaced audio fading out at the start, the
    // audio before inEnd (which runs on into inEnd) fading in at the end.
    const l = equalPowerFade(xfL)
    expect(out[4000 + 5]).toBeCloseTo(input[4000 + 5] * l.fadeOut[5] + gen[xfL + 5] * 0.5 * l.fadeIn[5], 6)
    const { fadeOut, fadeIn } = equalPowerFade(xfR)
    expect(out[4000 + inner - xfR + 5]).toBeCloseTo(gen[xfL + inner - xfR + 5] * 0.5 * fadeOut[5] + input[6000 - xfR + 5] * fadeIn[5], 6)
  })

  it('inserts with the fades inside the new part; fades shrink to fit a short one; a file edge gets a fade of the fill', () => {
    const input = noise(1000)
    const gen = noise(50 + 300 + 50, 4).map((v) => v * 0.2) // quieter than its sides: no join limiting
    const ins = spliceChannel(input, 400, 400, gen, 300, 50, 50, 1)
    expect(ins.length).toBe(1300)
    expect(ins.subarray(0, 400)).toEqual(input.subarray(0, 400))
    expect(ins.subarray(700)).toEqual(input.subarray(400))
    const { fadeOut, fadeIn } = equalPowerFade(50)
    expect(ins[400 + 3]).toBeCloseTo(input[400 + 3] * fadeOut[3] + gen[50 + 3] * fadeIn[3], 6)
    expect(ins[700 - 50 + 3]).toBeCloseTo(gen[300 + 3] * fadeOut[3] + input[350 + 3] * fadeIn[3], 6)
    // 40 new samples: 20 + 20 of fade.
    expect(innerFades(50, 50, 40, 600, 400)).toEqual({ left: 20, right: 20 })
    expect(innerFades(50, 30, 40, 600, 400)).toEqual({ left: 25, right: 15 })
    expect(innerFades(50, 50, 300, 0, 400)).toEqual({ left: 0, right: 50 })
    // An insert at the file's end: nothing after it to fade from, so the fill fades in.
    const atEnd = spliceChannel(input, 1000, 1000, noise(50 + 300, 5), 300, 50, 0, 1)
    expect(atEnd.subarray(0, 1000)).toEqual(input)
    expect(Math.abs(atEnd[1000])).toBeLessThan(0.05)
  })

  it('fades a fill that ends (starts) the file out to (in from) zero, offset and all; crossfades into given samples', () => {
    const dc = 0.3
    const input = noise(1000).map((v) => v * 0.1 + dc)
    const gen = noise(50 + 300, 4).map((v) => v * 0.1)
    // Nothing after the region: it had ended on the fill's last sample.
    expect(Math.abs(spliceChannel(input, 700, 1000, gen, 300, 50, 0, 1, dc)[999])).toBeGreaterThan(0.1)
    const end = spliceChannel(input, 700, 1000, gen, 300, 50, 0, 1, dc, { fileEnd: 50 })
    expect(end.subarray(0, 700)).toEqual(input.subarray(0, 700))
    expect(Math.abs(end[999])).toBeLessThan(0.01)
    expect(end[900]).toBe(spliceChannel(input, 700, 1000, gen, 300, 50, 0, 1, dc)[900]) // only its last 50 samples
    const start = spliceChannel(input, 0, 300, noise(300 + 50, 5), 300, 0, 50, 1, 0, { fileStart: 50 })
    expect(Math.abs(start[0])).toBeLessThan(0.01)
    expect(start.subarray(300)).toEqual(input.subarray(300))
    // `into`: the right crossfade fades into these samples (deleted audio that leads into what follows).
    const into = input.subarray(750, 800)
    const joined = spliceChannel(input.subarray(0, 500), 300, 500, noise(50 + 200 + 50, 6), 200, 50, 50, 1, 0, { into })
    expect(joined.length).toBe(500)
    const { fadeOut, fadeIn } = equalPowerFade(50)
    expect(joined[499]).toBeCloseTo(noise(300, 6)[249] * fadeOut[49] + input[799] * fadeIn[49], 6)
    expect(crossfades([{ inStart: 0, inEnd: 1000 }], 1000, 100)).toEqual([{ left: 0, right: 0, fileStart: 100, fileEnd: 100 }])
  })

  it('cuts with a crossfade into the audio after the cut, or fades in at the file start', () => {
    const input = noise(1000)
    const out = cutChannel(input, 300, 500, 50, 50)
    expect(out.length).toBe(800)
    expect(out.subarray(0, 250)).toEqual(input.subarray(0, 250))
    expect(out.subarray(300)).toEqual(input.subarray(500))
    const { fadeOut, fadeIn } = equalPowerFade(50)
    expect(out[260]).toBeCloseTo(input[260] * fadeOut[10] + input[460] * fadeIn[10], 6)
    const head = cutChannel(input, 0, 200, 0, 50)
    expect(head.length).toBe(800)
    expect(head[10]).toBeCloseTo(input[210] * fadeIn[10], 6)
    expect(head.subarray(50)).toEqual(input.subarray(250))
  })

  it('carries a DC offset under a splice and a cut without a bulge at the joins', () => {
    const dc = 0.4
    const input = noise(1000).map((v) => v * 0.1 + dc)
    const gen = noise(300).map((v) => v * 0.1) // the model's fill has no offset
    const spliced = spliceChannel(input, 300, 500, gen, 200, 50, 50, 1, dc)
    const cut = cutChannel(input, 300, 500, 50, 50, dc)
    for (const out of [spliced, cut]) {
      for (let i = 200; i < 600; i += 25) {
        const mean = out.subarray(i, i + 25).reduce((a, v) => a + v, 0) / 25
        expect(Math.abs(mean - dc), `mean at ${i}`).toBeLessThan(0.06)
      }
    }
    // Outside the crossfades nothing changes, and dc = 0 is the plain splice.
    expect(spliced.subarray(0, 250)).toEqual(input.subarray(0, 250))
    expect(spliceChannel(input, 300, 500, gen, 200, 50, 50, 1, 0)).toEqual(spliceChannel(input, 300, 500, gen, 200, 50, 50, 1))
  })

  it('fits crossfades inside the file and between neighbouring regions, per side', () => {
    expect(crossfades([{ inStart: 30, inEnd: 500 }], 1000, 100)).toEqual([{ left: 30, right: 100 }])
    expect(crossfades([{ inStart: 300, inEnd: 960 }], 1000, 100)).toEqual([{ left: 100, right: 40 }])
    expect(crossfades([{ inStart: 200, inEnd: 300 }, { inStart: 340, inEnd: 400 }], 1000, 100)).toEqual([
      { left: 100, right: 20 },
      { left: 20, right: 100 },
    ])
    expect(crossfades([{ inStart: 200, inEnd: 300 }, { inStart: 300, inEnd: 400 }], 1000, 100)).toEqual([
      { left: 100, right: 0 },
      { left: 0, right: 100 },
    ])
  })

  it('assembles several replacements in one pass', () => {
    const a: PcmAudio = { sampleRate: 8000, channels: [noise(100), noise(100, 3)] }
    const seg = (n: number, v: number) => [new Float32Array(n).fill(v), new Float32Array(n).fill(-v)]
    const out = assemble(a, [
      { spanStart: 10, spanEnd: 20, segment: seg(5, 1), splice: { inStart: 12, inEnd: 18, outStart: 12, outEnd: 13, crossfadeSamples: 2 } },
      { spanStart: 50, spanEnd: 60, segment: seg(30, 2), splice: { inStart: 52, inEnd: 58, outStart: 52, outEnd: 78, crossfadeSamples: 2 } },
    ])
    expect(out.channels[0].length).toBe(100 - 10 + 5 - 10 + 30)
    expect(out.channels[1].subarray(0, 10)).toEqual(a.channels[1].subarray(0, 10))
    expect(out.channels[0].subarray(15, 45)).toEqual(a.channels[0].subarray(20, 50))
    expect(out.channels[1][46]).toBe(-2)
    expect(out.channels[0].subarray(75)).toEqual(a.channels[0].subarray(60))
  })

  it('matches levels only where both sides have signal', () => {
    const orig = noise(1000)
    const voc = orig.map((v) => v * 0.8)
    expect(levelGain([{ orig, origFrom: 0, voc, vocFrom: 0, length: 1000 }])).toBeCloseTo(1.25, 5)
    expect(levelGain([{ orig: new Float32Array(1000), origFrom: 0, voc, vocFrom: 0, length: 1000 }])).toBe(1)
    expect(levelGain([{ orig, origFrom: 0, voc: orig.map((v) => v * 0.1), vocFrom: 0, length: 1000 }])).toBe(2)
    expect(rms(Float32Array.of(3, -3, 3, -3))).toBe(3)
  })
})

describe('planRegions', () => {
  const audio: PcmAudio = { sampleRate: 16000, channels: [new Float32Array(32000)] }
  const code = (f: () => unknown) => {
    try {
      f()
    } catch (e) {
      return (e as { code?: string; message: string }).code + ': ' + (e as Error).message
    }
    return 'ok'
  }
  it('derives the mode and sorts regions', () => {
    const plans = planRegions(
      [
        { start: 1.5, end: 1.5, text: 'hello' },
        { start: 0.2, end: 0.5, text: '' },
        { start: 0.6, end: 1.0, text: 'word' },
      ],
      audio,
    )
    expect(plans.map((p) => [p.index, p.mode, p.length])).toEqual([
      [1, 'delete', 'region'],
      [2, 'replace', 'region'],
      [0, 'insert', 'natural'],
    ])
    expect(plans[1].inStart).toBe(9600)
  })
  it('rejects regions outside the audio, reversed, overlapping or without text', () => {
    expect(code(() => planRegions([{ start: 1, end: 2.5, text: 'x' }], audio))).toMatch(/^BAD_REGION: region 1 .*outside the audio/)
    expect(code(() => planRegions([{ start: -0.1, end: 0.5, text: 'x' }], audio))).toMatch(/^BAD_REGION/)
    expect(code(() => planRegions([{ start: 1, end: 0.5, text: 'x' }], audio))).toMatch(/^BAD_REGION: .*end is before start/)
    expect(code(() => planRegions([{ start: 0.1, end: 0.5, text: 'a' }, { start: 0.4, end: 0.8, text: 'b' }], audio))).toMatch(/^BAD_REGION: region 2 .*overlaps region 1/)
    expect(code(() => planRegions([{ start: 1, end: 1, text: '' }], audio))).toMatch(/^BAD_REGION: .*nothing to delete/)
    expect(code(() => planRegions([{ start: 1, end: 1.2, text: 'x', mode: 'insert' }], audio))).toMatch(/^BAD_REGION: .*start = end/)
    expect(code(() => planRegions([{ start: Number.NaN, end: 1, text: 'x' }], audio))).toMatch(/^BAD_REGION/)
    expect(code(() => planRegions([], audio))).toMatch(/^BAD_REGION/)
  })
})

describe('joins are never louder than what they join', () => {
  const sine = (n: number, amp: number, f = 0.05) => Float32Array.from({ length: n }, (_, i) => amp * Math.sin(i * f))
  it('turns down a burst at the join and nothing outside the region', () => {
    const input = sine(4000, 0.3)
    const xf = 100
    const inner = 1000
    const gen = sine(xf + inner + xf, 0.3, 0.07)
    for (let i = xf + inner - 30; i < xf + inner; i++) gen[i] = 0.95 * Math.sign(Math.sin(i)) // a burst at the right edge
    const out = spliceChannel(input, 1500, 2500, gen, inner, xf, xf, 1)
    const tail = 1500 + inner
    let joinPeak = 0
    for (let i = tail - 2 * xf; i < tail; i++) joinPeak = Math.max(joinPeak, Math.abs(out[i]))
    expect(joinPeak).toBeLessThanOrEqual(0.3 + 1e-6)
    expect(out.subarray(0, 1500)).toEqual(input.subarray(0, 1500))
    expect(out.subarray(tail)).toEqual(input.subarray(2500))
  })
  it('leaves a join that is no louder than its sides exactly as spliced', () => {
    const input = sine(4000, 0.3)
    const gen = sine(1200, 0.25, 0.07)
    const plain = spliceChannel(input, 1500, 2500, gen, 1000, 100, 100, 1)
    const again = new Float32Array(plain)
    limitJoin(again, 2400, 2600, 0.3, 0.3)
    expect(again).toEqual(plain)
  })
})
