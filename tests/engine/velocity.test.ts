import { describe, expect, it } from 'vitest'
import type { OnnxSession } from '../../electron/engine/onnx'
import { firstNonFinite, velocityFn } from '../../electron/engine/velocity'

/** A session whose graph answers with `value` everywhere (damaged weights give NaN this way). */
function answering(value: number): OnnxSession {
  return {
    run: async (feeds: Record<string, { dims: readonly number[] }>) => {
      const dims = [...feeds.x.dims]
      return { v: { data: new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(value), dims } }
    },
  } as unknown as OnnxSession
}

describe('velocityFn', () => {
  const win = { cond: new Float32Array(4 * 3), phones: new BigInt64Array(4), frames: 4, nMels: 3 }

  it('combines the guided rows of a healthy graph', async () => {
    const v = await velocityFn(answering(0.5), win, 2)(new Float32Array(12), 0.25)
    expect(Array.from(v)).toEqual(new Array(12).fill(0.5))
  })

  it('refuses a NaN or infinite output with the time and shape, instead of sampling silence', async () => {
    await expect(velocityFn(answering(NaN), win, 2)(new Float32Array(12), 0.25)).rejects.toMatchObject({
      code: 'BAD_MODEL',
      message: 'the model\'s velocity graph returned NaN (at t = 0.250, output [2, 4, 3] index 0): its weights may be damaged',
    })
    await expect(velocityFn(answering(Infinity), win, 0)(new Float32Array(12), 0)).rejects.toThrow(/returned Infinity/)
  })

  it('firstNonFinite finds the first NaN or ±Infinity', () => {
    expect(firstNonFinite(Float32Array.of(0, 1, -2))).toBe(-1)
    expect(firstNonFinite(Float32Array.of(0, -Infinity, NaN))).toBe(1)
  })
})
