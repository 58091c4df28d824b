import { describe, expect, it } from 'vitest'
import { formatEta, formatMs, formatRate, formatTime } from '../../../app/src/lib/format'

describe('format', () => {
  it('formats times with hours only when needed', () => {
    expect(formatTime(83.25)).toBe('1:23.250')
    expect(formatTime(3723, 0)).toBe('1:02:03')
    expect(formatTime(-1)).toBe('0:00.000')
  })
  it('formats estimates, durations and rates', () => {
    expect(formatEta(null)).toBe('')
    expect(formatEta(12_400)).toBe('about 12 s')
    expect(formatEta(180_000)).toBe('about 3 min')
    expect(formatMs(1234.5)).toBe('1.23 s')
    expect(formatMs(95)).toBe('95 ms')
    expect(formatRate(44100)).toBe('44.1 kHz')
  })
})
