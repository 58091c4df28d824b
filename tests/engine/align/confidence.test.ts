import { describe, expect, it } from 'vitest'
import { coverageMessage, MISMATCH_CONFIDENCE, meanConfidence, mismatchMessage } from '../../../electron/engine/align'

describe('transcript mismatch', () => {
  it('is the geometric mean of the words, each floored so one lost word cannot sink the rest', () => {
    expect(meanConfidence([0.5, 0.5])).toBeCloseTo(0.5, 9)
    expect(meanConfidence([0.8, 0.2])).toBeCloseTo(0.4, 9)
    expect(meanConfidence([1, 1, 1, 0])).toBeCloseTo(0.001 ** 0.25, 9)
    expect(meanConfidence([])).toBe(1)
  })

  it('a right transcript with many weak words is not called mismatched; a wrong one is', () => {
    // The real LibriSpeech utterance the old share rule got wrong: 5 of its 9 words under 0.1.
    const right = [0.05, 0.08, 0.09, 0.06, 0.07, 0.6, 0.9, 0.7, 0.8]
    expect(meanConfidence(right)).toBeGreaterThan(MISMATCH_CONFIDENCE)
    expect(mismatchMessage(right)).toBeNull()
    const wrong = [0.01, 0.2, 0.003, 0.02, 0.05, 0.004, 0.3]
    expect(mismatchMessage(wrong)).toBe(
      'the transcript does not seem to match the audio: 5 of 7 words could not be found (wrong text, another language, or no speech)',
    )
    expect(mismatchMessage([])).toBeNull()
  })
})

describe('coverageMessage (a transcript of part of the recording)', () => {
  // Words as the aligner placed them: [start, end, confidence], two phones each.
  const words = (list: [number, number, number][]) => list.map(([start, end, confidence]) => ({ start, end, confidence, phones: [0, 1] }))
  it('says so when the last words are spread, unconvincing, over the rest of the audio', () => {
    // The helper's case: "… blood," then "and a grain or two perhaps is good," over 4–14 s (one "is" liked).
    const partial = words([[0.5, 0.8, 0.3], [0.8, 1.1, 0.5], [1.1, 1.3, 0.9], [2.5, 2.9, 0.6], [4, 5.7, 0.02], [6.8, 7.2, 0.01], [7.9, 8.4, 0.01], [8.5, 9.1, 0.01], [10.5, 11.6, 0.04], [12, 12.4, 0.08], [12.4, 12.6, 0.15], [14.1, 14.3, 0.01]])
    expect(coverageMessage(partial, 15.4)).toMatch(/^the transcript may stop before the recording does: its last 8 words are spread over 4\.0–14\.3 s/)
    // The same words said where they are: nothing to say; nor for one doubtful word at the end.
    const whole = words([[0.5, 0.8, 0.3], [0.8, 1.1, 0.5], [1.1, 1.3, 0.9], [1.3, 1.6, 0.6], [1.6, 1.9, 0.5], [1.9, 2.2, 0.7], [2.2, 2.4, 0.02]])
    expect(coverageMessage(whole, 2.5)).toBeNull()
    // A transcript that starts late: its first words are spread over the untranscribed start.
    const late = words([[0, 3, 0.01], [3, 6, 0.02], [6.1, 6.4, 0.8], [6.4, 6.8, 0.9]])
    expect(coverageMessage(late, 7)).toMatch(/^the transcript may start after the recording does: its first 2 words/)
  })
})
