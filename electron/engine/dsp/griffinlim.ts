// Built-in vocoder (no weights): normalised log-mel → linear magnitude (mel inversion) → a phase from
// phase gradient heap integration (pghi.ts) → a couple of fast Griffin-Lim iterations → audio.
// The STFT/ISTFT use the feature definition's own framing (centred, reflect-padded, periodic Hann), so
// output sample n lines up with input sample n of the audio the features came from.

import { EngineError } from '../types'
import { analysisWindow, checkSpec, denormalise, frameCount, melFilterbank, type FeatureSpec } from './features'
import { realFft, type RealFft } from './fft'
import { hannGamma, mulberry32, pghiPhase } from './pghi'
import { reflectIndex, windowedFrame } from './stft'

export interface GriffinLimOptions {
  /** Griffin-Lim iterations after the initial phase (each one ISTFT + STFT). */
  iterations?: number
  /** Fast Griffin-Lim momentum α (Perraudin et al. 2013); 0 = plain Griffin-Lim. */
  momentum?: number
  /** Initial phase: phase gradient heap integration (default) or seeded random phases. */
  init?: 'pghi' | 'random'
  /** Multiplicative updates of the mel inversion (melToAudio only). */
  melIterations?: number
}

/**
 * Measured on tests/fixtures/bench/speech-10s.wav (docs/engine.md, `vocoder-sc.ts --table`): from
 * the PGHI phase, SC is 0.239 / 0.227 / 0.228 / 0.235 / 0.243 after 0 / 1 / 2 / 4 / 8 iterations
 * (further iterations pull the signal towards the mel inversion's imperfect magnitude), against 0.258
 * for the old default of 32 iterations from random phases; 2 iterations did best over eight
 * utterances. The mel inversion keeps improving slowly with more updates (10 / 20 / 40: 0.237 /
 * 0.228 / 0.221 with 2 iterations) at ≈ 0.5 ms per update for 4 s of audio.
 */
const defaultOptions = { iterations: 2, momentum: 0.99, init: 'pghi', melIterations: 20 } as const

/**
 * Log-mel values above this are clipped before exp: a full-scale sine or square wave peaks at
 * ≈ 2.3-2.5 (default spec), so e^10 is ~2,000× louder than any real audio.
 */
const MAX_LOG_MEL = 10

/** Fixed seed for the initial phases: the same features always vocode to the same samples. */
const PHASE_SEED = 0x5eed

function resolveOptions(opts: GriffinLimOptions): Required<GriffinLimOptions> {
  const iterations = opts.iterations ?? defaultOptions.iterations
  const momentum = opts.momentum ?? defaultOptions.momentum
  const init = opts.init ?? defaultOptions.init
  const melIterations = opts.melIterations ?? defaultOptions.melIterations
  if (!Number.isInteger(iterations) || iterations < 0) {
    throw new EngineError(`Griffin-Lim iterations must be a non-negative integer (got ${iterations})`, 'BAD_SETTINGS')
  }
  if (!(momentum >= 0 && momentum < 2)) {
    throw new EngineError(`Griffin-Lim momentum must be in [0, 2) (got ${momentum})`, 'BAD_SETTINGS')
  }
  if (init !== 'pghi' && init !== 'random') {
    throw new EngineError(`Griffin-Lim init must be 'pghi' or 'random' (got ${String(init)})`, 'BAD_SETTINGS')
  }
  if (!Number.isInteger(melIterations) || melIterations < 0) {
    throw new EngineError(`mel inversion iterations must be a non-negative integer (got ${melIterations})`, 'BAD_SETTINGS')
  }
  return { iterations, momentum, init, melIterations }
}

/**
 * Normalised features [T, nMels] (row-major) → audio of T·hop samples at spec.sampleRate; sample n
 * aligns with sample n of the analysed signal (callers trim the tail). Non-finite features count as
 * silence (the log floor) and absurdly large ones are clipped, so a diverging model cannot produce
 * NaN or Infinity samples.
 */
export function melToAudio(feats: Float32Array, spec: FeatureSpec, opts: GriffinLimOptions = {}): Float32Array {
  checkSpec(spec)
  const o = resolveOptions(opts)
  const logmel = denormalise(feats, spec)
  const frames = logmel.length / spec.nMels
  if (frames === 0) return new Float32Array(0)
  const mag = melToMagnitude(logmel, spec, o.melIterations)
  return griffinLim(mag, frames, spec, o.iterations, o.momentum, o.init)
}

/**
 * exp(log-mel) [T, nMels] → non-negative linear magnitude [T, nBins] with F·s ≈ mel.
 * Start: each filter's flat-spectrum amplitude mel[m] / Σ_k F[m, k], interpolated in log over bins
 * between the filter centres (smooth and positive). Then Lee–Seung multiplicative updates
 * s ← s ⊙ Fᵀy / (FᵀF s), which keep s ≥ 0 and never increase ‖y − Fs‖². One frame at a time (its
 * working set stays in L1), with F stored by column: a slaney bin is seen by at most two filters, so
 * one pass over the bins computes FᵀF s from F s and accumulates F s of the updated s.
 */
function melToMagnitude(logmel: Float32Array, spec: FeatureSpec, updates: number): Float64Array {
  const inv = melInversion(spec)
  const { nMels, nBins, logGain } = inv
  const frames = logmel.length / nMels
  const floor = Math.log(spec.logFloor)
  const out = new Float64Array(frames * nBins)
  // Per-frame scratch in plain arrays (see doubles). One spare slot after the last filter: colB is 0
  // where colMel[k] + 1 is no filter.
  const y = doubles(nMels + 1)
  const fs = doubles(nMels + 1)
  const fsNext = doubles(nMels + 1)
  const fty = doubles(nBins)
  const logAmp = doubles(nMels)
  const s = doubles(nBins)
  for (let t = 0; t < frames; t++) {
    for (let m = 0; m < nMels; m++) {
      const v = logmel[t * nMels + m]
      const lv = Number.isFinite(v) ? Math.min(v, MAX_LOG_MEL) : floor
      y[m] = Math.exp(lv)
      logAmp[m] = lv - logGain[m]
    }
    initialMagnitude(inv, logAmp, y, s, fty, fs)
    multiplicativeUpdates(inv, s, fty, fs, fsNext, updates)
    const o = t * nBins
    for (let k = 0; k < nBins; k++) out[o + k] = s[k]
  }
  return out
}

/**
 * A packed-double JS array of n zeros. Small hot tables and scratch use these instead of typed
 * arrays: once any ArrayBuffer in the process has been detached (WebAssembly memory growth, e.g. in
 * the resampler), V8 checks every typed-array access in optimised code for detachment, which slows
 * such loops by up to 1.5× (see fft.ts); plain double arrays carry no such check. (Large per-call
 * arrays stay typed: building a plain one costs more than the checks save.)
 */
function doubles(n: number): number[] {
  const a: number[] = []
  for (let i = 0; i < n; i++) a.push(0.5)
  a.fill(0)
  return a
}

/**
 * s ← the log-interpolated flat-spectrum start of one frame (0 outside the filters); fty ← Fᵀy;
 * fs ← F s.
 */
function initialMagnitude(inv: MelInversion, logAmp: number[], y: number[], s: number[], fty: number[], fs: number[]): void {
  const { nMels, nBins, colMel, colA, colB, lower, frac, kLo, kHi } = inv
  fs.fill(0)
  s.fill(0)
  for (let k = kLo; k < kHi; k++) {
    const lo = lower[k]
    const a = frac[k]
    const v = Math.exp(logAmp[lo] + a * (logAmp[lo + 1 < nMels ? lo + 1 : lo] - logAmp[lo]))
    const m = colMel[k]
    const wa = colA[k]
    const wb = colB[k]
    // A bin inside [kLo, kHi) that no filter sees (impossible for slaney filters) stays silent.
    s[k] = wa > 0 || wb > 0 ? v : 0
    fty[k] = wa * y[m] + wb * y[m + 1]
    fs[m] += wa * s[k]
    fs[m + 1] += wb * s[k]
  }
  for (let k = kHi; k < nBins; k++) fty[k] = 0
}

/**
 * `updates` Lee–Seung steps s ← s ⊙ Fᵀy / (FᵀF s) on one frame, given fty = Fᵀy and fs = F s
 * (fs and fsNext are scratch afterwards). Bins [seg[m], seg[m + 1]) lie between the centres of
 * filters m and m + 1, so one pass over them reads both F s values they need, and accumulates both
 * sums of the new F s, in registers. Values that overflow are zeroed at the end.
 */
function multiplicativeUpdates(inv: MelInversion, s: number[], fty: number[], fs: number[], fsNext: number[], updates: number): void {
  const { nMels, colA, colB, seg, kLo, kHi } = inv
  let cur = fs
  let next = fsNext
  for (let it = 0; it < updates; it++) {
    next.fill(0)
    for (let m = 0; m < nMels; m++) {
      const f0 = cur[m]
      const f1 = cur[m + 1]
      let acc0 = 0
      let acc1 = 0
      for (let k = seg[m]; k < seg[m + 1]; k++) {
        const a = colA[k]
        const b = colB[k]
        const ftfs = a * f0 + b * f1
        let v = s[k]
        if (ftfs > 0) {
          v *= fty[k] / ftfs
          s[k] = v
        }
        acc0 += a * v
        acc1 += b * v
      }
      next[m] += acc0
      next[m + 1] += acc1
    }
    const done = cur
    cur = next
    next = done
  }
  for (let k = kLo; k < kHi; k++) if (!(s[k] < Infinity)) s[k] = 0
}

/** Tables of the mel inversion for one filterbank (plain arrays for the hot loops; see doubles). */
interface MelInversion {
  nMels: number
  nBins: number
  /** ln Σ_k F[m, k]: a flat spectrum of amplitude A gives mel[m] = A · Σ_k F[m, k]. */
  logGain: number[]
  /** Bin k lies between filter centres lower[k] and lower[k] + 1, at fraction frac[k] (clamped at the ends). */
  lower: number[]
  frac: number[]
  /**
   * F by column: a slaney bin k is seen by at most two filters, colMel[k] and colMel[k] + 1, with
   * weights colA[k] and colB[k] (colB is 0 where only one filter, or none, sees it).
   */
  colMel: number[]
  colA: number[]
  colB: number[]
  /** colMel[k] = m for k in [seg[m], seg[m + 1]) (bins in [kLo, kHi) only; nMels + 1 entries). */
  seg: number[]
  /** Bins outside [kLo, kHi) are seen by no filter and stay silent. */
  kLo: number
  kHi: number
}

const inversions = new Map<string, MelInversion>()

function melInversion(spec: FeatureSpec): MelInversion {
  const key = `${spec.sampleRate}|${spec.nFft}|${spec.nMels}|${spec.fMin}|${spec.fMax}`
  let inv = inversions.get(key)
  if (inv) return inv
  const fb = melFilterbank(spec)
  const { nMels, nBins } = fb
  const logGain = new Float64Array(nMels)
  const covered = new Uint8Array(nBins)
  const colMel = new Int32Array(nBins).fill(-1)
  const colA = new Float64Array(nBins)
  const colB = new Float64Array(nBins)
  for (let m = 0; m < nMels; m++) {
    let sum = 0
    for (let k = fb.start[m]; k < fb.end[m]; k++) {
      const w = fb.weights[m * nBins + k]
      sum += w
      if (w === 0) continue
      covered[k] = 1
      if (colMel[k] < 0) {
        colMel[k] = m
        colA[k] = w
      } else if (colMel[k] === m - 1 && colB[k] === 0) {
        colB[k] = w
      } else {
        // Impossible for a slaney filterbank with increasing centres: filter m covers (hz[m], hz[m+2]).
        throw new EngineError(`features: mel bin ${k} is seen by more than two adjacent filters`, 'BAD_MODEL')
      }
    }
    logGain[m] = Math.log(Math.max(sum, 1e-30))
  }
  for (let k = 0; k < nBins; k++) if (colMel[k] < 0) colMel[k] = 0
  let kLo = 0
  while (kLo < nBins && !covered[kLo]) kLo++
  let kHi = nBins
  while (kHi > kLo && !covered[kHi - 1]) kHi--
  const centre = fb.centreHz.map((hz) => (hz * spec.nFft) / spec.sampleRate) // in bins
  const lower = new Int32Array(nBins)
  const frac = new Float64Array(nBins)
  let m = 0
  for (let k = 0; k < nBins; k++) {
    while (m + 1 < nMels - 1 && centre[m + 1] <= k) m++
    lower[k] = m
    const span = m + 1 < nMels ? centre[m + 1] - centre[m] : 0
    frac[k] = span > 0 ? Math.min(1, Math.max(0, (k - centre[m]) / span)) : 0
  }
  const seg = new Int32Array(nMels + 1)
  for (let m = 0, k = kLo; m <= nMels; m++) {
    while (k < kHi && colMel[k] < m) k++
    seg[m] = k
  }
  seg[nMels] = kHi
  const plain = (a: Float64Array | Int32Array) => Array.from(a, (v) => v)
  inv = {
    nMels,
    nBins,
    logGain: plain(logGain),
    lower: plain(lower),
    frac: plain(frac),
    colMel: plain(colMel),
    colA: plain(colA),
    colB: plain(colB),
    seg: plain(seg),
    kLo,
    kHi,
  }
  inversions.set(key, inv)
  return inv
}

/**
 * Linear magnitude [T, nBins] (row-major, nBins = nFft/2 + 1, frames of the spec's centred STFT) →
 * audio of T·hop samples: initial phase (PGHI or seeded random), then `iterations` of fast
 * Griffin-Lim. Sample n aligns with sample n of the analysed signal. Deterministic.
 */
export function magnitudeToAudio(mag: Float64Array, frames: number, spec: FeatureSpec, opts: GriffinLimOptions = {}): Float32Array {
  checkSpec(spec)
  const o = resolveOptions(opts)
  const nBins = (spec.nFft >> 1) + 1
  if (!Number.isInteger(frames) || frames < 0 || mag.length !== frames * nBins) {
    throw new EngineError(`magnitudeToAudio: ${mag.length} values is not ${frames} frames of ${nBins} bins`, 'INTERNAL')
  }
  if (frames === 0) return new Float32Array(0)
  return griffinLim(mag, frames, spec, o.iterations, o.momentum, o.init)
}

/**
 * Fast Griffin-Lim (librosa's formulation): rebuilt = STFT(ISTFT(X)); X = mag · unit(rebuilt −
 * α/(1+α)·previous rebuilt). mag is [T, nBins] row-major. Each frame's new X is inverse-transformed
 * and overlap-added into the next iteration's buffer as soon as it is known, so X itself is never
 * stored. The buffers hold the signal in padded coordinates (sample n at n + nFft/2), already divided
 * by the summed squared window, so interior frames are analysed straight from them, the window
 * multiply fused into the FFT's input pass; only the first and last few frames need the reflection.
 */
function griffinLim(target: Float64Array, frames: number, spec: FeatureSpec, iterations: number, momentum: number, init: 'pghi' | 'random'): Float32Array {
  const { nFft, hop } = spec
  const nBins = (nFft >> 1) + 1
  const mag = withoutSubsonic(target, frames, nBins, spec)
  const pad = nFft >> 1
  const length = frames * hop
  const olaLen = nFft + hop * (frames - 1)
  const c = momentum / (1 + momentum)
  const useMomentum = c > 0 && iterations > 1
  const w: GlWork = {
    fft: realFft(nFft),
    window: analysisWindow(spec),
    mag,
    frames,
    hop,
    inv: inverseWindowSum(analysisWindow(spec), frames, hop),
    prevRe: new Float64Array(useMomentum ? frames * nBins : 0),
    prevIm: new Float64Array(useMomentum ? frames * nBins : 0),
    frame: new Float64Array(nFft),
    re: new Float64Array(nBins),
    im: new Float64Array(nBins),
  }
  let cur = new Float64Array(olaLen)
  let next = new Float64Array(olaLen)
  const phase =
    init === 'pghi' ? pghiPhase(mag, frames, nBins, hop, hannGamma(spec.win), { seed: PHASE_SEED }) : randomPhase(frames * nBins)
  synthesise(w, phase, cur)
  for (let it = 0; it < iterations; it++) {
    iterate(w, cur, next, useMomentum ? c : 0)
    const done = cur
    cur = next
    next = done
  }
  return new Float32Array(cur.subarray(pad, pad + length))
}

/**
 * Bins centred below this carry nothing of speech (a deep voice's F0 is above 50 Hz); a magnitude there
 * is rumble or the model's guess. At 40 Hz a LibriVox fill's sub-40 Hz level came out 4 dB under the
 * recording's; at 25 Hz it was 8 dB over it (the 31 Hz bin's tone).
 */
export const SUBSONIC_HZ = 40

/**
 * The magnitude with its bins below SUBSONIC_HZ (at 16 kHz / 1024: 0, 15.6 and 31.3 Hz) zeroed, as a
 * copy. The phase reconstruction gives such a bin one phase across frames (PGHI's phase
 * advance there is ~0), so a magnitude the model puts there, which in the recording was incoherent
 * rumble, came out as a coherent DC swell: +0.1 over a fill, a thump at each edge, and the level match
 * then turned the speech down 8 dB to pay for it.
 */
export function withoutSubsonic(mag: Float64Array, frames: number, nBins: number, spec: Pick<FeatureSpec, 'sampleRate' | 'nFft'>): Float64Array {
  const cut = Math.min(nBins, Math.ceil((SUBSONIC_HZ * spec.nFft) / spec.sampleRate))
  if (cut <= 0) return mag
  const out = Float64Array.from(mag)
  for (let t = 0; t < frames; t++) out.fill(0, t * nBins, t * nBins + cut)
  return out
}

/** What the Griffin-Lim passes share. */
interface GlWork {
  fft: RealFft
  window: Float64Array
  /** Target magnitude [frames, nBins]. */
  mag: Float64Array
  frames: number
  hop: number
  /** 1 / summed squared window over the overlap-add buffer. */
  inv: Float64Array
  /** The previous iteration's re-analysed spectrum [frames, nBins] (empty without momentum). */
  prevRe: Float64Array
  prevIm: Float64Array
  /** Scratch: one frame, one spectrum. */
  frame: Float64Array
  re: Float64Array
  im: Float64Array
}

/** 2π·uniform phases from the fixed seed (the original initialisation). */
function randomPhase(n: number): Float64Array {
  const rand = mulberry32(PHASE_SEED)
  const phase = new Float64Array(n)
  for (let i = 0; i < n; i++) phase[i] = 2 * Math.PI * rand()
  return phase
}

/** out ← normalised ISTFT of mag · e^{i·phase}. */
function synthesise(w: GlWork, phase: Float64Array, out: Float64Array): void {
  const { fft, window, mag, frames, hop, re, im } = w
  const nBins = re.length
  for (let t = 0; t < frames; t++) {
    const o = t * nBins
    for (let k = 0; k < nBins; k++) {
      re[k] = mag[o + k] * Math.cos(phase[o + k])
      im[k] = mag[o + k] * Math.sin(phase[o + k])
    }
    fft.inverseAdd(re, im, window, out, t * hop)
  }
  normalise(out, w.inv)
}

function normalise(buf: Float64Array, inv: Float64Array): void {
  for (let p = 0; p < buf.length; p++) buf[p] *= inv[p]
}

/** One (fast) Griffin-Lim iteration: next ← normalised ISTFT of the projected STFT of cur. c = α/(1+α), or 0. */
function iterate(w: GlWork, cur: Float64Array, next: Float64Array, c: number): void {
  const { fft, window, mag, frames, hop, prevRe, prevIm, frame, re, im } = w
  const nFft = window.length
  const nBins = re.length
  const pad = nFft >> 1
  const length = frames * hop
  // Frames t < tIn or t >= tOut reach past the signal and read its reflection.
  const tIn = Math.ceil(pad / hop)
  const tOut = Math.max(tIn, Math.floor((length + pad - nFft) / hop) + 1)
  next.fill(0)
  for (let t = 0; t < frames; t++) {
    if (t >= tIn && t < tOut) {
      fft.forwardWindowed(cur, t * hop, window, re, im)
    } else {
      const start = t * hop - pad
      for (let i = 0; i < nFft; i++) frame[i] = window[i] * cur[reflectIndex(start + i, length) + pad]
      fft.forward(frame, re, im)
    }
    const o = t * nBins
    if (c > 0) {
      for (let k = 0; k < nBins; k++) {
        const r = re[k]
        const i = im[k]
        const ar = r - c * prevRe[o + k]
        const ai = i - c * prevIm[o + k]
        prevRe[o + k] = r
        prevIm[o + k] = i
        const g = mag[o + k] / (Math.sqrt(ar * ar + ai * ai) + 1e-16)
        re[k] = ar * g
        im[k] = ai * g
      }
    } else {
      for (let k = 0; k < nBins; k++) {
        const r = re[k]
        const i = im[k]
        const g = mag[o + k] / (Math.sqrt(r * r + i * i) + 1e-16)
        re[k] = r * g
        im[k] = i * g
      }
    }
    fft.inverseAdd(re, im, window, next, t * hop)
  }
  normalise(next, w.inv)
}

/**
 * 1 / Σ_t window²[n − t·hop] over the overlap-add buffer (0 where no window reaches). Away from the
 * ends every position is covered by the same windows, so the sum repeats with period hop there and
 * only the first and last nFft positions are summed frame by frame.
 */
function inverseWindowSum(window: Float64Array, frames: number, hop: number): Float64Array {
  const nFft = window.length
  const len = nFft + hop * (frames - 1)
  const sum = new Float64Array(len)
  const edge = Math.min(len, nFft)
  const tEdge = Math.min(frames, Math.ceil(nFft / hop) + 1)
  // Frames that reach the first or last `edge` positions: the first and last tEdge ones.
  for (let t = 0; t < frames; t++) {
    if (t >= tEdge && t < frames - tEdge) t = frames - tEdge
    for (let i = 0; i < nFft; i++) {
      const p = t * hop + i
      if (p < edge || p >= len - edge) sum[p] += window[i] * window[i]
    }
  }
  if (len > 2 * edge) {
    // Position p in [edge, len - edge) sees frames t with 0 ≤ p − t·hop < nFft, all of which exist.
    const period = new Float64Array(hop)
    for (let r = 0; r < hop; r++) {
      for (let i = r; i < nFft; i += hop) period[r] += window[i] * window[i]
    }
    for (let p = edge; p < len - edge; p++) sum[p] = period[p % hop]
  }
  for (let n = 0; n < len; n++) sum[n] = sum[n] > 1e-10 ? 1 / sum[n] : 0
  return sum
}

/**
 * Spectral convergence ‖|S_ref| − |S_est|‖_F / ‖|S_ref|‖_F over the spec's STFT of the common
 * length of both signals. 0 for two silent signals; Infinity when only the reference is silent.
 */
export function spectralConvergence(ref: Float32Array, est: Float32Array, spec: FeatureSpec): number {
  checkSpec(spec)
  const n = Math.min(ref.length, est.length)
  const a = ref.subarray(0, n)
  const b = est.subarray(0, n)
  const window = analysisWindow(spec)
  const fft = realFft(spec.nFft)
  const nBins = (spec.nFft >> 1) + 1
  const frame = new Float64Array(spec.nFft)
  const re = new Float64Array(nBins)
  const im = new Float64Array(nBins)
  const magA = new Float64Array(nBins)
  let diff = 0
  let total = 0
  for (let t = 0; t < frameCount(n, spec.hop); t++) {
    windowedFrame(a, t, spec.hop, window, frame)
    fft.forward(frame, re, im)
    for (let k = 0; k < nBins; k++) magA[k] = Math.hypot(re[k], im[k])
    windowedFrame(b, t, spec.hop, window, frame)
    fft.forward(frame, re, im)
    for (let k = 0; k < nBins; k++) {
      const d = magA[k] - Math.hypot(re[k], im[k])
      diff += d * d
      total += magA[k] * magA[k]
    }
  }
  if (total === 0) return diff === 0 ? 0 : Infinity
  return Math.sqrt(diff / total)
}
