import { describe, expect, it } from 'vitest'
import { keepVoiceoverDraft, readDraft } from '../../../../app/src/features/voiceover/voiceover-draft'
import { createStudioStore } from '../../../../app/src/store'

function memoryStorage() {
  const m = new Map<string, string>()
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) }
}

describe('voiceover draft', () => {
  it('keeps the script, the lines\' words, the pause and the seed across a reload of the page', () => {
    const storage = memoryStorage()
    const before = createStudioStore()
    const off = keepVoiceoverDraft(before, storage)
    before.getState().setVoScript('First line.\nSecond line.')
    before.getState().splitVoScript()
    const [, second] = before.getState().voLines
    before.getState().setVoLineText(second.id, 'Second line, edited.')
    before.getState().setVoPause(0.8)
    before.getState().setVoSeed(42)
    off()

    const after = createStudioStore() // the reloaded page
    keepVoiceoverDraft(after, storage)()
    const s = after.getState()
    expect(s.voScript).toBe('First line.\nSecond line.')
    expect(s.voLines.map((l) => l.text)).toEqual(['First line.', 'Second line, edited.'])
    expect(s.voLines.every((l) => l.takes.length === 0 && l.status === 'idle')).toBe(true)
    expect([s.voPause, s.voSeed]).toEqual([0.8, 42])
  })

  it('reads nothing from junk and forgets an emptied pane', () => {
    const storage = memoryStorage()
    storage.setItem('voicefill-voiceover', '{not json')
    expect(readDraft(storage)).toBeNull()
    const store = createStudioStore()
    const off = keepVoiceoverDraft(store, storage)
    store.getState().setVoScript('x')
    expect(readDraft(storage)?.script).toBe('x')
    store.getState().setVoScript('')
    expect(readDraft(storage)).toBeNull()
    off()
  })
})
