// Time bookkeeping. Frames are the authoritative unit inside the engine (as in F5-TTS speech_edit):
// seconds become frames in exactly one place, secondsToFrame.

/** The two numbers that fix the frame grid of a feature definition. */
export interface FrameClock {
  sampleRate: number
  hop: number
}

/** Seconds → nearest frame index on the model's grid: round(s · sampleRate / hop). */
export function secondsToFrame(seconds: number, clock: FrameClock): number {
  return Math.round((seconds * clock.sampleRate) / clock.hop)
}

/** Frame index → seconds of its centre (a centred STFT puts frame f at sample f · hop). */
export function frameToSeconds(frame: number, clock: FrameClock): number {
  return (frame * clock.hop) / clock.sampleRate
}

/** Seconds → nearest sample index at any rate (the input file's, usually). */
export function secondsToSample(seconds: number, sampleRate: number): number {
  return Math.round(seconds * sampleRate)
}

/** 1 on frames [start, end), 0 elsewhere: the frames to generate. */
export function spanMask(frames: number, start: number, end: number): Uint8Array {
  const mask = new Uint8Array(frames)
  mask.fill(1, Math.max(0, start), Math.min(frames, end))
  return mask
}

/** Paste known frames back: out[f] = known[f] wherever mask[f] is 0 (exact copies). In place. */
export function pasteKnownFrames(out: Float32Array, known: Float32Array, mask: Uint8Array, nMels: number): void {
  for (let f = 0; f < mask.length; f++) {
    if (!mask[f]) out.set(known.subarray(f * nMels, (f + 1) * nMels), f * nMels)
  }
}
