import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeAudio } from '../../../electron/engine/audio/decode'
import { encodeWav } from '../../../electron/engine/audio/encode'
import { openAudioSource } from '../../../electron/engine/audio/source'
import { carriedChunks, chunkBytes, type WavChunk } from '../../../electron/engine/audio/wav-meta'
import { writePieces } from '../../../electron/engine/audio/write-pieces'

const text = (s: string) => new TextEncoder().encode(s)
/** A bext body with a time reference (samples since midnight). */
function bext(timeReference: number): Uint8Array {
  const b = new Uint8Array(602)
  b.set(text('Interview take 3'))
  new DataView(b.buffer).setBigUint64(338, BigInt(timeReference), true)
  return b
}
const LIST_INFO: WavChunk = { id: 'LIST', body: text('INFOINAM\x09\x00\x00\x00Interview\x00') }
/** A cue chunk with one point (id 1) at `frame`: dwPosition and dwSampleOffset both say it. */
function cueAt(frame: number): Uint8Array {
  const b = new Uint8Array(4 + 24)
  const dv = new DataView(b.buffer)
  dv.setUint32(0, 1, true)
  dv.setUint32(4, 1, true)
  dv.setUint32(8, frame, true)
  b.set(text('data'), 12)
  dv.setUint32(24, frame, true)
  return b
}
const cueFrame = (body: Uint8Array) => new DataView(body.buffer, body.byteOffset).getUint32(24, true)
const CUE: WavChunk = { id: 'cue ', body: cueAt(6000) }
const ADTL: WavChunk = { id: 'LIST', body: text('adtllabl\x04\x00\x00\x00\x01\x00\x00\x00') }

/** The chunks of a WAV file after its RIFF header, as ids and bodies. */
function chunksOf(b: Uint8Array): WavChunk[] {
  const out: WavChunk[] = []
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  for (let p = 12; p + 8 <= b.length; ) {
    const size = dv.getUint32(p + 4, true)
    out.push({ id: String.fromCharCode(...b.subarray(p, p + 4)), body: b.slice(p + 8, p + 8 + size) })
    p += 8 + size + (size & 1)
  }
  return out
}

describe('carriedChunks', () => {
  it('keeps text and production metadata always, markers only while every sample keeps its time', () => {
    const all = [{ id: 'bext', body: bext(1000) }, LIST_INFO, CUE, ADTL]
    expect(carriedChunks(all, { sameTimeline: true, rateRatio: 1 }).map((c) => c.id)).toEqual(['bext', 'LIST', 'cue ', 'LIST'])
    expect(carriedChunks(all, { sameTimeline: false, rateRatio: 1 })).toEqual([all[0], LIST_INFO])
  })
  it('moves markers with the audio they mark when the timeline changes, and scales them to a new rate', () => {
    const all = [LIST_INFO, CUE, ADTL, { id: 'smpl', body: new Uint8Array(36) }]
    const moved = carriedChunks(all, { sameTimeline: false, rateRatio: 0.5, mapFrame: (f) => f + 1200 })
    expect(moved.map((c) => c.id)).toEqual(['LIST', 'cue ', 'LIST'])
    expect(cueFrame(moved[1].body)).toBe((6000 + 1200) / 2)
    expect(CUE.body).toEqual(cueAt(6000)) // the source's chunk is not changed
  })
  it('rescales bext\'s time reference to a new rate', () => {
    const [b] = carriedChunks([{ id: 'bext', body: bext(48000 * 3600) }], { sameTimeline: false, rateRatio: 44100 / 48000 })
    expect(new DataView(b.body.buffer).getBigUint64(338, true)).toBe(BigInt(44100 * 3600))
  })
  it('writes chunks with RIFF\'s pad byte after an odd body', () => {
    const b = chunkBytes([{ id: 'LIST', body: new Uint8Array(3) }, CUE])
    expect(b.length).toBe(8 + 3 + 1 + 8 + 28)
    expect(String.fromCharCode(...b.subarray(12, 16))).toBe('cue ')
  })
})

describe('an edited WAV keeps its metadata', () => {
  let tmp: string
  let src: string
  const rate = 16000
  const x = Float32Array.from({ length: rate }, (_, i) => Math.round(8000 * Math.sin(i / 9)) / 32768 + 0) // no -0: a WAV has none
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'vf-meta-'))
    const wav = encodeWav({ sampleRate: rate, channels: [x] }, 'pcm16')
    // fmt + data, then bext, LIST/INFO, cue and its labels, as a field recorder might write them.
    const extra = chunkBytes([{ id: 'bext', body: bext(172800000) }, LIST_INFO, CUE, ADTL])
    const file = new Uint8Array(wav.length + extra.length)
    file.set(wav)
    file.set(extra, wav.length)
    new DataView(file.buffer).setUint32(4, file.length - 8, true)
    src = join(tmp, 'in.wav')
    await writeFile(src, file)
  })
  afterAll(() => rm(tmp, { recursive: true, force: true }))

  it('same length: every chunk, samples intact; another length: markers moved with their audio; the file stays valid', async () => {
    const source = await openAudioSource(src)
    const fill = [new Float32Array(800).fill(0.1)]
    const same = join(tmp, 'same.wav')
    await writePieces(same, source, [{ kind: 'source', from: 0, to: 4000 }, { kind: 'pcm', channels: fill }, { kind: 'source', from: 4800, to: rate }], { format: 'pcm16' })
    const longer = join(tmp, 'longer.wav')
    await writePieces(longer, source, [{ kind: 'source', from: 0, to: 4000 }, { kind: 'pcm', channels: [new Float32Array(2000)] }, { kind: 'source', from: 4800, to: rate }], { format: 'pcm16' })
    const plain = join(tmp, 'plain.wav')
    await writePieces(plain, source, [{ kind: 'source', from: 0, to: rate }], { format: 'pcm16', keepMetadata: false })
    await source.close()

    const a = new Uint8Array(await readFile(same))
    expect(chunksOf(a).map((c) => c.id)).toEqual(['fmt ', 'data', 'bext', 'LIST', 'cue ', 'LIST'])
    expect(new DataView(a.buffer).getUint32(4, true)).toBe(a.length - 8)
    expect(new DataView(chunksOf(a)[2].body.buffer).getBigUint64(338, true)).toBe(172800000n)
    const decoded = await decodeAudio(a)
    expect(decoded.warnings).toEqual([])
    expect(decoded.channels[0].subarray(0, 4000)).toEqual(x.subarray(0, 4000))
    expect(decoded.channels[0].subarray(4800)).toEqual(x.subarray(4800))

    // 1200 more frames before the marker at 6000: it moves with its audio, labels and all.
    const b = new Uint8Array(await readFile(longer))
    expect(chunksOf(b).map((c) => c.id)).toEqual(['fmt ', 'data', 'bext', 'LIST', 'cue ', 'LIST'])
    expect(cueFrame(chunksOf(b)[4].body)).toBe(6000 + 1200)
    expect((await decodeAudio(b)).channels[0].length).toBe(rate + 1200)
    expect(chunksOf(new Uint8Array(await readFile(plain))).map((c) => c.id)).toEqual(['fmt ', 'data'])
  })
})

describe('an edited WAVE_FORMAT_EXTENSIBLE file keeps its speaker positions', () => {
  it('writes the source\'s channel mask in every encoding, readable by our decoder, with the samples intact', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'vf-mask-'))
    try {
      // 4 channels, quad (FL FR BL BR = 0x33), as the fixture's fmt chunk says.
      const source = await openAudioSource('tests/fixtures/audio/speech-16k-4ch-extensible.wav')
      expect(source.channelMask).toBe(0x33)
      for (const format of ['pcm16', 'pcm24', 'float32'] as const) {
        const out = join(tmp, `${format}.wav`)
        await writePieces(out, source, [{ kind: 'source', from: 0, to: source.frames }], { format, keepMetadata: false })
        const b = new Uint8Array(await readFile(out))
        const [fmt] = chunksOf(b)
        const dv = new DataView(fmt.body.buffer)
        expect(fmt.id).toBe('fmt ')
        expect(fmt.body.length).toBe(40)
        expect(dv.getUint16(0, true)).toBe(0xfffe)
        expect(dv.getUint16(16, true)).toBe(22) // cbSize
        expect(dv.getUint32(20, true)).toBe(0x33)
        expect(dv.getUint16(24, true)).toBe(format === 'float32' ? 3 : 1) // the sub-format
        expect(new DataView(b.buffer).getUint32(4, true)).toBe(b.length - 8)
        const reopened = await openAudioSource(out)
        expect(reopened.channelMask).toBe(0x33)
        const [a, c] = [await source.read(0, source.frames), await reopened.read(0, reopened.frames)]
        await reopened.close()
        a.forEach((ch, i) => expect(c[i]).toEqual(ch))
        const decoded = await decodeAudio(b)
        expect(decoded.warnings).toEqual([])
        expect(decoded.channels).toHaveLength(4)
      }
      await source.close()
    } finally {
      await rm(tmp, { recursive: true, force: true })
    }
  })
})
