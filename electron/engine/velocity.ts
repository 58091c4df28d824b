// The network side of one sampling run: a VelocityFn over the velocity graph for a fixed window.
// Feeds are allocated once per run; guidance is one batched B = 2 call (conditional row, then the
// unconditional row with cond and phones zeroed) combined as v_c + w·(v_c − v_u). An ε graph
// (ddpm-epsilon, output `eps`) is driven the same way: ε_c + w·(ε_c − ε_u).
import type { FeedTensor, OnnxSession } from './onnx'
import { combineGuidance, type VelocityFn } from './sampler'
import { EngineError } from './types'

export interface VelocityWindow {
  /** normalised context features, zeros on frames to generate; row-major [frames × nMels] */
  cond: Float32Array
  /** phone ids on frames to generate, 0 elsewhere; [frames] */
  phones: BigInt64Array
  frames: number
  nMels: number
}

export function velocityFn(session: OnnxSession, win: VelocityWindow, guidance: number, output: 'v' | 'eps' = 'v'): VelocityFn {
  const size = win.frames * win.nMels
  const batch = guidance > 0 ? 2 : 1
  const dims3 = [batch, win.frames, win.nMels]
  const x = new Float32Array(batch * size)
  const t = new Float32Array(batch)
  // The unconditional row stays all zeros.
  const cond = new Float32Array(batch * size)
  cond.set(win.cond)
  const phones = new BigInt64Array(batch * win.frames)
  phones.set(win.phones)
  const feeds: Record<string, FeedTensor> = {
    x: { type: 'float32', data: x, dims: dims3 },
    t: { type: 'float32', data: t, dims: [batch] },
    cond: { type: 'float32', data: cond, dims: dims3 },
    phones: { type: 'int64', data: phones, dims: [batch, win.frames] },
  }
  const guided = new Float32Array(size)

  return async (state, time) => {
    x.set(state)
    t[0] = time
    if (batch === 2) {
      x.set(state, size)
      t[1] = time
    }
    const { [output]: v } = await session.run(feeds)
    // Damaged weights (a NaN in a tensor) give NaN everywhere downstream, which the vocoder and level
    // match turn into silence: say so instead of writing a silent fill.
    const bad = firstNonFinite(v.data)
    if (bad >= 0) {
      throw new EngineError(
        `the model's ${output === 'v' ? 'velocity' : 'noise'} graph returned ${v.data[bad]} (at t = ${time.toFixed(3)}, output [${v.dims.join(', ')}] index ${bad}): its weights may be damaged`,
        'BAD_MODEL',
      )
    }
    if (batch === 1) return v.data
    return combineGuidance(v.data.subarray(0, size), v.data.subarray(size), guidance, guided)
  }
}

/** Index of the first NaN or ±Infinity in x, or -1. */
export function firstNonFinite(x: Float32Array): number {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return i
  return -1
}
