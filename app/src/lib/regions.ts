// Region maths in seconds: clamping, overlap, fitting between neighbours and seconds↔pixels.
// Pure and DOM-free so the store and the waveform view share one definition (and tests cover it).

/** A time span in seconds; start === end is a point (an insert marker). */
export interface Span {
  start: number
  end: number
}

/** Shortest region a drag or resize may leave (a mouse twitch should not make a 1 ms region). */
export const MIN_REGION_SECONDS = 0.05

/**
 * Least time between two regions. Each take replaces its region plus a 15 ms crossfade on each side
 * (and a natural-length take snaps its edges to the model's 16 ms frames), so regions closer than
 * this would make takes that overlap and could not both be applied.
 */
export const REGION_GAP_SECONDS = 0.05

/** Whether `span` overlaps `other` or comes within `gap` seconds of it: their takes' crossfades would meet. */
export function withinGap(span: Span, other: Span, gap = REGION_GAP_SECONDS): boolean {
  return span.start < other.end + gap - 1e-9 && other.start < span.end + gap - 1e-9
}

/** Orders the edges and clamps both into [0, duration]. */
export function clampSpan(span: Span, duration: number): Span {
  const a = Math.min(span.start, span.end)
  const b = Math.max(span.start, span.end)
  const clamp = (t: number) => Math.min(Math.max(t, 0), Math.max(duration, 0))
  return { start: clamp(a), end: clamp(b) }
}

/** True when the spans share time; touching edges do not overlap, a point overlaps a span it lies inside. */
export function overlaps(a: Span, b: Span): boolean {
  const aPoint = a.start === a.end
  const bPoint = b.start === b.end
  if (aPoint && bPoint) return a.start === b.start
  if (aPoint) return b.start < a.start && a.start < b.end
  if (bPoint) return a.start < b.start && b.start < a.end
  return Math.max(a.start, b.start) < Math.min(a.end, b.end)
}

/**
 * The free interval around `span` among `others`: from the latest end at or before span.start to the
 * earliest start at or after span.end, kept `gap` seconds clear of them (never narrower than `span`
 * already is: a region that sits closer stays where it is). Others that overlap `span` are ignored.
 */
export function neighbourBounds(span: Span, others: readonly Span[], duration: number, gap = 0): Span {
  let lo = 0
  let hi = duration
  for (const o of others) {
    if (o.end <= span.start) lo = Math.max(lo, Math.min(span.start, o.end + gap))
    else if (o.start >= span.end) hi = Math.min(hi, Math.max(span.end, o.start - gap))
  }
  return { start: lo, end: hi }
}

/** The gaps between `others` inside [0, duration], in time order, each kept `gap` seconds clear of them. */
export function freeGaps(others: readonly Span[], duration: number, gap = 0): Span[] {
  const sorted = [...others].sort((a, b) => a.start - b.start)
  const gaps: Span[] = []
  let t = 0
  for (const o of sorted) {
    const end = o.start - gap
    if (end > t) gaps.push({ start: t, end })
    t = Math.max(t, o.end + gap)
  }
  if (duration > t) gaps.push({ start: t, end: duration })
  return gaps
}

/**
 * A newly drawn span, clipped into the free gap it covers most (regions never overlap, since the
 * engine fills each against untouched context). Null when less than `minLength` is free there.
 */
export function fitNewSpan(
  span: Span,
  others: readonly Span[],
  duration: number,
  minLength = MIN_REGION_SECONDS,
  gap = 0,
): Span | null {
  const s = clampSpan(span, duration)
  let best: Span | null = null
  for (const g of freeGaps(others, duration, gap)) {
    const clipped = { start: Math.max(s.start, g.start), end: Math.min(s.end, g.end) }
    if (clipped.end - clipped.start >= minLength && (!best || clipped.end - clipped.start > best.end - best.start)) {
      best = clipped
    }
  }
  return best
}

/** A moved span keeps its length and stops at its neighbours and at the ends of the audio. */
export function constrainMove(original: Span, moved: Span, others: readonly Span[], duration: number, gap = 0): Span {
  const bounds = neighbourBounds(original, others, duration, gap)
  const length = original.end - original.start
  const start = Math.min(Math.max(moved.start, bounds.start), Math.max(bounds.start, bounds.end - length))
  return { start, end: start + length }
}

/** A resized span keeps at least `minLength` and stops at its neighbours and at the ends of the audio. */
export function constrainResize(
  original: Span,
  resized: Span,
  others: readonly Span[],
  duration: number,
  minLength = MIN_REGION_SECONDS,
  gap = 0,
): Span {
  const bounds = neighbourBounds(original, others, duration, gap)
  // A resize only ever moves one edge; the neighbours win over minLength when space is short.
  if (resized.start !== original.start) {
    return { start: Math.max(bounds.start, Math.min(original.end - minLength, resized.start)), end: original.end }
  }
  return { start: original.start, end: Math.min(bounds.end, Math.max(original.start + minLength, resized.end)) }
}

/** Seconds → x in pixels inside a scrolled view. */
export function secondsToPx(seconds: number, pxPerSec: number, scrollLeft = 0): number {
  return seconds * pxPerSec - scrollLeft
}

/** x in pixels inside a scrolled view → seconds. */
export function pxToSeconds(px: number, pxPerSec: number, scrollLeft = 0): number {
  return (px + scrollLeft) / pxPerSec
}

/** Zoom that shows the whole duration in `widthPx`. */
export function fitPxPerSec(duration: number, widthPx: number): number {
  if (duration <= 0 || widthPx <= 0) return 1
  return widthPx / duration
}

/** Zoom limits: the whole file at least fits; at most ~2 px per sample at 16 kHz. */
export const MAX_PX_PER_SEC = 20000

/** One zoom step by `factor`, kept between the fit zoom and MAX_PX_PER_SEC. */
export function zoomBy(pxPerSec: number, factor: number, fit: number): number {
  return Math.min(Math.max(pxPerSec * factor, fit), Math.max(fit, MAX_PX_PER_SEC))
}

/** Room kept between a moved playhead and the view's edge: an eighth of the view, at least 24 px. */
export function revealMargin(viewPx: number): number {
  return Math.min(viewPx / 2, Math.max(24, viewPx / 8))
}

/**
 * The scroll that brings a playhead at `px` (of a `totalPx` wide waveform) back inside a `viewPx` wide
 * view, `revealMargin` from the edge it went past, as pro editors follow a cursor moved by the keys; null
 * while it is inside with that margin. (The waveform's own follow only scrolls once the playhead is out
 * of view, and then puts it at the very left edge, so an arrow key at high zoom left it on the edge.)
 */
export function scrollToReveal(px: number, scrollLeft: number, viewPx: number, totalPx: number): number | null {
  if (viewPx <= 0 || totalPx <= viewPx) return null
  const margin = revealMargin(viewPx)
  let next: number
  if (px < scrollLeft + margin) next = px - margin
  else if (px > scrollLeft + viewPx - margin) next = px - viewPx + margin
  else return null
  next = Math.min(Math.max(0, next), totalPx - viewPx)
  return Math.abs(next - scrollLeft) < 0.5 ? null : next
}

/**
 * The scroll for a playhead that moves with something playing (the transport, a take's audition, a Compare
 * variant): once it comes within `revealMargin` of the right edge, or lies on or past the left edge, the
 * view turns a page so it sits that margin in from the left, what is ahead of it in sight; null while it
 * is inside. (The waveform's own follow waited until it was out of view and put it on the very left edge,
 * which is why a playhead within a pixel of that edge counts as on it.) A playhead that starts inside the
 * left margin is left there: playing from a click near the edge does not move the view.
 */
export function scrollToFollow(px: number, scrollLeft: number, viewPx: number, totalPx: number): number | null {
  if (viewPx <= 0 || totalPx <= viewPx) return null
  const margin = revealMargin(viewPx)
  if (px >= scrollLeft + 1 && px <= scrollLeft + viewPx - margin) return null
  const next = Math.min(Math.max(0, px - margin), totalPx - viewPx)
  return Math.abs(next - scrollLeft) < 0.5 ? null : next
}

/**
 * Scroll position that keeps time `anchor` under the same pixel `anchorPx` after a zoom change, so
 * zooming with the wheel zooms around the mouse.
 */
export function scrollForAnchor(anchor: number, anchorPx: number, pxPerSec: number): number {
  return Math.max(0, secondsToPx(anchor, pxPerSec) - anchorPx)
}
