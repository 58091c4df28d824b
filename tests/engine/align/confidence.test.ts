import { describe, expect, it } from 'vitest'
import { MISMATCH_CONFIDENCE, meanConfidence, mismatchMessage } from '../../../electron/engine/align'

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
