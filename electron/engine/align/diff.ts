// The word-level diff between two transcripts. Pure and free of the text front-end (no
// dictionary), so the renderer can use it as the user types.
import { cardinal, ordinal, yearToWords } from '../text/numbers'
import { EngineError } from '../types'

/** Lower-case letters, digits and inner apostrophes: what two spellings of a word share ("Five," = "five"). */
export function wordKey(text: string): string {
  // Typographic apostrophes (’ ‘ ʼ) are the same letter as ': "don’t" pasted over "don't" is no edit.
  return text.toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'").replace(/[^\p{L}\p{N}']/gu, '').replace(/^'+|'+$/g, '')
}

/** The words of typed text as the transcript pane diffs them: whitespace tokens with a letter or digit. */
export function editableWords(text: string): string[] {
  return (text.match(/\S+/g) ?? []).filter((t) => /[\p{L}\p{N}]/u.test(t))
}

/**
 * Tokens of `text` that are neither words nor punctuation (emoji, pictographs, other symbols): editableWords
 * drops them like punctuation, so a word replaced by one would silently become a deletion.
 */
export function unsayableTokens(text: string): string[] {
  return (text.match(/\S+/g) ?? []).filter((t) => !/[\p{L}\p{N}]/u.test(t) && /[\p{So}\p{Extended_Pictographic}]/u.test(t))
}

/** The ways a word key can be said, as letters only: digits and ordinals spelled out ("1999" two ways). */
function sayings(key: string): string[] {
  const letters = (t: string) => t.replace(/[^a-z']/g, '')
  try {
    if (/^\d{1,15}$/.test(key)) return [...new Set([letters(cardinal(key)), ...(key.length === 4 ? [letters(yearToWords(key))] : [])])]
    const ord = /^(\d{1,15})(st|nd|rd|th)$/.exec(key)
    if (ord) return [letters(ordinal(ord[1]))]
  } catch {
    // not a number after all
  }
  return [key]
}

/** Whether two runs of word keys say the same words, however split or written (at most a few readings each). */
function sameSaying(oldKeys: readonly string[], newKeys: readonly string[]): boolean {
  const all = (keys: readonly string[]) => {
    let out = ['']
    for (const k of keys) {
      out = out.flatMap((o) => sayings(k).map((r) => o + r))
      if (out.length > 16) return out.slice(0, 16)
    }
    return out
  }
  const olds = new Set(all(oldKeys))
  return all(newKeys).some((n) => olds.has(n))
}

/** One changed run: old words [oldFrom, oldTo) became new words [newFrom, newTo). */
export interface WordChange {
  kind: 'replace' | 'insert' | 'delete'
  oldFrom: number
  oldTo: number
  newFrom: number
  newTo: number
}

/**
 * Word-level diff (longest common subsequence on wordKey), as runs of changes in order. Common
 * prefix and suffix are trimmed first, so an edit in a long transcript costs little. A run that only
 * splits or joins words (the same letters) is not a change.
 */
export function diffWords(oldWords: readonly string[], newWords: readonly string[]): WordChange[] {
  const a = oldWords.map(wordKey)
  const b = newWords.map(wordKey)
  let pre = 0
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++
  let suf = 0
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++
  const n = a.length - pre - suf
  const m = b.length - pre - suf
  if (n * m > 25_000_000) {
    throw new EngineError(`the transcripts differ in too many places to compare (${n} × ${m} words); edit a part at a time`, 'BAD_TEXT')
  }
  // lcs[i][j] = LCS length of a[pre+i..] and b[pre+j..]
  const lcs = new Uint32Array((n + 1) * (m + 1))
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * (m + 1) + j] = a[pre + i] === b[pre + j] ? lcs[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1])
    }
  }
  const changes: WordChange[] = []
  let open: WordChange | null = null
  const flush = () => {
    if (!open) return
    // Words only split or joined ("forty-two" → "forty two", "some one" → "someone") or numbers written
    // out ("42" → "forty two", "1st" → "first") say the same: no edit.
    if (open.oldTo > open.oldFrom && sameSaying(a.slice(open.oldFrom, open.oldTo), b.slice(open.newFrom, open.newTo))) {
      open = null
      return
    }
    open.kind = open.oldFrom === open.oldTo ? 'insert' : open.newFrom === open.newTo ? 'delete' : 'replace'
    changes.push(open)
    open = null
  }
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && a[pre + i] === b[pre + j]) {
      flush()
      i++
      j++
      continue
    }
    open ??= { kind: 'replace', oldFrom: pre + i, oldTo: pre + i, newFrom: pre + j, newTo: pre + j }
    if (j < m && (i === n || lcs[i * (m + 1) + j + 1] >= lcs[(i + 1) * (m + 1) + j])) {
      j++
      open.newTo = pre + j
    } else {
      i++
      open.oldTo = pre + i
    }
  }
  flush()
  return changes
}
