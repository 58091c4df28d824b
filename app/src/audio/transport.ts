// The main transport: the one WaveSurfer instance the waveform view owns, reachable from toolbar
// buttons, keyboard shortcuts and menu commands without threading it through React.

import type WaveSurfer from 'wavesurfer.js'

let current: WaveSurfer | null = null

export const transport = {
  attach(ws: WaveSurfer): void {
    current = ws
  },
  detach(ws: WaveSurfer): void {
    if (current === ws) current = null
  },
  playPause(): void {
    void current?.playPause().catch(() => undefined)
  },
  /** Plays [start, end) of the edited timeline (end: stop there). */
  play(start?: number, end?: number): void {
    void current?.play(start, end).catch(() => undefined)
  },
  pause(): void {
    current?.pause()
  },
  /** Seconds of the edited timeline at the playhead. */
  time(): number {
    return current?.getCurrentTime() ?? 0
  },
  /** Moves the playhead to `seconds` of the edited timeline (playing on if it was). */
  seek(seconds: number): void {
    current?.setTime(seconds)
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
    const until = performance.now() + maxMs
    const check = () => {
      if (current !== ws || ws.isPlaying() || performance.now() > until) return
      if (media && (media.seeking || media.readyState < 3)) return void requestAnimationFrame(check)
      if (Math.abs(ws.getCurrentTime() - seconds) > 0.002) {
        ws.setTime(seconds)
        requestAnimationFrame(check)
      }
    }
    requestAnimationFrame(check)
  },
  stop(): void {
    current?.stop()
  },
  /** Visible width of the waveform in pixels (for "fit"). */
  width(): number {
    return current?.getWidth() ?? 0
  },
}
