// Log-mel features: a line-by-line port of training/voicefill/features.py (the reference), checked
// against golden arrays that training/export_golden.py writes (tests/engine/dsp/features.test.ts).
// All arithmetic is float64 like numpy; results are stored as float32.

import { EngineError } from '../types'
import { realFft } from './fft'
import type { BandExtension } from './band'
import { centredHann, windowedFrame } from './stft'

/** The manifest's "features" block (fields the DSP needs; others are ignored here). */
export interface FeatureSpec {
  sampleRate: number
  nFft: number
  win: number
  hop: number
  nMels: number
  fMin: number
  fMax: number
  logFloor: number
  mean: number[]
  std: number[]
  /** 'keep': a model trained on band-limited audio sees its empty top bins as they are (dsp/band.ts); default 'fill' */
  missingBand?: 'fill' | 'keep'
  /** the model's learned band extension (features.bandExtensionFile), for the velocity model's inputs */
  bandExtension?: BandExtension
}

/** Slaney mel filterbank, dense [nMels, nBins] row-major, plus each row's non-zero bin range. */
export interface MelFilterbank {
  nMels: number
  nBins: number
  weights: Float64Array
  /** Row m is non-zero only on bins [start[m], end[m]). */
  start: Int32Array
  end: Int32Array
  /** Apex of each triangle in Hz. */
  centreHz: Float64Array
}

/** Frames of a centred STFT: 1 + floor(nSamples / hop) (features.py n_frames). */
export function frameCount(nSamples: number, hop: number): number {
  return 1 + Math.floor(nSamples / hop)
}

/** Throws BAD_MODEL naming the first field that would break the DSP (values echoed). */
export function checkSpec(spec: FeatureSpec): void {
  const { sampleRate, nFft, win, hop, nMels, fMin, fMax, logFloor } = spec
  const bad = (what: string) => new EngineError(`features: ${what}`, 'BAD_MODEL')
  if (!(sampleRate > 0)) throw bad(`sampleRate must be positive (got ${sampleRate})`)
  if (!Number.isInteger(nFft) || nFft < 4 || (nFft & (nFft - 1)) !== 0) {
    throw bad(`nFft must be a power of two >= 4 (got ${nFft})`)
  }
  if (!Number.isInteger(win) || win < 1 || win > nFft) throw bad(`need 1 <= win <= nFft (got win ${win}, nFft ${nFft})`)
  if (!Number.isInteger(hop) || hop < 1) throw bad(`hop must be a positive integer (got ${hop})`)
  if (!Number.isInteger(nMels) || nMels < 1) throw bad(`nMels must be a positive integer (got ${nMels})`)
  if (!(fMin >= 0 && fMin < fMax)) throw bad(`need 0 <= fMin < fMax (got fMin ${fMin}, fMax ${fMax})`)
  if (!(logFloor > 0)) throw bad(`logFloor must be positive (got ${logFloor})`)
}

// librosa's slaney mel scale: linear below 1 kHz, logarithmic above.
const F_SP = 200 / 3
const MIN_LOG_HZ = 1000
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP
const LOGSTEP = Math.log(6.4) / 27

function hzToMel(f: number): number {
  return f >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(Math.max(f, 1e-10) / MIN_LOG_HZ) / LOGSTEP : f / F_SP
}

function melToHz(m: number): number {
  return m >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOGSTEP * (m - MIN_LOG_MEL)) : F_SP * m
}

/** numpy.linspace(start, stop, num) with its exact arithmetic (i·step + start, last point = stop). */
function linspace(start: number, stop: number, num: number): Float64Array {
  const y = new Float64Array(num)
  const step = (stop - start) / (num - 1)
  for (let i = 0; i < num; i++) y[i] = i * step + start
  if (num > 1) y[num - 1] = stop
  return y
}

function buildFilterbank(spec: FeatureSpec): MelFilterbank {
  const { sampleRate, nFft, nMels, fMin, fMax } = spec
  const nBins = (nFft >> 1) + 1
  const fftFreqs = linspace(0, sampleRate / 2, nBins)
  const melPts = linspace(hzToMel(fMin), hzToMel(fMax), nMels + 2)
  const hz = melPts.map(melToHz)
  const weights = new Float64Array(nMels * nBins)
  const start = new Int32Array(nMels)
  const end = new Int32Array(nMels)
  for (let m = 0; m < nMels; m++) {
    const fdiffLo = hz[m + 1] - hz[m]
    const fdiffHi = hz[m + 2] - hz[m + 1]
    const enorm = 2 / (hz[m + 2] - hz[m]) // slaney area normalisation
    let first = -1
    let last = -1
    for (let k = 0; k < nBins; k++) {
      const lower = -(hz[m] - fftFreqs[k]) / fdiffLo
      const upper = (hz[m + 2] - fftFreqs[k]) / fdiffHi
      const w = Math.max(0, Math.min(lower, upper)) * enorm
      weights[m * nBins + k] = w
      if (w > 0) {
        if (first < 0) first = k
        last = k
      }
    }
    start[m] = first < 0 ? 0 : first
    end[m] = first < 0 ? 0 : last + 1
  }
  return { nMels, nBins, weights, start, end, centreHz: hz.slice(1, nMels + 1) }
}

const filterbanks = new Map<string, MelFilterbank>()
const windows = new Map<string, Float64Array>()

/** The cached mel filterbank of a spec (features.py mel_filterbank). */
export function melFilterbank(spec: FeatureSpec): MelFilterbank {
  const key = `${spec.sampleRate}|${spec.nFft}|${spec.nMels}|${spec.fMin}|${spec.fMax}`
  let fb = filterbanks.get(key)
  if (!fb) {
    checkSpec(spec)
    fb = buildFilterbank(spec)
    filterbanks.set(key, fb)
  }
  return fb
}

/** The cached analysis window of a spec: periodic Hann of `win` centred in `nFft`. */
export function analysisWindow(spec: FeatureSpec): Float64Array {
  const key = `${spec.nFft}|${spec.win}`
  let w = windows.get(key)
  if (!w) {
    checkSpec(spec)
    w = centredHann(spec.nFft, spec.win)
    windows.set(key, w)
  }
  return w
}

/** Σ_k fb[m, k] · mag[k] over row m's non-zero bins. */
export function applyFilter(fb: MelFilterbank, m: number, mag: Float64Array): number {
  const row = m * fb.nBins
  let acc = 0
  for (let k = fb.start[m]; k < fb.end[m]; k++) acc += fb.weights[row + k] * mag[k]
  return acc
}

/** Linear magnitude of the spec's centred STFT → row-major [frames, nFft/2 + 1] (what logMel filters). */
export function stftMagnitude(signal: Float32Array, spec: FeatureSpec): Float64Array {
  checkSpec(spec)
  const window = analysisWindow(spec)
  const fft = realFft(spec.nFft)
  const bins = (spec.nFft >> 1) + 1
  const frames = frameCount(signal.length, spec.hop)
  const frame = new Float64Array(spec.nFft)
  const re = new Float64Array(bins)
  const im = new Float64Array(bins)
  const mag = new Float64Array(frames * bins)
  for (let t = 0; t < frames; t++) {
    windowedFrame(signal, t, spec.hop, window, frame)
    fft.forward(frame, re, im)
    for (let k = 0; k < bins; k++) mag[t * bins + k] = Math.sqrt(re[k] * re[k] + im[k] * im[k])
  }
  return mag
}

/**
 * Log-mel of a mono signal at spec.sampleRate → row-major [frames, nMels], frames = frameCount(N, hop).
 * Not normalised: ln(max(mel, logFloor)) exactly as features.py log_mel.
 */
export function logMel(signal: Float32Array, spec: FeatureSpec): Float32Array {
  checkSpec(spec)
  const window = analysisWindow(spec)
  const fb = melFilterbank(spec)
  const fft = realFft(spec.nFft)
  const { nMels, hop, logFloor } = spec
  const frames = frameCount(signal.length, hop)
  const out = new Float32Array(frames * nMels)
  const frame = new Float64Array(spec.nFft)
  const re = new Float64Array(fb.nBins)
  const im = new Float64Array(fb.nBins)
  const mag = new Float64Array(fb.nBins)
  for (let t = 0; t < frames; t++) {
    windowedFrame(signal, t, hop, window, frame)
    fft.forward(frame, re, im)
    for (let k = 0; k < fb.nBins; k++) mag[k] = Math.sqrt(re[k] * re[k] + im[k] * im[k])
    for (let m = 0; m < nMels; m++) out[t * nMels + m] = Math.log(Math.max(applyFilter(fb, m, mag), logFloor))
  }
  return out
}

function checkStats(data: Float32Array, spec: FeatureSpec): void {
  const { nMels, mean, std } = spec
  if (mean.length !== nMels || std.length !== nMels) {
    throw new EngineError(
      `features: mean and std need ${nMels} values each (got ${mean.length} and ${std.length})`,
      'BAD_MODEL',
    )
  }
  const badStd = std.findIndex((s) => !(s > 0 && Number.isFinite(s)))
  if (badStd >= 0) throw new EngineError(`features: std[${badStd}] must be positive (got ${std[badStd]})`, 'BAD_MODEL')
  if (data.length % nMels !== 0) {
    throw new EngineError(`features: ${data.length} values is not a whole number of ${nMels}-bin frames`, 'INTERNAL')
  }
}

/** (logmel − mean) / std per bin; [frames, nMels] row-major in and out. */
export function normalise(logmel: Float32Array, spec: FeatureSpec): Float32Array {
  checkStats(logmel, spec)
  const { nMels, mean, std } = spec
  const out = new Float32Array(logmel.length)
  for (let i = 0; i < logmel.length; i++) {
    const m = i % nMels
    out[i] = (logmel[i] - mean[m]) / std[m]
  }
  return out
}

/** feats · std + mean per bin: the inverse of normalise. */
export function denormalise(feats: Float32Array, spec: FeatureSpec): Float32Array {
  checkStats(feats, spec)
  const { nMels, mean, std } = spec
  const out = new Float32Array(feats.length)
  for (let i = 0; i < feats.length; i++) {
    const m = i % nMels
    out[i] = feats[i] * std[m] + mean[m]
  }
  return out
}
