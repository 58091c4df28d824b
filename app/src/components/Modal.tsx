// A small modal frame for the dialogs; Escape and the backdrop close it, Enter in one of its fields
// (or with none focused) confirms it where the dialog says what confirming is (onEnter).

import { useEffect, useRef, useState, type ReactNode } from 'react'

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

/**
 * Where Enter means "done": a text field, a closed list (an open one takes its keys to its popup), or the
 * dialog itself with nothing in it focused (Export has only lists, and Enter there had done nothing);
 * not a text area's new line, a box's tick or a button, which Enter presses.
 */
function confirmsOnEnter(el: Element | null, dialog: HTMLElement | null): boolean {
  if (!el || el.closest('[data-own-enter]')) return false
  if (el === dialog || el instanceof HTMLSelectElement) return true
  return el instanceof HTMLInputElement && ['text', 'number', 'search', ''].includes(el.type)
}

export function Modal({
  title,
  testId,
  onClose,
  onEnter,
  children,
  footer,
}: {
  title: string
  testId: string
  onClose: () => void
  /** Enter in a field of the dialog or on the dialog itself (as its primary button): Settings' Apply, Export. */
  onEnter?: () => void
  children: ReactNode
  footer?: ReactNode
}) {
  const box = useRef<HTMLDivElement>(null)
  // Where the focus was when the dialog opened, read while rendering: by the time an effect runs, a
  // field with autoFocus has taken it (Save project's name), and closing sent the focus nowhere.
  const [before] = useState(() => document.activeElement as HTMLElement | null)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation()
        onClose()
      }
      if (e.key === 'Enter' && onEnter && !e.isComposing && !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey && confirmsOnEnter(document.activeElement, box.current) && box.current?.contains(document.activeElement)) {
        e.preventDefault()
        e.stopPropagation()
        onEnter()
      }
      // Tab stays inside the dialog, as keyboard users expect of a modal.
      if (e.key === 'Tab' && box.current) {
        const items = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)]
        if (!items.length) return
        const [first, last] = [items[0], items[items.length - 1]]
        if (e.shiftKey && document.activeElement === first) {
          e.preventDefault()
          last.focus()
        } else if (!e.shiftKey && (document.activeElement === last || !box.current.contains(document.activeElement))) {
          e.preventDefault()
          first.focus()
        }
      }
    }
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [onClose, onEnter])
  useEffect(() => {
    // Focus moves into the dialog when it opens (unless a field took it) and back where it was when it closes.
    if (box.current && !box.current.contains(document.activeElement)) box.current.focus()
    return () => before?.focus?.()
  }, [before])
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={title} data-testid={testId} ref={box} tabIndex={-1}>
        <div className="modal-header">
          <span>{title}</span>
          <button className="icon" title="Close" data-testid={`${testId}-close`} onClick={onClose}>
            ✕
          </button>
        </div>
        <div className="modal-body">{children}</div>
        {footer && <div className="modal-footer">{footer}</div>}
      </div>
    </div>
  )
}
