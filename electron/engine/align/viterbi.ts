// Viterbi forced alignment over per-frame log posteriors. Pure: typed arrays in, segments out.
//
// The transcript is a left-to-right chain of items (a word's phones, a pause, a "filler" that
// stands for any speech). Optional items may be skipped; every phone lasts at least `minFrames`
// frames (a chain of sub-states, the last of which loops). A filler emits the best phone of each
// frame (the free phone loop) minus a per-frame penalty, so it only takes frames that the required
// items cannot explain.

/** One link of the chain. `phones` are ids into the posterior's columns; a filler has none. */
export interface AlignItem {
  kind: 'word' | 'pause' | 'filler'
  phones: number[]
  optional: boolean
  /** the caller's index (a word's position in the transcript), carried into the result */
  ref: number
}

export interface ViterbiOptions {
  /** shortest phone, in frames (default 2: 32 ms at 16 kHz / 256) */
  minFrames?: number
  /** shortest pause, in frames (default 3) */
  minPauseFrames?: number
  /** log-probability charged per frame of filler (default 1) */
  fillerPenalty?: number
  /** let the path end inside the chain (after any item), for chunked alignment of long audio */
  openEnd?: boolean
  /** log-probability charged for each optional item taken (default 0) */
  optionalPenalty?: number
}

/** A phone (or pause, or filler stretch) the best path went through: frames [start, end). */
export interface Segment {
  item: number
  /** position in the item's phones (0 for pause and filler) */
  phone: number
  /** the phone id, or -1 for a filler */
  id: number
  start: number
  end: number
  /** sum of log posteriors of `id` over the segment (a filler's: the free loop's, without penalty) */
  score: number
}

export interface ViterbiResult {
  segments: Segment[]
  /** total path log-probability (penalties included) */
  logProb: number
  /** index of the last item the path reached */
  lastItem: number
}

/** Per-frame best log posterior over `ids` (or over columns from 1 on, id 0 being "no phone"). */
export function freeLoop(logp: Float32Array, frames: number, nPhones: number): Float32Array {
  const out = new Float32Array(frames)
  for (let t = 0; t < frames; t++) {
    let best = -Infinity
    const row = t * nPhones
    for (let p = 1; p < nPhones; p++) if (logp[row + p] > best) best = logp[row + p]
    out[t] = best
  }
  return out
}

interface Chain {
  /** per sub-state: emitting id (-1 filler), item, phone index, last sub-state of its phone */
  id: Int32Array
  item: Int32Array
  phone: Int32Array
  loops: Uint8Array
  /** predecessors (other than itself) of each sub-state: preds[predStart[s] .. predStart[s+1]) */
  predStart: Int32Array
  preds: Int32Array
  /** extra log-probability for entering the sub-state (optional items) */
  enter: Float32Array
  canStart: Uint8Array
  canEnd: Uint8Array
}

function buildChain(items: readonly AlignItem[], opts: Required<ViterbiOptions>): Chain {
  const ids: number[] = []
  const itemOf: number[] = []
  const phoneOf: number[] = []
  const loops: number[] = []
  const first: number[] = [] // first sub-state of each item
  const last: number[] = [] // last sub-state of each item
  items.forEach((it, i) => {
    first.push(ids.length)
    const units = it.kind === 'filler' ? [-1] : it.phones
    if (!units.length) throw new Error(`align item ${i} (${it.kind}) has no phones`)
    units.forEach((id, k) => {
      const min = it.kind === 'word' ? opts.minFrames : it.kind === 'pause' ? opts.minPauseFrames : 1
      for (let d = 0; d < min; d++) {
        ids.push(id)
        itemOf.push(i)
        phoneOf.push(k)
        loops.push(d === min - 1 ? 1 : 0)
      }
    })
    last.push(ids.length - 1)
  })
  const S = ids.length
  const predLists: number[][] = Array.from({ length: S }, () => [])
  const enter = new Float32Array(S)
  const canStart = new Uint8Array(S)
  const canEnd = new Uint8Array(S)
  for (let s = 1; s < S; s++) if (itemOf[s] === itemOf[s - 1]) predLists[s].push(s - 1)
  items.forEach((it, i) => {
    const f = first[i]
    if (it.optional) enter[f] = -opts.optionalPenalty
    // Entered from the end of the previous item, or of an earlier one when everything between is optional.
    let allOptionalBefore = true
    for (let j = i - 1; j >= 0; j--) {
      predLists[f].push(last[j])
      if (!items[j].optional) {
        allOptionalBefore = false
        break
      }
    }
    if (allOptionalBefore) canStart[f] = 1
  })
  for (let i = items.length - 1; i >= 0; i--) {
    canEnd[last[i]] = 1
    if (!items[i].optional && !opts.openEnd) break
  }
  if (opts.openEnd) for (const l of last) canEnd[l] = 1
  const predStart = new Int32Array(S + 1)
  for (let s = 0; s < S; s++) predStart[s + 1] = predStart[s] + predLists[s].length
  const preds = new Int32Array(predStart[S])
  predLists.forEach((l, s) => preds.set(l, predStart[s]))
  return {
    id: Int32Array.from(ids),
    item: Int32Array.from(itemOf),
    phone: Int32Array.from(phoneOf),
    loops: Uint8Array.from(loops),
    predStart,
    preds,
    enter,
    canStart,
    canEnd,
  }
}

/** Fewest frames a chain needs: every required item at its minimum length. */
export function minimumFrames(items: readonly AlignItem[], opts: ViterbiOptions = {}): number {
  const o = withDefaults(opts)
  return items.reduce((n, it) => {
    if (it.optional) return n
    return n + (it.kind === 'filler' ? 1 : it.phones.length * (it.kind === 'word' ? o.minFrames : o.minPauseFrames))
  }, 0)
}

function withDefaults(opts: ViterbiOptions): Required<ViterbiOptions> {
  return {
    minFrames: opts.minFrames ?? 2,
    minPauseFrames: opts.minPauseFrames ?? 3,
    fillerPenalty: opts.fillerPenalty ?? 1,
    openEnd: opts.openEnd ?? false,
    optionalPenalty: opts.optionalPenalty ?? 0,
  }
}

/**
 * Best path of `items` through log posteriors `logp` ([frames × nPhones], row-major). Returns null
 * when no path exists (the audio is shorter than the chain's minimum).
 */
export function viterbi(logp: Float32Array, frames: number, nPhones: number, items: readonly AlignItem[], options: ViterbiOptions = {}): ViterbiResult | null {
  if (logp.length !== frames * nPhones) throw new Error(`logp has ${logp.length} values, expected ${frames} × ${nPhones}`)
  if (!items.length || frames === 0) return null
  const opts = withDefaults(options)
  const c = buildChain(items, opts)
  const S = c.id.length
  const free = freeLoop(logp, frames, nPhones)
  const emit = (s: number, t: number) => (c.id[s] < 0 ? free[t] - opts.fillerPenalty : logp[t * nPhones + c.id[s]])

  // Backpointers: 0 = stayed, k = came from the k-th predecessor (a few per state at most).
  const back = new Uint8Array(S * frames)
  let prev = new Float64Array(S).fill(-Infinity)
  let cur = new Float64Array(S)
  for (let s = 0; s < S; s++) if (c.canStart[s]) prev[s] = c.enter[s] + emit(s, 0)
  for (let t = 1; t < frames; t++) {
    const row = t * S
    for (let s = 0; s < S; s++) {
      let best = c.loops[s] ? prev[s] : -Infinity
      let from = 0
      for (let k = c.predStart[s]; k < c.predStart[s + 1]; k++) {
        const v = prev[c.preds[k]] + c.enter[s]
        if (v > best) {
          best = v
          from = k - c.predStart[s] + 1
        }
      }
      cur[s] = best === -Infinity ? -Infinity : best + emit(s, t)
      back[row + s] = from
    }
    ;[prev, cur] = [cur, prev]
  }
  let end = -1
  for (let s = 0; s < S; s++) if (c.canEnd[s] && prev[s] > -Infinity && (end < 0 || prev[s] > prev[end])) end = s
  if (end < 0) return null

  // Trace back, then merge runs of sub-states of the same phone into segments.
  const path = new Int32Array(frames)
  let s = end
  for (let t = frames - 1; t >= 0; t--) {
    path[t] = s
    if (t === 0) break
    const from = back[t * S + s]
    if (from) s = c.preds[c.predStart[s] + from - 1]
  }
  const segments: Segment[] = []
  for (let t = 0; t < frames; t++) {
    const st = path[t]
    const lastSeg = segments[segments.length - 1]
    const value = c.id[st] < 0 ? free[t] : logp[t * nPhones + c.id[st]]
    if (lastSeg && lastSeg.item === c.item[st] && lastSeg.phone === c.phone[st]) {
      lastSeg.end = t + 1
      lastSeg.score += value
    } else {
      segments.push({ item: c.item[st], phone: c.phone[st], id: c.id[st], start: t, end: t + 1, score: value })
    }
  }
  return { segments, logProb: prev[end], lastItem: c.item[end] }
}
