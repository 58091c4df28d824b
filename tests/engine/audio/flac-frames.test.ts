import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import audioDecode from 'audio-decode'
import { flacDamage, frameHeaderAt, nextFrameIn, readStreamInfo, repairFlac, tailStream } from '../../../electron/engine/audio/flac-frames'
import { memoryReader } from '../../../electron/engine/audio/wav-format'

// speech-16k.flac: tests/fixtures/make-audio-fixtures.sh (33,360 samples of 16 kHz mono speech).
const b = new Uint8Array(readFileSync(join(__dirname, '../../fixtures/audio/speech-16k.flac')))
const info = readStreamInfo(b)!
const decode = async (x: Uint8Array) => (await audioDecode(x)).channelData

/** Every frame header in the file, in byte order. */
function headers(bytes: Uint8Array) {
  const out: { offset: number; sample: number; block: number }[] = []
  for (let p = 0; p < bytes.length; p++) {
    const h = frameHeaderAt(bytes, p, info)
    if (h) out.push({ offset: p, ...h })
  }
  return out
}

describe('FLAC frame headers', () => {
  it('reads STREAMINFO', () => {
    expect(info).toMatchObject({ rate: 16000, channels: 1, bits: 16, frames: 33360 })
    expect(info.maxBlock).toBeGreaterThanOrEqual(info.minBlock)
  })

  it('finds each frame at its sample number and nothing else', () => {
    const hs = headers(b)
    expect(hs.length).toBe(Math.ceil(info.frames / info.maxBlock))
    hs.forEach((h, i) => expect(h.sample).toBe(i * info.maxBlock))
  })

  it('refuses a sync code whose header CRC-8 does not match', () => {
    const at = headers(b)[1].offset
    const x = b.slice()
    x[at + 4] ^= 0x01 // the frame number: the CRC no longer fits
    expect(frameHeaderAt(x, at, info)).toBeNull()
  })

  it('a tail stream (STREAMINFO + the frames from one on) decodes to the rest of the audio', async () => {
    const whole = (await decode(b))[0]
    const h = headers(b)[3]
    const tail = (await decode(tailStream(b, h.offset)))[0]
    expect(tail.length).toBe(info.frames - h.sample)
    expect(tail).toEqual(whole.subarray(h.sample))
  })
})

describe('repairFlac', () => {
  it('bridges a damaged frame with silence and keeps the timing of what follows', async () => {
    const whole = (await decode(b))[0]
    const hs = headers(b)
    const x = b.slice()
    const hit = hs[2] // damage inside frame 2
    x.fill(0x5a, hit.offset + 20, hit.offset + 60)
    const first = await decode(x)
    expect(first[0].length).toBeLessThan(info.frames) // the decoder stops there
    const r = (await repairFlac(x, info, first, decode))!
    expect(r.places).toBe(1)
    const out = r.channels[0]
    expect(out.length).toBe(info.frames)
    const next = (await nextFrameIn(memoryReader(x), hit.offset + 1, hit.sample, info))!
    expect(next.sample).toBe(hs[3].sample)
    expect(out.subarray(0, first[0].length)).toEqual(whole.subarray(0, first[0].length))
    expect(out.subarray(next.sample)).toEqual(whole.subarray(next.sample)) // after the damage: in place, exact
    expect(out.subarray(first[0].length, next.sample).every((v) => v === 0)).toBe(true)
    expect(r.silenced).toBe(next.sample - first[0].length)
    expect(flacDamage(r, 16000)).toMatch(/^damaged FLAC: 0\.\d\d s could not be decoded at 0:00\.\d and is silent; the audio after it keeps its timing$/)
  })

  it('leaves a file that is only cut short alone', async () => {
    const x = b.subarray(0, b.length >> 1)
    expect(await repairFlac(x, info, await decode(x), decode)).toBeNull()
  })
})
