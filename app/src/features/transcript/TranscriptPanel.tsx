// The transcript pane: paste, type or load the recording's transcript and align it; then the words
// follow playback (click one to seek, shift-click to select a run), low-confidence words are
// underlined, and editing the words below makes the regions that say the new ones.

import { useMemo } from 'react'
import { unsayableTokens } from '../../../../electron/engine/align/diff'
import { useShallow } from 'zustand/shallow'
import { useStudio, studio } from '../../store'
import { viewToSource } from '../../lib/timeline'
import { selectEditMap } from '../../store/selectors'
import type { Store } from '../../store/types'
import { jobFraction } from '../common/feature-job'
import { transcriptPieces, wordAt } from './sync'
import { alignTranscript, cancelAlign, generateTranscriptRegions, loadTranscriptFile, newTranscript, playWords, regionFromSelection, seekToWord } from './transcript-actions'

const selectPanel = (s: Store) => ({
  draft: s.transcriptDraft,
  source: s.transcriptSource,
  alignment: s.alignment,
  edited: s.transcript,
  job: s.alignJob,
  selection: s.wordSelection,
  skipped: s.transcriptSkipped,
  hasAudio: s.audio !== null,
  hasAligner: s.model?.info?.hasAligner ?? false,
  busy: s.job !== null,
})

/** Source seconds of the playhead (the view runs on the edited timeline). */
const selectSourceTime = (s: Store) => {
  const map = selectEditMap(s)
  return map ? viewToSource(map, s.currentTime) : s.currentTime
}

export function TranscriptPanel() {
  const p = useStudio(useShallow(selectPanel))
  if (!p.alignment || p.source === null) {
    return (
      <div className="feature-panel transcript-panel" data-testid="transcript-panel">
        <textarea
          data-testid="transcript-input"
          rows={5}
          placeholder="Paste or type what the recording says, or load a .txt / .srt, then Align."
          value={p.draft}
          onChange={(e) => studio.getState().setTranscriptDraft(e.target.value)}
        />
        <div className="row">
          <label className="button" title="Load a transcript (.txt, or .srt subtitles)">
            Load .txt / .srt
            <input
              type="file"
              hidden
              accept=".txt,.srt,text/plain"
              data-testid="transcript-file-input"
              onChange={(e) => {
                const f = e.target.files?.[0]
                if (f) void loadTranscriptFile(f)
                e.target.value = ''
              }}
            />
          </label>
          <button
            className="primary"
            data-testid="transcript-align"
            disabled={!p.hasAudio || !p.hasAligner || !p.draft.trim() || p.job !== null}
            title={p.hasAligner ? 'Find each word in the recording' : 'This model has no aligner graph'}
            onClick={() => void alignTranscript()}
          >
            Align
          </button>
          {p.job && (
            <>
              <progress data-testid="transcript-progress" max={1} value={jobFraction(p.job)} />
              <button data-testid="transcript-cancel" disabled={p.job.cancelling} onClick={() => void cancelAlign()}>
                Cancel
              </button>
            </>
          )}
          {!p.hasAudio && <span className="muted small-text">Open a recording first.</span>}
        </div>
      </div>
    )
  }
  return <AlignedTranscript {...p} alignment={p.alignment} source={p.source} />
}

function AlignedTranscript(p: ReturnType<typeof selectPanel> & { alignment: NonNullable<Store['alignment']>; source: string }) {
  const words = p.alignment.words
  const pieces = useMemo(() => transcriptPieces(words, p.edited), [words, p.edited])
  const time = useStudio(selectSourceTime)
  const current = wordAt(words, time)
  const regions = useStudio((s) => s.regions)
  const applied = useStudio((s) => s.applied)
  const [a, b] = p.selection ?? [-1, -2]
  const changes = pieces.filter((x) => x.kind === 'change').length
  const clickWord = (index: number, e: React.MouseEvent) => {
    const s = studio.getState()
    if (e.shiftKey && p.selection) s.selectWords([Math.min(p.selection[0], index), Math.max(p.selection[1], index)])
    else s.selectWords([index, index])
    seekToWord(index)
  }
  /**
   * A change is shown as done once a take is applied on the transcript region that makes it: one over
   * its old words, or for an insertion (no old words) one in the gap where the new words go.
   */
  const isApplied = (change: { oldFrom: number; oldTo: number }) => {
    if (!words.length) return false
    const from = change.oldTo > change.oldFrom ? words[change.oldFrom].start : change.oldFrom > 0 ? words[change.oldFrom - 1].end : -Infinity
    const to = change.oldTo > change.oldFrom ? words[change.oldTo - 1].end : change.oldFrom < words.length ? words[change.oldFrom].start : Infinity
    return regions.some((r) => r.origin === 'transcript' && r.id in applied && r.start <= to && r.end >= from)
  }
  const pending = pieces.filter((x) => x.kind === 'change' && !isApplied(x.change)).length
  return (
    <div className="feature-panel transcript-panel aligned" data-testid="transcript-panel">
      {p.alignment.mismatch && (
        <div className="transcript-warning" data-testid="transcript-mismatch">
          {p.alignment.mismatch}. Editing is off (edits would land in guessed places): align a transcript that matches (New transcript).
        </div>
      )}
      <div className="transcript-words" data-testid="transcript-words">
        {pieces.map((piece) =>
          piece.kind === 'same' ? (
            <Word key={piece.index} index={piece.index} text={words[piece.index].text} low={words[piece.index].low} current={piece.index === current} selected={piece.index >= a && piece.index <= b} onClick={clickWord} />
          ) : isApplied(piece.change) ? (
            <span key={`c${piece.change.oldFrom}`} className="word-edit applied" data-testid="transcript-applied">
              {piece.newText}{' '}
            </span>
          ) : (
            <span key={`c${piece.change.oldFrom}`} className="word-edit pending" data-testid="transcript-change">
              {piece.oldWords.map((i) => (
                <del key={i} onClick={(e) => clickWord(i, e)}>
                  {words[i].text}{' '}
                </del>
              ))}
              {piece.newText && <ins>{piece.newText} </ins>}
            </span>
          ),
        )}
      </div>
      <label className="transcript-edit-label">
        Edit the words (each changed run becomes a region):
        <textarea
          data-testid="transcript-edit"
          rows={3}
          value={p.edited ?? p.source}
          readOnly={Boolean(p.alignment.mismatch)}
          onChange={(e) => studio.getState().editTranscript(e.target.value)}
        />
      </label>
      {(() => {
        // An emoji or other symbol is left out like punctuation: a word replaced by one would be deleted, so say so.
        const symbols = unsayableTokens(p.edited ?? '')
        return symbols.length > 0 ? (
          <div className="small-text error-text" data-testid="transcript-unsayable">
            {symbols.map((s) => `“${s}”`).join(', ')} cannot be said and {symbols.length === 1 ? 'is' : 'are'} left out: write {symbols.length === 1 ? 'it' : 'them'} as words
          </div>
        ) : null
      })()}
      <div className="row">
        <span className="small-text muted" data-testid="transcript-summary">
          {words.length} words · {p.alignment.lowCount} uncertain · {changes} change{changes === 1 ? '' : 's'}
          {changes > 0 && pending < changes ? ` (${changes - pending} applied)` : ''}
          {p.skipped ? ` · ${p.skipped} not made (they overlap or touch regions drawn by hand)` : ''}
        </span>
        <span className="spacer" />
        <button data-testid="transcript-region" disabled={!p.selection} title="A region over the selected words, edges in the pauses" onClick={regionFromSelection}>
          Region from selection
        </button>
        <button className="primary" data-testid="transcript-generate-all" disabled={p.busy || pending === 0 || Boolean(p.alignment.mismatch)} onClick={() => void generateTranscriptRegions()}>
          Generate all
        </button>
        <button data-testid="transcript-new" title="Paste another transcript (the regions stay)" onClick={newTranscript}>
          New transcript
        </button>
      </div>
    </div>
  )
}

function Word(props: { index: number; text: string; low: boolean; current: boolean; selected: boolean; onClick: (i: number, e: React.MouseEvent) => void }) {
  const cls = ['word', props.low ? 'low' : '', props.current ? 'current' : '', props.selected ? 'selected' : ''].filter(Boolean).join(' ')
  return (
    <span
      className={cls}
      data-testid="transcript-word"
      data-index={props.index}
      title={props.low ? 'may not be said as written (double-click: play it)' : 'Click: go to it · double-click: play it'}
      onClick={(e) => props.onClick(props.index, e)}
      onDoubleClick={() => playWords(props.index)}
    >
      {props.text}{' '}
    </span>
  )
}
