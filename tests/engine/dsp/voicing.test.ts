import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readAudioFile } from '../../../electron/engine/audio/decode'
import { voicedSeconds } from '../../../electron/engine/dsp/voicing'
import { gaussianNoise } from '../../../electron/engine/rng'

describe('voicedSeconds', () => {
  it('finds the voiced part of speech and none in noise of any colour', async () => {
    const speech = await readAudioFile(resolve('tests/fixtures/audio/speech-16k-s16.wav'))
    expect(voicedSeconds(speech.channels[0], 16000)).toBeGreaterThan(0.3)
    for (const rate of [16000, 44100]) {
      const white = gaussianNoise(3, rate * 2).map((v) => v * 0.1)
      let s = 0
      const brown = white.map((v) => (s = 0.999 * s + 0.05 * v)) // low-passed: strongly correlated at pitch lags
      expect(voicedSeconds(white, rate)).toBe(0)
      expect(voicedSeconds(brown, rate)).toBe(0)
    }
    expect(voicedSeconds(new Float32Array(16000), 16000)).toBe(0)
  })

  it('does not count a steady tone as a voice: hum with its harmonics, under hiss too, held notes; speech over a hum still counts', async () => {
    const harmonics = (f0: number, amps: number[], n: number, rate: number) =>
      Float32Array.from({ length: n }, (_, i) => amps.reduce((s, a, k) => s + a * Math.sin((2 * Math.PI * f0 * (k + 1) * i) / rate + 0.3 * k), 0))
    const sum = (...xs: Float32Array[]) => xs[0].map((_, i) => xs.reduce((s, x) => s + x[i], 0))
    const hum = [0.1, 0.05, 0.03, 0.02, 0.01]
    for (const rate of [16000, 44100]) {
      const n = 3 * rate
      // Mains hum (and a rectifier's buzz at twice it) counted 2.96 s voiced of 3 s: a file of it passed as a voice.
      for (const f0 of [50, 60, 100, 120]) {
        expect(voicedSeconds(harmonics(f0, hum, n, rate), rate), `${f0} Hz at ${rate}`).toBe(0)
        const hiss = gaussianNoise(f0, n).map((v) => 0.02 * v)
        expect(voicedSeconds(sum(harmonics(f0, hum, n, rate), hiss), rate), `${f0} Hz with hiss at ${rate}`).toBeLessThan(0.05)
      }
      expect(voicedSeconds(harmonics(100, Array.from({ length: 30 }, (_, k) => 0.05 / (k + 1)), n, rate), rate)).toBe(0)
      // Music-like: a held chord, a tune of held notes, a test tone.
      const notes = [220, 247, 262, 294, 330, 349]
      const tune = new Float32Array(n)
      notes.forEach((f, j) => tune.set(harmonics(f, [0.08, 0.04, 0.02, 0.01], n / notes.length, rate), (j * n) / notes.length))
      expect(voicedSeconds(tune, rate)).toBeLessThan(0.05)
      expect(voicedSeconds(sum(...[220, 277.18, 329.63].map((f) => harmonics(f, [0.05, 0.025, 0.012], n, rate))), rate)).toBeLessThan(0.05)
      expect(voicedSeconds(harmonics(440, [0.2], n, rate), rate)).toBe(0)
    }
    // Speech keeps its voiced frames, with a 60 Hz hum as loud as it too (the hum's own frames between words are not counted).
    const speech = (await readAudioFile(resolve('tests/fixtures/audio/speech-16k-s16.wav'))).channels[0]
    const alone = voicedSeconds(speech, 16000)
    const rms = Math.sqrt(speech.reduce((a, v) => a + v * v, 0) / speech.length)
    const mains = harmonics(60, [1, 0.5, 0.3, 0.2], speech.length, 16000)
    const g = rms / Math.sqrt(mains.reduce((a, v) => a + v * v, 0) / mains.length)
    expect(voicedSeconds(speech.map((v, i) => v + g * mains[i]), 16000)).toBeGreaterThan(0.5 * alone)
    // The shipped voice, as say() uses it (its first 3 s).
    const sample = await readAudioFile(resolve('resources/voices/sample.wav'))
    expect(voicedSeconds(sample.channels[0].subarray(0, 3 * sample.sampleRate), sample.sampleRate)).toBeGreaterThan(0.3)
  })
})
