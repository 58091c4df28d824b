// Transcripts as words: whitespace-separated tokens (what a person sees and edits), each with the
// text front-end's phones, and the word-level diff between two transcripts. Pure.
import { textToPhones } from '../text'
import { EngineError } from '../types'

/** Longest transcript accepted (a 30-minute talk is ~30 000 characters). */
export const MAX_TRANSCRIPT_CHARS = 1_000_000

export interface TranscriptWord {
  /** the token as typed, punctuation included ("wise,") */
  text: string
  /** character offsets of the token in the transcript */
  charStart: number
  charEnd: number
  /** inventory phones of the token; empty for a word the front-end cannot read (another script) */
  phones: string[]
}

/** Lower-case letters, digits and inner apostrophes: what two spellings of a word share ("Five," = "five"). */
export function wordKey(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}']/gu, '').replace(/^'+|'+$/g, '')
}

/**
 * The transcript's words. Tokens with nothing to say (a dash, "&" alone is said, "—" is not) are
 * left out; a token in a script the front-end cannot read stays, with no phones, so the aligner can
 * place it without a pronunciation and flag it.
 */
export function transcriptWords(text: string): TranscriptWord[] {
  if (typeof text !== 'string') throw new EngineError('transcript must be text', 'BAD_TEXT')
  if (text.length > MAX_TRANSCRIPT_CHARS) {
    throw new EngineError(`transcript is too long: ${text.length} characters (at most ${MAX_TRANSCRIPT_CHARS})`, 'BAD_TEXT')
  }
  const words: TranscriptWord[] = []
  for (const m of text.matchAll(/\S+/g)) {
    const token = m[0]
    let phones: string[] = []
    try {
      phones = textToPhones(token).phones.filter((p) => p !== 'sil')
    } catch (e) {
      if (!(e instanceof EngineError) || e.code !== 'BAD_TEXT') throw e
      if (!/\p{L}/u.test(token)) continue // punctuation or symbols only: nothing is said
    }
    words.push({ text: token, charStart: m.index, charEnd: m.index + token.length, phones })
  }
  if (!words.some((w) => w.phones.length)) {
    throw new EngineError('transcript has no English words to align', 'BAD_TEXT')
  }
  return words
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
 * prefix and suffix are trimmed first, so an edit in a long transcript costs little.
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
