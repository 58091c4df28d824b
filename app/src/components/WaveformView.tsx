// The waveform: wavesurfer drawing precomputed peaks of the edited timeline (never decoding in the
// page), streaming playback from the engine's media URL, regions synced from the store, timeline,
// hover time, minimap, Ctrl+wheel zoom and an optional spectrogram.

import { useEffect, useRef, useState } from 'react'
import WaveSurfer from 'wavesurfer.js'
import HoverPlugin from 'wavesurfer.js/dist/plugins/hover.esm.js'
import MinimapPlugin from 'wavesurfer.js/dist/plugins/minimap.esm.js'
import RegionsPlugin, { type Region } from 'wavesurfer.js/dist/plugins/regions.esm.js'
import TimelinePlugin from 'wavesurfer.js/dist/plugins/timeline.esm.js'
import { api, peaksForWavesurfer } from '../api'
import type { AudioInfo, PeakData } from '../api/types'
import { transport } from '../audio/transport'
import { ZOOM_STEP } from '../actions/commands'
import { reportError } from '../actions/notify'
import { createRegionFromView, moveRegionFromView } from '../actions/regions'
import { formatTime } from '../lib/format'
import { fitPxPerSec, pxToSeconds, scrollForAnchor, zoomBy } from '../lib/regions'
import { tickIntervals } from '../lib/ticks'
import { editedDuration, editedFrames, regionViewSpan, type EditMap } from '../lib/timeline'
import { studio, useStudio } from '../store'
import { appliedTakeOf, selectAudio, selectEditMap } from '../store/selectors'
import { appliedTakeIds } from '../store/takes-slice'
import type { Store } from '../store/types'
import { SPECTROGRAM_HEIGHT, useSpectrogram } from './useSpectrogram'
import { useWordBoundaries } from '../features/transcript/useWordBoundaries'
import { peakOf } from '../lib/levels'

/** wavesurfer's regions plugin makes a drawn region this wide at its first move (regions.js enableDragSelection). */
const DRAG_SELECTION_START_PX = 5
/** The quietest peak the waveform scales up to full height (−40 dBFS). */
const MIN_DRAWN_PEAK = 0.01

/** Peaks buckets the engine may return per request (its schema's limit). */
const MAX_BUCKETS = 200_000
const MIN_WAVE_HEIGHT = 160
const MAX_WAVE_HEIGHT = 520
/** Pane height that is not waveform: minimap, hint line, paddings and gaps. */
const CHROME_HEIGHT = 110

const colors = {
  wave: '#4f8fe8',
  progress: '#8fb8f2',
  cursor: '#ffd24a',
  region: 'rgba(255, 170, 40, 0.16)',
  regionSelected: 'rgba(255, 170, 40, 0.34)',
  applied: 'rgba(60, 200, 140, 0.18)',
  appliedSelected: 'rgba(60, 200, 140, 0.36)',
  generating: 'rgba(130, 150, 255, 0.32)',
}

const selectAppliedKey = (s: Store) => appliedTakeIds(s).join(',')
const selectZoom = (s: Store) => s.pxPerSec

function regionColor(s: Store, id: string): string {
  const selected = s.selectedRegionId === id
  if (s.job?.regionIds.includes(id)) return colors.generating
  if (id in s.applied) return selected ? colors.appliedSelected : colors.applied
  return selected ? colors.regionSelected : colors.region
}

/**
 * Mono or stereo peaks for wavesurfer (it draws at most two channels; more are merged), clamped to
 * ±1: wavesurfer rescales peaks that exceed 1, which would shrink the whole view after a hot take.
 * A float recording over full scale is first divided by `over` (its own peak), so it is drawn
 * whole rather than flat-topped.
 */
function wavePeaks(peaks: PeakData, over = 1): Float32Array[] {
  const channels = peaksForWavesurfer(peaks)
  const merged =
    channels.length <= 2
      ? channels
      : [channels[0].map((_, i) => (i % 2 === 0 ? Math.max(...channels.map((c) => c[i])) : Math.min(...channels.map((c) => c[i]))))]
  return merged.map((c) => c.map((v) => Math.min(1, Math.max(-1, v / over))))
}

/** Largest absolute sample value in the overview peaks (a silent file gets 1, not a division by 0). */
function sourcePeak(peaks: PeakData): number {
  return peakOf(peaks) || 1
}

/** Makes the plugin's regions match the store (positions on the edited timeline, colours, locks). */
function reconcile(plugin: ReturnType<typeof RegionsPlugin.create>, syncing: { on: boolean }, ws: WaveSurfer): void {
  const s = studio.getState()
  const map = selectEditMap(s)
  if (!map) return
  const existing = new Map(plugin.getRegions().map((r) => [r.id, r]))
  syncing.on = true
  try {
    s.regions.forEach((r, i) => {
      const applied = appliedTakeOf(s, r.id)
      const span = regionViewSpan(map, r, applied)
      const locked = applied !== undefined || s.job?.regionIds.includes(r.id) === true
      const label = `${i + 1}${r.text ? ` · ${r.text.length > 40 ? `${r.text.slice(0, 40)}…` : r.text}` : ''}`
      const opts = { start: span.start, end: span.end, color: regionColor(s, r.id), drag: !locked, resize: !locked && span.end > span.start }
      let pr = existing.get(r.id)
      if (!pr) {
        pr = plugin.addRegion({ id: r.id, ...opts, content: label, minLength: 0 })
      } else {
        const moved = Math.abs(pr.start - opts.start) > 1e-6 || Math.abs(pr.end - opts.end) > 1e-6
        if (moved || pr.color !== opts.color || pr.drag !== opts.drag || pr.resize !== opts.resize) pr.setOptions(opts)
        if (pr.content?.textContent !== label) pr.setContent(label)
      }
      pr.element?.setAttribute('data-testid', 'wave-region')
      pr.element?.setAttribute('data-region-id', r.id)
      existing.delete(r.id)
    })
    for (const stale of existing.values()) stale.remove()
  } finally {
    syncing.on = false
  }
  keepLabelsInside(plugin, ws)
}

/** A label is at least this wide where its region is narrower (styles.css: max(100%, 10em) at 11 px, plus padding). */
const LABEL_MIN_PX = 120

/**
 * A narrow region or an insert near the end of the file has a label wider than the room left to its
 * right, which the waveform's edge cut to its number: such labels grow leftwards from the region's end.
 */
function keepLabelsInside(plugin: ReturnType<typeof RegionsPlugin.create>, ws: WaveSurfer): void {
  const duration = ws.getDuration()
  const width = ws.getWrapper().scrollWidth
  if (!(duration > 0 && width > 0)) return
  for (const r of plugin.getRegions()) {
    const c = r.content
    if (!c) continue
    const startPx = (r.start / duration) * width
    const regionPx = ((r.end - r.start) / duration) * width
    const need = Math.max(c.offsetWidth, LABEL_MIN_PX)
    const atEnd = regionPx < need && width - startPx < need
    c.style.position = atEnd ? 'absolute' : ''
    c.style.right = atEnd ? '0' : ''
    c.toggleAttribute('data-label-leftward', atEnd)
  }
}

/**
 * The ruler's label spacing depends on the zoom, and the timeline plugin takes it only at creation:
 * re-create it whenever the zoom calls for another spacing. Returns the cleanup.
 */
function keepTimelineReadable(ws: WaveSurfer): () => void {
  let plugin: ReturnType<typeof TimelinePlugin.create> | null = null
  let current = ''
  const refresh = () => {
    const duration = ws.getDuration()
    if (!duration) return
    const width = ws.getWrapper().scrollWidth
    const ticks = tickIntervals(width / duration)
    // A new length (a take that inserts or removes audio) or width re-draws it too: the plugin drew its
    // ticks for the old scale, and they drifted from the waveform (0:06 seeking to 6.18 s).
    const key = `${ticks.primaryLabelInterval}|${duration}|${width}`
    if (key === current) return
    current = key
    plugin?.destroy()
    plugin = ws.registerPlugin(
      TimelinePlugin.create({
        height: 20,
        insertPosition: 'beforebegin',
        timeInterval: ticks.timeInterval,
        primaryLabelInterval: ticks.primaryLabelInterval,
        secondaryLabelInterval: ticks.primaryLabelInterval,
        style: { color: '#8a93a6' },
        formatTimeCallback: (t) => formatTime(t, ticks.decimals),
      }),
    )
  }
  const offs = [ws.on('ready', refresh), ws.on('redraw', refresh), ws.on('zoom', () => requestAnimationFrame(refresh)), ws.on('resize', refresh)]
  return () => {
    offs.forEach((off) => off())
    plugin?.destroy()
  }
}

/** The peaks to draw the edited timeline at `buckets` resolution (the overview needs no request). */
async function timelinePeaks(audio: AudioInfo, map: EditMap, takeIds: string[], buckets: number): Promise<PeakData> {
  const overview = audio.peaks.channels[0]?.min.length ?? 0
  if (takeIds.length === 0 && buckets <= overview) return audio.peaks
  return api.getPeaks({ audioId: audio.audioId, startFrame: 0, endFrame: Math.max(1, editedFrames(map)), buckets, takeIds })
}

export function WaveformView() {
  const audio = useStudio(selectAudio)
  const appliedKey = useStudio(selectAppliedKey)
  const pxPerSec = useStudio(selectZoom)
  const waveRef = useRef<HTMLDivElement>(null)
  const minimapRef = useRef<HTMLDivElement>(null)
  const wsRef = useRef<WaveSurfer | null>(null)
  const regionsRef = useRef<ReturnType<typeof RegionsPlugin.create> | null>(null)

  // One WaveSurfer per opened audio.
  useEffect(() => {
    const container = waveRef.current
    if (!audio || !container) return
    const regions = RegionsPlugin.create()
    // Scale to the source's loudest peak, not to whatever is drawn: applying a loud take must not
    // shrink the rest of the recording on screen.
    const peak = sourcePeak(audio.peaks)
    const over = Math.max(1, peak) // > 1 only for float audio over full scale: wavePeaks divides by it
    // A near-silent file (room noise at −90 dBFS) is not blown up to full height: the scale stops at
    // −40 dBFS, so it looks as quiet as it is and a take applied into it shows.
    const maxPeak = Math.max(peak / over, MIN_DRAWN_PEAK)
    const ws = WaveSurfer.create({
      container,
      height: MIN_WAVE_HEIGHT,
      waveColor: colors.wave,
      progressColor: colors.progress,
      cursorColor: colors.cursor,
      cursorWidth: 2,
      normalize: true,
      maxPeak,
      minPxPerSec: 0,
      autoScroll: true,
      autoCenter: false,
      plugins: [
        regions,
        HoverPlugin.create({ lineColor: '#e6e9ef88', labelBackground: '#1d2230', labelColor: '#e6e9ef', formatTimeCallback: (t) => formatTime(t) }),
        MinimapPlugin.create({ container: minimapRef.current ?? undefined, height: 34, waveColor: '#3a4f72', progressColor: '#5d7cae', cursorColor: colors.cursor, overlayColor: 'rgba(255,255,255,0.08)', normalize: true, maxPeak }),
      ],
    })
    wsRef.current = ws
    regionsRef.current = regions
    transport.attach(ws)
    const syncing = { on: false }
    const offs: (() => void)[] = [keepTimelineReadable(ws)]

    regions.enableDragSelection({ color: colors.regionSelected }, 4)
    offs.push(
      regions.on('region-created', (r: Region) => {
        if (syncing.on || studio.getState().regions.some((x) => x.id === r.id)) return
        // A region drawn by the mouse: the store owns regions, so hand it over and drop the plugin's.
        // The plugin starts a drawn region 5 px wide and adds the drag to that, so its end lies 5 px past
        // the pointer (0.28 s of a minute-long file at Fit); take them off, unless it reached the file's end.
        const duration = ws.getDuration()
        const width = ws.getWrapper().getBoundingClientRect().width
        const slack = width > 0 ? (DRAG_SELECTION_START_PX / width) * duration : 0
        const end = r.end >= duration - 1e-6 ? r.end : Math.max(r.start, r.end - slack)
        const view = { start: r.start, end }
        r.remove()
        void createRegionFromView(view).then(() => reconcile(regions, syncing, ws))
      }),
      regions.on('region-updated', (r: Region, side) => {
        void moveRegionFromView(r.id, { start: r.start, end: r.end }, side).then(() => reconcile(regions, syncing, ws))
      }),
      // A click selects the region; the waveform still seeks to the clicked point.
      regions.on('region-clicked', (r: Region) => studio.getState().selectRegion(r.id)),
      regions.on('region-double-clicked', (r: Region) => transport.play(r.start, r.end)),
      ws.on('play', () => {
        transport.started(ws.getCurrentTime())
        studio.getState().setPlayback(true)
      }),
      ws.on('pause', () => studio.getState().setPlayback(false, ws.getCurrentTime())),
      ws.on('finish', () => studio.getState().setPlayback(false, ws.getCurrentTime())),
      ws.on('timeupdate', (t) => {
        const s = studio.getState()
        // Loop the selected region while looping is on.
        if (s.loop && ws.isPlaying() && s.selectedRegionId) {
          const pr = regions.getRegions().find((r) => r.id === s.selectedRegionId)
          if (pr && pr.end > pr.start && (t >= pr.end || t < pr.start - 0.05)) return ws.setTime(pr.start)
        }
        s.setPlayback(ws.isPlaying(), t)
        transport.playedTo(t)
      }),
      // Media that stops loading because the server went is that loss, already said.
      ws.on('error', (e) => !studio.getState().connectionLost && reportError('Playback failed', e)),
      // Zoom and resize change how much room a label has before the waveform's end.
      ws.on('zoom', () => keepLabelsInside(regions, ws)),
      ws.on('resize', () => keepLabelsInside(regions, ws)),
      ws.on('scroll', () => transport.scrolled()),
      studio.subscribe((s, prev) => {
        if (s.regions !== prev.regions || s.selectedRegionId !== prev.selectedRegionId || s.applied !== prev.applied || s.takes !== prev.takes || s.job !== prev.job) {
          reconcile(regions, syncing, ws)
        }
      }),
    )
    return () => {
      offs.forEach((off) => off())
      transport.detach(ws)
      ws.destroy()
      wsRef.current = null
      regionsRef.current = null
    }
  }, [audio])

  // (Re)load when the edited timeline changes (a take applied or removed) or zooming needs finer peaks.
  const resolution = usePeaksResolution(audio, pxPerSec)
  useEffect(() => {
    const ws = wsRef.current
    const regions = regionsRef.current
    const s = studio.getState()
    const map = selectEditMap(s)
    if (!ws || !regions || !audio || !map) return
    let stale = false
    const takeIds = appliedTakeIds(s)
    const buckets = Math.max(resolution, audio.peaks.channels[0]?.min.length ?? 1)
    void (async () => {
      try {
        const peaks = await timelinePeaks(audio, map, takeIds, buckets)
        if (stale) return
        const wasPlaying = ws.isPlaying()
        const time = ws.getCurrentTime()
        const scroll = ws.getScroll()
        const duration = editedDuration(map)
        await ws.load(api.mediaUrl(audio.audioId, takeIds), wavePeaks(peaks, Math.max(1, sourcePeak(audio.peaks))), duration)
        if (stale) return
        const zoom = studio.getState().pxPerSec
        if (zoom > 0) ws.zoom(zoom)
        // Keep the playhead (a new media URL starts at 0) and the view: a needless setTime would
        // scroll the view to the cursor.
        if (Math.abs(ws.getCurrentTime() - time) > 1e-3) ws.setTime(Math.min(time, duration))
        ws.setScroll(scroll)
        reconcile(regions, { on: false }, ws)
        if (wasPlaying) transport.play()
      } catch (e) {
        if (!stale && !(e instanceof DOMException && e.name === 'AbortError')) reportError('Cannot draw the waveform', e)
      }
    })()
    return () => {
      stale = true
    }
  }, [audio, appliedKey, resolution])

  // Zoom from the store (0 = fit).
  useEffect(() => {
    const ws = wsRef.current
    if (!ws || !ws.getDecodedData() || ws.options.minPxPerSec === pxPerSec) return
    ws.zoom(pxPerSec)
  }, [pxPerSec])

  // Ctrl+wheel zooms around the mouse; a plain wheel scrolls the timeline sideways.
  useEffect(() => {
    const el = waveRef.current
    if (!el || !audio) return
    const onWheel = (e: WheelEvent) => {
      const ws = wsRef.current
      if (!ws || !ws.getDecodedData()) return
      const duration = ws.getDuration()
      const fit = fitPxPerSec(duration, ws.getWidth())
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault()
        const current = studio.getState().pxPerSec || fit
        const next = zoomBy(current, e.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, fit)
        const x = e.clientX - el.getBoundingClientRect().left
        const anchor = pxToSeconds(x, current, ws.getScroll())
        const zoom = next <= fit * 1.0001 ? 0 : next
        // Zoom here, not in the store effect, so the scroll that keeps the anchor applies to the new width.
        ws.zoom(zoom)
        ws.setScroll(scrollForAnchor(anchor, x, next))
        studio.getState().setZoom(zoom)
      } else if (Math.abs(e.deltaY) > Math.abs(e.deltaX) && (studio.getState().pxPerSec || fit) > fit) {
        e.preventDefault()
        ws.setScroll(ws.getScroll() + e.deltaY)
      }
    }
    el.addEventListener('wheel', onWheel, { passive: false })
    return () => el.removeEventListener('wheel', onWheel)
  }, [audio])

  // Bring the selected region into view.
  const selectedId = useStudio((s) => s.selectedRegionId)
  useEffect(() => {
    const pr = regionsRef.current?.getRegions().find((r) => r.id === selectedId)
    if (pr) transport.revealSpan(pr.start, pr.end)
  }, [selectedId])

  // The waveform takes the height the pane has left (the spectrogram, when shown, takes its share).
  const paneRef = useRef<HTMLDivElement>(null)
  const showSpectrogram = useStudio((s) => s.showSpectrogram)
  useEffect(() => {
    const pane = paneRef.current
    if (!pane || !audio) return
    const fit = () => {
      const ws = wsRef.current
      const reserved = CHROME_HEIGHT + (showSpectrogram ? SPECTROGRAM_HEIGHT : 0)
      const height = Math.round(Math.min(MAX_WAVE_HEIGHT, Math.max(MIN_WAVE_HEIGHT, pane.clientHeight - reserved)))
      if (ws && ws.options.height !== height) ws.setOptions({ height })
    }
    const observer = new ResizeObserver(fit)
    observer.observe(pane)
    fit()
    return () => observer.disconnect()
  }, [audio, showSpectrogram])

  useSpectrogram(wsRef, audio, appliedKey)
  useWordBoundaries(wsRef, audio)
  usePlayheadAria(waveRef, audio)

  return (
    <div className="waveform-pane" ref={paneRef}>
      {/* A slider over the playhead for assistive technology: the keys that move it (arrows, Home, End)
          are the studio's shortcuts, which act with the focus here as anywhere outside a text field. */}
      <div
        className="waveform"
        ref={waveRef}
        data-testid="waveform"
        role="slider"
        tabIndex={0}
        aria-roledescription="waveform"
        aria-label={audio ? `Waveform of ${audio.name}` : 'Waveform'}
        aria-orientation="horizontal"
        aria-valuemin={0}
        aria-describedby="wave-hint"
        aria-keyshortcuts={WAVE_KEYS}
      />
      <div className="minimap" ref={minimapRef} data-testid="minimap" />
      <div className="wave-hint" id="wave-hint">Drag on the waveform (or press R at the playhead) to mark a region · Ctrl+wheel or +/− to zoom · 0 to fit · Space to play · ← → move the playhead · Del deletes the selected region · ? lists every shortcut</div>
    </div>
  )
}

/** The shortcuts that act on what the waveform shows (aria-keyshortcuts syntax). */
const WAVE_KEYS = 'Space ArrowLeft ArrowRight Shift+ArrowLeft Shift+ArrowRight Home End R L Delete'

/**
 * The waveform's slider values: the playhead on the edited timeline, its length, and which region is
 * selected. Set on the element directly, not through React: the playhead moves many times a second and
 * re-rendering the view for it is waste. While playing, whole seconds only, so a screen reader focused
 * here is not told every frame.
 */
function usePlayheadAria(ref: React.RefObject<HTMLDivElement | null>, audio: AudioInfo | null): void {
  useEffect(() => {
    const el = ref.current
    if (!el || !audio) return
    const set = (name: string, value: string) => el.getAttribute(name) !== value && el.setAttribute(name, value)
    const update = (s: Store) => {
      const map = selectEditMap(s)
      const total = map ? editedDuration(map) : audio.duration
      const t = Math.min(total, s.playing ? Math.floor(s.currentTime) : s.currentTime)
      const index = s.regions.findIndex((r) => r.id === s.selectedRegionId)
      const region = index >= 0 && map ? regionViewSpan(map, s.regions[index], appliedTakeOf(s, s.regions[index].id)) : null
      set('aria-valuemax', total.toFixed(3))
      set('aria-valuenow', t.toFixed(3))
      set(
        'aria-valuetext',
        `playhead ${formatTime(t, s.playing ? 0 : 3)} of ${formatTime(total)}${s.playing ? ', playing' : ''}` +
          (region ? `; region ${index + 1} selected, ${formatTime(region.start)} to ${formatTime(region.end)}` : ''),
      )
    }
    update(studio.getState())
    return studio.subscribe((s, p) => {
      if (s.currentTime !== p.currentTime || s.playing !== p.playing || s.selectedRegionId !== p.selectedRegionId || s.regions !== p.regions || s.applied !== p.applied) update(s)
    })
  }, [ref, audio])
}

/**
 * Peaks resolution (buckets over the whole timeline) the zoom has needed so far for this audio:
 * rounded up to a power of two and never lowered, so zooming back out or by small steps reloads nothing.
 */
function usePeaksResolution(audio: AudioInfo | null, pxPerSec: number): number {
  const map = useStudio(selectEditMap)
  const [resolution, setResolution] = useState({ audio, buckets: 0 })
  const want = audio && map && pxPerSec > 0 ? Math.ceil(editedDuration(map) * pxPerSec) : 0
  const needed = want > 0 ? Math.min(MAX_BUCKETS, 2 ** Math.ceil(Math.log2(want))) : 0
  const current = resolution.audio === audio ? resolution.buckets : 0
  useEffect(() => {
    if (resolution.audio !== audio || needed > resolution.buckets) setResolution({ audio, buckets: Math.max(needed, current) })
  }, [audio, needed, current, resolution])
  return Math.max(current, audio?.peaks.channels[0]?.min.length ?? 0)
}
