// The word-level diff between two transcripts. Pure and free of the text front-end (no
// dictionary), so the renderer can use it as the user types.
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
    // Words only split or joined ("forty-two" → "forty two", "some one" → "someone") say the same: no edit.
    const joined = (keys: string[], from: number, to: number) => keys.slice(from, to).join('')
    if (open.oldTo > open.oldFrom && joined(a, open.oldFrom, open.oldTo) === joined(b, open.newFrom, open.newTo)) {
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
