// `npm run bench [-- --json] [--model DIR] [--threads N] [--repeats K] [--long-seconds S | --no-long]`
// Fill of a 2 s region with 3 s of recording each side (the model hears its manifest's context of it), at 8, 16 and 32 steps
// (midpoint, guidance on). Reports per step count the wall time and real-time factor (wall ÷ 2 s),
// the engine's overhead (fill wall time ÷ the raw ONNX time of the same network calls, replayed
// back to back on fixed feeds) and the process's peak RSS. With an aligner graph it also aligns a
// 60 s recording (the aligner fixture seven times, then silence) to its transcript (alignMs: median
// wall time). Then a generated 1-hour recording (bench-long.ts): the CLI fill's peak RSS, the studio's
// first waveform with and without cached peaks, and a streamed export's peak RSS. With --json the last
// stdout line is exactly
// {"rtf": {"8": …, "16": …, "32": …}, "overhead": …, "peakRssMb": …, "alignMs": …, "longFile": {…}}
// (alignMs: null without an aligner; longFile absent with --no-long).
import { readFileSync } from 'node:fs'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { readAudioFile } from '../engine/audio/decode'
import { defaultModelDir, Engine } from '../engine/engine'
import { loadModel, releaseModel } from '../engine/model'
import type { FeedTensor } from '../engine/onnx'
import { networkCalls } from '../engine/sampler'
import type { SamplerSettings } from '../engine/types'
import { benchLongFile, type LongFileFigures } from './bench-long'

const AUDIO = resolve('tests/fixtures/bench/speech-10s.wav')
const TINY_MODEL = resolve('tests/fixtures/tiny-model')
const ALIGN_FIXTURE = resolve('tests/fixtures/align/awb-path')
const ALIGN_SECONDS = 60
const REGION = { start: 4, end: 6, text: 'then it speaks the new words' }
const STEP_COUNTS = [8, 16, 32] as const
const SEED = 1

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      json: { type: 'boolean' },
      model: { type: 'string' },
      threads: { type: 'string' },
      repeats: { type: 'string' },
      'long-seconds': { type: 'string' },
      'no-long': { type: 'boolean' },
    },
  })
  const shipped = defaultModelDir()
  const modelDir = values.model ? resolve(values.model) : existsSync(resolve(shipped, 'manifest.json')) ? shipped : TINY_MODEL
  const threads = values.threads ? Number(values.threads) : undefined
  const repeats = Math.max(1, Number(values.repeats ?? 3))
  const which = modelDir === shipped ? 'shipped default model' : modelDir === TINY_MODEL ? 'TINY TEST MODEL (no default model found)' : 'model'
  console.log(`bench: ${which} ${modelDir}`)
  const engine = await Engine.load(modelDir, threads ? { threads } : {})
  const info = engine.info()
  console.log(`bench: ${AUDIO}, region ${REGION.start}–${REGION.end} s, the model hears ${info.contextSeconds} s each side, ${repeats} runs each (median)`)
  const audio = await readAudioFile(AUDIO)
  const guidance = info.defaults.guidance > 0 ? info.defaults.guidance : 2
  // A diffusion (ddpm-epsilon) model, e.g. the DDPM twin, is timed with DDIM: one call a step.
  const solver = info.objective === 'ddpm-epsilon' ? 'ddim' : 'midpoint'
  const base: Partial<SamplerSettings> = { solver, guidance, seed: SEED }

  // Warm-up (first-call allocations, caches); it also tells us the window the model sees.
  const warm = await engine.fill(audio, [REGION], { ...base, steps: 1 }, { captureTrajectory: true })
  const frames = warm.regions[0].trajectory!.frames
  const regionSeconds = REGION.end - REGION.start

  // Raw replay: the same B = 2 feeds the guided fill sends, straight into session.run.
  const raw = await loadModel(modelDir, threads ? { threads } : {})
  const nMels = info.nMels
  const feeds: Record<string, FeedTensor> = {
    x: { type: 'float32', data: new Float32Array(2 * frames * nMels).map(() => Math.random() * 2 - 1), dims: [2, frames, nMels] },
    t: { type: 'float32', data: Float32Array.of(0.5, 0.5), dims: [2] },
    cond: { type: 'float32', data: new Float32Array(2 * frames * nMels).map(() => Math.random() * 2 - 1), dims: [2, frames, nMels] },
    phones: { type: 'int64', data: new BigInt64Array(2 * frames).fill(5n), dims: [2, frames] },
  }

  const rtf: Record<string, number> = {}
  let engineTotal = 0
  let rawTotal = 0
  for (const steps of STEP_COUNTS) {
    const calls = networkCalls(steps, solver)
    const walls: number[] = []
    const onnx: number[] = []
    const raws: number[] = []
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now()
      const res = await engine.fill(audio, [REGION], { ...base, steps })
      walls.push(performance.now() - t0)
      onnx.push(res.timings.onnxMs)
      raws.push(await raw.velocity.timeRawRuns(feeds, calls))
    }
    const wall = median(walls)
    const rawMs = median(raws)
    engineTotal += wall
    rawTotal += rawMs
    rtf[String(steps)] = round(wall / 1000 / regionSeconds, 4)
    console.log(
      `${String(steps).padStart(2)} ${solver} steps (${calls} calls, B=2 × ${frames} frames): fill ${wall.toFixed(0)} ms, RTF ${rtf[String(steps)].toFixed(3)}, ` +
        `in session.run ${median(onnx).toFixed(0)} ms, raw replay ${rawMs.toFixed(0)} ms, overhead ${(wall / rawMs).toFixed(2)}×`,
    )
  }
  await releaseModel(raw)
  const alignMs = info.hasAligner ? await benchAlign(engine, repeats) : null
  await engine.release()
  const overhead = round(engineTotal / rawTotal, 3)
  const peakRssMb = round(process.resourceUsage().maxRSS / 1024, 1)
  console.log(`overhead (all step counts): ${overhead}× raw ONNX time; peak RSS ${peakRssMb} MB`)
  console.log(`targets: 16-step RTF ≤ 0.25 ${rtf['16'] <= 0.25 ? 'met' : 'NOT met'}; overhead ≤ 1.3 ${overhead <= 1.3 ? 'met' : 'NOT met'}`)
  if (alignMs !== null) console.log(`target: ${ALIGN_SECONDS} s aligned in < 2 s ${alignMs < 2000 ? 'met' : 'NOT met'}`)
  let longFile: LongFileFigures | null = null
  if (!values['no-long']) {
    const longSeconds = Number(values['long-seconds'] ?? 3600)
    if (!(Number.isInteger(longSeconds) && longSeconds >= 10)) throw new Error(`--long-seconds must be an integer of at least 10 (got ${values['long-seconds']})`)
    longFile = await benchLongFile(modelDir, threads, longSeconds, (line) => console.log(line))
    const gb = 1024
    const ok = (x: number | null, limit: number) => (x === null ? 'unknown' : x <= limit ? 'met' : 'NOT met')
    console.log(
      `targets (long file): CLI fill peak RSS ≤ 1 GB ${ok(longFile.cliFillPeakRssMb, gb)} (goal ≤ 400 MB ${ok(longFile.cliFillPeakRssMb, 400)}); ` +
        `first waveform with cached peaks ≤ 2 s ${ok(longFile.firstWaveformSeconds.cached, 2)}; export peak RSS ≤ 1 GB ${ok(longFile.exportPeakRssMb, gb)}`,
    )
  }
  if (values.json) console.log(JSON.stringify({ rtf, overhead, peakRssMb, alignMs, ...(longFile ? { longFile } : {}) }))
}

/** Median wall time of aligning ALIGN_SECONDS of speech (the fixture repeated) to its transcript. */
async function benchAlign(engine: Engine, repeats: number): Promise<number> {
  const one = await readAudioFile(`${ALIGN_FIXTURE}.wav`)
  const { text } = JSON.parse(readFileSync(`${ALIGN_FIXTURE}.json`, 'utf8')) as { text: string }
  const n = one.channels[0].length
  const copies = Math.floor((ALIGN_SECONDS * one.sampleRate) / n)
  const pcm = new Float32Array(ALIGN_SECONDS * one.sampleRate)
  for (let k = 0; k < copies; k++) pcm.set(one.channels[0], k * n)
  const audio = { sampleRate: one.sampleRate, channels: [pcm] }
  const transcript = Array(copies).fill(text).join(' ')
  await engine.align(audio, transcript) // warm-up
  const walls: number[] = []
  let words = 0
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now()
    words = (await engine.align(audio, transcript)).words.length
    walls.push(performance.now() - t0)
  }
  const ms = round(median(walls), 1)
  console.log(`align: ${ALIGN_SECONDS} s (${words} words) in ${ms.toFixed(0)} ms`)
  return ms
}

main().catch((e: unknown) => {
  if (process.env.VOICEFILL_DEBUG === '1') console.error(e)
  process.stderr.write(`bench: ${(e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' ')}\n`)
  process.exitCode = 1
})
