// Number keys 1…9 (shortcuts table: compare-play) play the n-th listed variant while the compare panel is open; a variant that is
// playing hands over at the same playhead. Typing in a field keeps its digits.

import { useEffect } from 'react'
import { findShortcut } from '../../lib/shortcuts'
import { studio } from '../../store'
import { playByKey } from './compare-actions'

function typingIn(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
}

export function useCompareKeys(active: boolean): void {
  useEffect(() => {
    if (!active) return
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.repeat || typingIn(e.target)) return
      // The keys of the shortcuts table's Compare row (the help lists them from there).
      if (findShortcut(e, 'Compare')?.id !== 'compare-play' || studio.getState().dialog) return
      e.preventDefault()
      e.stopPropagation()
      playByKey(Number(e.key))
    }
    // Capture phase: the digit is ours before any other shortcut sees it.
    window.addEventListener('keydown', onKey, true)
    return () => window.removeEventListener('keydown', onKey, true)
  }, [active])
}
