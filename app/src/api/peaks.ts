// wavesurfer draws per pixel the min and max of the values it is given, so interleaving each
// bucket's max and min gives it the true envelope without decoding the audio in the page.
import type { PeakData } from './types'

export function peaksForWavesurfer(peaks: PeakData): Float32Array[] {
  return peaks.channels.map(({ min, max }) => {
    const out = new Float32Array(min.length * 2)
    for (let i = 0; i < min.length; i++) {
      out[2 * i] = max[i]
      out[2 * i + 1] = min[i]
    }
    return out
  })
}
