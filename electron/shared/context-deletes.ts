// Which of a document's deletions a fill hears as context. A delete needs no model: its cut is known
// before anything is generated, so a fill near one hears the audio the edit keeps beyond it (as the
// CLI's one-call edit does, edit.ts), not the words being deleted. Pure and browser-safe: the engine
// process picks the deletions with it, and the studio asks it again later to tell a take made with
// deletions that have since moved or gone (or with one added beside it).

/** A deletion in the document: source seconds [start, end) cut from the timeline. */
export interface CutSpan {
  regionId: string
  start: number
  end: number
}

/** What a fill take heard: the deletions within `reachSeconds` of its region (deletesHeard) when it was made. */
export interface HeardDeletes {
  reachSeconds: number
  spans: CutSpan[]
}

/** Whether a region (or the region a take was made for) deletes: its mode, else an empty text, as the engine reads it (edit/plan.ts). */
export function isDeletion(r: { mode?: string; text: string }): boolean {
  return (r.mode ?? (r.text.trim() === '' ? 'delete' : 'replace')) === 'delete'
}

/** Slack beyond the model's context: its window starts on a whole frame, and a cut's crossfade reaches past it. */
export const HEARD_SLACK_SECONDS = 0.05

/**
 * The deletions a region at [start, end) hears: those that reach within `reachSeconds` of it on the
 * timeline as it will be, so past a nearer deletion the reach goes on beyond it (the audio the model
 * hears there is what follows the cut). In time order; deletions overlapping the region are not context.
 */
export function deletesHeard(region: { start: number; end: number }, cuts: readonly CutSpan[], reachSeconds: number): CutSpan[] {
  const left = cuts.filter((c) => c.end <= region.start).sort((a, b) => b.end - a.end)
  const right = cuts.filter((c) => c.start >= region.end).sort((a, b) => a.start - b.start)
  const heard: CutSpan[] = []
  let edge = region.start
  let rest = reachSeconds
  for (const c of left) {
    const gap = Math.max(0, edge - c.end)
    if (gap >= rest) break
    rest -= gap
    heard.unshift(c)
    edge = Math.min(edge, c.start)
  }
  edge = region.end
  rest = reachSeconds
  for (const c of right) {
    const gap = Math.max(0, c.start - edge)
    if (gap >= rest) break
    rest -= gap
    heard.push(c)
    edge = Math.max(edge, c.end)
  }
  return heard
}

/** Seconds two cuts may differ by and still be the same cut (the studio's rounding of a region's edges). */
const SAME_CUT_SECONDS = 0.0005

/** Whether a take that heard `made` would hear otherwise with the deletions now in the document (`now`). */
export function heardChanged(region: { start: number; end: number }, made: HeardDeletes, now: readonly CutSpan[]): boolean {
  const current = deletesHeard(region, now, made.reachSeconds)
  if (current.length !== made.spans.length) return true
  return current.some((c, i) => Math.abs(c.start - made.spans[i].start) > SAME_CUT_SECONDS || Math.abs(c.end - made.spans[i].end) > SAME_CUT_SECONDS)
}
