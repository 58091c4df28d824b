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
})
