// The top toolbar: file and project, edit, transport, view, generation and settings.

import { useEffect, useRef, useState } from 'react'
import { useShallow } from 'zustand/shallow'
import { AUDIO_ACCEPT, openAudioDialog, openAudioFile } from '../actions/audio'
import { commands } from '../actions/commands'
import { generateAll, generateSelected } from '../actions/generate'
import { openProject, saveProject } from '../actions/project'
import { savePrefs } from '../actions/settings'
import { currentClip, onClipChange } from '../features/common/clip-player'
import { NUDGE_FINE_SECONDS, NUDGE_SECONDS, SHORTCUTS, shortcutLabel, type ShortcutId } from '../lib/shortcuts'
import { studio, useStudio } from '../store'
import type { Store } from '../store/types'

const selectToolbar = (s: Store) => ({
  hasAudio: s.audio !== null,
  canUndo: s.past.length > 0,
  canRedo: s.future.length > 0,
  undoLabel: s.past[s.past.length - 1]?.label,
  redoLabel: s.future[s.future.length - 1]?.label,
  playing: s.playing,
  loop: s.loop,
  snap: s.snap,
  spectrogram: s.showSpectrogram,
  busy: s.job !== null,
  hasSelection: s.selectedRegionId !== null,
  hasRegions: s.regions.length > 0,
  web: s.appInfo?.kind === 'web',
})

/** The buttons' tooltips name their keys from the shortcuts table, so they cannot drift from it either. */
const keys = Object.fromEntries(SHORTCUTS.map((s) => [s.id, shortcutLabel(s.id)])) as Record<ShortcutId, string>

/** Opens a file picker from anywhere (Ctrl+O in web mode). */
export function pickAudioFile(): void {
  document.querySelector<HTMLInputElement>('[data-testid="open-file-input"]')?.click()
}

/** Whether a panel's clip (a Compare variant, the voiceover) plays: Play then stops it. */
function useClipPlaying(): boolean {
  const [on, setOn] = useState(() => currentClip() !== null)
  useEffect(() => onClipChange((clip) => setOn(clip !== null)), [])
  return on
}

export function Toolbar() {
  const t = useStudio(useShallow(selectToolbar))
  const clip = useClipPlaying()
  const input = useRef<HTMLInputElement>(null)
  const openAudio = () => (t.web ? input.current?.click() : void openAudioDialog())
  return (
    <header className="toolbar" data-testid="toolbar">
      <div className="brand" title="Voicefill">
        <span className="logo">◖◗</span> Voicefill
      </div>
      <div className="group">
        <button data-testid="open-button" title={`Open audio (${keys.open})`} onClick={openAudio}>
          Open
        </button>
        <input
          ref={input}
          type="file"
          accept={AUDIO_ACCEPT}
          hidden
          data-testid="open-file-input"
          onChange={(e) => {
            const file = e.target.files?.[0]
            e.target.value = '' // the same file can be picked again
            if (file) void openAudioFile(file)
          }}
        />
        <button
          data-testid="open-project-button"
          title="Open project"
          onClick={() => (t.web ? studio.getState().openDialog('open-project') : void openProject())}
        >
          Projects
        </button>
        <button data-testid="save-project-button" title={`Save project (${keys.save}; as…: ${keys['save-as']})`} disabled={!t.hasAudio} onClick={() => void saveProject()}>
          Save
        </button>
        <button data-testid="export-button" title={`Export WAV (${keys.export})`} disabled={!t.hasAudio} onClick={commands.export}>
          Export
        </button>
      </div>
      <div className="group">
        <button data-testid="undo-button" aria-label="Undo" title={`Undo${t.undoLabel ? ` ${t.undoLabel}` : ''} (${keys.undo})`} disabled={!t.canUndo} onClick={commands.undo}>
          ↶
        </button>
        <button data-testid="redo-button" aria-label="Redo" title={`Redo${t.redoLabel ? ` ${t.redoLabel}` : ''} (${keys.redo})`} disabled={!t.canRedo} onClick={commands.redo}>
          ↷
        </button>
      </div>
      <div className="group">
        <button
          data-testid="play-button"
          className="transport"
          aria-label={t.playing ? 'Pause' : clip ? 'Stop the clip playing' : 'Play'}
          title={clip && !t.playing ? `Stop the clip playing (${keys.play})` : `Play / pause (${keys.play})`}
          disabled={!t.hasAudio && !clip}
          onClick={commands['play-pause']}
        >
          {t.playing || clip ? '❚❚' : '▶'}
        </button>
        <button data-testid="stop-button" className="transport" aria-label="Stop" title={`Stop: back to where playback started; again, to the start (${keys.home}; ${keys.end}: to the end; ← → move the playhead ${NUDGE_SECONDS} s, with Shift ${NUDGE_FINE_SECONDS} s)`} disabled={!t.hasAudio} onClick={commands.stop}>
          ■
        </button>
        <button data-testid="loop-toggle" className={t.loop ? 'toggle on' : 'toggle'} aria-pressed={t.loop} aria-label="Loop" title={`Loop the selected region (${keys.loop})`} onClick={() => studio.getState().toggleLoop()}>
          ⟲ Loop
        </button>
      </div>
      <div className="group">
        <button data-testid="zoom-out" aria-label="Zoom out" title={`Zoom out (${keys['zoom-out']})`} disabled={!t.hasAudio} onClick={commands['zoom-out']}>
          −
        </button>
        <button data-testid="zoom-fit" title={`Fit (${keys['zoom-fit']})`} disabled={!t.hasAudio} onClick={commands['zoom-fit']}>
          Fit
        </button>
        <button data-testid="zoom-in" aria-label="Zoom in" title={`Zoom in (${keys['zoom-in']})`} disabled={!t.hasAudio} onClick={commands['zoom-in']}>
          +
        </button>
        <button data-testid="spectrogram-toggle" className={t.spectrogram ? 'toggle on' : 'toggle'} aria-pressed={t.spectrogram} disabled={!t.hasAudio} title="Spectrogram view" onClick={commands['toggle-spectrogram']}>
          Spectrogram
        </button>
        <button data-testid="snap-toggle" className={t.snap ? 'toggle on' : 'toggle'} aria-pressed={t.snap} title="Snap region edges to nearby pauses" onClick={() => {
            studio.getState().toggleSnap()
            void savePrefs()
          }}>
          Snap
        </button>
      </div>
      <span className="spacer" />
      <div className="group">
        <button data-testid="generate-selected" className="primary" disabled={t.busy || !t.hasSelection} title={`Generate the selected region (${keys.generate})`} onClick={() => void generateSelected()}>
          Generate
        </button>
        <button data-testid="generate-all" disabled={t.busy || !t.hasRegions} title={`Generate every region without an applied take (${keys['generate-all']})`} onClick={() => void generateAll()}>
          Generate all
        </button>
        <button data-testid="settings-button" title={`Settings (${keys.settings})`} aria-label="Settings" onClick={commands.settings}>
          ⚙
        </button>
        <button data-testid="shortcuts-button" title={`Keyboard shortcuts (${keys.help})`} aria-label="Keyboard shortcuts" aria-keyshortcuts="Shift+/" onClick={commands.shortcuts}>
          ?
        </button>
      </div>
    </header>
  )
}
