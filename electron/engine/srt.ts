// SubRip (.srt) subtitles for voiceovers: one numbered cue per script line, times in
// HH:MM:SS,mmm. Pure and browser-safe (the CLI, the engine process and the page share it).

/** A subtitle cue: seconds from the start of the audio. */
export interface SrtCue {
  start: number
  end: number
  text: string
}

/** Seconds → "HH:MM:SS,mmm", rounded to the millisecond (hours may exceed 99). */
export function srtTimestamp(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`SRT time must be a finite number ≥ 0 (got ${seconds})`)
  const ms = Math.round(seconds * 1000)
  const pad = (n: number, w: number) => String(n).padStart(w, '0')
  const h = Math.floor(ms / 3_600_000)
  const m = Math.floor(ms / 60_000) % 60
  const s = Math.floor(ms / 1000) % 60
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)},${pad(ms % 1000, 3)}`
}

/**
 * The SRT document: cues numbered from 1 in the given order, each followed by a blank line, CRLF
 * line ends (what most players and editors expect). Blank lines inside a cue's text would end the
 * cue early, so runs of whitespace with line breaks collapse to one line break.
 */
export function formatSrt(cues: readonly SrtCue[]): string {
  return cues
    .map((c, i) => {
      if (c.end < c.start) throw new Error(`cue ${i + 1} ends (${c.end} s) before it starts (${c.start} s)`)
      const text = c.text.trim().replace(/\s*\n\s*/g, '\n') || '…'
      return `${i + 1}\r\n${srtTimestamp(c.start)} --> ${srtTimestamp(c.end)}\r\n${text.replace(/\n/g, '\r\n')}\r\n\r\n`
    })
    .join('')
}

/** The text of an .srt file's cues (numbers and times dropped), or the text itself for anything else. */
export function transcriptFromFile(name: string, text: string): string {
  if (!/\.srt$/i.test(name)) return text.trim()
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r/g, '')
    .split(/\n\s*\n/)
    .map((block) => {
      const lines = block.split('\n').map((l) => l.trim()).filter(Boolean)
      // The cue's words are the lines after its time line (a cue that says "42" is words too).
      const at = lines.findIndex((l) => l.includes('-->'))
      const words = at >= 0 ? lines.slice(at + 1) : lines.filter((l) => !/^\d+$/.test(l))
      // Subtitle markup is not speech: <i>…</i>, <font …>, {\an8}.
      return words.join(' ').replace(/<[^>]*>/g, '').replace(/\{\\[^}]*\}/g, '').replace(/\s+/g, ' ').trim()
    })
    .filter(Boolean)
    .join('\n')
}
