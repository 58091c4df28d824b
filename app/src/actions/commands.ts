// Commands without arguments, shared by the toolbar, keyboard shortcuts and the native menu.

import { transport } from '../audio/transport'
import { currentClip, stopClip } from '../features/common/clip-player'
import { fitPxPerSec, zoomBy } from '../lib/regions'
import { editedDuration } from '../lib/timeline'
import { studio } from '../store'
import { selectEditMap } from '../store/selectors'
import { info } from './notify'
import { deleteSelectedRegion } from './regions'
import { stopAuditioning } from './takes'

/** Zoom that fits the whole edited timeline in the view. */
function fitZoom(): number {
  const map = selectEditMap(studio.getState())
  return map ? fitPxPerSec(editedDuration(map), transport.width()) : 1
}

function zoom(factor: number): void {
  const s = studio.getState()
  if (!s.audio) return
  const fit = fitZoom()
  const next = zoomBy(s.pxPerSec || fit, factor, fit)
  s.setZoom(next <= fit * 1.0001 ? 0 : next)
}

export const ZOOM_STEP = 1.5

export const commands = {
  undo: () => studio.getState().undo(),
  redo: () => studio.getState().redo(),
  delete: () => deleteSelectedRegion(),
  'select-all': () => {
    // One selection at a time: select the first region, where Tab-like navigation starts.
    const first = studio.getState().regions[0]
    if (first) studio.getState().selectRegion(first.id)
  },
  'play-pause': () => {
    // Play acts on what plays: an audition, a Compare variant or the voiceover stops (the toolbar's Play had
    // started the recording on top of a variant; Space already stopped it).
    if (studio.getState().audition) return stopAuditioning()
    if (currentClip()) return stopClip()
    transport.playPause()
  },
  stop: () => {
    stopAuditioning()
    transport.stop()
  },
  'zoom-in': () => zoom(ZOOM_STEP),
  'zoom-out': () => zoom(1 / ZOOM_STEP),
  'zoom-fit': () => studio.getState().setZoom(0),
  'toggle-spectrogram': () => studio.getState().toggleSpectrogram(),
  settings: () => studio.getState().openDialog('settings'),
  shortcuts: () => studio.getState().openDialog('shortcuts'),
  export: () => {
    if (studio.getState().audio) studio.getState().openDialog('export')
  },
  about: () => {
    const a = studio.getState().appInfo
    info(`Voicefill ${a?.version ?? ''} (${a?.kind ?? 'unknown'} mode, ${a?.platform ?? ''})`)
  },
} satisfies Record<string, () => void>
