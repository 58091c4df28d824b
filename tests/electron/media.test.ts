// The WAV stream behind media URLs: valid header, exact samples, correct HTTP ranges.
import { describe, expect, it } from 'vitest'
import { mediaResponse, parseRange, wavByteLength, type WavStream } from '../../electron/studio/media'

function stream(frames: number, channels: number): WavStream & { reads: number } {
  const s = {
    frames,
    channels,
    sampleRate: 8000,
    reads: 0,
    read: async (a: number, b: number) => {
      s.reads++
      const chans = Array.from({ length: channels }, (_, c) => Float32Array.from({ length: b - a }, (_, i) => ((a + i) % 100) / 100 - c * 0.5))
      return { sampleRate: 8000, startFrame: a, channels: chans }
    },
  }
  return s
}

async function collect(body: AsyncIterable<Uint8Array> | null): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  for await (const p of body ?? []) parts.push(p)
  return Buffer.concat(parts)
}

describe('parseRange', () => {
  it.each([
    [undefined, null],
    ['bytes=0-', { start: 0, end: 999 }],
    ['bytes=100-199', { start: 100, end: 199 }],
    ['bytes=900-5000', { start: 900, end: 999 }],
    ['bytes=-100', { start: 900, end: 999 }],
    ['bytes=1000-', 'unsatisfiable'],
    ['bytes=5-3', 'unsatisfiable'],
    ['bytes=0-1,5-6', null], // multi-range → whole body
    ['items=0-1', null],
  ] as const)('%s', (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected)
  })
})

describe('mediaResponse', () => {
  it('serves the whole file as 16-bit PCM WAV', async () => {
    const s = stream(150_000, 2)
    const res = mediaResponse(s, null)
    expect(res.status).toBe(200)
    const bytes = await collect(res.body)
    expect(bytes.length).toBe(wavByteLength(150_000, 2))
    expect(res.headers['Content-Length']).toBe(String(bytes.length))
    const v = new DataView(bytes.buffer, bytes.byteOffset)
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('RIFF')
    expect(v.getUint16(22, true)).toBe(2)
    expect(v.getUint32(24, true)).toBe(8000)
    // frame 1234, channel 1: (1234 % 100)/100 - 0.5 = -0.16
    expect(v.getInt16(44 + (1234 * 2 + 1) * 2, true)).toBe(Math.round(-0.16 * 32767))
    expect(s.reads).toBe(3) // chunked, not one giant read
  })

  it('serves byte ranges that split frames and the header', async () => {
    const s = stream(1000, 2)
    const whole = await collect(mediaResponse(s, null).body)
    for (const [a, b] of [[0, 10], [40, 51], [47, 3000], [1001, 1001], [3000, 4043]]) {
      const res = mediaResponse(s, `bytes=${a}-${b}`)
      expect(res.status).toBe(206)
      expect(res.headers['Content-Range']).toBe(`bytes ${a}-${b}/${whole.length}`)
      expect(await collect(res.body)).toEqual(whole.subarray(a, b + 1))
    }
    expect(mediaResponse(s, `bytes=${whole.length}-`).status).toBe(416)
  })
})
