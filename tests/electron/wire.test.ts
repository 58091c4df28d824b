// WebSocket frames carry typed arrays as raw bytes and come back identical.
import { describe, expect, it } from 'vitest'
import { decodeFrame, encodeFrame } from '../../electron/shared/wire'

describe('wire frames', () => {
  it('round-trips nested typed arrays, Buffers and plain JSON', () => {
    const pcm = [new Float32Array([0.5, -1, 1e-7, Number.MAX_VALUE]), new Float32Array(3)]
    const value = {
      t: 'reply',
      id: 7,
      envelope: { ok: true, value: { channels: pcm, bytes: Buffer.from([1, 2, 3]), odd: new Int16Array([-3, 4, 5]), name: 'é', n: null } },
    }
    const back = decodeFrame(encodeFrame(value)) as typeof value
    expect(back.envelope.value.channels[0]).toBeInstanceOf(Float32Array)
    expect(back.envelope.value.channels).toEqual(pcm)
    expect(back.envelope.value.bytes).toEqual(new Uint8Array([1, 2, 3]))
    expect(back.envelope.value.odd).toEqual(new Int16Array([-3, 4, 5]))
    expect(back.envelope.value.name).toBe('é')
    expect(back.envelope.value.n).toBeNull()
  })

  it('stores PCM as bytes, not as JSON numbers', () => {
    const big = new Float32Array(100_000).fill(0.123456789)
    const frame = encodeFrame({ pcm: big })
    expect(frame.byteLength).toBeLessThan(big.byteLength + 200)
  })

  it('decodes frames whose bytes sit at an odd offset of a larger buffer', () => {
    const frame = encodeFrame({ x: new Float64Array([Math.PI]) })
    const shifted = new Uint8Array(frame.length + 3)
    shifted.set(frame, 3)
    expect(decodeFrame(shifted.subarray(3))).toEqual({ x: new Float64Array([Math.PI]) })
  })

  it('rejects foreign and truncated frames', () => {
    expect(() => decodeFrame(new TextEncoder().encode('{"t":"call"}'))).toThrow('not a voicefill frame')
    const frame = encodeFrame({ x: new Float32Array(10) })
    expect(() => decodeFrame(frame.subarray(0, frame.length - 16))).toThrow('truncated')
  })
})
