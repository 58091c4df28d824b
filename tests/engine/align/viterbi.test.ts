// Viterbi on constructed posteriors, where the right answer is known by construction.
import { describe, expect, it } from 'vitest'
import { wordSpans } from '../../../electron/engine/align'
import { freeLoop, minimumFrames, viterbi, type AlignItem } from '../../../electron/engine/align/viterbi'

const P = 6 // ids 1..5 used; 1 = sil
const SIL = 1

/** Log posteriors with `hit` on the listed id per frame and the rest spread over the others. */
function posteriors(frameIds: number[], hit = 0.8, seed = 1): Float32Array {
  let s = seed
  const rand = () => ((s = (s * 16807) % 2147483647) / 2147483647)
  const out = new Float32Array(frameIds.length * P)
  frameIds.forEach((id, t) => {
    const rest = (1 - hit) / (P - 2)
    for (let p = 1; p < P; p++) {
      const jitter = 0.9 + 0.2 * rand()
      out[t * P + p] = Math.log(p === id ? hit * jitter : rest * jitter)
    }
    out[t * P] = -30
  })
  return out
}

function runs(ids: number[], lengths: number[]): number[] {
  return ids.flatMap((id, i) => Array(lengths[i]).fill(id))
}

const word = (phones: number[], ref: number): AlignItem => ({ kind: 'word', phones, optional: false, ref })
const pause = (): AlignItem => ({ kind: 'pause', phones: [SIL], optional: true, ref: -1 })

describe('viterbi', () => {
  it('finds the constructed phone boundaries exactly', () => {
    const frames = runs([SIL, 2, 3, 4, SIL, 5, 2, SIL], [6, 5, 3, 7, 4, 6, 4, 5])
    const items = [pause(), word([2, 3, 4], 0), pause(), word([5, 2], 1), pause()]
    const r = viterbi(posteriors(frames), frames.length, P, items)!
    const phones = r.segments.map((s) => [s.id, s.start, s.end])
    expect(phones).toEqual([
      [SIL, 0, 6], [2, 6, 11], [3, 11, 14], [4, 14, 21], [SIL, 21, 25], [5, 25, 31], [2, 31, 35], [SIL, 35, 40],
    ])
  })

  it('skips an optional pause the audio does not have', () => {
    const frames = runs([2, 3, 5], [5, 5, 5])
    const r = viterbi(posteriors(frames), frames.length, P, [pause(), word([2, 3], 0), pause(), word([5], 1), pause()])!
    expect(r.segments.map((s) => s.id)).toEqual([2, 3, 5])
    expect(r.segments.map((s) => s.item)).toEqual([1, 1, 3])
  })

  it('gives every phone its minimum duration even without evidence', () => {
    // Phone 3 is missing from the audio: it still gets minFrames frames, taken from its neighbours.
    const frames = runs([2, 4], [8, 8])
    const r = viterbi(posteriors(frames), frames.length, P, [word([2, 3, 4], 0)], { minFrames: 3 })!
    const mid = r.segments.find((s) => s.id === 3)!
    expect(mid.end - mid.start).toBe(3)
    expect(r.segments.every((s) => s.end - s.start >= 3)).toBe(true)
  })

  it('returns null when the audio is shorter than the chain', () => {
    const items = [word([2, 3, 4, 5], 0)]
    expect(minimumFrames(items, { minFrames: 2 })).toBe(8)
    expect(viterbi(posteriors([2, 3, 4, 5, 5, 5, 5]), 7, P, items, { minFrames: 2 })).toBeNull()
    expect(viterbi(posteriors([2, 3, 4, 5, 5, 5, 5, 5]), 8, P, items, { minFrames: 2 })).not.toBeNull()
  })

  it('with an open end stops where the audio stops saying the words', () => {
    const frames = runs([2, 3, SIL], [6, 6, 12])
    const items = [word([2], 0), pause(), word([3], 1), pause(), word([4], 2), pause(), word([5], 3)]
    const r = viterbi(posteriors(frames), frames.length, P, items, { openEnd: true })!
    expect(r.lastItem).toBe(3) // the pause after word 1
    expect(r.segments.at(-1)).toMatchObject({ id: SIL, start: 12, end: 24 })
  })

  it('lets a filler take speech that is not in the transcript, and only that', () => {
    const frames = runs([4, 5, SIL, 2, 3, SIL, 4], [6, 6, 3, 5, 5, 3, 6])
    const filler = (o: boolean): AlignItem => ({ kind: 'filler', phones: [], optional: o, ref: -1 })
    const r = viterbi(posteriors(frames), frames.length, P, [filler(true), pause(), word([2, 3], 0), pause(), filler(true)])!
    const w = r.segments.filter((s) => s.item === 2)
    expect([w[0].start, w.at(-1)!.end]).toEqual([15, 25])
  })

  it('checks the posterior size', () => {
    expect(() => viterbi(new Float32Array(10), 3, P, [word([2], 0)])).toThrow(/expected 3 × 6/)
  })
})

describe('word confidence', () => {
  it('is near 1 for the words said and low for words that are not', () => {
    const frames = runs([SIL, 2, 3, SIL, 4, 5, SIL], [5, 6, 6, 4, 6, 6, 5])
    const logp = posteriors(frames, 0.9)
    const free = freeLoop(logp, frames.length, P)
    const right = [pause(), word([2, 3], 0), pause(), word([4, 5], 1), pause()]
    const wrong = [pause(), word([2, 3], 0), pause(), word([3, 2], 1), pause()]
    const a = wordSpans(viterbi(logp, frames.length, P, right)!.segments, right, free)
    const b = wordSpans(viterbi(logp, frames.length, P, wrong)!.segments, wrong, free)
    expect(a.map((s) => s.confidence).every((c) => c > 0.9)).toBe(true)
    expect(b[0].confidence).toBeGreaterThan(0.9)
    expect(b[1].confidence).toBeLessThan(0.1)
    expect(a.map((s) => [s.ref, s.start, s.end])).toEqual([[0, 5, 17], [1, 21, 33]])
  })
})
