import { describe, expect, it } from 'vitest'
import { formatEta, formatMs, formatRate, formatTime, parseTime } from '../../../app/src/lib/format'

describe('format', () => {
  it('formats times with hours only when needed', () => {
    expect(formatTime(83.25)).toBe('1:23.250')
    expect(formatTime(3723, 0)).toBe('1:02:03')
    expect(formatTime(-1)).toBe('0:00.000')
    // Rounding carries into the minutes: never "0:60.000" or "7:60".
    expect(formatTime(59.9996)).toBe('1:00.000')
    expect(formatTime(479.7, 0)).toBe('8:00')
    expect(formatTime(3599.9999)).toBe('1:00:00.000')
  })
  it('formats estimates, durations and rates', () => {
    expect(formatEta(null)).toBe('')
    expect(formatEta(12_400)).toBe('about 12 s')
    expect(formatEta(180_000)).toBe('about 3 min')
    expect(formatMs(1234.5)).toBe('1.23 s')
    expect(formatMs(95)).toBe('95 ms')
    expect(formatRate(44100)).toBe('44.1 kHz')
  })
  it('reads times back as formatTime writes them, or plain seconds', () => {
    expect(parseTime('1:23.250')).toBeCloseTo(83.25, 9)
    expect(parseTime('1:02:03')).toBe(3723)
    expect(parseTime(' 2.5 ')).toBe(2.5)
    expect(parseTime('.5')).toBe(0.5)
    expect(parseTime(formatTime(12.345))).toBeCloseTo(12.345, 9)
    // What people type as well: a unit, a decimal comma.
    expect(parseTime('3.5s')).toBe(3.5)
    expect(parseTime('3.5 sec')).toBe(3.5)
    expect(parseTime('0:03,700')).toBeCloseTo(3.7, 9)
    for (const bad of ['', 'abc', '1:75', '-1', '1e2', '0x10', '1::2', 's', '1,2,3']) expect(parseTime(bad), bad).toBeNull()
  })
})
