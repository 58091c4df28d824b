// Export of the edited timeline (source + applied takes) as WAV, written by the engine process.

import { sourceEncoding } from '../../../electron/engine/audio/encoding'
import { api, StudioError } from '../api'
import type { StudioSettings } from '../api/types'
import { studio } from '../store'
import { appliedTakeIds } from '../store/takes-slice'
import { formatTime } from '../lib/format'
import { newId } from '../lib/ids'
import { guarded, info, success } from './notify'

/** "talk.flac" → "talk-edited.wav". */
export function exportFileName(sourceName: string): string {
  const base = sourceName.replace(/\.[^.]+$/, '') || 'audio'
  return `${base}-edited.wav`
}

/** Progress of the export the dialog shows: output frames written of the total. */
export interface ExportProgressView {
  exportId: string
  frames: number
  totalFrames: number
}

/**
 * Streams the export to disk in the engine; `onProgress` sees the frames written, and
 * cancelExport(exportId) stops it (nothing is left behind). true when a file was written.
 */
export async function exportAudio(
  format: StudioSettings['exportFormat'],
  sampleRate: number | null,
  onProgress?: (p: ExportProgressView) => void,
): Promise<boolean> {
  const s = studio.getState()
  if (!s.audio) return false
  const audio = s.audio
  const exportId = newId('x')
  const off = api.onExportProgress((e) => e.exportId === exportId && onProgress?.(e))
  onProgress?.({ exportId, frames: 0, totalFrames: 0 })
  let cancelled = false
  const res = await guarded(
    'Export failed',
    async () => {
      try {
        const encoding = format === 'source' ? sourceEncoding(audio.format) : format
        const r = await api.exportAudio({ audioId: audio.audioId, takeIds: appliedTakeIds(s), format: encoding, sampleRate, fileName: exportFileName(audio.name), exportId })
        // Remember the choice for next time; failing to is not an export failure.
        const settings = await api.updateSettings({ exportFormat: format, exportSampleRate: sampleRate }).catch(() => null)
        if (settings) studio.getState().setSettings(settings)
        return r
      } catch (e) {
        if (e instanceof StudioError && e.code === 'CANCELLED') {
          cancelled = true
          return null
        }
        throw e
      } finally {
        off()
      }
    },
    'Exporting…',
  )
  if (cancelled) info('Export cancelled; no file was written')
  if (!res) return false
  // Its length as the clock gives the timeline's: a quick check that the takes meant to be in are.
  success(`Exported ${res.path ?? res.fileName} (${formatTime(res.frames / res.sampleRate)}, ${(res.bytes / 1e6).toFixed(2)} MB, ${res.sampleRate} Hz)`)
  if (res.clipped) info(`${res.clipped} samples over full scale were clipped in this export; export as 32-bit float to keep them`)
  return true
}

/** Stops a running export (the engine checks between chunks). */
export async function cancelExport(exportId: string): Promise<void> {
  await api.cancelExport(exportId).catch(() => false)
}
