// How a line tells that its take was made otherwise than new takes are now (the Room tone box, the voice).
import { describe, expect, it } from 'vitest'
import { takeVoiceLabel, takeVoiceNote, type VoiceChoice } from '../../../../app/src/features/voiceover/voiceover-state'

const sample: VoiceChoice = { kind: 'sample' }
const file: VoiceChoice = { kind: 'file', audioId: 'a2', label: 'noisy-voice.wav' }

describe('takeVoiceNote', () => {
  it('says nothing of a take made as new takes are made now, or of one from before takes named their voice', () => {
    expect(takeVoiceNote(takeVoiceLabel(sample, false), sample, false)).toBeNull()
    expect(takeVoiceNote(takeVoiceLabel(file, true), file, true)).toBeNull()
    expect(takeVoiceNote(undefined, file, true)).toBeNull()
  })
  it('says whether the take has the room tone that the box now leaves out, or lacks the one it now asks for', () => {
    expect(takeVoiceNote(takeVoiceLabel(file, true), file, false)).toBe('made with room tone: regenerate')
    expect(takeVoiceNote(takeVoiceLabel(file, false), file, true)).toBe('made without room tone: regenerate')
  })
  it('says another voice when the voice itself changed', () => {
    expect(takeVoiceNote(takeVoiceLabel(sample, true), file, true)).toBe('made in another voice: regenerate')
    expect(takeVoiceNote(takeVoiceLabel(sample, false), file, true)).toBe('made in another voice: regenerate')
  })
})
