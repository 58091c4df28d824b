// The studio: toolbar on top, waveform in the centre, regions and takes on the right, status bar
// at the bottom; dialogs, toasts and the recovery banner over it. Audio files can be dropped anywhere.

import { useEffect, useState } from 'react'
import { openAudioFile } from '../actions/audio'
import { FeatureDock } from '../features/FeatureDock'
import { bootstrap } from '../actions/bootstrap'
import { useStudio } from '../store'
import type { Store } from '../store/types'
import { EmptyState } from './EmptyState'
import { ExportDialog } from './ExportDialog'
import { JobBar } from './JobBar'
import { LeaveDialog } from './LeaveDialog'
import { OpenProjectDialog, SaveProjectDialog } from './ProjectDialogs'
import { RecoveryBanner } from './RecoveryBanner'
import { RegionPanel } from './RegionPanel'
import { SettingsDialog } from './SettingsDialog'
import { ShortcutsDialog } from './ShortcutsDialog'
import { StatusBar } from './StatusBar'
import { Toasts } from './Toasts'
import { Toolbar } from './Toolbar'
import { useKeyboard } from './useKeyboard'
import { WaveformView } from './WaveformView'

const selectHasAudio = (s: Store) => s.audio !== null
const selectDialog = (s: Store) => s.dialog

export function App() {
  const hasAudio = useStudio(selectHasAudio)
  const dialog = useStudio(selectDialog)
  const [dragging, setDragging] = useState(false)
  useEffect(() => bootstrap(), [])
  useKeyboard()

  const hasFiles = (e: React.DragEvent) => Array.from(e.dataTransfer.types).includes('Files')
  return (
    <div
      className={`app${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        if (!hasFiles(e)) return
        e.preventDefault()
        e.dataTransfer.dropEffect = 'copy'
        setDragging(true)
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false)
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return
        e.preventDefault()
        setDragging(false)
        const file = e.dataTransfer.files[0]
        if (file) void openAudioFile(file)
      }}
    >
      <Toolbar />
      <JobBar />
      <RecoveryBanner />
      <main className="workspace">
        <section className="centre">{hasAudio ? <WaveformView /> : <EmptyState />}</section>
        <RegionPanel />
        <Toasts />
      </main>
      <FeatureDock />
      <StatusBar />
      {dialog === 'settings' && <SettingsDialog />}
      {dialog === 'export' && <ExportDialog />}
      {dialog === 'save' && <SaveProjectDialog />}
      {dialog === 'open-project' && <OpenProjectDialog />}
      {dialog === 'shortcuts' && <ShortcutsDialog />}
      <LeaveDialog />
      {dragging && <div className="drop-overlay">Drop an audio file to open it</div>}
    </div>
  )
}
