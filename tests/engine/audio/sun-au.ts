// A Sun/NeXT .au file made in place: a format the studio names but does not open.

/** A Sun/NeXT .au file: 24-byte big-endian header ('.snd', data offset, size, encoding 3 = 16-bit PCM, rate, channels), then samples. */
export function sunAu(frames = 800): Uint8Array {
  const b = new Uint8Array(24 + frames * 2)
  const dv = new DataView(b.buffer)
  b.set([0x2e, 0x73, 0x6e, 0x64])
  ;[24, frames * 2, 3, 8000, 1].forEach((v, i) => dv.setUint32(4 + 4 * i, v))
  for (let i = 0; i < frames; i++) dv.setInt16(24 + 2 * i, Math.round(8000 * Math.sin(i / 5)))
  return b
}
