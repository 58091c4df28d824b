// Word boundaries of the aligned transcript drawn on the waveform: thin dashed lines inside
// wavesurfer's scrolling wrapper, placed in percent of the edited timeline, so zoom and scroll move
// them with the waveform.

import { useEffect, type RefObject } from 'react'
import type WaveSurfer from 'wavesurfer.js'
import { editedDuration, sourceToView } from '../../lib/timeline'
import { studio } from '../../store'
import { selectEditMap } from '../../store/selectors'
import type { AudioInfo } from '../../api/types'

export function useWordBoundaries(wsRef: RefObject<WaveSurfer | null>, audio: AudioInfo | null): void {
  useEffect(() => {
    const ws = wsRef.current
    if (!ws || !audio) return
    // Inline styles: the wrapper lives in wavesurfer's shadow root, where the page's CSS does not reach.
    const layer = document.createElement('div')
    layer.dataset.testid = 'word-boundaries'
    layer.style.cssText = 'position:absolute;inset:0;pointer-events:none;z-index:2'
    ws.getWrapper().appendChild(layer)
    let drawn: unknown[] = []
    const draw = () => {
      const s = studio.getState()
      const map = selectEditMap(s)
      if (drawn[0] === s.alignment && drawn[1] === map) return
      drawn = [s.alignment, map]
      layer.replaceChildren()
      if (!s.alignment || !map) return
      const total = editedDuration(map)
      const edges = new Set<number>()
      for (const w of s.alignment.words) edges.add(w.start).add(w.end)
      const frag = document.createDocumentFragment()
      for (const t of edges) {
        const tick = document.createElement('i')
        tick.style.cssText = `position:absolute;top:0;bottom:0;width:0;border-left:1px dashed #ffb02880;left:${(sourceToView(map, t) / total) * 100}%`
        frag.appendChild(tick)
      }
      layer.appendChild(frag)
    }
    draw()
    const unsubscribe = studio.subscribe((s, prev) => {
      if (s.alignment !== prev.alignment || s.applied !== prev.applied || s.takes !== prev.takes) draw()
    })
    return () => {
      unsubscribe()
      layer.remove()
    }
  }, [wsRef, audio])
}
