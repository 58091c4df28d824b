// The transcript pane's store logic: edits become regions in step with the text, undo/redo walks
// through them, hand-drawn regions are left alone, and the helpers the pane draws with.
import { beforeEach, describe, expect, it } from 'vitest'
import type { AlignedWord, Alignment } from '../../../../electron/engine/align'
import { snapToWords, transcriptFromFile, transcriptPieces, wordAt, wordsSpan } from '../../../../app/src/features/transcript/sync'
import { createStudioStore, type StudioStore } from '../../../../app/src/store'
import { fromProjectDoc, toProjectDoc } from '../../../../app/src/store/selectors'
import { rankTakes } from '../../../../app/src/store/takes-slice'
import { projectDocSchema } from '../../../../electron/shared/schemas'
import { audioInfo, takeInfo } from '../../store/helpers'

const TEXT = 'go for ten meters then stop'
function alignment(): Alignment {
  const spans: [number, number][] = [[0.3, 0.5], [0.5, 0.7], [1.0, 1.3], [1.3, 1.8], [2.2, 2.5], [2.5, 2.9]]
  const words: AlignedWord[] = TEXT.split(' ').map((text, index) => ({
    text,
    index,
    charStart: 0,
    charEnd: 0,
    start: spans[index][0],
    end: spans[index][1],
    confidence: 0.9,
    low: false,
    phones: [{ phone: 'AH', start: spans[index][0], end: spans[index][1] }],
  }))
  return { words, duration: 3.5, lowCount: 0, mismatch: null, frameSeconds: 0.016, alignMs: 1 }
}

let store: StudioStore
const s = () => store.getState()

beforeEach(() => {
  store = createStudioStore()
  s().setAudio(audioInfo(4))
  s().setTranscriptSource(TEXT, alignment(), true)
})

describe('transcript edits', () => {
  it('make one region per changed run, in step with the text', () => {
    s().editTranscript('go for five meters then stop')
    expect(s().regions.map((r) => [r.mode, r.text, r.oldText, r.origin])).toEqual([['replace', 'five', 'ten', 'transcript']])
    const id = s().regions[0].id
    s().editTranscript('go for five meters stop') // keep typing: the replace stays, a delete joins it
    expect(s().regions.map((r) => r.mode)).toEqual(['replace', 'delete'])
    expect(s().regions[0].id).toBe(id)
    s().editTranscript(TEXT)
    expect(s().regions).toEqual([])
  })

  it('are undone and redone with their regions', () => {
    s().editTranscript('go for five meters then stop')
    s().editTranscript('go five meters then stop')
    s().undo() // typing coalesces into one step
    expect(s().transcript).toBeNull()
    expect(s().regions).toEqual([])
    s().redo()
    expect(s().transcript).toBe('go five meters then stop')
    expect(s().regions.map((r) => r.text)).toEqual(['five'])
  })

  it('leave hand-drawn regions alone and skip edits that would overlap them', () => {
    const manual = s().addRegion({ start: 0.95, end: 1.35 })!
    s().editTranscript('go for five meters then')
    expect(s().regions.map((r) => r.id === manual || r.origin)).toEqual([true, 'transcript'])
    expect(s().transcriptSkipped).toBe(1)
  })

  it('skip an edit that would only touch a hand-drawn region: their takes\' crossfades would meet', () => {
    // "ten" is replaced within 0.96–1.3 s (edges in the pauses); a hand region ending right where it starts
    s().addRegion({ start: 0.5, end: 0.95 })
    s().editTranscript('go for five meters then stop')
    expect(s().regions.filter((r) => r.origin === 'transcript')).toEqual([])
    expect(s().transcriptSkipped).toBe(1)
  })

  it('drop the takes of a region that no edit asks for any more', () => {
    s().editTranscript('go for five meters then stop')
    const id = s().regions[0].id
    s().addTakes([takeInfo('t1', id, 0.96, 1.3)])
    s().editTranscript(TEXT)
    expect(s().takes).toEqual({})
  })
})

describe('deleting a region made by a transcript edit', () => {
  it('puts its words back, in the same undo step, so the next edit does not make it again', () => {
    s().editTranscript('go for five meters then stop')
    const id = s().regions[0].id
    s().removeRegion(id)
    expect(s().regions).toHaveLength(0)
    expect(s().transcript).toBe(TEXT)
    s().editTranscript('go for ten meters then halt')
    expect(s().regions.map((r) => r.text)).toEqual(['halt'])
    s().undo()
    s().undo()
    expect(s().transcript).toBe('go for five meters then stop')
    expect(s().regions.map((r) => r.text)).toEqual(['five'])
  })
})

describe('transcript edits over an applied take', () => {
  it('update the region and unapply its take (kept) when its words change again, and say so', () => {
    s().editTranscript('go for five meters then stop')
    const id = s().regions[0].id
    s().addTakes([takeInfo('t1', id, 0.96, 1.3)])
    s().applyTake('t1')
    expect(s().applied).toEqual({ [id]: 't1' })
    s().editTranscript('go for six meters then stop')
    expect(s().regions).toHaveLength(1)
    expect(s().regions[0]).toMatchObject({ id, text: 'six' }) // was left saying "five" with its take applied
    expect(s().applied).toEqual({})
    expect(Object.keys(s().takes)).toEqual(['t1'])
    expect(s().toasts.at(-1)?.message).toMatch(/got new words: the take, which says the old ones, is unapplied/)
    // Back to the recording's words: the region goes, and so does its take, with a word about it.
    s().applyTake('t1')
    s().editTranscript(TEXT)
    expect(s().regions).toHaveLength(0)
    expect(s().toasts.at(-1)?.message).toMatch(/with an applied take went with this edit \(Undo brings it back\)/)
  })
})

describe('a region from selected words', () => {
  it('is one undo step holding the words as its text and as the words it replaces, saved with the project', () => {
    const words = alignment().words
    const id = s().addRegion(wordsSpan(words, 2, 3, 3.5), { text: 'ten meters', oldText: 'ten meters' })!
    expect(s().regions).toEqual([{ id, start: 0.96, end: 1.84, text: 'ten meters', oldText: 'ten meters', mode: 'replace', length: 'region' }])
    s().setRegionText(id, 'five meters')
    expect(s().regions[0]).toMatchObject({ text: 'five meters', oldText: 'ten meters' })
    const doc = projectDocSchema.parse(toProjectDoc(s(), 't')!)
    expect(fromProjectDoc(doc, {}).regions[0]).toMatchObject({ text: 'five meters', oldText: 'ten meters' })
    s().undo()
    s().undo()
    expect(s().regions).toEqual([])
  })
})

describe('projects', () => {
  it('save the transcript, its alignment, the edits and the regions, and load them back', () => {
    s().editTranscript('go for five meters then stop')
    const doc = toProjectDoc(s(), 'talk')!
    expect(projectDocSchema.safeParse(doc).success).toBe(true)
    expect(doc.transcript).toEqual({ source: TEXT, edited: 'go for five meters then stop', alignment: alignment() })
    expect(doc.regions[0]).toMatchObject({ origin: 'transcript', oldText: 'ten', text: 'five' })
    const back = fromProjectDoc(doc, {})
    expect(back.transcript).toBe('go for five meters then stop')
    expect(back.regions[0]).toMatchObject({ origin: 'transcript', oldText: 'ten', mode: 'replace', length: 'natural' })
  })
})

describe('pane helpers', () => {
  const words = alignment().words
  it('find the word being said and the span of a selection, edges in the pauses', () => {
    expect(wordAt(words, 1.1)).toBe(2)
    expect(wordAt(words, 0.8)).toBe(-1)
    expect(wordsSpan(words, 2, 3, 3.5)).toEqual({ start: 0.96, end: 1.84 })
    expect(snapToWords(words, 3.5, 0.98)).toBeCloseTo(0.96)
    expect(snapToWords(words, 3.5, 0.8, 0.05)).toBeNull()
  })

  it('split the transcript into unchanged words and changes', () => {
    const pieces = transcriptPieces(words, 'go for five meters then stop')
    expect(pieces.map((p) => (p.kind === 'same' ? p.index : `${p.oldWords.join()}→${p.newText}`))).toEqual([0, 1, '2→five', 3, 4, 5])
  })

  it('reads the text of .srt cues and plain text as it is', () => {
    const srt = '1\n00:00:00,000 --> 00:00:01,500\nGo for ten\nmeters.\n\n2\n00:00:02,000 --> 00:00:03,000\nThen stop.\n'
    expect(transcriptFromFile('talk.srt', srt)).toBe('Go for ten meters.\nThen stop.')
    expect(transcriptFromFile('talk.txt', '  Go for ten meters. \n')).toBe('Go for ten meters.')
    // Markup is not speech, a cue of digits is, and a BOM or CRLF changes nothing
    const marked = '\uFEFF1\r\n00:00:00,000 --> 00:00:01,500\r\n<i>Go for</i> {\\an8}ten\r\n\r\n2\r\n00:00:02,000 --> 00:00:03,000\r\n42\r\n'
    expect(transcriptFromFile('talk.srt', marked)).toBe('Go for ten\n42')
  })

  it('ranks checked takes: passing ones first, then by score, then the unchecked by age', () => {
    const t = (id: string, createdAt: number, check?: { passes: boolean; score: number }) => ({
      ...takeInfo(id, 'r', 1, 2),
      createdAt,
      ...(check ? { check: { words: [], oldWords: [], seams: [1, 1] as [number, number], weakest: -1, ...check } } : {}),
    })
    const ranked = rankTakes([t('old', 1), t('bad', 2, { passes: false, score: 0.05 }), t('good', 3, { passes: true, score: 0.4 }), t('best', 4, { passes: true, score: 0.9 })])
    expect(ranked.map((x) => x.takeId)).toEqual(['best', 'good', 'bad', 'old'])
    // Takes of the words now in the box come before better-checked takes of earlier words.
    const said = (x: ReturnType<typeof t>, text: string) => ({ ...x, region: { ...x.region, text } })
    const mixed = rankTakes([said(t('earlier', 1, { passes: true, score: 0.9 }), 'old words'), said(t('now', 2, { passes: false, score: 0.2 }), 'new  words ')], 'new words')
    expect(mixed.map((x) => x.takeId)).toEqual(['now', 'earlier'])
  })
})
