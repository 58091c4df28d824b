// Sentence splitting for long-form synthesis (say()): one model call per sentence, so sentences
// must end at real boundaries ("Dr.", "e.g.", "3.50", "U.S." do not end one) and stay short.

import { abbreviationEndsSentence, abbreviationKind, streetEndsSentence } from './abbrev'

/** Sentences longer than this many words are split further at clause punctuation. */
export const MAX_SENTENCE_WORDS = 30

function wordCount(s: string): number {
  return s.split(/\s+/).filter(Boolean).length
}

/** Does the period/!/? at the end of `before` end a sentence, given the text `after` it? */
function endsSentence(before: string, punct: string, after: string): boolean {
  const next = after.trimStart()
  if (!next) return true
  if (/[!?…]|\.\.\./.test(punct)) return !/^[a-z]/.test(next)
  const word = /(\S+)\.$/.exec(before)?.[1] ?? ''
  const kind = abbreviationKind(word.replace(/[.]+$/, ''))
  // "St."/"Dr." as a street after an address ("…123 Main St. Bring snacks") can end a sentence.
  if (/^(?:St|Dr)$/.test(word) && kind === 'title') return streetEndsSentence(before.slice(0, -word.length - 1), after)
  if (kind === 'title' || kind === 'non-terminal') return false
  if (/^(no|p|pp|pg|apt|ste|hwy|rte|rt|bldg|rm|ep|eps|vol|ch|fig|sec)$/i.test(word) && /^#?\d/.test(next)) return false // "No. 5", "p. 45", "Apt. 4B"
  if (kind === 'ambiguous') return abbreviationEndsSentence(word.replace(/^["'“‘(]+/, ''), after)
  return /^["'“‘(\[]?[A-Z0-9]/.test(next)
}

/** Split one paragraph at sentence-final punctuation followed by space. */
function splitParagraph(p: string): string[] {
  const out: string[] = []
  let start = 0
  for (const m of p.matchAll(/([.!?…]+)(["'”’)\]]*)(?=\s)/g)) {
    const end = m.index! + m[0].length
    const before = p.slice(start, m.index! + m[1].length)
    if (endsSentence(before, m[1], p.slice(end))) {
      out.push(p.slice(start, end).trim())
      start = end
    }
  }
  out.push(p.slice(start).trim())
  return out.filter(Boolean)
}

/** Break a too-long sentence at , ; : and dashes, greedily packing clauses up to the word limit. */
export function splitLongSentence(sentence: string, maxWords = MAX_SENTENCE_WORDS): string[] {
  if (wordCount(sentence) <= maxWords) return [sentence]
  const clauses = sentence.split(/(?<=[,;:—–])\s+|\s+(?=[—–]\s)|(?<=\s-)\s+/).filter((c) => c.trim())
  const out: string[] = []
  let current = ''
  for (const clause of clauses.flatMap((c) => hardSplit(c, maxWords))) {
    const joined = current ? `${current} ${clause}` : clause
    if (current && wordCount(joined) > maxWords) {
      out.push(current)
      current = clause
    } else current = joined
  }
  if (current) out.push(current)
  return out
}

/** A clause with no punctuation to split at is cut into even runs of at most maxWords words. */
function hardSplit(clause: string, maxWords: number): string[] {
  const words = clause.trim().split(/\s+/)
  if (words.length <= maxWords) return [clause.trim()]
  const parts = Math.ceil(words.length / maxWords)
  const size = Math.ceil(words.length / parts)
  const out: string[] = []
  for (let i = 0; i < words.length; i += size) out.push(words.slice(i, i + size).join(' '))
  return out
}

/** A piece with no letter or digit ("👍" after "Great job!") joins the sentence before it (or after, if first). */
function foldWordless(sentences: string[]): string[] {
  const out: string[] = []
  let pending = ''
  for (const s of sentences) {
    if (!/[\p{L}\p{N}]/u.test(s)) {
      if (out.length) out[out.length - 1] += ` ${s}`
      else pending += `${s} `
    } else {
      out.push(pending + s)
      pending = ''
    }
  }
  return out.length ? out : sentences
}

/**
 * Text → sentences (original wording, trimmed). Newlines end a sentence unless the next line
 * continues in lower case (hard-wrapped prose); sentences over MAX_SENTENCE_WORDS words are split
 * at commas/semicolons (or evenly when they have none).
 */
export function splitSentences(text: string): string[] {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .replace(/\n[ \t]*(?=[a-z])/g, ' ')
    .split(/\n+/)
  const sentences = paragraphs.flatMap((p) => splitParagraph(p.replace(/\s+/g, ' ').trim()))
  return foldWordless(sentences).flatMap((s) => splitLongSentence(s))
}
