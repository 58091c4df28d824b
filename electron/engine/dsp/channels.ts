// How the channels of a recording relate: pure functions over planar channels, shared by the engine's
// mono mix, its fills and the studio's spectrogram.

/** Normalised correlation of a and b over [from, to) (−1…1); 0 where either is silent. */
export function correlation(a: Float32Array, b: Float32Array, from: number, to: number): number {
  let dot = 0
  let ea = 0
  let eb = 0
  const hi = Math.min(a.length, b.length, to)
  for (let i = Math.max(0, from); i < hi; i++) {
    dot += a[i] * b[i]
    ea += a[i] * a[i]
    eb += b[i] * b[i]
  }
  return ea > 0 && eb > 0 ? dot / Math.sqrt(ea * eb) : 0
}

/**
 * +1 or −1 per channel: −1 for a channel that is the first one's with its polarity inverted
 * (correlation under −0.5 over [from, to), a wiring mistake), which a plain mix would cancel to silence.
 */
export function channelSigns(channels: readonly Float32Array[], from: number, to: number): number[] {
  return channels.map((ch, c) => (c > 0 && correlation(channels[0], ch, from, to) < -0.5 ? -1 : 1))
}
