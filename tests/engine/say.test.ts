import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readAudioFile } from '../../electron/engine/audio/decode'
import { gaussianNoise } from '../../electron/engine/rng'
import { voiceWarnings } from '../../electron/engine/say'

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
