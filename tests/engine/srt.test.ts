import { describe, expect, it } from 'vitest'
import { formatSrt, srtTimestamp } from '../../electron/engine/srt'
import { gaussianNoise } from '../../electron/engine/rng'
import { composeVoiceover, layoutClips, lineSeed, pauseSamples, scriptLines, voiceoverCues } from '../../electron/engine/voiceover'

describe('srtTimestamp', () => {
  it('writes HH:MM:SS,mmm rounded to the millisecond', () => {
    expect(srtTimestamp(0)).toBe('00:00:00,000')
    expect(srtTimestamp(1.2344)).toBe('00:00:01,234')
    expect(srtTimestamp(1.2346)).toBe('00:00:01,235')
    expect(srtTimestamp(59.9996)).toBe('00:01:00,000') // rounding carries into the minutes
    expect(srtTimestamp(3723.5)).toBe('01:02:03,500')
    expect(srtTimestamp(360000)).toBe('100:00:00,000')
  })

  it('refuses negative and non-finite times', () => {
    expect(() => srtTimestamp(-0.001)).toThrow(/≥ 0/)
    expect(() => srtTimestamp(Number.NaN)).toThrow(/finite/)
  })
})

describe('formatSrt', () => {
  it('numbers cues from 1, CRLF line ends, a blank line after each cue', () => {
    const srt = formatSrt([
      { start: 0, end: 0.544, text: 'Hello there.' },
      { start: 0.894, end: 2.1425, text: 'Second line.' },
    ])
    expect(srt).toBe('1\r\n00:00:00,000 --> 00:00:00,544\r\nHello there.\r\n\r\n2\r\n00:00:00,894 --> 00:00:02,143\r\nSecond line.\r\n\r\n')
  })

  it('keeps single line breaks in a cue, never a blank line that would end it early', () => {
    expect(formatSrt([{ start: 1, end: 2, text: '  one\n\n  two \n' }])).toBe('1\r\n00:00:01,000 --> 00:00:02,000\r\none\r\ntwo\r\n\r\n')
    expect(formatSrt([{ start: 1, end: 2, text: '   ' }])).toContain('\r\n…\r\n')
  })

  it('refuses a cue that ends before it starts; no cues is an empty file', () => {
    expect(() => formatSrt([{ start: 2, end: 1, text: 'x' }])).toThrow(/cue 1 ends/)
    expect(formatSrt([])).toBe('')
  })
})

describe('voiceover layout', () => {
  it('splits a script into trimmed non-blank lines', () => {
    expect(scriptLines('  First.\r\n\n\tSecond one. \rThird\n')).toEqual(['First.', 'Second one.', 'Third'])
    expect(scriptLines(' \n \n')).toEqual([])
  })

  it('derives distinct reproducible line seeds; line 0 keeps the seed', () => {
    expect(lineSeed(1234, 0)).toBe(1234)
    const seeds = Array.from({ length: 50 }, (_, i) => lineSeed(1234, i))
    expect(new Set(seeds).size).toBe(50)
    expect(seeds.every((s) => Number.isInteger(s) && s >= 0 && s <= 0xffffffff)).toBe(true)
    expect(lineSeed(0xffffffff, 3)).toBe(lineSeed(0xffffffff, 3))
  })

  it('lays clips back to back with the pause between neighbours only', () => {
    expect(layoutClips([100, 50, 10], 20)).toEqual({ starts: [0, 120, 190], total: 200 })
    expect(layoutClips([], 20)).toEqual({ starts: [], total: 0 })
    expect(() => layoutClips([1], 0.5)).toThrow(/whole number/)
    expect(pauseSamples(0.35, 16000)).toBe(5600)
    expect(() => pauseSamples(11, 16000)).toThrow(/from 0 to 10 s/)
  })

  it('cues span exactly each clip: increasing, not overlapping, the pause between them', () => {
    const cues = voiceoverCues(['a', 'b', 'c'], [16000, 8000, 4000], 16000, 0.5)
    expect(cues).toEqual([
      { start: 0, end: 1, text: 'a' },
      { start: 1.5, end: 2, text: 'b' },
      { start: 2.5, end: 2.75, text: 'c' },
    ])
    expect(voiceoverCues(['a', 'b'], [160, 160], 16000, 0).map((c) => [c.start, c.end])).toEqual([
      [0, 0.01],
      [0.01, 0.02],
    ])
    expect(() => voiceoverCues(['a'], [1, 2], 16000, 0)).toThrow(/1 line texts for 2 clips/)
  })

  it('composes the audio: clip samples where the cues say, silence in the pauses', () => {
    const a = Float32Array.from({ length: 8 }, (_, i) => i + 1)
    const b = Float32Array.from({ length: 4 }, () => -1)
    const { audio, cues } = composeVoiceover([{ text: 'a', pcm: a }, { text: 'b', pcm: b }], 4, 0.75)
    expect(Array.from(audio)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, -1, -1, -1, -1])
    expect(cues).toEqual([
      { start: 0, end: 2, text: 'a' },
      { start: 2.75, end: 3.75, text: 'b' },
    ])
    expect(() => composeVoiceover([], 16000, 0)).toThrow(/at least one line/)
  })

  it("fills each pause with the room of the lines around it, not digital silence (silentPauses: silence)", () => {
    const rate = 16000
    // Two lines "recorded" in rooms 12 dB apart: a tone over each one's own hiss.
    const line = (seed: number, hiss: number) => gaussianNoise(seed, rate).map((v, i) => hiss * v + 0.2 * Math.sin((2 * Math.PI * 220 * i) / rate) * (i > 4000 && i < 12000 ? 1 : 0))
    const a = line(1, 0.004)
    const b = line(2, 0.016)
    const clips = [{ text: 'a', pcm: a }, { text: 'b', pcm: b }]
    const { audio } = composeVoiceover(clips, rate, 1)
    expect(audio.subarray(0, rate)).toEqual(a) // the clips' own samples are untouched
    expect(audio.subarray(2 * rate)).toEqual(b)
    const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length)
    const db = (x: Float32Array) => 20 * Math.log10(rms(x))
    // The pause starts in the first line's room and ends in the second's.
    expect(Math.abs(db(audio.subarray(rate, rate + 1600)) - db(a.subarray(0, 4000)))).toBeLessThan(2.5)
    expect(Math.abs(db(audio.subarray(2 * rate - 1600, 2 * rate)) - db(b.subarray(0, 4000)))).toBeLessThan(2.5)
    expect(composeVoiceover(clips, rate, 1).audio).toEqual(audio) // reproducible
    expect(composeVoiceover(clips, rate, 1, { silentPauses: true }).audio.subarray(rate, 2 * rate).every((v) => v === 0)).toBe(true)
  })
})
