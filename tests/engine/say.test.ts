import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readAudioFile } from '../../electron/engine/audio/decode'
import { gaussianNoise } from '../../electron/engine/rng'
import { speechStart, VOICE_LEAD_SECONDS, voiceWarnings } from '../../electron/engine/say'

describe('voiceWarnings', () => {
  it('warns about a voice file of noise, which passes the level checks, and not about speech', async () => {
    // Pure noise at a speaking level gave no warning (only silent and very short files were told).
    const noise = { sampleRate: 16000, channels: [gaussianNoise(5, 3 * 16000).map((v) => v * 0.1)] }
    expect(voiceWarnings(noise)).toEqual([expect.stringMatching(/^the voice file holds no speech/)])
    const speech = await readAudioFile(resolve('tests/fixtures/audio/speech-16k-s16.wav'))
    expect(voiceWarnings(speech)).toEqual([])
    // Speech with steady noise 10 dB under it is still speech.
    const x = speech.channels[0]
    const rms = Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length)
    const hiss = gaussianNoise(6, x.length)
    const noisy = { sampleRate: 16000, channels: [x.map((v, i) => v + hiss[i] * rms * 10 ** (-10 / 20))] }
    expect(voiceWarnings(noisy)).toEqual([])
  })
})

describe('speechStart', () => {
  it("finds a voice file's speech after silence at its start, keeping a quarter second before it", async () => {
    const speech = await readAudioFile(resolve('tests/fixtures/audio/speech-16k-s16.wav'))
    expect(speechStart(speech)).toBe(0) // its speech starts at 0.26 s: taken from the start, as before
    const padded = (seconds: number) => {
      const x = new Float32Array(seconds * 16000 + speech.channels[0].length)
      x.set(speech.channels[0], seconds * 16000)
      return { sampleRate: 16000, channels: [x] }
    }
    const five = speechStart(padded(5))
    expect(five).toBeGreaterThan(4.75 * 16000)
    expect(five).toBeLessThan(5.25 * 16000)
    expect(speechStart(padded(2)) + 3 * 16000).toBe(five) // the same point of the speech
    // Silence past VOICE_LEAD_SECONDS is not looked through; a silent file starts at 0.
    expect(speechStart(padded(VOICE_LEAD_SECONDS + 1))).toBe(0)
    expect(speechStart({ sampleRate: 16000, channels: [new Float32Array(16000)] })).toBe(0)
    // What voiceWarnings reads starts there too: 5 s of silence and then speech hold speech.
    expect(voiceWarnings(padded(5))).toEqual([])
  })
})
