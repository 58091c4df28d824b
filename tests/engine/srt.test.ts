import { describe, expect, it } from 'vitest'
import { formatSrt, srtTimestamp } from '../../electron/engine/srt'
import { fillToFloor, isRoomTone, profileAtRate, roomTone, roomToneProfile } from '../../electron/engine/dsp/roomtone'
import { gaussianNoise } from '../../electron/engine/rng'
import { bandPassed } from './dsp/spectrum-helpers'
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

  it('fills each pause with the rooms of the voices of the lines around it, where the clips carry one', () => {
    const rate = 16000
    // Two lines in voices from rooms 12 dB apart: a tone over each voice's hiss; each clip carries its
    // voice's room as say() returns it (read from the voice prompt, not from the clip).
    const hiss = (seed: number, level: number) => gaussianNoise(seed, rate).map((v) => level * v)
    const line = (seed: number, level: number) => hiss(seed, level).map((v, i) => v + 0.2 * Math.sin((2 * Math.PI * 220 * i) / rate))
    const room = (seed: number, level: number) => roomTone(roomToneProfile([hiss(seed + 10, level)], rate, rate / 2)!, rate)
    const a = line(1, 0.004)
    const b = line(2, 0.016)
    const clips = [
      { text: 'a', pcm: a, room: room(1, 0.004) },
      { text: 'b', pcm: b, room: room(2, 0.016) },
    ]
    const { audio } = composeVoiceover(clips, rate, 1)
    expect(audio.subarray(0, rate)).toEqual(a) // the clips' own samples are untouched
    expect(audio.subarray(2 * rate)).toEqual(b)
    const db = (x: Float32Array) => 10 * Math.log10(x.reduce((s, v) => s + v * v, 0) / x.length)
    // The pause starts in the first voice's room and ends in the second's.
    expect(Math.abs(db(audio.subarray(rate, rate + 1600)) - db(hiss(1, 0.004)))).toBeLessThan(1.5)
    expect(Math.abs(db(audio.subarray(2 * rate - 1600, 2 * rate)) - db(hiss(2, 0.016)))).toBeLessThan(1.5)
    expect(composeVoiceover(clips, rate, 1).audio).toEqual(audio) // reproducible
    const plain = clips.map(({ text, pcm }) => ({ text, pcm })) // made without room tone: silence between
    expect(composeVoiceover(plain, rate, 1).audio.subarray(rate, 2 * rate).every((v) => v === 0)).toBe(true)
    // A clip without a room (made before rooms were kept) leaves silence on its side of the pause only.
    const half = composeVoiceover([clips[0], { text: 'b', pcm: b }], rate, 1).audio
    expect(db(half.subarray(rate, rate + 1600))).toBeGreaterThan(db(hiss(1, 0.004)) - 3)
    expect(half.subarray(2 * rate - 16, 2 * rate).every((v) => Math.abs(v) < 1e-3)).toBe(true)
  })

  it('carries a room to another output rate at the same level per hertz, and checks a stored one', () => {
    const hissy = gaussianNoise(4, 32000).map((v) => 0.01 * v) // white to 8 kHz
    const room = roomTone(roomToneProfile([hissy], 16000, 8000)!, 16000)
    const at48 = fillToFloor(new Float32Array(96000), profileAtRate(room, 48000), 1)
    const level = (x: Float32Array, r: number) => 10 * Math.log10(bandPassed(x, r, 2000, 7000).reduce((s, v) => s + v * v, 0) / x.length)
    expect(Math.abs(level(at48, 48000) - level(hissy, 16000))).toBeLessThan(1)
    expect(level(bandPassed(at48, 48000, 9000, 24000), 48000)).toBeLessThan(level(hissy, 16000) - 40) // nothing over the room's Nyquist
    expect(isRoomTone(room)).toBe(true)
    expect(isRoomTone({ ...room, floor: room.floor.slice(1) })).toBe(false)
    expect(isRoomTone({ ...room, nFft: 500 })).toBe(false)
    expect(isRoomTone(JSON.parse(JSON.stringify({ ...room, floor: [...room.floor.slice(1), null] })))).toBe(false)
  })
})
