// One colour map for every small spectrogram in the feature panels (a magma-like ramp: dark =
// quiet, yellow = loud), as a 256-entry RGB table.

const ANCHORS: readonly [number, number, number][] = [
  [0, 0, 4],
  [40, 11, 84],
  [101, 21, 110],
  [159, 42, 99],
  [212, 72, 66],
  [245, 125, 21],
  [250, 193, 39],
  [252, 255, 164],
]

/** lut[3·i … 3·i+2] = RGB of level i / 255, linearly interpolated between the anchors. */
export const COLOR_LUT: Uint8Array = (() => {
  const lut = new Uint8Array(256 * 3)
  for (let i = 0; i < 256; i++) {
    const x = (i / 255) * (ANCHORS.length - 1)
    const k = Math.min(ANCHORS.length - 2, Math.floor(x))
    const f = x - k
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(ANCHORS[k][c] + f * (ANCHORS[k + 1][c] - ANCHORS[k][c]))
  }
  return lut
})()
