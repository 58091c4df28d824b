// The page web mode serves is rebuilt when any code it is built from changed, engine code included.
import { existsSync, statSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { rendererIsStale, rendererOutDir, repoRoot } from '../../electron/web/build-renderer'

describe('rendererIsStale', () => {
  it('sees a change in engine code the page imports (the word diff), not only in app/', () => {
    const index = join(rendererOutDir, 'index.html')
    if (!existsSync(index)) {
      expect(rendererIsStale()).toBe(true) // nothing built yet
      return
    }
    const engineFile = join(repoRoot, 'electron/engine/align/diff.ts')
    const [indexTimes, engineTimes] = [statSync(index), statSync(engineFile)]
    const later = Date.now() / 1000 + 3600
    try {
      utimesSync(index, later, later)
      expect(rendererIsStale()).toBe(false)
      utimesSync(engineFile, later + 60, later + 60)
      expect(rendererIsStale()).toBe(true)
    } finally {
      utimesSync(engineFile, engineTimes.atime, engineTimes.mtime)
      utimesSync(index, indexTimes.atime, indexTimes.mtime)
    }
  })
})
