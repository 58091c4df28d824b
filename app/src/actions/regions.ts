// Region edits coming from the waveform (edited-timeline seconds) into the store (source seconds),
// with optional snapping of the edges to nearby quiet points.

import { api } from '../api'
import { MIN_REGION_SECONDS, type Span } from '../lib/regions'
import { snapToWords } from '../features/transcript/sync'
import { formatTime } from '../lib/format'
import { quietPoint, snapWindow } from '../lib/snap'
import { sourceToView, viewToSource } from '../lib/timeline'
import { studio } from '../store'
import { selectEditMap } from '../store/selectors'

/**
 * An edge moved to the nearest word boundary of the aligned transcript (edges in the pauses), or
 * without one in reach, to the quietest point nearby (peaks of the source around it, at ~5 ms).
 */
async function snapEdge(time: number): Promise<number> {
  const { audio, alignment } = studio.getState()
  if (!audio) return time
  const word = alignment ? snapToWords(alignment.words, audio.duration, time) : null
  if (word !== null) return word
  const w = snapWindow(time, audio.sampleRate, audio.frames)
  const peaks = await api.getPeaks({ audioId: audio.audioId, ...w })
  return quietPoint(peaks, audio.sampleRate, time)
}

/** Source span of a view span, snapped when snapping is on (a failed snap keeps the span as drawn). */
async function toSource(view: Span, snapStart: boolean, snapEnd: boolean): Promise<Span | null> {
  const s = studio.getState()
  const map = selectEditMap(s)
  if (!map) return null
  let start = viewToSource(map, view.start)
  let end = viewToSource(map, view.end)
  if (s.snap) {
    try {
      if (snapStart) start = await snapEdge(start)
      if (snapEnd) end = start === end ? start : await snapEdge(end)
    } catch {
      // Snapping is a nicety: keep the edges where the user put them.
    }
  }
  return { start, end: Math.max(start, end) }
}

/** A region drawn on the waveform. Returns false when there was no room for it. */
export async function createRegionFromView(view: Span): Promise<boolean> {
  const span = await toSource(view, true, true)
  if (!span) return false
  const id = studio.getState().addRegion(span)
  const short = span.end > span.start && span.end - span.start < MIN_REGION_SECONDS
  if (!id && short) studio.getState().pushToast('info', `A region needs at least ${MIN_REGION_SECONDS} s: drag further (or zoom out), or press R for one at the playhead`)
  else if (!id) studio.getState().pushToast('info', 'No room for a region there: regions cannot overlap.')
  else {
    // Drawn across a neighbour: it was cut to the free stretch; say so rather than silently.
    const made = studio.getState().regions.find((r) => r.id === id)
    const map = selectEditMap(studio.getState())
    if (made && map && (made.start - span.start > 0.0005 || span.end - made.end > 0.0005)) {
      // On the timeline it was drawn on, as the region panel shows it.
      const at = (t: number) => formatTime(sourceToView(map, t))
      studio.getState().pushToast('info', `Region placed at ${at(made.start)} – ${at(made.end)}: regions cannot overlap, so it stops at its neighbour`)
    }
  }
  return id !== null
}

/** A region dragged or resized on the waveform; `side` says which edge moved (none: the whole region). */
export async function moveRegionFromView(id: string, view: Span, side?: 'start' | 'end'): Promise<void> {
  // A move snaps nothing and keeps the length exactly; a resize snaps the edge that moved.
  const span = await toSource(view, side === 'start', side === 'end')
  const region = studio.getState().regions.find((r) => r.id === id)
  if (!span || !region) return
  studio.getState().setRegionSpan(id, side ? span : { start: span.start, end: span.start + (region.end - region.start) })
}

/** Deletes the selected region (Del key, menu). */
export function deleteSelectedRegion(): void {
  const s = studio.getState()
  if (s.selectedRegionId) s.removeRegion(s.selectedRegionId)
  // Del with nothing selected (Esc deselects) had done nothing, silently.
  else if (s.regions.length) s.pushToast('info', 'Select a region to delete: click it, or Tab to its card')
}
