// "Unsaved work": shown before other audio or a project replaces a document with unsaved regions,
// takes or transcript edits, or while a generation runs (confirmLeave in actions/leave.ts).

import { useStudio } from '../store'
import { selectTitle } from '../store/selectors'
import type { Store } from '../store/types'
import { Modal } from './Modal'

const selectPrompt = (s: Store) => s.leavePrompt

export function LeaveDialog() {
  const prompt = useStudio(selectPrompt)
  const title = useStudio(selectTitle)
  if (!prompt) return null
  const cancel = () => prompt.answer('cancel')
  return (
    <Modal
      title="Unsaved work"
      testId="leave-dialog"
      onClose={cancel}
      footer={
        <>
          <span className="spacer" />
          <button data-testid="leave-cancel" onClick={cancel}>
            Cancel
          </button>
          <button data-testid="leave-discard" onClick={() => prompt.answer('discard')}>
            Don&apos;t save
          </button>
          <button className="primary" autoFocus data-testid="leave-save" onClick={() => prompt.answer('save')}>
            Save
          </button>
        </>
      }
    >
      <p data-testid="leave-message">
        {title} has unsaved changes{prompt.generating ? ' and a generation is running' : ''}. Save them before {prompt.action}?
        {prompt.generating ? ' The generation is cancelled either way.' : ''}
      </p>
    </Modal>
  )
}
