// A spectrogram computed from PCM read from the engine (the page never decodes audio itself), as byte
// columns in the shape wavesurfer's spectrogram plugin draws: columns[frame][bin], 0 = quiet.

import { channelSigns } from '../../../electron/engine/dsp/channels'

/** In-place iterative radix-2 FFT; `re.length` must be a power of two. */
export function fft(re: Float32Array, im: Float32Array): void {
  const n = re.length
  if (n & (n - 1)) throw new Error(`fft size must be a power of two, got ${n}`)
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1
    for (; j & bit; bit >>= 1) j ^= bit
    j ^= bit
    if (i < j) {
      ;[re[i], re[j]] = [re[j], re[i]]
      ;[im[i], im[j]] = [im[j], im[i]]
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const step = (-2 * Math.PI) / size
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < size / 2; k++) {
        const wr = Math.cos(step * k)
        const wi = Math.sin(step * k)
        const a = start + k
        const b = a + size / 2
        const tr = re[b] * wr - im[b] * wi
        const ti = re[b] * wi + im[b] * wr
        re[b] = re[a] - tr
        im[b] = im[a] - ti
        re[a] += tr
        im[a] += ti
      }
    }
  }
}

/** Periodic Hann window (as torch.hann_window / librosa use for STFTs). */
export function hann(n: number): Float32Array {
  const w = new Float32Array(n)
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n)
  return w
}

export interface SpectrogramOptions {
  /** dB (re full scale) drawn brightest; louder clips. */
  topDb: number
  /** dB range below topDb that maps onto 255..0. */
  rangeDb: number
}

export const defaultSpectrogramOptions: SpectrogramOptions = { topDb: -10, rangeDb: 80 }

/** FFT size giving a ~25–50 ms window at any rate (speech formants need that resolution). */
export function fftSizeFor(sampleRate: number): number {
  return Math.max(256, 2 ** Math.round(Math.log2(sampleRate * 0.025)))
}

/**
 * One column: the windowed frame of `samples` centred on index `centre` (zero outside), its
 * magnitude in dB mapped to bytes. Returns window.length/2 bins, low frequencies first.
 */
export function spectrumColumn(
  samples: Float32Array,
  centre: number,
  window: Float32Array,
  options: SpectrogramOptions = defaultSpectrogramOptions,
): Uint8Array {
  const n = window.length
  const re = new Float32Array(n)
  const im = new Float32Array(n)
  const first = centre - n / 2
  for (let i = 0; i < n; i++) {
    const s = first + i
    re[i] = s >= 0 && s < samples.length ? samples[s] * window[i] : 0
  }
  fft(re, im)
  // Normalise so a full-scale sine reads about 0 dB whatever the FFT size.
  const norm = 2 / window.reduce((a, b) => a + b, 0)
  const out = new Uint8Array(n / 2)
  for (let k = 0; k < n / 2; k++) {
    const mag = Math.hypot(re[k], im[k]) * norm
    const db = 20 * Math.log10(mag + 1e-10)
    const v = (db - (options.topDb - options.rangeDb)) / options.rangeDb
    out[k] = Math.round(Math.min(1, Math.max(0, v)) * 255)
  }
  return out
}

/** Mel (HTK: 2595·log10(1 + f/700)), the scale wavesurfer's spectrogram plugin draws with. */
export const hzToMel = (hz: number): number => 2595 * Math.log10(1 + hz / 700)
export const melToHz = (mel: number): number => 700 * (10 ** (mel / 2595) - 1)

/**
 * Linear FFT bins → `rows` rows evenly spaced in mel from 0 to Nyquist, lowest first: the plugin
 * expects precomputed data to be in its display scale already. Each row takes the loudest bin it
 * covers (high rows span many bins), or the nearest bin where rows are finer than bins.
 */
export function toMelRows(column: Uint8Array, sampleRate: number, rows = column.length): Uint8Array {
  const nyquist = sampleRate / 2
  const top = hzToMel(nyquist)
  const binOf = (hz: number) => (hz / nyquist) * (column.length - 1)
  const out = new Uint8Array(rows)
  for (let r = 0; r < rows; r++) {
    const lo = binOf(melToHz((Math.max(0, r - 0.5) / (rows - 1)) * top))
    const hi = binOf(melToHz((Math.min(rows - 1, r + 0.5) / (rows - 1)) * top))
    let v = column[Math.min(column.length - 1, Math.round(binOf(melToHz((r / (rows - 1)) * top))))]
    for (let b = Math.ceil(lo); b <= Math.floor(hi) && b < column.length; b++) v = Math.max(v, column[b])
    out[r] = v
  }
  return out
}

/**
 * Mono mix of planar channels (the spectrogram shows what is heard, not one side). A channel that is
 * the first one with its polarity inverted is flipped first, as the engine's mix does (channelSigns): a
 * plain mix cancelled it to a black spectrogram.
 */
export function downmix(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0]
  const out = new Float32Array(channels[0]?.length ?? 0)
  const signs = channelSigns(channels, 0, out.length)
  for (const [c, ch] of channels.entries()) for (let i = 0; i < out.length; i++) out[i] += (signs[c] * ch[i]) / channels.length
  return out
}

/**
 * Centres (in frames of the whole timeline) of `columns` evenly spaced analysis frames, so a long
 * file gets a bounded amount of work and a short one no more columns than it has samples.
 */
export function columnCentres(totalFrames: number, columns: number): number[] {
  const count = Math.max(0, Math.min(columns, totalFrames))
  const hop = totalFrames / Math.max(count, 1)
  return Array.from({ length: count }, (_, i) => Math.floor((i + 0.5) * hop))
}
