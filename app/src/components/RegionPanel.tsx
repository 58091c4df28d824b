// The side panel: every region with its text, mode and length, and the takes of each region with
// audition, A/B, apply and delete.

import { memo, useEffect, useRef, useState } from 'react'
import { useShallow } from 'zustand/shallow'
import type { RegionLength, RegionMode } from '../../../electron/engine/types'
import { REGION_TEXT_MAX } from '../../../electron/shared/limits'
import { quotedWord } from '../../../electron/shared/words'
import type { TakeInfo } from '../api/types'
import { generateRegions, generateUntilChecks } from '../actions/generate'
import { applyTake, audition, stopAuditioning, toggleAB, unapplyRegion } from '../actions/takes'
import { transport } from '../audio/transport'
import { formatMs, formatTime, parseTime } from '../lib/format'
import { shortcutLabel } from '../lib/shortcuts'
import { regionViewSpan, sourceToView, viewToSource } from '../lib/timeline'
import { MIN_REGION_SECONDS, withinGap } from '../lib/regions'
import { studio, useStudio } from '../store'
import { appliedTakeOf, selectEditMap, takeHeardChanged, takeMadeAt, takeViewSpan } from '../store/selectors'
import { rankTakes } from '../store/takes-slice'
import type { Store } from '../store/types'
import { TakeWave } from './TakeWave'

const MODES: { value: RegionMode; label: string; hint: string }[] = [
  { value: 'replace', label: 'Replace', hint: 'Say the typed words instead of what is there' },
  { value: 'insert', label: 'Insert', hint: 'Add the typed words at this point' },
  { value: 'delete', label: 'Delete', hint: 'Remove what is said here, smoothing the join' },
  { value: 'regenerate', label: 'Regenerate', hint: 'Say the same words again (fix a glitch)' },
]
const LENGTHS: { value: RegionLength; label: string; hint: string }[] = [
  { value: 'region', label: 'Region length', hint: "The words fill the region; the speaker's pauses in it stay" },
  { value: 'natural', label: 'Natural length', hint: "The words take the speaker's natural time; what follows moves" },
]

const selectRegionIds = (s: Store) => s.regions.map((r) => r.id)

export function RegionPanel() {
  const ids = useStudio(useShallow(selectRegionIds))
  const hasAudio = useStudio((s) => s.audio !== null)
  return (
    <aside className="side-panel" data-testid="region-panel">
      <div className="panel-header">
        <span>Regions</span>
        <span className="muted">{ids.length || ''}</span>
      </div>
      {ids.length === 0 ? (
        <p className="panel-empty">{hasAudio ? 'Drag across the waveform to mark a region to fill.' : 'Open a recording to start.'}</p>
      ) : (
        <ol className="region-list" data-testid="region-list" data-app-undo>
          {ids.map((id, i) => (
            <RegionCard key={id} id={id} index={i} />
          ))}
        </ol>
      )}
    </aside>
  )
}

const RegionCard = memo(function RegionCard({ id, index }: { id: string; index: number }) {
  const region = useStudio((s) => s.regions.find((r) => r.id === id))
  const selected = useStudio((s) => s.selectedRegionId === id)
  const appliedTakeId = useStudio((s) => s.applied[id] ?? null)
  const generating = useStudio((s) => s.job?.regionIds.includes(id) ?? false)
  const busy = useStudio((s) => s.job !== null)
  const takes = useStudio(useShallow((s: Store) => Object.values(s.takes).filter((t) => t.regionId === id)))
  const store = studio.getState() // actions only: stable across renders
  // (Every hook before the early return: a card whose region just went must render the same hooks.)
  const canCheck = useStudio((s) => s.model?.info?.hasAligner ?? false)
  // Times as the waveform, the ruler and the playhead clock give them (the edited timeline): after a take
  // that changed the length was applied, a later region's source times disagreed with the clock over it.
  const map = useStudio(selectEditMap)
  if (!region) return null
  const locked = appliedTakeId !== null
  const sorted = rankTakes(takes, region.text)
  // Listed best first, but named in the order they were made: "Take 2" stays take 2 when a better one comes.
  const number = new Map([...takes].sort((a, b) => a.createdAt - b.createdAt || a.takeId.localeCompare(b.takeId)).map((t, i) => [t.takeId, i + 1]))
  const needsText = region.mode === 'replace' || region.mode === 'insert'
  // Regenerate says the words again: it needs them typed too (or taken from the transcript).
  const wordsMissing = (needsText || region.mode === 'regenerate') && !region.text.trim()
  const view = map ? regionViewSpan(map, region, appliedTakeOf(studio.getState(), id)) : region

  return (
    <li
      className={`region-card${selected ? ' selected' : ''}${locked ? ' applied' : ''}${generating ? ' generating' : ''}`}
      data-testid="region-item"
      data-region-id={id}
      aria-current={selected ? 'true' : undefined}
      onClick={() => {
        store.selectRegion(id)
        // Shown even when it was selected already (the view scrolled or zoomed away from it since).
        transport.revealSpan(view.start, view.end)
      }}
      // Focus anywhere in the card (its times, mode, buttons) selects its region, as the text box did:
      // Ctrl+Enter in region 2's start field, or Del on its Generate button, had acted on region 1, still selected.
      onFocus={() => store.selectRegion(id)}
    >
      <div className="region-head">
        <span className="region-index">{index + 1}</span>
        <button
          className="link region-time"
          title="Play this region"
          aria-label={`Play region ${index + 1}, ${view.start === view.end ? `at ${formatTime(view.start)}` : `${formatTime(view.start)} to ${formatTime(view.end)}`}`}
          onClick={(e) => {
            e.stopPropagation()
            transport.play(view.start, view.end > view.start ? view.end : undefined)
          }}
        >
          {view.start === view.end ? `at ${formatTime(view.start)}` : `${formatTime(view.start)} – ${formatTime(view.end)}`}
        </button>
        <span className="spacer" />
        {locked && <span className="badge applied" title="A take is applied: unapply it to move or resize the region">applied</span>}
        <button
          className="icon danger"
          title={`Delete region (${shortcutLabel('delete')})`}
          aria-label={`Delete region ${index + 1}`}
          data-testid="region-delete"
          onClick={(e) => {
            e.stopPropagation()
            store.removeRegion(id)
          }}
        >
          ✕
        </button>
      </div>
      {!locked && <RegionTimes id={id} start={view.start} end={view.end} index={index} />}
      <textarea
        className="region-text"
        data-testid="region-text"
        rows={2}
        placeholder={region.mode === 'delete' ? 'Nothing to type: the region is removed' : region.mode === 'regenerate' ? 'Type the words spoken here: they are said again' : 'Type what should be said here'}
        aria-label={`Region ${index + 1} text`}
        maxLength={REGION_TEXT_MAX}
        disabled={region.mode === 'delete'}
        value={region.mode === 'delete' ? '' : region.text}
        onChange={(e) => store.setRegionText(id, e.target.value)}
        // Escape leaves the box for the waveform, so Space and the arrows act at once (a plain blur had
        // left the focus nowhere: the next Tab started over at the toolbar's first button).
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return
          const wave = document.querySelector<HTMLElement>('[data-testid="waveform"]')
          if (wave) wave.focus()
          else e.currentTarget.blur()
        }}
        // The box takes REGION_TEXT_MAX characters; a longer paste is cut there, and says so.
        onPaste={(e) => {
          const t = e.currentTarget
          const room = REGION_TEXT_MAX - (t.value.length - (t.selectionEnd - t.selectionStart))
          const pasted = e.clipboardData.getData('text').length
          if (pasted > room) regionNote(id, `Region 1 holds at most ${REGION_TEXT_MAX} characters: ${pasted - room} of the pasted ones were left out`)
        }}
      />
      {region.mode !== 'delete' && region.text.length > REGION_TEXT_MAX * 0.9 && (
        <div className={`region-count${region.text.length > REGION_TEXT_MAX ? ' over' : ''}`} data-testid="region-text-count">
          {region.text.length} / {REGION_TEXT_MAX} characters
        </div>
      )}
      <div className="region-controls">
        <select
          data-testid="region-mode"
          // Named by the region: without it the menu was read out by its hint ("Say the typed words instead…").
          aria-label={`Region ${index + 1} mode`}
          value={region.mode}
          disabled={locked}
          title={MODES.find((m) => m.value === region.mode)?.hint}
          onChange={(e) => store.setRegionMode(id, e.target.value as RegionMode)}
        >
          {MODES.map((m) => (
            <option key={m.value} value={m.value} title={m.hint}>
              {m.label}
            </option>
          ))}
        </select>
        {/* An insert's length is always its words' own; a delete has none. */}
        {region.mode !== 'insert' && region.mode !== 'delete' && <select
          data-testid="region-length"
          aria-label={`Region ${index + 1} length`}
          value={region.length}
          title={LENGTHS.find((l) => l.value === region.length)?.hint}
          onChange={(e) => store.setRegionLength(id, e.target.value as RegionLength)}
        >
          {LENGTHS.map((l) => (
            <option key={l.value} value={l.value} title={l.hint}>
              {l.label}
            </option>
          ))}
        </select>}
        {(region.mode === 'replace' || region.mode === 'regenerate') && (
          <label
            className="inline region-exact"
            title="Generate all of the region. Otherwise, when the region already says its words (a repair), only the part where they are said is generated: a word's sound just outside the edges is not said twice, and the rest keeps the recording's own sound."
          >
            <input data-testid="region-exact" type="checkbox" checked={region.exact ?? false} onChange={(e) => store.setRegionExact(id, e.target.checked)} />
            Exact
          </label>
        )}
        <button
          className="primary small"
          data-testid="region-generate"
          disabled={busy || wordsMissing}
          title={wordsMissing ? (region.mode === 'regenerate' ? 'Type the words it says first' : 'Type the words first') : `Generate a take for this region (${shortcutLabel('generate')})`}
          onClick={(e) => {
            e.stopPropagation()
            void generateRegions([id])
          }}
        >
          {generating ? 'Generating…' : 'Generate'}
        </button>
        {canCheck && needsText && (
          <button
            className="small"
            data-testid="region-generate-checked"
            disabled={busy || !region.text.trim()}
            title="Try seeds until the aligner hears the typed words (Settings → Checked takes)"
            onClick={(e) => {
              e.stopPropagation()
              void generateUntilChecks(id)
            }}
          >
            Until it checks
          </button>
        )}
      </div>
      {sorted.length > 0 && (
        <ul className="take-list" data-testid="take-list">
          {sorted.map((t) => (
            <TakeRow key={t.takeId} take={t} number={number.get(t.takeId) ?? 0} applied={appliedTakeId === t.takeId} regionText={region.mode === 'delete' ? '' : region.text.trim()} />
          ))}
        </ul>
      )}
    </li>
  )
})

/** "✓ says 'go for five'" or "✗ may not say 'five'", the weakest word underlined. */
function TakeCheckMark({ check }: { check: NonNullable<TakeInfo['check']> }) {
  const weak = check.weakest >= 0 ? check.words[check.weakest] : null
  const words = check.words.map((w, i) => (
    <span key={i}>
      {i > 0 ? ' ' : ''}
      {i === check.weakest ? <u>{quotedWord(w.text)}</u> : quotedWord(w.text)}
    </span>
  ))
  let text: React.ReactNode
  if (check.passes) text = <>✓ says ‘{words}’</>
  else if (weak && !weak.ok) text = <>✗ may not say ‘<u>{quotedWord(weak.text)}</u>’</>
  else if (check.oldWords.length) text = <>✗ may still say ‘{check.oldWords.map((w) => quotedWord(w.text)).join(' ')}’</>
  else text = <>✗ rough join (seam {Math.max(...check.seams).toFixed(1)}×)</>
  const title = `score ${check.score.toFixed(2)} · ${check.words.map((w) => `${w.text} ${w.confidence.toFixed(2)}`).join(', ')} · seams ${check.seams.map((x) => x.toFixed(1)).join(' / ')}`
  return (
    <div className={`take-check ${check.passes ? 'ok' : 'bad'}`} data-testid="take-check" data-passes={check.passes} title={title}>
      {text}
    </div>
  )
}

function TakeRow({ take, number, applied, regionText }: { take: TakeInfo; number: number; applied: boolean; regionText: string }) {
  const selected = useStudio((s) => s.selectedTakeId === take.takeId)
  const playing = useStudio((s) => (s.audition?.takeId === take.takeId ? s.audition.variant : null))
  // On the edited timeline, as the region's own times (with this take in its place): source seconds
  // disagreed with the clock after an earlier take changed the length. A string, so renders compare equal.
  const made = useStudio((s) => {
    const span = take.narrowed ? takeViewSpan(s, take.takeId) : null
    return span ? formatSpan(span) : null
  })
  // Made before the region moved or was resized: Apply puts the region back there (takes-slice applyTake).
  const elsewhere = useStudio((s) => {
    const span = takeMadeAt(s, take.takeId)
    return span ? formatSpan(span) : null
  })
  // Made hearing the document's deletions beside it as they were then (context-deletes.ts): one has moved,
  // gone or been added since, so the take leads into audio that is no longer what follows it.
  const heardOtherwise = useStudio((s) => takeHeardChanged(s, take.takeId))
  const st = take.settings
  // A deletion runs no model: its seed and steps would describe nothing. The time it took is said as
  // such: a bare "1.61 s" beside a take read as its length.
  const details =
    take.networkCalls === 0
      ? `a crossfaded cut, no model · made in ${formatMs(take.timings.totalMs)}`
      : `seed ${st.seed} · ${st.steps} steps · ${st.solver} · w ${st.guidance} · made in ${formatMs(take.timings.totalMs)}`
  return (
    <li
      className={`take-row${selected ? ' selected' : ''}${applied ? ' applied' : ''}`}
      data-testid="take-item"
      data-take-id={take.takeId}
      data-replace-start={take.replaceStart}
      data-replace-end={take.replaceEnd}
      data-frames={take.frames}
      onClick={(e) => {
        e.stopPropagation()
        studio.getState().selectTake(take.takeId)
      }}
    >
      <div className="take-title">
        <span>Take {number}</span>
        {applied && <span className="badge applied">applied</span>}
        {playing && (
          <span className="badge playing" data-testid="take-playing">
            {playing === 'take' ? 'B · take' : 'A · original'}
          </span>
        )}
      </div>
      {take.region.text !== regionText && (
        // Made from other words than the region now holds: say which.
        <div className="take-text" data-testid="take-text" title="The words this take was made from">
          {take.region.text ? `“${take.region.text}”` : '(deleted)'}
        </div>
      )}
      {elsewhere && (
        <div className="take-text" data-testid="take-elsewhere" title="The region has moved or been resized since this take was made: applying it puts the region back where the take was made">
          made at {elsewhere}: Apply moves the region back there
        </div>
      )}
      {heardOtherwise && (
        <div
          className="take-text"
          data-testid="take-heard"
          title="A take is made hearing the audio around its region as the deletions beside it will leave it. One of them has moved, gone or been added since, so this take may not join what now follows it."
        >
          made before a deletion beside it changed: generate again for a join that fits
        </div>
      )}
      {take.check && <TakeCheckMark check={take.check} />}
      {made && (
        <div
          className="take-text"
          data-testid="take-narrowed"
          title="The region already says these words: only the part where they are said was generated, and the rest keeps the recording's own sound. Tick Exact on the region to generate all of it."
        >
          made over {made}, where the words are said
        </div>
      )}
      <TakeWave takeId={take.takeId} applied={applied} />
      <div className="take-meta" data-testid="take-meta" title={`${take.networkCalls} network calls · ${take.phones.length} phones`}>
        {details}
      </div>
      <div className="take-actions">
        {playing ? (
          <button className="small" data-testid="take-stop" onClick={stopAuditioning}>
            ■ Stop
          </button>
        ) : (
          <button className="small" data-testid="take-audition" title="Play in context (pre-roll, take, post-roll)" onClick={() => void audition(take.takeId, 'take')}>
            ▶ Audition
          </button>
        )}
        <button className="small" data-testid="take-ab" title="Switch between the original (A) and this take (B)" onClick={() => void toggleAB(take.takeId)}>
          A/B
        </button>
        {applied ? (
          <button className="small" data-testid="take-unapply" onClick={() => unapplyRegion(take.regionId)}>
            Unapply
          </button>
        ) : (
          <button className="small primary" data-testid="take-apply" onClick={() => applyTake(take.takeId)}>
            Apply
          </button>
        )}
        <button className="icon danger" title="Delete take" aria-label="Delete take" data-testid="take-delete" onClick={() => studio.getState().removeTake(take.takeId)}>
          ✕
        </button>
      </div>
    </li>
  )
}

/**
 * The region's edges as text fields, for exact times and for keyboard users: type m:ss.mmm or
 * seconds, Enter or leaving the field moves the edge (the neighbours and the file's ends still bound it).
 * `start` and `end` are on the edited timeline, as typed times are; the store keeps source times.
 */
function RegionTimes({ id, start, end, index }: { id: string; start: number; end: number; index: number }) {
  const point = start === end
  const edge = (which: 'start' | 'end', value: number) => (
    <TimeField
      key={which}
      label={point ? `Region ${index + 1} position` : `Region ${index + 1} ${which}`}
      noteLabel={point ? 'Region 1 position' : `Region 1 ${which}`}
      onNote={(message) => regionNote(id, message)}
      testId={`region-${which}`}
      value={value}
      onCommit={(typed) => {
        const s = studio.getState()
        const r = s.regions.find((x) => x.id === id)
        const map = selectEditMap(s)
        if (!r || !map) return
        // Typed on the timeline shown (an applied take before it may have moved it); said back the same way.
        const t = viewToSource(map, typed)
        const shown = (seconds: number) => formatTime(sourceToView(map, seconds))
        // An insert typed into (or against) another region stays where it was: stopped short, it landed
        // on that region's other side and its words came out in the wrong order.
        const blocker = point ? s.regions.findIndex((o) => o.id !== id && withinGap({ start: t, end: t }, o)) : -1
        if (blocker >= 0) {
          regionNote(id, `Region 1: an insert cannot go at ${formatTime(typed)}, inside or against region 2: add its words to that region's text instead (kept at ${shown(r.start)})`, s.regions[blocker].id)
          return
        }
        // A start typed at or after the end (or an end at or before the start) moves the region, its length
        // kept: typing a later start, then its end, is how one moves a region by hand.
        const length = r.end - r.start
        const moves = !point && (which === 'start' ? t >= r.end : t <= r.start)
        const span = point
          ? { start: t, end: t }
          : moves
            ? which === 'start' ? { start: t, end: t + length } : { start: t - length, end: t }
            : which === 'start' ? { start: t, end: r.end } : { start: r.start, end: t }
        s.setRegionSpan(id, span)
        // Bounded by a neighbour or the file's ends: say where the edge went instead of moving it silently.
        const now = studio.getState().regions.find((x) => x.id === id)
        const got = now ? (which === 'start' || point ? now.start : now.end) : t
        // Compared as typed: a time past the end maps to the source's end, which is not where it was typed.
        if (Math.abs(sourceToView(map, got) - typed) > 0.0005) {
          // Which rule moved it: the shortest region, or a neighbour or the file's ends.
          const otherEdge = which === 'start' ? r.end : r.start
          const tooShort = !point && !moves && Math.abs(otherEdge - t) < MIN_REGION_SECONDS + 0.0005
          const why = tooShort ? `a region is at least ${MIN_REGION_SECONDS * 1000} ms long` : "regions keep clear of each other and of the file's ends"
          regionNote(id, `Region 1: ${point ? 'placed' : `${which} set`} at ${shown(got)}, not ${formatTime(typed)}: ${why}`)
        } else if (moves && now) {
          const kept = Math.abs(now.end - now.start - length) < 0.0005 ? ', its length kept' : ''
          regionNote(id, `Region 1 moved to ${shown(now.start)} – ${shown(now.end)}${kept}: the ${which} was typed ${which === 'start' ? 'after its end' : 'before its start'}`)
        }
      }}
    />
  )
  return (
    <div className="region-times" onClick={(e) => e.stopPropagation()}>
      {point ? edge('start', start) : [edge('start', start), <span key="dash">–</span>, edge('end', end)]}
    </div>
  )
}

function TimeField({
  label,
  noteLabel,
  onNote,
  testId,
  value,
  onCommit,
}: {
  label: string
  /** The label as a note names it (regionNote: "Region 1 start", region 1 being the field's own). */
  noteLabel: string
  onNote: (message: string) => void
  testId: string
  value: number
  onCommit: (seconds: number) => void
}) {
  const [text, setText] = useState(formatTime(value))
  // Whether the text was typed since it last showed the edge: only then does Enter or leaving apply it.
  // (Leaving right after Enter, before the field caught up with the new edge, applied the old text again.)
  const edited = useRef(false)
  useEffect(() => {
    edited.current = false
    setText(formatTime(value))
  }, [value])
  const commit = () => {
    if (!edited.current) return
    edited.current = false
    const t = parseTime(text)
    if (t !== null && Math.abs(t - value) >= 0.0005) onCommit(t)
    if (t === null && text.trim() !== formatTime(value)) onNote(`${noteLabel}: "${text.trim()}" is not a time; type m:ss.mmm or seconds (kept ${formatTime(value)})`)
    // Back to the edge as it now is: a bad entry, or one the neighbours stopped, does not linger.
    setText(formatTime(value))
  }
  return (
    <input
      className={`time-field${parseTime(text) === null ? ' invalid' : ''}`}
      data-testid={testId}
      aria-label={label}
      title="m:ss.mmm or seconds; Enter applies"
      value={text}
      onChange={(e) => {
        edited.current = true
        setText(e.target.value)
      }}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit()
        if (e.key === 'Escape') {
          edited.current = false
          setText(formatTime(value))
        }
      }}
    />
  )
}

/**
 * A note from a region's card, naming it "Region 1" (and `others` "region 2", …): shown with each region's
 * number as it is while the note is up (Toast.regions), so a region deleted or added before it does not
 * leave the note naming another region for the seconds it stays (it had kept the number it was posted with).
 */
function regionNote(id: string, message: string, ...others: string[]): void {
  studio.getState().pushToast('info', message, { regions: [id, ...others] })
}

/** "0:02.370 – 0:03.250": a span as the region card writes one. */
function formatSpan(s: { start: number; end: number }): string {
  return `${formatTime(s.start)} – ${formatTime(s.end)}`
}
