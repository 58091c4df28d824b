// `tsx electron/cli/resynth.ts --model DIR IN.wav OUT.wav [IN.wav OUT.wav …]`
// Analysis–resynthesis with the model's vocoder as the engine runs it: audio → normalised log-mel (the
// model's feature definition) → the model's magnitude or vocoder graph, else the built-in mel inversion,
// → phase reconstruction → audio of the same length. training/evaluate.py uses it as the best a fill
// can sound with this vocoder (the upper bound for ASR and speaker similarity).
// --true-magnitude skips the features: the recording's own STFT magnitude goes straight into the phase
// reconstruction (the ceiling of any magnitude network; training/vocoder_check.py --true-magnitude).
// Inputs must be mono at the model's sample rate; the last stdout line is one JSON object.
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { readAudioFile } from '../engine/audio/decode'
import { writeWavFile } from '../engine/audio/encode'
import { emptyTimings, vocode, type EngineCore } from '../engine/core'
import { frameCount, logMel, normalise, stftMagnitude, type FeatureSpec } from '../engine/dsp/features'
import { magnitudeToAudio } from '../engine/dsp/griffinlim'
import { loadModel, releaseModel } from '../engine/model'

/** One file through logMel → normalise → the model's vocoder, trimmed to the input's length. */
async function resynth(core: EngineCore, input: string, output: string, trueMagnitude = false): Promise<number> {
  const spec = core.spec
  const audio = await readAudioFile(input)
  if (audio.channels.length !== 1 || audio.sampleRate !== spec.sampleRate) {
    throw new Error(`${input}: needs mono ${spec.sampleRate} Hz (got ${audio.channels.length} ch, ${audio.sampleRate} Hz)`)
  }
  const signal = audio.channels[0]
  const voc = trueMagnitude ? stftMagnitudeToAudio(signal, spec) : await vocode(core, normalise(logMel(signal, spec), spec), emptyTimings())
  const out = voc.subarray(0, signal.length)
  await writeWavFile(output, { sampleRate: spec.sampleRate, channels: [out] }, 'pcm16')
  return signal.length / spec.sampleRate
}

/** The signal's own |STFT| (the feature definition's framing) → the built-in phase reconstruction. */
function stftMagnitudeToAudio(x: Float32Array, spec: FeatureSpec): Float32Array {
  return magnitudeToAudio(stftMagnitude(x, spec), frameCount(x.length, spec.hop), spec)
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { model: { type: 'string' }, 'true-magnitude': { type: 'boolean' } },
    allowPositionals: true,
  })
  if (!values.model || positionals.length === 0 || positionals.length % 2) throw new Error('usage: resynth.ts --model DIR IN.wav OUT.wav [IN OUT …]')
  const model = await loadModel(resolve(values.model), { threads: 2 })
  const core = { model, spec: model.manifest.features }
  const started = performance.now()
  let seconds = 0
  try {
    for (let i = 0; i < positionals.length; i += 2) seconds += await resynth(core, resolve(positionals[i]), resolve(positionals[i + 1]), values['true-magnitude'])
  } finally {
    await releaseModel(model)
  }
  process.stdout.write(`${JSON.stringify({ command: 'resynth', files: positionals.length / 2, seconds, elapsedMs: Math.round(performance.now() - started) })}\n`)
}

main().catch((e: unknown) => {
  process.stderr.write(`resynth: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exitCode = 1
})
