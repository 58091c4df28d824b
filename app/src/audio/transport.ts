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
  stop(): void {
    current?.stop()
  },
  /** Visible width of the waveform in pixels (for "fit"). */
  width(): number {
    return current?.getWidth() ?? 0
  },
}
