import { describe, expect, it } from 'vitest'
import { quotedWord } from '../../electron/shared/words'

describe('quotedWord', () => {
  it("quotes a take's checked word (studio and CLI) without the punctuation typed around it", () => {
    expect(quotedWord('veins,')).toBe('veins')
    expect(quotedWord('"Hello!"')).toBe('Hello')
    expect(quotedWord("don't")).toBe("don't")
    expect(quotedWord('well-known.')).toBe('well-known')
    expect(quotedWord('5,000')).toBe('5,000')
    expect(quotedWord('—')).toBe('—') // nothing but punctuation: shown as typed
  })
})
