// Export of the edited timeline (source + applied takes) as WAV, written by the engine process.

import { api } from '../api'
import type { StudioSettings } from '../api/types'
import { studio } from '../store'
import { appliedTakeIds } from '../store/takes-slice'
import { guarded, success } from './notify'

/** "talk.flac" → "talk-edited.wav". */
export function exportFileName(sourceName: string): string {
  const base = sourceName.replace(/\.[^.]+$/, '') || 'audio'
  return `${base}-edited.wav`
}

export async function exportAudio(format: StudioSettings['exportFormat'], sampleRate: number | null): Promise<boolean> {
  const s = studio.getState()
  if (!s.audio) return false
  const audio = s.audio
  const res = await guarded(
    'Export failed',
    async () => {
      const r = await api.exportAudio({ audioId: audio.audioId, takeIds: appliedTakeIds(s), format, sampleRate, fileName: exportFileName(audio.name) })
      // Remember the choice for next time; failing to is not an export failure.
      const settings = await api.updateSettings({ exportFormat: format, exportSampleRate: sampleRate }).catch(() => null)
      if (settings) studio.getState().setSettings(settings)
      return r
    },
    'Exporting…',
  )
  if (!res) return false
  success(`Exported ${res.path ?? res.fileName} (${(res.bytes / 1e6).toFixed(2)} MB, ${res.sampleRate} Hz)`)
  return true
}
