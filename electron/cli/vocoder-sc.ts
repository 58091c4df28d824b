// Measures the built-in vocoder: spectral convergence after a log-mel round trip of a recording, and
// the time to vocode 4 s. The figures in docs/engine.md ("Vocoder") come from here.
//
//   npx tsx electron/cli/vocoder-sc.ts [audio-file] [--iterations N] [--momentum A]
//                                      [--init pghi|random] [--mel-iterations N]
//   npx tsx electron/cli/vocoder-sc.ts [audio-file] --table [--runs R]
//   npx tsx electron/cli/vocoder-sc.ts --model DIR audio-file [audio-file …]
//
// --model: the model's own vocoder path (its magnitude or vocoder graph, as the engine runs it)
// against the built-in mel inversion, with the model's features, per file and on average.
//
// Defaults: tests/fixtures/audio/speech-16k-s16.wav and melToAudio's own defaults. --table measures
// a fixed set of settings (the current default, the old one, alternatives) in one process, timing
// them round-robin so that a machine's changing load affects all of them alike.

import { parseArgs } from 'node:util'
import { readAudioFile } from '../engine/audio/decode'
import { resample, toMono } from '../engine/audio/resample'
import { logMel, normalise, type FeatureSpec } from '../engine/dsp/features'
import { melToAudio, spectralConvergence, type GriffinLimOptions } from '../engine/dsp/griffinlim'
import { emptyTimings, vocode } from '../engine/core'
import { loadModel, releaseModel } from '../engine/model'

/** training/voicefill/features.py DEFAULT_FEATURES; the statistics cancel out in a round trip. */
const SPEC: FeatureSpec = {
  sampleRate: 16000, nFft: 1024, win: 1024, hop: 256, nMels: 80, fMin: 0, fMax: 8000, logFloor: 1e-5,
  mean: new Array(80).fill(-5), std: new Array(80).fill(2),
}

/** The settings --table compares. */
const TABLE: [string, GriffinLimOptions][] = [
  ['random start + 32 iterations (the old default)', { init: 'random', iterations: 32 }],
  ['random start + 16 iterations', { init: 'random', iterations: 16 }],
  ['random start + 8 iterations', { init: 'random', iterations: 8 }],
  ['PGHI, no iterations', { iterations: 0 }],
  ['PGHI + 1 iteration', { iterations: 1 }],
  ['**PGHI + 2 iterations (default)**', {}],
  ['PGHI + 4 iterations', { iterations: 4 }],
  ['PGHI + 8 iterations', { iterations: 8 }],
  ['PGHI + 2, 10 mel updates', { melIterations: 10 }],
  ['PGHI + 2, 40 mel updates', { melIterations: 40 }],
]

const median = (v: number[]) => v.slice().sort((a, b) => a - b)[v.length >> 1]

/** Wall and CPU milliseconds of one call. */
function timeOnce(f: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  f()
  const wall = performance.now() - t0
  const c = process.cpuUsage(c0)
  return { wall, cpu: (c.user + c.system) / 1000 }
}

/** Built-in mel inversion vs the model's vocoder path: SC per file and the time to vocode 4 s. */
async function compareModel(dir: string, files: string[]): Promise<void> {
  const model = await loadModel(dir, { threads: 2 })
  const spec = model.manifest.features
  const core = { model, spec }
  console.log(`| file | seconds | SC built-in | SC ${model.magnitude ? 'magnitude graph' : model.vocoder ? 'vocoder graph' : 'built-in'} |`)
  console.log('| --- | ---: | ---: | ---: |')
  const sums = [0, 0]
  let four: Float32Array | null = null
  for (const file of files) {
    const audio = await readAudioFile(file)
    const x = await resample(toMono(audio), audio.sampleRate, spec.sampleRate)
    four ??= new Float32Array(4 * spec.sampleRate).map((_, i) => x[i % x.length])
    const feats = normalise(logMel(x, spec), spec)
    const a = spectralConvergence(x, melToAudio(feats, spec), spec)
    const b = spectralConvergence(x, (await vocode(core, feats, emptyTimings())).subarray(0, x.length), spec)
    sums[0] += a
    sums[1] += b
    console.log(`| ${file} | ${(x.length / spec.sampleRate).toFixed(2)} | ${a.toFixed(4)} | ${b.toFixed(4)} |`)
  }
  console.log(`| mean of ${files.length} | | ${(sums[0] / files.length).toFixed(4)} | ${(sums[1] / files.length).toFixed(4)} |`)
  if (four) {
    const feats4 = normalise(logMel(four, spec), spec)
    const ms: number[][] = [[], []]
    for (let r = 0; r < 7; r++) {
      let t = performance.now()
      melToAudio(feats4, spec)
      ms[0].push(performance.now() - t)
      t = performance.now()
      await vocode(core, feats4, emptyTimings())
      ms[1].push(performance.now() - t)
    }
    console.log(`\nvocoding 4 s, median of 7: built-in ${median(ms[0]).toFixed(0)} ms, model's path ${median(ms[1]).toFixed(0)} ms`)
  }
  await releaseModel(model)
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      iterations: { type: 'string' },
      momentum: { type: 'string' },
      init: { type: 'string' },
      'mel-iterations': { type: 'string' },
      table: { type: 'boolean' },
      runs: { type: 'string' },
      model: { type: 'string' },
    },
  })
  if (values.model) return compareModel(values.model, positionals)
  const file = positionals[0] ?? 'tests/fixtures/audio/speech-16k-s16.wav'
  const opts: GriffinLimOptions = {}
  if (values.iterations !== undefined) opts.iterations = Number(values.iterations)
  if (values.momentum !== undefined) opts.momentum = Number(values.momentum)
  if (values.init !== undefined) opts.init = values.init as GriffinLimOptions['init']
  if (values['mel-iterations'] !== undefined) opts.melIterations = Number(values['mel-iterations'])

  const audio = await readAudioFile(file)
  const x = await resample(toMono(audio), audio.sampleRate, SPEC.sampleRate)
  const feats = normalise(logMel(x, SPEC), SPEC)
  // 4 s of the same speech, looped.
  const four = new Float32Array(4 * SPEC.sampleRate).map((_, i) => x[i % x.length])
  const feats4 = normalise(logMel(four, SPEC), SPEC)
  const seconds = (x.length / SPEC.sampleRate).toFixed(2)

  if (!values.table) {
    const sc = spectralConvergence(x, melToAudio(feats, SPEC, opts), SPEC)
    console.log(`${file}: ${seconds} s, spectral convergence ${sc.toFixed(4)}`)
    // Median and best of 7 runs after one warm-up.
    melToAudio(feats4, SPEC, opts)
    const runs = Array.from({ length: 7 }, () => timeOnce(() => melToAudio(feats4, SPEC, opts)))
    const wall = runs.map((r) => r.wall)
    console.log(
      `vocoding 4 s: median ${median(wall).toFixed(0)} ms, best ${Math.min(...wall).toFixed(0)} ms ` +
        `(CPU median ${median(runs.map((r) => r.cpu)).toFixed(0)} ms)`,
    )
    return
  }

  const rounds = Number(values.runs ?? 9)
  const sc = TABLE.map(([, o]) => spectralConvergence(x, melToAudio(feats, SPEC, o), SPEC))
  for (const [, o] of TABLE) melToAudio(feats4, SPEC, o) // warm-up
  const times = TABLE.map(() => [] as { wall: number; cpu: number }[])
  for (let r = 0; r < rounds; r++) {
    // Rotate the order each round so no setting always runs first or last.
    for (let j = 0; j < TABLE.length; j++) {
      const i = (j + r) % TABLE.length
      times[i].push(timeOnce(() => melToAudio(feats4, SPEC, TABLE[i][1])))
    }
  }
  console.log(`${file}: ${seconds} s; time to vocode 4 s: median of ${rounds} runs, round-robin\n`)
  console.log('| settings | SC | ms per 4 s (wall) | ms per 4 s (CPU) |')
  console.log('| --- | --- | --- | --- |')
  TABLE.forEach(([name], i) => {
    const wall = median(times[i].map((t) => t.wall))
    const cpu = median(times[i].map((t) => t.cpu))
    console.log(`| ${name} | ${sc[i].toFixed(4)} | ${wall.toFixed(0)} | ${cpu.toFixed(0)} |`)
  })
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
