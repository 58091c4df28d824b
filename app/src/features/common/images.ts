// Small spectrogram images for the feature panels, as RGBA pixels for a canvas ImageData:
// from PCM (compare variants) or from the model's own normalised log-mel features (trajectory).

import { fftSizeFor, hann, spectrumColumn, toMelRows } from '../../lib/spectrogram'
import { COLOR_LUT } from './colormap'

export interface Rgba {
  width: number
  height: number
  data: Uint8ClampedArray
}

function paint(width: number, height: number, level: (x: number, y: number) => number): Rgba {
  const data = new Uint8ClampedArray(width * height * 4)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = Math.min(255, Math.max(0, Math.round(level(x, y))))
      const o = (y * width + x) * 4
      data[o] = COLOR_LUT[v * 3]
      data[o + 1] = COLOR_LUT[v * 3 + 1]
      data[o + 2] = COLOR_LUT[v * 3 + 2]
      data[o + 3] = 255
    }
  }
  return { width, height, data }
}

/**
 * A mel-scaled spectrogram of mono PCM (the same analysis as the editor's spectrogram view):
 * `columns` evenly spaced frames, `rows` mel rows from 0 Hz to Nyquist, low frequencies at the bottom.
 */
export function pcmSpectrogram(pcm: Float32Array, sampleRate: number, columns: number, rows = 64): Rgba {
  const window = hann(fftSizeFor(sampleRate))
  // A narrower dB span than the editor's view: these thumbnails are small and need contrast.
  const levels = { topDb: -15, rangeDb: 65 }
  const width = Math.max(1, columns)
  const cols = Array.from({ length: width }, (_, x) =>
    toMelRows(spectrumColumn(pcm, Math.floor(((x + 0.5) * pcm.length) / width), window, levels), sampleRate, rows),
  )
  return paint(width, rows, (x, y) => cols[x][rows - 1 - y])
}

/** The [lo, hi] value range of features that covers their 1st…99th percentiles (robust to outliers). */
export function featureRange(feats: Float32Array): [number, number] {
  if (!feats.length) return [0, 1]
  const step = Math.max(1, Math.floor(feats.length / 20000)) // a sample is plenty for percentiles
  const sample = Float32Array.from({ length: Math.ceil(feats.length / step) }, (_, i) => feats[i * step]).sort()
  const lo = sample[Math.floor(0.01 * (sample.length - 1))]
  const hi = sample[Math.ceil(0.99 * (sample.length - 1))]
  return hi > lo ? [lo, hi] : [lo - 1, lo + 1]
}

/**
 * Row-major [frames × nMels] features → an image `frames` wide and `nMels` high (mel 0 at the
 * bottom); values map linearly from [lo, hi] onto the colour map.
 */
export function featureImage(feats: Float32Array, frames: number, nMels: number, [lo, hi]: [number, number]): Rgba {
  if (feats.length !== frames * nMels) throw new Error(`expected ${frames}×${nMels} features, got ${feats.length} values`)
  const scale = 255 / (hi - lo)
  return paint(frames, nMels, (x, y) => (feats[x * nMels + (nMels - 1 - y)] - lo) * scale)
}

/** FNV-1a over the bytes of samples: a fingerprint to tell which audio is in a buffer. */
export function pcmFingerprint(samples: Float32Array): string {
  const bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength)
  let h = 0x811c9dc5
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193)
  return (h >>> 0).toString(16).padStart(8, '0')
}
