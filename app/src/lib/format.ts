// Labels for times, durations and estimates shown in the UI.

/** 83.25 → "1:23.250"; hours appear only when needed ("1:02:03.000"). */
export function formatTime(seconds: number, decimals = 3): string {
  // Round first, then split: 59.9996 s at 3 decimals is 1:00.000, not 0:60.000 (and 479.99 s at 0 is 8:00, not 7:60).
  const unit = 10 ** decimals
  const safe = Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * unit) / unit : 0
  const h = Math.floor(safe / 3600)
  const m = Math.floor((safe % 3600) / 60)
  const s = (safe % 60).toFixed(decimals).padStart(decimals > 0 ? decimals + 3 : 2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

/** Seconds typed as "1.25", "0:01.250" or "1:02:03.5" (what formatTime writes), or null when it is not a time. */
export function parseTime(text: string): number | null {
  // "3.5s", "3,5" and "0:03,700" (a decimal comma) are what people type too.
  const t = text.trim().replace(/\s*s(ec)?$/i, '').replace(/,(?=\d+$)/, '.')
  if (!/^(\d+:){0,2}\d+(\.\d*)?$|^(\d+:){0,2}\.\d+$/.test(t)) return null
  const parts = t.split(':')
  const seconds = parts.reduce((acc, p) => acc * 60 + Number(p || 0), 0)
  // Minutes and seconds fields above 59 are a typo, not a time ("1:75").
  if (parts.length > 1 && parts.slice(1).some((p) => Number(p) >= 60)) return null
  return Number.isFinite(seconds) ? seconds : null
}

/** A remaining-time estimate: "about 12 s", "about 3 min"; empty when unknown. */
export function formatEta(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return ''
  if (ms < 1000) return 'under 1 s'
  if (ms < 60_000) return `about ${Math.round(ms / 1000)} s`
  return `about ${Math.round(ms / 60_000)} min`
}

/** 1234.5 ms → "1.23 s", 95 → "95 ms". */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`
}

/** 44100 → "44.1 kHz". */
export function formatRate(hz: number): string {
  return `${Number((hz / 1000).toFixed(2))} kHz`
}
