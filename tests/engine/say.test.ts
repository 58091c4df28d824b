import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readAudioFile } from '../../electron/engine/audio/decode'
import { gaussianNoise } from '../../electron/engine/rng'
import type { PcmAudio } from '../../electron/engine/types'
import { speechStart, VOICE_LEAD_SECONDS, voiceWarnings } from '../../electron/engine/say'

describe('voiceWarnings', () => {
  it('warns about a voice file of noise, which passes the level checks, and not about speech', async () => {
    // Pure noise at a speaking level gave no warning (only silent and very short files were told).
    const noise = { sampleRate: 16000, channels: [gaussianNoise(5, 3 * 16000).map((v) => v * 0.1)] }
    expect(voiceWarnings(noise, 3)).toEqual([expect.stringMatching(/^the voice file holds no speech/)])
    // Mains hum (60 Hz and its harmonics) under hiss: it has a pitch, and had passed as a voice.
    const hum = Float32Array.from({ length: 48000 }, (_, i) => [0.1, 0.05, 0.03].reduce((s, a, k) => s + a * Math.sin((2 * Math.PI * 60 * (k + 1) * i) / 16000), 0))
    const buzzHiss = gaussianNoise(4, 48000)
    expect(voiceWarnings({ sampleRate: 16000, channels: [hum.map((v, i) => v + 0.01 * buzzHiss[i])] }, 3)).toEqual([expect.stringMatching(/^the voice file holds no speech/)])
    const speech = await readAudioFile(resolve('tests/fixtures/audio/speech-16k-s16.wav'))
    expect(voiceWarnings(speech, 3)).toEqual([])
    // Speech with steady noise 10 dB under it is still speech.
    const x = speech.channels[0]
    const rms = Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length)
    const hiss = gaussianNoise(6, x.length)
    const noisy = { sampleRate: 16000, channels: [x.map((v, i) => v + hiss[i] * rms * 10 ** (-10 / 20))] }
    expect(voiceWarnings(noisy, 3)).toEqual([])
  })

  it('judges the part of the voice that say() uses: speech after it is pointed to, loud audio after it hides nothing', async () => {
    const speech = (await readAudioFile(resolve('tests/fixtures/audio/speech-16k-s16.wav'))).channels[0]
    const then = (head: Float32Array, tail: Float32Array): PcmAudio => {
      const x = new Float32Array(head.length + tail.length)
      x.set(head)
      x.set(tail, head.length)
      return { sampleRate: 16000, channels: [x] }
    }
    // 3.5 s of hiss (or of silence) before the speech, and a 3 s prompt: say() hears no voice. Read 8 s, it passed.
    // Hiss as loud as the speech is not skipped as a lead-in (speechStart), so the prompt is hiss.
    const hiss = gaussianNoise(7, 56000).map((v) => v * 0.1)
    // (The fixture's first words come 0.3 s into it.)
    expect(voiceWarnings(then(hiss, speech), 3)).toEqual([
      'the voice file holds no speech in the 3.0 s used as the voice (its start); speech comes 3.8 s in: trim the file so that it starts with speech, or the speech will come out in another voice',
    ])
    // Silence or faint hiss before it is skipped (speechStart): the prompt starts at the speech, which is then heard.
    expect(voiceWarnings(then(hiss.map((v) => v * 0.2), speech), 3)).toEqual([])
    expect(voiceWarnings(then(new Float32Array(56000), speech), 3, 'use a region that starts with speech')).toEqual([])
    // With nothing voiced after it either, the plain warnings.
    expect(voiceWarnings(then(hiss, hiss), 3)).toEqual([expect.stringMatching(/^the voice file holds no speech \(nothing voiced in the 3\.0 s used as the voice\)/)])
    // Silence then hiss: the prompt starts at the hiss, which holds no speech.
    expect(voiceWarnings(then(new Float32Array(56000), hiss), 3)).toEqual([expect.stringMatching(/^the voice file holds no speech \(nothing voiced in the 3\.0 s used as the voice \(from 3\.3 s\)\)/)])
    // Quiet speech in the part used, a loud noise after it (a door, music): the noise, 40 dB over the speech,
    // had kept the speech's frames from being read, and the voice was said to hold none.
    const quiet = speech.map((v) => v * 0.01)
    expect(voiceWarnings(then(quiet, gaussianNoise(8, 48000).map((v) => v * 0.5)), 2)).toEqual([])
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
    expect(five).toBeGreaterThanOrEqual(4.75 * 16000)
    expect(five).toBeLessThan(5.25 * 16000)
    expect(speechStart(padded(2)) + 3 * 16000).toBe(five) // the same point of the speech
    // Silence past VOICE_LEAD_SECONDS is not looked through; a silent file starts at 0.
    expect(speechStart(padded(VOICE_LEAD_SECONDS + 1))).toBe(0)
    expect(speechStart({ sampleRate: 16000, channels: [new Float32Array(16000)] })).toBe(0)
    // What voiceWarnings reads starts there too: 5 s of silence and then speech hold speech.
    expect(voiceWarnings(padded(5), 3)).toEqual([])
  })
})
