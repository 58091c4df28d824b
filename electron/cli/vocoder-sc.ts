// Measures the built-in Griffin-Lim vocoder: spectral convergence after a log-mel round trip of a
// recording, and the time to vocode 4 s. The figures in docs/engine.md ("Vocoder") come from here.
//
//   npx tsx electron/cli/vocoder-sc.ts [audio-file] [--iterations N] [--momentum A]
//
// Defaults: tests/fixtures/audio/speech-16k-s16.wav and melToAudio's own defaults.

import { parseArgs } from 'node:util'
import { readAudioFile } from '../engine/audio/decode'
import { resample, toMono } from '../engine/audio/resample'
import { logMel, normalise, type FeatureSpec } from '../engine/dsp/features'
import { melToAudio, spectralConvergence, type GriffinLimOptions } from '../engine/dsp/griffinlim'

/** training/voicefill/features.py DEFAULT_FEATURES; the statistics cancel out in a round trip. */
const SPEC: FeatureSpec = {
  sampleRate: 16000, nFft: 1024, win: 1024, hop: 256, nMels: 80, fMin: 0, fMax: 8000, logFloor: 1e-5,
  mean: new Array(80).fill(-5), std: new Array(80).fill(2),
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { iterations: { type: 'string' }, momentum: { type: 'string' } },
  })
  const file = positionals[0] ?? 'tests/fixtures/audio/speech-16k-s16.wav'
  const opts: GriffinLimOptions = {}
  if (values.iterations !== undefined) opts.iterations = Number(values.iterations)
  if (values.momentum !== undefined) opts.momentum = Number(values.momentum)

  const audio = await readAudioFile(file)
  const x = await resample(toMono(audio), audio.sampleRate, SPEC.sampleRate)
  const feats = normalise(logMel(x, SPEC), SPEC)
  const y = melToAudio(feats, SPEC, opts)
  const sc = spectralConvergence(x, y, SPEC)
  console.log(`${file}: ${(x.length / SPEC.sampleRate).toFixed(2)} s, spectral convergence ${sc.toFixed(4)}`)

  // 4 s of the same speech, looped; median and best of 7 runs after one warm-up.
  const four = new Float32Array(4 * SPEC.sampleRate).map((_, i) => x[i % x.length])
  const feats4 = normalise(logMel(four, SPEC), SPEC)
  melToAudio(feats4, SPEC, opts)
  const wall: number[] = []
  const cpu: number[] = []
  for (let r = 0; r < 7; r++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    melToAudio(feats4, SPEC, opts)
    wall.push(performance.now() - t0)
    const c = process.cpuUsage(c0)
    cpu.push((c.user + c.system) / 1000)
  }
  const median = (v: number[]) => v.slice().sort((a, b) => a - b)[v.length >> 1]
  console.log(
    `vocoding 4 s: median ${median(wall).toFixed(0)} ms, best ${Math.min(...wall).toFixed(0)} ms ` +
      `(CPU median ${median(cpu).toFixed(0)} ms)`,
  )
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
