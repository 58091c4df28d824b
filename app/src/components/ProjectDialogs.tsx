// Web-mode project dialogs (the desktop app uses native folder dialogs): save by name into the
// projects folder, and open one of the saved projects.

import { useEffect, useState } from 'react'
import { api } from '../api'
import type { ProjectRef } from '../api/types'
import { errorMessage } from '../actions/notify'
import { openProject, saveProject } from '../actions/project'
import { studio, useStudio } from '../store'
import { selectTitle } from '../store/selectors'
import { Modal } from './Modal'

export function SaveProjectDialog() {
  const title = useStudio(selectTitle)
  const [name, setName] = useState(title.replace(/\.[^.]+$/, ''))
  const close = () => studio.getState().openDialog(null)
  const save = async () => {
    if (!name.trim()) return
    close()
    await saveProject({ name: name.trim() })
  }
  return (
    <Modal
      title="Save project"
      testId="save-dialog"
      onClose={close}
      // Through the dialog, which keeps the key: the Enter had gone on to the field the focus returns to
      // (a region's text box, after Ctrl+S from it) and put a new line in its words.
      onEnter={() => void save()}
      footer={
        <>
          <span className="spacer" />
          <button onClick={close}>Cancel</button>
          <button className="primary" data-testid="save-confirm" disabled={!name.trim()} onClick={() => void save()}>
            Save
          </button>
        </>
      }
    >
      <label className="stack">
        Project name
        {/* The suggested name selected, so typing replaces it (it had been appended to: "speech-16kmyproj"). */}
        <input
          autoFocus
          data-testid="save-name"
          maxLength={100}
          aria-label="Project name"
          value={name}
          onFocus={(e) => e.currentTarget.select()}
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <p className="muted small-text">Saved in {studio.getState().appInfo?.projectsDir ?? 'the projects folder'} with the takes as WAV files.</p>
    </Modal>
  )
}

export function OpenProjectDialog() {
  const [projects, setProjects] = useState<ProjectRef[] | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const close = () => studio.getState().openDialog(null)
  useEffect(() => {
    api.listProjects().then(setProjects, (e) => setProblem(errorMessage(e)))
  }, [])
  return (
    <Modal title="Open project" testId="open-project-dialog" onClose={close}>
      {problem && <p className="error-text">{problem}</p>}
      {projects === null && !problem && <p className="muted">Loading…</p>}
      {projects?.length === 0 && <p className="muted">No saved projects yet.</p>}
      <ul className="project-list">
        {projects?.map((p) => (
          <li key={p.path}>
            <button
              className="project-item"
              data-testid="project-item"
              onClick={() => {
                close()
                void openProject(p.path)
              }}
            >
              <span>{p.name}</span>
              {p.damaged ? (
                <span className="error-text" title={p.damaged}>
                  cannot be read
                </span>
              ) : (
                <span className="muted">{new Date(p.savedAt).toLocaleString()}</span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </Modal>
  )
}
