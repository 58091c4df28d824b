// The spectrogram view: computed here from PCM the engine reads out (the page never decodes audio, so
// wavesurfer's own FFT over decoded data is not available) and handed to wavesurfer's spectrogram
// plugin as precomputed frequency data, which it draws under the waveform, scrolling and zooming with it.

import { useEffect, type RefObject } from 'react'
import type WaveSurfer from 'wavesurfer.js'
import SpectrogramPlugin from 'wavesurfer.js/dist/plugins/spectrogram.esm.js'
import { api } from '../api'
import type { AudioInfo } from '../api/types'
import { reportError } from '../actions/notify'
import { columnCentres, downmix, fftSizeFor, hann, spectrumColumn, toMelRows } from '../lib/spectrogram'
import { editedFrames } from '../lib/timeline'
import { studio, useStudio } from '../store'
import { selectEditMap } from '../store/selectors'
import { appliedTakeIds } from '../store/takes-slice'
import type { Store } from '../store/types'

/** Columns per second of audio (5 ms), capped so an hour-long file stays a bounded amount of work. */
const COLUMNS_PER_SECOND = 200
const MAX_COLUMNS = 6000
/** Frames per PCM read when reading contiguously. */
const CHUNK_FRAMES = 1 << 20

export const SPECTROGRAM_HEIGHT = 150

const selectShow = (s: Store) => s.showSpectrogram

/** Byte columns [frame][mel row] of the edited timeline. */
async function computeColumns(audio: AudioInfo, takeIds: string[], frames: number, isStale: () => boolean): Promise<number[][] | null> {
  const n = fftSizeFor(audio.sampleRate)
  const window = hann(n)
  const centres = columnCentres(frames, Math.min(MAX_COLUMNS, Math.ceil((frames / audio.sampleRate) * COLUMNS_PER_SECOND)))
  const columns: number[][] = []
  const column = (samples: Float32Array, centre: number) => Array.from(toMelRows(spectrumColumn(samples, centre, window), audio.sampleRate))
  const read = (startFrame: number, endFrame: number) =>
    api.readPcm({ audioId: audio.audioId, startFrame, endFrame, takeIds }).then((c) => downmix(c.channels))
  const hop = frames / Math.max(centres.length, 1)
  if (hop > 4 * n) {
    // Sparse columns (long files): read one window per column rather than the whole file.
    for (let i = 0; i < centres.length; i += 16) {
      const batch = centres.slice(i, i + 16)
      const windows = await Promise.all(batch.map((c) => read(Math.max(0, c - n / 2), Math.min(frames, c + n / 2))))
      if (isStale()) return null
      batch.forEach((c, k) => columns.push(column(windows[k], c - Math.max(0, c - n / 2))))
    }
    return columns
  }
  let i = 0
  for (let start = 0; start < frames && i < centres.length; start += CHUNK_FRAMES) {
    const end = Math.min(frames, start + CHUNK_FRAMES)
    const from = Math.max(0, start - n / 2)
    const pcm = await read(from, Math.min(frames, end + n / 2))
    if (isStale()) return null
    for (; i < centres.length && centres[i] < end; i++) columns.push(column(pcm, centres[i] - from))
  }
  return columns
}

export function useSpectrogram(wsRef: RefObject<WaveSurfer | null>, audio: AudioInfo | null, appliedKey: string): void {
  const show = useStudio(selectShow)
  useEffect(() => {
    const ws = wsRef.current
    if (!show || !ws || !audio) return
    const map = selectEditMap(studio.getState())
    if (!map) return
    let stale = false
    let plugin: SpectrogramPlugin | null = null
    let url: string | null = null
    studio.getState().setBusy('Computing spectrogram…')
    void computeColumns(audio, appliedTakeIds(studio.getState()), editedFrames(map), () => stale)
      .then((columns) => {
        if (stale || !columns) return
        url = URL.createObjectURL(new Blob([JSON.stringify(columns)], { type: 'application/json' }))
        plugin = SpectrogramPlugin.create({
          frequenciesDataUrl: url,
          sampleRate: audio.sampleRate,
          height: SPECTROGRAM_HEIGHT,
          labels: true,
          labelsBackground: 'rgba(16, 19, 26, 0.6)',
          labelsColor: '#8a93a6',
          labelsHzColor: '#8a93a6',
          scale: 'mel',
          frequencyMax: Math.min(audio.sampleRate / 2, 8000),
          colorMap: 'roseus',
        })
        ws.registerPlugin(plugin)
        plugin.on('error', (e) => reportError('Spectrogram failed', e))
      })
      .catch((e) => {
        if (!stale) reportError('Spectrogram failed', e)
      })
      .finally(() => {
        if (!stale) studio.getState().setBusy(null)
      })
    return () => {
      stale = true
      plugin?.destroy()
      if (url) URL.revokeObjectURL(url)
      studio.getState().setBusy(null)
    }
  }, [wsRef, show, audio, appliedKey])
}
