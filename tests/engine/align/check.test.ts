// Take scores on constructed posteriors: the right phones outrank the wrong ones.
import { resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scoreWords, seamRatio, summarise, SEAM_LIMIT } from '../../../electron/engine/align/check'
import { readAudioFile } from '../../../electron/engine/audio/decode'
import { defaultModelDir, Engine } from '../../../electron/engine/engine'
import { SYMBOLS } from '../../../electron/engine/text/phones'

const P = SYMBOLS.length
const id = (p: string) => SYMBOLS.indexOf(p)
const SIL = id('sil')
const word = (text: string, phones: string) => ({ text, ids: phones.split(' ').map(id) })
const FIVE = word('five', 'F AY V')
const TEN = word('ten', 'T EH N')
const NINE = word('nine', 'N AY N')

/** Posteriors that say `phones` (each for `len` frames) with probability `hit`, the rest spread evenly. */
function say(phones: string, len = 5, hit = 0.85): { logp: Float32Array; frames: number } {
  const seq = phones.split(' ').flatMap((p) => Array(len).fill(id(p)))
  const logp = new Float32Array(seq.length * P)
  seq.forEach((pid, t) => {
    for (let p = 0; p < P; p++) logp[t * P + p] = p === 0 ? -30 : Math.log(p === pid ? hit : (1 - hit) / (P - 2))
  })
  return { logp, frames: seq.length }
}

describe('scoreWords', () => {
  // "go for [five] meters": context phones around the take.
  const take = say('G OW F ER sil F AY V sil M IY T ER Z')

  it('finds the typed word and ranks the right text above a wrong one', () => {
    const right = scoreWords(take.logp, take.frames, P, [FIVE], [], SIL)!
    const wrong = scoreWords(take.logp, take.frames, P, [NINE], [], SIL)!
    expect(right.words[0].ok).toBe(true)
    expect(right.words[0].confidence).toBeGreaterThan(0.8)
    expect(wrong.words[0].ok).toBe(false)
    expect(summarise(right.words, [], [1, 1]).score).toBeGreaterThan(summarise(wrong.words, [], [1, 1]).score)
  })

  it('hears an old word left next to the new one, and only then', () => {
    const both = say('G OW F ER sil F AY V sil T EH N sil M IY T ER Z')
    const kept = scoreWords(both.logp, both.frames, P, [FIVE], [TEN], SIL)!
    expect(kept.words[0].ok).toBe(true)
    expect(kept.oldWords.map((w) => w.text)).toEqual(['ten'])
    expect(scoreWords(take.logp, take.frames, P, [FIVE], [TEN], SIL)!.oldWords).toEqual([])
    const c = summarise(kept.words, kept.oldWords, [1, 1])
    expect(c.passes).toBe(false)
    expect(c.score).toBeLessThan(summarise(kept.words, [], [1, 1]).score)
  })

  it('scores a take too short for its words as not saying them', () => {
    const short = say('F AY', 1)
    expect(scoreWords(short.logp, short.frames, P, [FIVE, TEN], [], SIL)).toBeNull()
  })
})

describe('seamRatio', () => {
  const nMels = 8
  const frames = 40
  function ramp(jumpAt = -1): Float32Array {
    const x = new Float32Array(frames * nMels)
    for (let f = 0; f < frames; f++) for (let m = 0; m < nMels; m++) x[f * nMels + m] = Math.sin(f / 3 + m) + (jumpAt >= 0 && f >= jumpAt ? 4 : 0)
    return x
  }
  it('is about 1 where the splice is as smooth as the speech and large at a jump', () => {
    const ctx: [number, number][] = [[1, 18], [23, 40]]
    expect(seamRatio(ramp(), nMels, 20, ctx)).toBeLessThan(2)
    expect(seamRatio(ramp(20), nMels, 20, ctx)).toBeGreaterThan(SEAM_LIMIT)
  })
})

describe('summarise', () => {
  it('names the weakest word and passes only a clean take', () => {
    const words = [
      { text: 'go', confidence: 0.9, ok: true },
      { text: 'five', confidence: 0.5, ok: true },
    ]
    const c = summarise(words, [], [1.2, 0.8])
    expect(c).toMatchObject({ weakest: 1, passes: true, score: 0.5 })
    expect(summarise(words, [], [1, SEAM_LIMIT * 2]).passes).toBe(false)
    expect(summarise(words, [], [1, SEAM_LIMIT * 2]).score).toBeCloseTo(0.25)
  })
})

describe('checkTake at the end of a file (shipped model and aligner)', () => {
  let engine: Engine | undefined
  afterAll(() => engine?.release())

  it('finds no seam at the file end and judges the seam before it against the speech, not the silence alone', async () => {
    // The fixture's sentence, half a second of silence, and the same sentence again as the take that ends
    // the file: every take there had failed (right seam measured on the file's edge, the left one against
    // the silence before it alone), so --takes warned of a rough seam and --until-checks spent every try.
    engine = await Engine.load(defaultModelDir(), { threads: 1 })
    const speech = (await readAudioFile(resolve('tests/fixtures/audio/speech-16k-s16.wav'))).channels[0]
    const x = new Float32Array(2 * speech.length + 8000)
    x.set(speech, 0)
    x.set(speech, speech.length + 8000)
    const check = await engine.checkTake({ sampleRate: 16000, channels: [x] }, speech.length + 8000, x.length, 'Please fill this gap with new words.')
    expect(check.seams[1]).toBe(1)
    expect(check.seams[0]).toBeLessThanOrEqual(SEAM_LIMIT)
    expect(check.passes).toBe(true)
  })
})
