// Phase Gradient Heap Integration (Průša, Balazs & Søndergaard 2017, "A noniterative method for
// reconstruction of phase from STFT magnitude"; ltfat pghi.m): a phase for an STFT magnitude, found
// without iterating. For a Gaussian window exp(−π t²/γ) (t in samples) the STFT phase gradient is a
// function of the log-magnitude gradient:
//   time derivative (per hop):  φ_t = (a·M/γ) · ∂_m log s + 2π·a·m/M  (instantaneous frequency)
//   frequency derivative (per bin): φ_m = −(γ/(a·M)) · ∂_n log s       (minus the group delay)
// with hop a, FFT size M, frame n and bin m, phase referred to the window centre ("time-invariant"
// convention). A Hann window of length L is close to the Gaussian with γ = 0.25645·L². The phase is
// then integrated (trapezoidal rule) outward from the loudest coefficient, always continuing from the
// loudest coefficient already reached, so that the phase spreads along ridges of the spectrogram where
// the gradient estimate is reliable. Coefficients below tol · max stay random (seeded).

/** γ of the Gaussian closest to a Hann window of `win` samples (Průša et al. 2017, Table 1). */
export function hannGamma(win: number): number {
  return 0.25645 * win * win
}

export interface PghiOptions {
  /** Coefficients below tol · max(mag) get a random phase and are not integrated through. */
  tol?: number
  /** Seed of the random phases of those coefficients. */
  seed?: number
}

/** Log-magnitudes more than this far below the maximum are clamped there before differentiating (ltfat). */
const LOG_RANGE = 11
/** Width of a priority bucket in ln-magnitude: the heap order is exact to within this. */
const BUCKET = 1 / 64

/**
 * Phase [T, nBins] (row-major, radians) for the magnitude `mag` [T, nBins] of a real STFT with FFT
 * size M = 2·(nBins − 1), hop a and a window of Gaussian width γ centred in the frame (at sample
 * M/2), in the convention of a plain FFT of each frame: multiply by e^{iφ} and inverse-transform.
 * Deterministic. Non-finite or negative magnitudes count as zero.
 */
export function pghiPhase(
  mag: Float64Array,
  frames: number,
  nBins: number,
  hop: number,
  gamma: number,
  opts: PghiOptions = {},
): Float64Array {
  const N = frames * nBins
  if (mag.length !== N) throw new RangeError(`pghiPhase: mag has ${mag.length} values, expected ${frames} × ${nBins}`)
  const tol = opts.tol ?? 1e-5
  const phase = new Float64Array(N)
  const rand = mulberry32(opts.seed ?? 0x9e3779b9)
  let maxMag = 0
  for (let i = 0; i < N; i++) if (mag[i] > maxMag && mag[i] < Infinity) maxMag = mag[i]
  if (!(maxMag > 0)) {
    for (let i = 0; i < N; i++) phase[i] = 2 * Math.PI * rand()
    return phase
  }
  // Working arrays use rows of S = nBins + 1: the extra, never usable coefficient at the end of each
  // row stops frequency neighbours from wrapping into the next frame without a bounds test.
  const NS = frames * (nBins + 1)
  const logs = new Float32Array(NS)
  // 0 = below tolerance (random phase), 1 = waiting, 2 = phase known.
  const state = new Uint8Array(NS)
  const bucket = new Uint16Array(NS)
  const count = new Int32Array(N_BUCKETS + 1)
  logMagnitudes(mag, frames, nBins, maxMag, tol, logs, state, bucket, count)
  const grad = phaseGradients(logs, frames, nBins, hop, gamma)
  const seeds = sortByBucket(state, bucket, count)
  const work = integrate(grad, state, bucket, seeds, nBins + 1)
  // Unintegrated coefficients get random phases; a window centred at M/2 instead of 0 adds π·m to
  // the FFT phase of bin m. Phases are wrapped to [−π, π].
  const twoPi = 2 * Math.PI
  for (let n = 0; n < frames; n++) {
    for (let m = 0; m < nBins; m++) {
      const w = n * (nBins + 1) + m
      let v = state[w] === 2 ? work[w] : twoPi * rand()
      if (m & 1) v += Math.PI
      phase[n * nBins + m] = v - twoPi * Math.round(v * (1 / twoPi))
    }
  }
  return phase
}

/** Priority buckets: ln-magnitude below the maximum in steps of BUCKET, 0 = loudest. */
const N_BUCKETS = Math.ceil(LOG_RANGE / BUCKET) + 1

/**
 * logs ← ln|s| clamped to [max − LOG_RANGE, max] (padded rows); state ← 1 where |s| ≥ tol · max;
 * bucket ← priority of those; count[b + 1] ← how many fall in bucket b.
 */
function logMagnitudes(
  mag: Float64Array,
  frames: number,
  nBins: number,
  maxMag: number,
  tol: number,
  logs: Float32Array,
  state: Uint8Array,
  bucket: Uint16Array,
  count: Int32Array,
): void {
  const S = nBins + 1
  const maxLog = Math.log(maxMag)
  const floorLog = maxLog - LOG_RANGE
  const floorMag = Math.exp(floorLog)
  const minMag = Math.max(tol * maxMag, Number.MIN_VALUE)
  for (let n = 0; n < frames; n++) {
    for (let m = 0; m < nBins; m++) {
      const i = n * nBins + m
      const j = n * S + m
      const v = mag[i]
      const l = !(v > floorMag) ? floorLog : !(v < maxMag) ? maxLog : Math.log(v)
      logs[j] = l
      if (v >= minMag && v < Infinity) {
        state[j] = 1
        const b = Math.min(N_BUCKETS - 1, ((maxLog - l) * (1 / BUCKET)) | 0)
        bucket[j] = b
        count[b + 1]++
      }
    }
  }
}

/**
 * Phase gradients from the log-magnitude (padded rows): centred differences, one-sided at the first
 * and last frame, zero across DC and Nyquist (the magnitude is symmetric there). Interleaved
 * [φ_t, φ_m] per coefficient, since the integration reads them together.
 */
function phaseGradients(logs: Float32Array, frames: number, nBins: number, hop: number, gamma: number): Float32Array {
  const S = nBins + 1
  const M = 2 * (nBins - 1)
  const tScale = (hop * M) / gamma
  const fScale = -gamma / (hop * M)
  const binAdvance = (2 * Math.PI * hop) / M
  const grad = new Float32Array(2 * frames * S)
  for (let n = 0; n < frames; n++) {
    const o = n * S
    const prev = n > 0 ? o - S : o
    const next = n + 1 < frames ? o + S : o
    const fs = next === prev ? 0 : next - prev > S ? 0.5 * fScale : fScale
    for (let m = 0; m < nBins; m++) {
      const dm = m > 0 && m < nBins - 1 ? 0.5 * (logs[o + m + 1] - logs[o + m - 1]) : 0
      grad[2 * (o + m)] = tScale * dm + binAdvance * m
      grad[2 * (o + m) + 1] = fs * (logs[next + m] - logs[prev + m])
    }
  }
  return grad
}

/** The coefficients with state 1, loudest bucket first and in index order within a bucket. */
function sortByBucket(state: Uint8Array, bucket: Uint16Array, count: Int32Array): Int32Array {
  for (let b = 0; b < N_BUCKETS; b++) count[b + 1] += count[b]
  const sorted = new Int32Array(count[N_BUCKETS])
  for (let i = 0; i < state.length; i++) if (state[i] === 1) sorted[count[bucket[i]]++] = i
  return sorted
}

/**
 * The heap integration: from each seed not yet reached (loudest first), spread the phase to the
 * four neighbours by the trapezoidal rule, always continuing from the loudest coefficient reached so
 * far. A bucket queue (one LIFO list per priority bucket) stands in for the heap: O(1) per push and
 * pop instead of O(log N). Returns the phases (padded rows; valid where state ends up 2).
 */
function integrate(grad: Float32Array, state: Uint8Array, bucket: Uint16Array, seeds: Int32Array, S: number): Float64Array {
  const NS = state.length
  const work = new Float64Array(NS)
  const head = new Int32Array(N_BUCKETS).fill(-1)
  const link = new Int32Array(NS)
  let top = N_BUCKETS // the loudest non-empty bucket; N_BUCKETS = empty queue
  for (let s = 0; s < seeds.length; s++) {
    const seed = seeds[s]
    if (state[seed] !== 1) continue
    work[seed] = 0
    state[seed] = 2
    let b = bucket[seed]
    link[seed] = head[b]
    head[b] = seed
    top = b
    while (top < N_BUCKETS) {
      const i = head[top]
      head[top] = link[i]
      while (top < N_BUCKETS && head[top] < 0) top++
      const p = work[i]
      const ti = grad[2 * i]
      const fi = grad[2 * i + 1]
      // Next and previous frame (time gradient), next and previous bin (frequency gradient).
      let j = i + S
      if (j < NS && state[j] === 1) {
        work[j] = p + 0.5 * (ti + grad[2 * j])
        state[j] = 2
        b = bucket[j]
        link[j] = head[b]
        head[b] = j
        if (b < top) top = b
      }
      j = i - S
      if (j >= 0 && state[j] === 1) {
        work[j] = p - 0.5 * (ti + grad[2 * j])
        state[j] = 2
        b = bucket[j]
        link[j] = head[b]
        head[b] = j
        if (b < top) top = b
      }
      j = i + 1
      if (state[j] === 1) {
        work[j] = p + 0.5 * (fi + grad[2 * j + 1])
        state[j] = 2
        b = bucket[j]
        link[j] = head[b]
        head[b] = j
        if (b < top) top = b
      }
      j = i - 1
      if (j >= 0 && state[j] === 1) {
        work[j] = p - 0.5 * (fi + grad[2 * j + 1])
        state[j] = 2
        b = bucket[j]
        link[j] = head[b]
        head[b] = j
        if (b < top) top = b
      }
    }
  }
  return work
}

/** Small fast seeded PRNG (mulberry32) → uniform [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
