// The main transport: the one WaveSurfer instance the waveform view owns, reachable from toolbar
// buttons, keyboard shortcuts and menu commands without threading it through React.

import type WaveSurfer from 'wavesurfer.js'
import { revealMargin, scrollToFollow, scrollToReveal } from '../lib/regions'

let current: WaveSurfer | null = null
/** Where the running playback started: Stop returns there (a second Stop goes to the start). */
let playedFrom: number | null = null
/**
 * The last position the transport itself asked for while stopped, and when: seeks in quick succession
 * (a held arrow key, Home then an arrow) reach the media late or are dropped, so the next move counts
 * from here, not from where the media is yet.
 */
let asked: { t: number; at: number } | null = null
const ASKED_FOR_MS = 1000
/** Counts settleAt requests; a check loop that is not the latest stops. */
let settling = 0
/**
 * The view that revealSpan put a stopped waveform at, away from the playhead, and where the playhead was
 * then. wavesurfer scrolls to the playhead whenever it draws it out of view, and the media reports a seek
 * late ('timeupdate' once the seek completes, 100 ms on or more under load): End and then at once a
 * region's card went back to the end. A draw of that same playhead puts this view back; a move of the
 * playhead, a zoom or a scroll by the user lets it go.
 */
let held: { scroll: number; t: number; total: number } | null = null
/** How far (s) a drawn playhead may be from the held one and still be it (the media rounds its time). */
const HELD_TIME_SLACK = 0.01

/** The playhead as the transport means it: a recent request while stopped, else the media's position. */
function position(ws: WaveSurfer): number {
  return asked && !ws.isPlaying() && performance.now() - asked.at < ASKED_FOR_MS ? asked.t : ws.getCurrentTime()
}

/**
 * A new position, set by a seek or a follow, replaces an earlier placement: its settle loop would pull
 * the playhead back for up to a second (an audition begun straight after Home flickered between the two),
 * and the next arrow key would count from it.
 */
function supersede(): void {
  settling++
  asked = null
  held = null
}

/** Puts a stopped playhead at `t` and keeps it there (settleAt), remembering the request. */
function placeStopped(t: number): void {
  held = null
  asked = { t, at: performance.now() }
  transport.settleAt(t)
}

/**
 * Scrolls a zoomed-in view so the playhead at `t` is inside it with a margin: `scrollToReveal` after a
 * key moved it, `scrollToFollow` as it moves with what plays. Called after the waveform's own follow (in
 * setTime), which it overrides.
 */
function reveal(ws: WaveSurfer, t: number, rule: typeof scrollToReveal = scrollToReveal): void {
  const duration = ws.getDuration()
  const total = ws.getWrapper().scrollWidth
  if (!(duration > 0)) return
  const next = rule((Math.min(t, duration) / duration) * total, ws.getScroll(), ws.getWidth(), total)
  if (next !== null) ws.setScroll(next)
}

export const transport = {
  attach(ws: WaveSurfer): void {
    current = ws
  },
  detach(ws: WaveSurfer): void {
    if (current === ws) current = null
  },
  playPause(): void {
    const ws = current
    if (!ws) return
    // At the end, play starts over from 0 (wavesurfer's way), so that is where Stop comes back to.
    if (!ws.isPlaying()) playedFrom = position(ws) >= ws.getDuration() - 0.01 ? 0 : position(ws)
    asked = null
    held = null
    void ws.playPause().catch(() => undefined)
  },
  /** Plays [start, end) of the edited timeline (end: stop there). */
  play(start?: number, end?: number): void {
    const ws = current
    if (!ws) return
    playedFrom = start ?? position(ws)
    asked = null
    held = null
    void ws.play(start, end).catch(() => undefined)
  },
  pause(): void {
    current?.pause()
    playedFrom = null
  },
  /** Seconds of the edited timeline at the playhead. */
  time(): number {
    return current?.getCurrentTime() ?? 0
  },
  /** Moves the playhead to `seconds` of the edited timeline (playing on if it was). */
  seek(seconds: number): void {
    supersede()
    current?.setTime(seconds)
  },
  /**
   * Moves the playhead with something that plays outside the transport (a take's audition, a Compare
   * variant), the view following it as it follows the transport's own playback (scrollToFollow).
   */
  follow(seconds: number): void {
    const ws = current
    if (!ws) return
    supersede()
    ws.setTime(seconds)
    reveal(ws, seconds, scrollToFollow)
  },
  /**
   * The waveform drew the playhead at `seconds` (its timeupdate, straight after its own scroll to it):
   * playing, the view follows it; stopped where revealSpan left it, the view revealSpan chose is kept.
   */
  playedTo(seconds: number): void {
    const ws = current
    if (!ws) return
    if (ws.isPlaying()) return reveal(ws, seconds, scrollToFollow)
    if (held) {
      if (Math.abs(seconds - held.t) > HELD_TIME_SLACK || ws.getWrapper().scrollWidth !== held.total) held = null
      else {
        if (Math.abs(ws.getScroll() - held.scroll) >= 0.5) ws.setScroll(held.scroll)
        return
      }
    }
    // Stopped: the waveform's own follow puts a playhead it drew out of view on the view's very edge (a
    // seek reported late, after a later key had scrolled the view for it): keep the keys' margin instead.
    reveal(ws, seconds)
  },
  /** The view scrolled (the waveform's scroll event): a scroll other than the held view's is the user's. */
  scrolled(): void {
    if (held && (!current || Math.abs(current.getScroll() - held.scroll) >= 1)) held = null
  },
  /**
   * seek(), made to stick: a seek issued while the media is still seeking (the audition's playhead
   * follow moves it every frame) is kept by wavesurfer as pending and dropped when the earlier seek's
   * own 'seeking' event arrives, so the playhead stayed where the follow left it. Once the media has
   * settled, a position other than `seconds` is put back, for at most `maxMs`.
   */
  settleAt(seconds: number, maxMs = 1000): void {
    const ws = current
    if (!ws) return
    ws.setTime(seconds)
    const media = ws.getMediaElement()
    // maxMs counts from when the media has settled: under load an earlier seek stayed pending past a
    // second, the loop gave up before it could put the playhead back, and a variant stopped by Space
    // left it where the follow had it (0.06 s instead of the end it came from). Bounded all the same.
    const giveUp = performance.now() + 10 * maxMs
    let settledAt: number | null = null
    // Only the latest request is kept: an older one still settling would pull the playhead back.
    const gen = ++settling
    const check = () => {
      const now = performance.now()
      if (gen !== settling || current !== ws || ws.isPlaying() || now > giveUp) return
      if (media && (media.seeking || media.readyState < 3)) return void requestAnimationFrame(check)
      settledAt ??= now
      if (now - settledAt > maxMs) return
      if (Math.abs(ws.getCurrentTime() - seconds) > 0.002) {
        ws.setTime(seconds)
        requestAnimationFrame(check)
      }
    }
    requestAnimationFrame(check)
  },
  /** The waveform's 'play' event: where a playback not started by the transport starts. */
  started(seconds: number): void {
    playedFrom ??= seconds
  },
  /**
   * Stop: while playing, back to where the playback started (to listen again from there, as audio
   * editors do); when stopped already, to the start of the file.
   */
  stop(): void {
    const ws = current
    if (!ws) return
    const back = ws.isPlaying() && playedFrom !== null ? playedFrom : 0
    ws.pause()
    placeStopped(back)
    playedFrom = null
  },
  /** Moves the playhead by `seconds` (clamped to the timeline), playing on if it was. */
  nudge(seconds: number): void {
    const ws = current
    if (!ws) return
    const t = Math.min(ws.getDuration(), Math.max(0, position(ws) + seconds))
    if (ws.isPlaying()) ws.setTime(t)
    else placeStopped(t)
    reveal(ws, t)
  },
  /** The playhead to the start of the timeline (stopped there), playing or not. */
  toStart(): void {
    const ws = current
    if (!ws) return
    ws.pause()
    placeStopped(0)
    reveal(ws, 0)
    playedFrom = null
  },
  /** The playhead to the end of the timeline (stopped there). */
  toEnd(): void {
    const ws = current
    if (!ws) return
    ws.pause()
    placeStopped(ws.getDuration())
    reveal(ws, ws.getDuration())
    playedFrom = null
  },
  /**
   * Scrolls a zoomed-in view to [start, end] of the edited timeline when part of it is out of view: its
   * start a margin in from the left edge (a margin of the view, not a fixed time: half a second had put a
   * region out of a view narrower than that, at high zoom).
   */
  revealSpan(start: number, end: number): void {
    const ws = current
    if (!ws) return
    const duration = ws.getDuration()
    const total = ws.getWrapper().scrollWidth
    const view = ws.getWidth()
    if (!(duration > 0) || total <= view) return
    const pps = total / duration
    const left = ws.getScroll()
    if (start * pps >= left && end * pps <= left + view) return
    ws.setScroll(Math.min(Math.max(0, start * pps - revealMargin(view)), total - view))
    if (!ws.isPlaying()) held = { scroll: ws.getScroll(), t: position(ws), total }
  },
  /** Visible width of the waveform in pixels (for "fit"). */
  width(): number {
    return current?.getWidth() ?? 0
  },
}
