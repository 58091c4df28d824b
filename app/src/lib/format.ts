// Labels for times, durations and estimates shown in the UI.

/** 83.25 → "1:23.250"; hours appear only when needed ("1:02:03.000"). */
export function formatTime(seconds: number, decimals = 3): string {
  const safe = Number.isFinite(seconds) && seconds > 0 ? seconds : 0
  const h = Math.floor(safe / 3600)
  const m = Math.floor((safe % 3600) / 60)
  const s = (safe % 60).toFixed(decimals).padStart(decimals > 0 ? decimals + 3 : 2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
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
