// A small modal frame for the dialogs; Escape and the backdrop close it, Enter in one of its fields
// confirms it where the dialog says what confirming is (onEnter).

import { useEffect, useRef, useState, type ReactNode } from 'react'

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

/** Fields where Enter means "done" (not a text area's new line, a list's choice or a box's tick). */
function confirmsOnEnter(el: Element | null): boolean {
  return el instanceof HTMLInputElement && ['text', 'number', 'search', ''].includes(el.type) && !el.closest('[data-own-enter]')
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
  /** Enter in a field of the dialog (as its primary button): Settings' Apply. */
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
      if (e.key === 'Enter' && onEnter && !e.isComposing && !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey && confirmsOnEnter(document.activeElement) && box.current?.contains(document.activeElement)) {
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
