// Before other audio or a project replaces the document: unsaved work (regions, takes, a transcript)
// or a running generation is never dropped without asking (Save / Don't save / Cancel).

import { studio } from '../store'
import { selectTitle } from '../store/selectors'
import { isDirty } from '../store/session-slice'
import type { LeaveChoice } from '../store/types'
import { cancelGeneration } from './generate'
import { saveProject } from './project'

/** Whether the document may be replaced: asks when it holds unsaved work; "save" saves it first. */
export async function confirmLeave(action: string): Promise<boolean> {
  const s = studio.getState()
  if (s.leavePrompt) return false // already asking (a second Open while the first waits)
  const generating = Boolean(s.job)
  if (!s.audio || (!isDirty(s) && !generating)) return true
  const choice = await new Promise<LeaveChoice>((answer) => s.setLeavePrompt({ action, generating, answer }))
  studio.getState().setLeavePrompt(null)
  if (choice === 'cancel') return false
  if (choice === 'save') {
    // Web mode saves by name into the projects folder: the document's own name, as the save dialog would offer.
    const now = studio.getState()
    const web = now.appInfo?.kind === 'web'
    const ref = await saveProject(web && !now.project ? { name: selectTitle(now).replace(/\.[^.]+$/, '') } : {})
    if (!ref) return false // failed or cancelled: the work stays open
  }
  if (studio.getState().job) await cancelGeneration()
  return true
}
