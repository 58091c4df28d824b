// Plain data for store tests: an opened audio and takes as the engine reports them.
import type { AudioInfo, Take, TakeInfo } from '../../../app/src/api/types'

export const SR = 16000

export function audioInfo(seconds = 10): AudioInfo {
  const frames = seconds * SR
  return {
    audioId: 'a1',
    name: 'speech.wav',
    path: '/tmp/speech.wav',
    origin: 'file',
    sampleRate: SR,
    channels: 1,
    frames,
    duration: seconds,
    format: 'wav',
    peaks: { startFrame: 0, endFrame: frames, samplesPerPeak: frames, channels: [{ min: new Float32Array(1), max: new Float32Array(1) }] },
  }
}

/** A take for region `regionId` spanning [start, end) seconds with 10 ms crossfade margins. */
export function takeInfo(takeId: string, regionId: string, start: number, end: number): TakeInfo {
  const margin = 160
  const inStart = Math.round(start * SR)
  const inEnd = Math.round(end * SR)
  return {
    takeId,
    audioId: 'a1',
    regionId,
    region: { start, end, text: 'hello', mode: 'replace', length: 'region' },
    replaceStart: inStart - margin,
    replaceEnd: inEnd + margin,
    frames: inEnd - inStart + 2 * margin,
    sampleRate: SR,
    splice: { inStart, inEnd, outStart: inStart, outEnd: inEnd, crossfadeSamples: margin },
    phones: ['HH', 'AH', 'L', 'OW'],
    generatedSeconds: end - start,
    networkCalls: 8,
    settings: { steps: 8, solver: 'euler', guidance: 2, schedule: 'sway', sway: -1, seed: 42, model: 'default' },
    timings: { totalMs: 500, onnxMs: 400, vocoderMs: 50, featuresMs: 10 },
    createdAt: 1,
    label: 'seed 42 · 8 steps',
  }
}

export function take(takeId: string, regionId: string, start: number, end: number): Take {
  const info = takeInfo(takeId, regionId, start, end)
  return { ...info, pcm: [new Float32Array(info.frames)] }
}
