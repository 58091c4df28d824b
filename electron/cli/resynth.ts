// `tsx electron/cli/resynth.ts --model DIR IN.wav OUT.wav [IN.wav OUT.wav …]`
// Analysis–resynthesis with the engine's own vocoder: audio → normalised log-mel (the model's
// feature definition) → built-in Griffin-Lim → audio of the same length. training/evaluate.py uses it
// as the best a fill can sound with this vocoder (the upper bound for ASR and speaker similarity).
// Inputs must be mono at the model's sample rate; the last stdout line is one JSON object.
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { readAudioFile } from '../engine/audio/decode'
import { writeWavFile } from '../engine/audio/encode'
import { logMel, normalise, type FeatureSpec } from '../engine/dsp/features'
import { melToAudio } from '../engine/dsp/griffinlim'
import { parseManifest } from '../engine/model'

async function featureSpec(modelDir: string): Promise<FeatureSpec> {
  const file = join(modelDir, 'manifest.json')
  return parseManifest(JSON.parse(await readFile(file, 'utf8')), file).features
}

/** One file through logMel → normalise → melToAudio, trimmed to the input's length. */
async function resynth(spec: FeatureSpec, input: string, output: string): Promise<number> {
  const audio = await readAudioFile(input)
  if (audio.channels.length !== 1 || audio.sampleRate !== spec.sampleRate) {
    throw new Error(`${input}: needs mono ${spec.sampleRate} Hz (got ${audio.channels.length} ch, ${audio.sampleRate} Hz)`)
  }
  const signal = audio.channels[0]
  const out = melToAudio(normalise(logMel(signal, spec), spec), spec).subarray(0, signal.length)
  await writeWavFile(output, { sampleRate: spec.sampleRate, channels: [out] }, 'pcm16')
  return signal.length / spec.sampleRate
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ args: process.argv.slice(2), options: { model: { type: 'string' } }, allowPositionals: true })
  if (!values.model || positionals.length === 0 || positionals.length % 2) throw new Error('usage: resynth.ts --model DIR IN.wav OUT.wav [IN OUT …]')
  const spec = await featureSpec(resolve(values.model))
  const started = performance.now()
  let seconds = 0
  for (let i = 0; i < positionals.length; i += 2) seconds += await resynth(spec, resolve(positionals[i]), resolve(positionals[i + 1]))
  process.stdout.write(`${JSON.stringify({ command: 'resynth', files: positionals.length / 2, seconds, elapsedMs: Math.round(performance.now() - started) })}\n`)
}

main().catch((e: unknown) => {
  process.stderr.write(`resynth: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exitCode = 1
})
