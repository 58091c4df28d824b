import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { extended80 } from '../../../electron/engine/audio/aiff-format'
import { decodeAudio, mp4AudioSamples, readAudioFile, type DecodedAudio } from '../../../electron/engine/audio/decode'
import { resample } from '../../../electron/engine/audio/resample'
import { openAudioSource } from '../../../electron/engine/audio/source'
import { logMel, type FeatureSpec } from '../../../electron/engine/dsp/features'
import { EngineError } from '../../../electron/engine/types'
import { sunAu } from './sun-au'

// Fixtures come from tests/fixtures/make-audio-fixtures.sh: every file derives from the 16-bit
// reference speech-16k-s16.wav (2.085 s of festival speech, 33,360 samples).
const DIR = join(__dirname, '../../fixtures/audio')
const fixture = (name: string) => new Uint8Array(readFileSync(join(DIR, name)))
const decodeFixture = (name: string) => decodeAudio(fixture(name), name)
const REF_SAMPLES = 33360

const spec: FeatureSpec = {
  sampleRate: 16000, nFft: 1024, win: 1024, hop: 256, nMels: 80, fMin: 0, fMax: 8000, logFloor: 1e-5, mean: [], std: [],
}

let ref: Float32Array
beforeAll(async () => {
  ref = (await decodeFixture('speech-16k-s16.wav')).channels[0]
})

function maxAbsDiff(a: Float32Array, b: Float32Array, scaleB = 1): number {
  let d = 0
  for (let i = 0; i < Math.min(a.length, b.length); i++) d = Math.max(d, Math.abs(a[i] - scaleB * b[i]))
  return d
}

/** Mean |Δ log-mel| against the reference over mel bins [0, bins): how different it sounds. */
async function melDistance(audio: DecodedAudio, bins = 80): Promise<number> {
  let x = audio.channels[0]
  if (audio.sampleRate !== 16000) x = await resample(x, audio.sampleRate, 16000)
  const a = logMel(x.subarray(0, REF_SAMPLES), spec)
  const b = logMel(ref, spec)
  let d = 0
  let n = 0
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (i % 80 < bins) {
      d += Math.abs(a[i] - b[i])
      n++
    }
  }
  return d / n
}

async function expectBadAudio(p: Promise<unknown>, message: RegExp): Promise<void> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(EngineError)
  expect((err as EngineError).code).toBe('BAD_AUDIO')
  expect((err as EngineError).message).toMatch(message)
  expect((err as EngineError).message).not.toContain('\n')
}

describe('decodeAudio: WAV fixtures', () => {
  it('16-bit reference: rate, channels, length, scale', async () => {
    const a = await decodeFixture('speech-16k-s16.wav')
    expect(a.sampleRate).toBe(16000)
    expect(a.channels.length).toBe(1)
    expect(a.channels[0].length).toBe(REF_SAMPLES)
    expect(a.format).toBe('WAV 16-bit PCM')
    expect(a.warnings).toEqual([])
    // sox normalised the peak to -3 dBFS, and every value sits on the 16-bit grid.
    let peak = 0
    let offGrid = 0
    for (const v of ref) {
      peak = Math.max(peak, Math.abs(v))
      if (!Number.isInteger(v * 32768)) offGrid++
    }
    expect(offGrid).toBe(0)
    expect(peak).toBeCloseTo(10 ** (-3 / 20), 2)
  })

  for (const [file, format] of [
    ['speech-16k-s24.wav', 'WAV 24-bit PCM'],
    ['speech-16k-s32.wav', 'WAV 32-bit PCM'],
    ['speech-16k-f32.wav', 'WAV 32-bit float'],
    ['speech-16k-f64.wav', 'WAV 64-bit float'],
  ] as const) {
    it(`${format} holds the reference exactly`, async () => {
      const a = await decodeFixture(file)
      expect([a.sampleRate, a.channels.length, a.channels[0].length]).toEqual([16000, 1, REF_SAMPLES])
      expect(a.format).toBe(format)
      expect(maxAbsDiff(a.channels[0], ref)).toBe(0)
    })
  }

  it('8-bit unsigned is within half an 8-bit step of the reference', async () => {
    const a = await decodeFixture('speech-16k-u8.wav')
    expect(a.format).toBe('WAV 8-bit unsigned PCM')
    expect(a.channels[0].length).toBe(REF_SAMPLES)
    expect(maxAbsDiff(a.channels[0], ref)).toBeLessThanOrEqual(1 / 256 + 1e-6)
  })

  it('WAVE_FORMAT_EXTENSIBLE with 4 channels keeps channel order and gains', async () => {
    const bytes = fixture('speech-16k-4ch-extensible.wav')
    expect(new DataView(bytes.buffer).getUint16(20, true)).toBe(0xfffe) // really extensible
    const a = await decodeAudio(bytes)
    expect([a.sampleRate, a.channels.length, a.channels[0].length]).toEqual([16000, 4, 16000])
    const head = ref.subarray(0, 16000)
    expect(maxAbsDiff(a.channels[0], head)).toBe(0)
    expect(maxAbsDiff(a.channels[1], head, 0.5)).toBeLessThanOrEqual(1 / 32768)
    expect(maxAbsDiff(a.channels[2], head, 0.25)).toBeLessThanOrEqual(1 / 32768)
    expect(maxAbsDiff(a.channels[3], head, -1)).toBeLessThanOrEqual(1 / 32768)
  })

  it('stereo 44.1 kHz: both channels, right at half the left, same speech as the reference', async () => {
    const a = await decodeFixture('speech-44k-stereo.wav')
    expect([a.sampleRate, a.channels.length]).toEqual([44100, 2])
    expect(a.channels[0].length).toBe(Math.round((REF_SAMPLES * 44100) / 16000))
    expect(maxAbsDiff(a.channels[1], a.channels[0], 0.5)).toBeLessThanOrEqual(1 / 32768)
    expect(await melDistance(a)).toBeLessThan(0.05)
  })

  it('8 kHz keeps the band below 4 kHz', async () => {
    const a = await decodeFixture('speech-8k-s16.wav')
    expect([a.sampleRate, a.channels.length, a.channels[0].length]).toEqual([8000, 1, REF_SAMPLES / 2])
    expect(await melDistance(a, 40)).toBeLessThan(0.05) // mel bins below ~1.9 kHz
  })

  it('IMA ADPCM WAV decodes (through audio-decode) to the fact-chunk length', async () => {
    const a = await decodeFixture('speech-16k-adpcm.wav')
    expect(a.format).toBe('WAV IMA ADPCM')
    expect([a.sampleRate, a.channels.length, a.channels[0].length]).toEqual([16000, 1, REF_SAMPLES])
    expect(await melDistance(a)).toBeLessThan(0.5)
  })

  it('silence is valid audio', async () => {
    const a = await decodeFixture('silence-16k.wav')
    expect([a.sampleRate, a.channels[0].length]).toEqual([16000, 16000])
    expect(a.channels[0].every((v) => v === 0)).toBe(true)
    expect(await melDistance(a)).toBeGreaterThan(3) // the distance measure does tell speech from silence
  })

  it('truncated WAV: decodes the whole frames present and warns', async () => {
    const a = await decodeFixture('truncated.wav')
    expect(a.warnings).toEqual([
      'truncated WAV: file ends early at 0:00.3 (data chunk declares 66720 bytes, file has 11956); decoded what is there',
    ])
    expect(a.channels[0].length).toBe(11956 / 2)
    expect(maxAbsDiff(a.channels[0], ref.subarray(0, 5978))).toBe(0)
  })

  it('empty WAV is an error', async () => {
    await expectBadAudio(decodeFixture('empty.wav'), /^empty\.wav: empty audio: 0 samples$/)
  })

  it('garbage bytes named .wav: sniffed, not trusted', async () => {
    await expectBadAudio(decodeFixture('garbage.wav'), /^garbage\.wav: not an audio file \(unknown header 'PK\\x03\\x04'\); this app opens WAV .*, FLAC, MP3, .* and M4A$/)
  })

  it('a Sun .au file is named as an unsupported format, with what is supported (not "not an audio file")', async () => {
    await expectBadAudio(decodeAudio(sunAu(), 'take.au'), /^take\.au: unsupported audio format: Sun\/NeXT audio \(\.au, \.snd\); this app opens WAV \(also RF64\/BWF\), AIFF\/AIFF-C, FLAC, MP3, Ogg Vorbis\/Opus and M4A \(convert it first/)
  })

  it('so is a MIDI file, which audio-decode knows but cannot decode', async () => {
    const midi = new Uint8Array([...'MThd'].map((c) => c.charCodeAt(0)).concat([0, 0, 0, 6, 0, 0, 0, 1, 0, 96]))
    await expectBadAudio(decodeAudio(midi), /^unsupported audio format: MIDI \(\.mid\): notes, not recorded sound; this app opens WAV/)
  })
})

describe('decodeAudio: compressed fixtures (audio-decode)', () => {
  it('FLAC is lossless: exactly the 16-bit reference', async () => {
    const a = await decodeFixture('speech-16k.flac')
    expect(a.format).toBe('FLAC 16-bit')
    expect([a.sampleRate, a.channels.length, a.channels[0].length]).toEqual([16000, 1, REF_SAMPLES])
    expect(maxAbsDiff(a.channels[0], ref)).toBe(0)
    expect(a.warnings).toEqual([])
  })

  it('24-bit FLAC is lossless too: exactly its 24-bit WAV twin, so an export keeps every bit', async () => {
    const a = await decodeFixture('speech-16k-s24g.flac')
    const w = await decodeFixture('speech-16k-s24g.wav')
    expect(a.format).toBe('FLAC 24-bit')
    expect(a.channels[0].length).toBe(w.channels[0].length)
    expect(maxAbsDiff(a.channels[0], w.channels[0])).toBe(0)
    // every 24-bit step in use: not the 16-bit reference shifted up
    expect(w.channels[0].some((v) => Math.round(v * 2 ** 23) % 256 !== 0)).toBe(true)
  })

  for (const [aiff, twin, format] of [
    ['speech-16k-s24g.aiff', 'speech-16k-s24g.wav', 'AIFF 24-bit PCM'],
    ['speech-16k-s8.aiff', 'speech-16k-u8.wav', 'AIFF 8-bit PCM'],
    ['speech-16k-sowt.aifc', 'speech-16k-s16.wav', 'AIFF-C 16-bit PCM (little-endian)'],
    ['speech-16k-fl32.aifc', 'speech-16k-f32.wav', 'AIFF-C 32-bit float'],
  ] as const) {
    it(`${format}: exactly its WAV twin's samples`, async () => {
      const a = await decodeFixture(aiff)
      const w = await decodeFixture(twin)
      expect(a.format).toBe(format)
      expect([a.sampleRate, a.channels.length, a.channels[0].length]).toEqual([w.sampleRate, w.channels.length, w.channels[0].length])
      expect(maxAbsDiff(a.channels[0], w.channels[0])).toBe(0)
      expect(a.warnings).toEqual([])
    })
  }

  it('a cut-off AIFF: what is there, and where it stops', async () => {
    const b = fixture('speech-16k-s24g.aiff')
    const a = await decodeAudio(b.subarray(0, 30001))
    const n = a.channels[0].length
    expect(n).toBeGreaterThan(9900) // 30,001 bytes less the header, in 3-byte frames
    expect(n).toBeLessThan(10000)
    expect(a.warnings).toEqual([`truncated AIFF: file ends early at 0:00.6 (COMM declares 33360 frames, file has ${n}); decoded what is there`])
    const w = await decodeFixture('speech-16k-s24g.wav')
    expect(maxAbsDiff(a.channels[0], w.channels[0].subarray(0, n))).toBe(0)
    await expectBadAudio(decodeAudio(b.subarray(0, 40)), /^bad AIFF: no COMM chunk$|^truncated AIFF/)
  })

  it('the 80-bit extended sample rate of AIFF', () => {
    const rate = (hex: string) => extended80(Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16))), 0)
    expect(rate('400EAC44000000000000')).toBe(44100)
    expect(rate('400EBB80000000000000')).toBe(48000)
    expect(rate('400CFA00000000000000')).toBe(16000)
    expect(rate('00000000000000000000')).toBe(0)
  })

  for (const [file, format, rate] of [
    ['speech-16k.mp3', 'MP3', 16000],
    ['speech-16k.ogg', 'Ogg Vorbis', 16000],
    ['speech-16k.opus', 'Ogg Opus', 48000],
  ] as const) {
    it(`${format}: mono at ${rate} Hz, the same speech`, async () => {
      const a = await decodeFixture(file)
      expect(a.format).toBe(format)
      expect([a.sampleRate, a.channels.length]).toEqual([rate, 1])
      expect(Math.abs(a.channels[0].length - (REF_SAMPLES * rate) / 16000)).toBeLessThan(rate * 0.08)
      expect(await melDistance(a)).toBeLessThan(0.3)
      expect(a.warnings).toEqual([])
    })
  }

  it('the extension is ignored: FLAC bytes named .wav decode as FLAC', async () => {
    const a = await decodeAudio(fixture('speech-16k.flac'), 'looks-like.wav')
    expect(a.format).toBe('FLAC 16-bit')
  })

  it('truncated FLAC: decodes the frames present and compares with STREAMINFO', async () => {
    const b = fixture('speech-16k.flac')
    const a = await decodeAudio(b.subarray(0, b.length >> 1))
    expect(a.channels[0].length).toBeGreaterThan(0)
    expect(a.channels[0].length).toBeLessThan(REF_SAMPLES)
    expect(a.warnings[0]).toMatch(/^truncated or damaged FLAC: the audio stops early at 0:0\d\.\d \(header declares 33360 samples, decoded \d+\)$/)
  })

  it('truncated Ogg: whole pages decode with a warning; with no whole audio page it is an error', async () => {
    const b = fixture('speech-16k.ogg')
    const a = await decodeAudio(b.subarray(0, Math.floor(b.length * 0.8)))
    expect(a.channels[0].length).toBeGreaterThan(0)
    expect(a.warnings[0]).toMatch(/^truncated Ogg Vorbis: file ends early at 0:0\d\.\d \(file ends inside a page; decoded \d+ samples\)$/)
    await expectBadAudio(
      decodeAudio(b.subarray(0, 4000), 'cut.ogg'),
      /^cut\.ogg: could not decode Ogg Vorbis: no audio frames found/,
    )
  })

  it('truncated or damaged MP3: the Info header\'s frame count says how much is missing', async () => {
    const b = fixture('speech-16k.mp3')
    expect((await decodeAudio(b)).warnings).toEqual([]) // whole: as long as the header says
    const cut = await decodeAudio(b.subarray(0, b.length >> 1))
    expect(cut.warnings).toHaveLength(1)
    expect(cut.warnings[0]).toMatch(/^truncated MP3: file ends early at 0:0\d\.\d \(header declares \d+ samples, decoded \d+\); decoded what is there$/)
    // Bytes overwritten inside the stream: frames dropped, the file whole
    const bad = Uint8Array.from(b)
    for (let i = 0; i < 600; i++) bad[3000 + i * 7] ^= 0x5a
    const damaged = await decodeAudio(bad)
    expect(damaged.channels[0].length).toBeLessThan(REF_SAMPLES - 1152)
    expect(damaged.warnings).toContainEqual(expect.stringMatching(/^damaged MP3: \d+ samples could not be decoded/))
    // This mono file's damage also reads as stereo frames: it stays mono, and says so.
    expect(damaged.channels).toHaveLength(1)
    expect(damaged.warnings).toContain('damaged MP3: a mono stream with frames that read as stereo; decoded as mono')
    // Through the streaming source (what the studio and the CLI open) too
    const dir = await mkdtemp(join(tmpdir(), 'vf-mp3-'))
    try {
      await writeFile(join(dir, 'cut.mp3'), b.subarray(0, b.length >> 1))
      const src = await openAudioSource(join(dir, 'cut.mp3'))
      expect(src.warnings[0]).toMatch(/^truncated MP3: file ends early/)
      await src.close()
      await writeFile(join(dir, 'bad.mp3'), bad)
      const streamed = await openAudioSource(join(dir, 'bad.mp3'))
      expect(streamed.channels).toBe(1)
      expect(streamed.warnings).toContainEqual(expect.stringMatching(/^damaged MP3: a mono stream with frames that read as stereo/))
      expect(streamed.warnings).toContainEqual(expect.stringMatching(/^damaged MP3: \d+ samples could not be decoded/))
      await streamed.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('damaged Ogg: pages whose checksum fails are counted (the decoder plays them as noise)', async () => {
    const b = Uint8Array.from(fixture('speech-16k.ogg'))
    for (let i = 0; i < 40; i++) b[6000 + i * 97] ^= 0x33 // inside the audio pages, not the headers
    const a = await decodeAudio(b)
    expect(a.warnings.find((w) => w.startsWith('damaged'))).toMatch(/^damaged Ogg Vorbis: \d+ pages? fails? (its checksum|their checksums) \(bytes changed inside the file\)/)
    // Damage in the middle is not a file cut short: its last page is whole and ends the stream.
    expect(a.warnings.some((w) => w.startsWith('truncated'))).toBe(false)
  })

  it('MP4 audio: damage that drops frames, or a file cut before its index, is said to be so', async () => {
    const b = fixture('speech-16k.m4a')
    const whole = await decodeAudio(b, 'speech-16k.m4a')
    expect(whole.format).toBe('MP4 audio')
    expect(Math.abs(whole.channels[0].length - REF_SAMPLES)).toBeLessThanOrEqual(1024)
    expect(whole.warnings).toEqual([])
    expect(mp4AudioSamples(b, 16000)).toBeGreaterThanOrEqual(REF_SAMPLES)
    // Bytes changed in the middle of the audio data: frames the decoder drops.
    const bad = Uint8Array.from(b)
    for (let i = 0; i < 300; i++) bad[2000 + i * 7] ^= 0x5a
    const damaged = await decodeAudio(bad, 'bad.m4a')
    expect(damaged.channels[0].length).toBeLessThan(REF_SAMPLES - 4096) // the decoder dropped frames
    expect(damaged.warnings).toContainEqual(expect.stringMatching(/^damaged or cut MP4 audio: about \d+ samples fewer than its header declares/))
    // Cut off: its index (moov, written last) is gone.
    await expectBadAudio(decodeAudio(b.subarray(0, b.length >> 1), 'cut.m4a'), /could not decode MP4 audio: no audio track found \(the file has no index: it is probably cut off/)
  })

  it('damaged Ogg page header: the scan finds the next page, and says how much the decoder dropped', async () => {
    const b = Uint8Array.from(fixture('speech-16k.ogg'))
    // The first audio page after the headers: overwrite its segment table, so its length is wrong.
    const pages: number[] = []
    for (let i = 0; i + 4 < b.length; i++) if (b[i] === 0x4f && b[i + 1] === 0x67 && b[i + 2] === 0x67 && b[i + 3] === 0x53) pages.push(i)
    const victim = pages[Math.floor(pages.length / 2)]
    for (let i = 0; i < 8; i++) b[victim + 27 + i] = 0xff
    const a = await decodeAudio(b)
    expect(a.warnings.some((w) => w.startsWith('truncated'))).toBe(false)
    expect(a.warnings.find((w) => w.startsWith('damaged'))).toMatch(/^damaged Ogg Vorbis: \d+ pages? fails?/)
  })

  it('a damaged MP3 header area fails clearly', async () => {
    await expectBadAudio(decodeAudio(fixture('speech-16k.mp3').subarray(0, 200)), /could not decode MP3: no audio frames found/)
  })
})

// Hand-built WAVs for the header paths sox never writes.
function chunk(id: string, body: Uint8Array, declared = body.length): Uint8Array {
  const out = new Uint8Array(8 + body.length + (body.length & 1))
  out.set([...id].map((c) => c.charCodeAt(0)))
  new DataView(out.buffer).setUint32(4, declared, true)
  out.set(body, 8)
  return out
}
function fmtBody(tag: number, channels: number, rate: number, bits: number): Uint8Array {
  const b = new Uint8Array(16)
  const dv = new DataView(b.buffer)
  const align = channels * Math.ceil(bits / 8)
  dv.setUint16(0, tag, true)
  dv.setUint16(2, channels, true)
  dv.setUint32(4, rate, true)
  dv.setUint32(8, rate * align, true)
  dv.setUint16(12, align, true)
  dv.setUint16(14, bits, true)
  return b
}
function riff(...chunks: Uint8Array[]): Uint8Array {
  const total = 12 + chunks.reduce((n, c) => n + c.length, 0)
  const out = new Uint8Array(total)
  out.set([0x52, 0x49, 0x46, 0x46])
  new DataView(out.buffer).setUint32(4, total - 8, true)
  out.set([0x57, 0x41, 0x56, 0x45], 8)
  let p = 12
  for (const c of chunks) {
    out.set(c, p)
    p += c.length
  }
  return out
}
const int16 = (...v: number[]) => new Uint8Array(new Int16Array(v).buffer)

describe('decodeAudio: WAV header edge cases', () => {
  it('skips odd-sized chunks by their pad byte, before and after data', async () => {
    const bytes = riff(
      chunk('fmt ', fmtBody(1, 1, 22050, 16)),
      chunk('LIST', new Uint8Array([1, 2, 3])), // 3 bytes + 1 pad byte
      chunk('data', int16(1000, -2000, 32767, -32768)),
      chunk('junk', new Uint8Array([9])),
    )
    const a = await decodeAudio(bytes)
    expect(a.sampleRate).toBe(22050)
    expect(Array.from(a.channels[0])).toEqual([1000 / 32768, -2000 / 32768, 32767 / 32768, -1])
    expect(a.warnings).toEqual([])
  })

  it('interleaved stereo is split into planar channels', async () => {
    const a = await decodeAudio(riff(chunk('fmt ', fmtBody(1, 2, 8000, 16)), chunk('data', int16(1, -1, 2, -2, 3, -3))))
    expect(a.channels.map((c) => Array.from(c, (v) => v * 32768))).toEqual([
      [1, 2, 3],
      [-1, -2, -3],
    ])
  })

  it('24-bit negative values sign-extend', async () => {
    const data = new Uint8Array([0xff, 0xff, 0xff, 0x00, 0x00, 0x80, 0xff, 0xff, 0x7f])
    const a = await decodeAudio(riff(chunk('fmt ', fmtBody(1, 1, 16000, 24)), chunk('data', data)))
    expect(Array.from(a.channels[0], (v) => v * 8388608)).toEqual([-1, -8388608, 8388607])
  })

  it('unsupported encodings are named', async () => {
    const gsm = riff(chunk('fmt ', fmtBody(0x31, 1, 8000, 8)), chunk('data', new Uint8Array(65)))
    await expectBadAudio(decodeAudio(gsm), /^unsupported WAV encoding: GSM 6\.10 \(format 0x0031\)$/)
    const odd = riff(chunk('fmt ', fmtBody(0x1234, 1, 8000, 16)), chunk('data', new Uint8Array(4)))
    await expectBadAudio(decodeAudio(odd), /^unsupported WAV encoding: unknown \(format 0x1234\)$/)
  })

  it('float samples that are NaN or infinite become 0 with a warning', async () => {
    const f = new Float32Array([0.5, NaN, -Infinity, -0.25])
    const a = await decodeAudio(riff(chunk('fmt ', fmtBody(3, 1, 16000, 32)), chunk('data', new Uint8Array(f.buffer))))
    expect(Array.from(a.channels[0])).toEqual([0.5, 0, 0, -0.25])
    expect(a.warnings).toEqual(['2 non-finite float samples (NaN/Inf) replaced by 0'])
  })

  it('a data size left unset by a streaming writer reads to the end with a warning', async () => {
    const a = await decodeAudio(riff(chunk('fmt ', fmtBody(1, 1, 16000, 16)), chunk('data', int16(5, 6, 7), 0xffffffff)))
    expect(Array.from(a.channels[0], (v) => v * 32768)).toEqual([5, 6, 7])
    expect(a.warnings[0]).toMatch(/never filled in/)
  })

  it('an unset data size stops before a chunk the writer appended; a size of 0 with audio after it is unset too', async () => {
    const list = chunk('LIST', new TextEncoder().encode('INFOINAM\x04\x00\x00\x00take'))
    const a = await decodeAudio(riff(chunk('fmt ', fmtBody(1, 1, 16000, 16)), chunk('data', int16(5, 6, 7), 0xffffffff), list))
    expect(Array.from(a.channels[0], (v) => v * 32768)).toEqual([5, 6, 7]) // not the LIST's bytes as audio
    expect(a.warnings[0]).toMatch(/never filled in .* read 6 bytes up to the chunk that follows them/)
    const zero = await decodeAudio(riff(chunk('fmt ', fmtBody(1, 1, 16000, 16)), chunk('data', int16(5, 6, 7), 0)))
    expect(Array.from(zero.channels[0], (v) => v * 32768)).toEqual([5, 6, 7])
    expect(zero.warnings[0]).toMatch(/never filled in/)
    // A real empty data chunk followed by another chunk stays empty (and is refused as such).
    await expect(decodeAudio(riff(chunk('fmt ', fmtBody(1, 1, 16000, 16)), chunk('data', new Uint8Array(0)), list))).rejects.toThrow(/0 samples|empty/)
  })

  it('PCM whose block size disagrees with its bits is read by its bits, with a warning', async () => {
    const fmt = fmtBody(1, 1, 16000, 16)
    new DataView(fmt.buffer).setUint16(12, 4, true) // 4-byte frames claimed for 16-bit mono
    const a = await decodeAudio(riff(chunk('fmt ', fmt), chunk('data', int16(5, 6, 7, 8))))
    expect(Array.from(a.channels[0], (v) => v * 32768)).toEqual([5, 6, 7, 8])
    expect(a.warnings).toEqual(['WAV fmt chunk declares 4-byte frames for 16-bit 1-channel PCM (2 bytes); read as 16-bit'])
  })

  it('names a chunk with unprintable letters by its bytes', async () => {
    const err = (await decodeAudio(riff(chunk('\x01ab\xc3', new Uint8Array(4), 4000))).then(() => null, (e: unknown) => e)) as Error
    expect(err.message).toMatch(/truncated WAV: 0x016162c3 chunk declares 4000 bytes/)
  })

  it('stray bytes after the last whole frame are dropped with a warning', async () => {
    const data = new Uint8Array([...int16(5, 6), 0x01])
    const a = await decodeAudio(riff(chunk('fmt ', fmtBody(1, 1, 16000, 16)), chunk('data', data)))
    expect(a.channels[0].length).toBe(2)
    expect(a.warnings).toEqual(['WAV data has 1 stray bytes after the last whole frame (ignored)'])
  })

  it('structural errors each get their own message', async () => {
    const fmt = chunk('fmt ', fmtBody(1, 1, 16000, 16))
    await expectBadAudio(decodeAudio(new Uint8Array(0)), /^empty file: 0 bytes$/)
    await expectBadAudio(decodeAudio(riff(chunk('data', int16(1)))), /^bad WAV: no fmt chunk$/)
    await expectBadAudio(decodeAudio(riff(fmt)), /^bad WAV: no data chunk$/)
    await expectBadAudio(decodeAudio(riff(fmt).subarray(0, 10)), /^truncated WAV: 10-byte file ends inside the RIFF header$/)
    await expectBadAudio(
      decodeAudio(riff(fmt, chunk('data', new Uint8Array([1]), 882000)).subarray(0, -1)), // not one whole frame
      /^truncated WAV: data chunk declares 882000 bytes, file has 1$/,
    )
    await expectBadAudio(
      decodeAudio(riff(chunk('LIST', new Uint8Array(4), 5000), fmt)),
      /^truncated WAV: 'LIST' chunk declares 5000 bytes, file has 28$/,
    )
    await expectBadAudio(decodeAudio(riff(chunk('fmt ', fmtBody(1, 0, 16000, 16)), chunk('data', int16(1)))), /0 channels/)
    await expectBadAudio(decodeAudio(riff(chunk('fmt ', new Uint8Array(12)), chunk('data', int16(1)))), /fmt chunk is 12 bytes/)
    const rifx = riff(fmt, chunk('data', int16(1)))
    rifx.set([0x52, 0x49, 0x46, 0x58])
    await expectBadAudio(decodeAudio(rifx), /big-endian \(RIFX\)/)
    const avi = riff(fmt)
    avi.set([0x41, 0x56, 0x49, 0x20], 8)
    await expectBadAudio(decodeAudio(avi), /^not an audio file \(RIFF form 'AVI ', expected 'WAVE'\)$/)
  })
})

describe('readAudioFile', () => {
  it('reads and decodes a file by path', async () => {
    const a = await readAudioFile(join(DIR, 'speech-16k-s24.wav'))
    expect(a.channels[0].length).toBe(REF_SAMPLES)
  })

  it('missing file, folder and bad content name the path', async () => {
    const missing = join(DIR, 'no-such-file.wav')
    await expectBadAudio(readAudioFile(missing), new RegExp(`^audio file not found: ${missing}$`))
    await expectBadAudio(readAudioFile(DIR), /is a folder, not an audio file$/)
    await expectBadAudio(readAudioFile(join(DIR, 'garbage.wav')), /garbage\.wav: not an audio file/)
  })

  it.skipIf(process.getuid?.() === 0)('unreadable file: permission denied', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vf-decode-'))
    const path = join(dir, 'locked.wav')
    try {
      await writeFile(path, fixture('speech-16k-s16.wav'))
      await chmod(path, 0o000)
      await expectBadAudio(readAudioFile(path), /permission denied$/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
