// Word-boundary errors of an alignment against reference phone timings (a synthesiser's own, or an
// independent aligner's). Used by electron/cli/align-check.ts and the tests.
import { PAUSE } from '../text/phones'
import type { AlignedWord } from './index'

/**
 * Errors in seconds of every word boundary that can be matched: a word's true start and end come
 * from the reference phones its own first and last phones match in a phone-level edit-distance
 * alignment of the front-end's pronunciations to the reference; unmatched boundaries are left out.
 */
export function boundaryErrors(words: readonly AlignedWord[], reference: readonly [string, number, number][]): number[] {
  const a: { phone: string; word: number; first: boolean; last: boolean }[] = []
  words.forEach((w, k) => w.phones.forEach((p, i) => a.push({ phone: p.phone, word: k, first: i === 0, last: i === w.phones.length - 1 })))
  const b = reference.filter(([p]) => p !== PAUSE)
  const n = a.length
  const m = b.length
  const d = new Uint32Array((n + 1) * (m + 1))
  for (let i = 0; i <= n; i++) d[i * (m + 1)] = i
  for (let j = 0; j <= m; j++) d[j] = j
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const sub = d[(i - 1) * (m + 1) + j - 1] + (a[i - 1].phone === b[j - 1][0] ? 0 : 1)
      d[i * (m + 1) + j] = Math.min(sub, d[(i - 1) * (m + 1) + j] + 1, d[i * (m + 1) + j - 1] + 1)
    }
  }
  const errors: number[] = []
  for (let i = n, j = m; i > 0 && j > 0; ) {
    const same = a[i - 1].phone === b[j - 1][0]
    if (d[i * (m + 1) + j] === d[(i - 1) * (m + 1) + j - 1] + (same ? 0 : 1)) {
      if (same) {
        const w = words[a[i - 1].word]
        if (a[i - 1].first) errors.push(Math.abs(w.start - b[j - 1][1]))
        if (a[i - 1].last) errors.push(Math.abs(w.end - b[j - 1][2]))
      }
      i--
      j--
    } else if (d[i * (m + 1) + j] === d[(i - 1) * (m + 1) + j] + 1) i--
    else j--
  }
  return errors
}
