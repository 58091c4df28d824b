import { describe, expect, it } from 'vitest'
import { sourceEncoding } from '../../../electron/engine/audio/encoding'

describe('sourceEncoding', () => {
  it('keeps PCM 16/24 as they are, widens 8-bit, writes float and 32-bit PCM as float', () => {
    expect(sourceEncoding('WAV 16-bit PCM')).toBe('pcm16')
    expect(sourceEncoding('WAV 24-bit PCM')).toBe('pcm24')
    expect(sourceEncoding('WAV 8-bit unsigned PCM')).toBe('pcm16')
    expect(sourceEncoding('WAV 32-bit PCM')).toBe('float32')
    expect(sourceEncoding('WAV 32-bit float')).toBe('float32')
    expect(sourceEncoding('WAV 64-bit float')).toBe('float32')
  })

  it('reads the 64-bit forms the same way, keeps the depth of FLAC, and writes lossy sources as 16-bit', () => {
    expect(sourceEncoding('FLAC 16-bit')).toBe('pcm16')
    expect(sourceEncoding('FLAC 24-bit')).toBe('pcm24')
    expect(sourceEncoding('FLAC 8-bit')).toBe('pcm16')
    expect(sourceEncoding('WAV (RF64) 24-bit PCM')).toBe('pcm24')
    expect(sourceEncoding('WAV (BW64) 32-bit float')).toBe('float32')
    expect(sourceEncoding('AIFF 24-bit PCM')).toBe('pcm24')
    expect(sourceEncoding('AIFF-C 16-bit PCM (little-endian)')).toBe('pcm16')
    expect(sourceEncoding('AIFF-C 32-bit float')).toBe('float32')
    for (const f of ['FLAC', 'MP3', 'Ogg Opus', 'Ogg Vorbis', 'WAV µ-law', 'WAV IMA ADPCM', '']) expect(sourceEncoding(f)).toBe('pcm16')
  })
})
