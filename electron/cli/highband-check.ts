// Measures the high-band extension on a real 48 kHz recording: alsa-utils' recorded prompts
// ("Front left", "Rear right", "Side left", one speaker), the middle prompt refilled with its own
// words by the shipped model. Prints band levels (dB, Welch-style mean power per bin) of the
// original region, the fill, and the fill with everything above the model band removed (what a fill
// was before the extension). The figures in docs/engine.md (Editing, step 7) come from here.
//
//   npx tsx electron/cli/highband-check.ts [--model DIR] [--seed N]
//
// Needs /usr/share/sounds/alsa (Debian/Ubuntu: apt-get install alsa-utils).

import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { readAudioFile } from '../engine/audio/decode'
import { realFft } from '../engine/dsp/fft'
import { centredHann } from '../engine/dsp/stft'
import { defaultModelDir, Engine } from '../engine/engine'
import type { PcmAudio } from '../engine/types'

const ALSA = '/usr/share/sounds/alsa'
const EDGES = [0, 1000, 2000, 4000, 6000, 7000, 8000, 9000, 10000, 12000, 16000, 24000]

/** Mean power per bin in each band of EDGES, in dB, over 1024-point Hann frames at hop 256. */
function bandLevels(x: Float32Array, rate: number): number[] {
  const n = 1024
  const fft = realFft(n)
  const w = centredHann(n, n)
  const buf = Float64Array.from(x)
  const re = new Float64Array(n / 2 + 1)
  const im = new Float64Array(n / 2 + 1)
  const power = new Float64Array(n / 2 + 1)
  let frames = 0
  for (let off = 0; off + n <= x.length; off += n / 4, frames++) {
    fft.forwardWindowed(buf, off, w, re, im)
    for (let k = 0; k <= n / 2; k++) power[k] += re[k] * re[k] + im[k] * im[k]
  }
  return EDGES.slice(0, -1).map((lo, b) => {
    let p = 0
    let c = 0
    for (let k = Math.ceil((lo * n) / rate); k < (EDGES[b + 1] * n) / rate && k <= n / 2; k++, c++) p += power[k]
    return 10 * Math.log10(p / c / Math.max(1, frames) + 1e-30)
  })
}

/** Power mean of two dB rows (the two sides are measured apart: joining them would add a click). */
function meanLevels(a: number[], b: number[]): number[] {
  return a.map((v, i) => 10 * Math.log10((10 ** (v / 10) + 10 ** (b[i] / 10)) / 2))
}

/** x without anything above cutHz (one FFT over x, zero-padded to a power of two). */
function lowPassed(x: Float32Array, rate: number, cutHz: number): Float32Array {
  const size = 2 ** Math.ceil(Math.log2(x.length))
  const fft = realFft(size)
  const buf = new Float64Array(size)
  buf.set(x)
  const re = new Float64Array(size / 2 + 1)
  const im = new Float64Array(size / 2 + 1)
  fft.forward(buf, re, im)
  for (let k = Math.ceil((cutHz * size) / rate); k <= size / 2; k++) re[k] = im[k] = 0
  fft.inverse(re, im, buf)
  return Float32Array.from(buf.subarray(0, x.length))
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { model: { type: 'string' }, seed: { type: 'string', default: '3' } } })
  if (!existsSync(`${ALSA}/Rear_Right.wav`)) throw new Error(`${ALSA} not found: apt-get install alsa-utils`)
  const clips = await Promise.all(['Front_Left', 'Rear_Right', 'Side_Left'].map((n) => readAudioFile(`${ALSA}/${n}.wav`)))
  const rate = clips[0].sampleRate
  const joined = new Float32Array(clips.reduce((a, c) => a + c.channels[0].length, 0))
  let at = 0
  for (const c of clips) {
    joined.set(c.channels[0], at)
    at += c.channels[0].length
  }
  const audio: PcmAudio = { sampleRate: rate, channels: [joined] }
  const start = clips[0].channels[0].length / rate
  const end = start + clips[1].channels[0].length / rate
  const engine = await Engine.load(values.model ?? defaultModelDir(), { threads: 2 })
  try {
    const res = await engine.fill(audio, [{ start, end, text: 'rear right' }], { seed: Number(values.seed) })
    const s = res.regions[0].splice
    const xf = s.crossfadeSamples
    const region = (x: Float32Array) => x.subarray(s.inStart + xf, s.inEnd - xf)
    const fill = region(res.audio.channels[0])
    const rows: [string, number[]][] = [
      ['original region', bandLevels(region(joined), rate)],
      ['fill', bandLevels(fill, rate)],
      ['fill without its high band', bandLevels(region(lowPassed(res.audio.channels[0], rate, engine.info().sampleRate / 2)), rate)],
      ['context (the prompts either side)', meanLevels(bandLevels(joined.subarray(0, s.inStart - xf), rate), bandLevels(joined.subarray(s.inEnd + xf), rate))],
    ]
    console.log(`${rate} Hz, region ${start.toFixed(2)}–${end.toFixed(2)} s, model ${engine.info().name}, seed ${values.seed}`)
    console.log(`| band (kHz) | ${EDGES.slice(0, -1).map((lo, b) => `${lo / 1000}–${EDGES[b + 1] / 1000}`).join(' | ')} |`)
    console.log(`| --- | ${EDGES.slice(1).map(() => '---:').join(' | ')} |`)
    for (const [name, v] of rows) console.log(`| ${name} | ${v.map((d) => d.toFixed(1)).join(' | ')} |`)
  } finally {
    engine.release()
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e))
  process.exit(1)
})
