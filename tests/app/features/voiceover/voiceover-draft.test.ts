import { describe, expect, it } from 'vitest'
import { draftKey, keepVoiceoverDraft, readDraft } from '../../../../app/src/features/voiceover/voiceover-draft'
import { createStudioStore } from '../../../../app/src/store'
import { audioInfo } from '../../store/helpers'

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

  it("brings back the lines' takes the engine still holds, the one in use included", async () => {
    const storage = memoryStorage()
    const before = createStudioStore()
    const off = keepVoiceoverDraft(before, storage)
    before.getState().setVoScript('One.\nTwo.\nThree.')
    before.getState().splitVoScript()
    const [one, two, three] = before.getState().voLines
    // The voice's room rides with each take (the pauses carry it); a damaged one is dropped, not trusted.
    const room = { sampleRate: 16000, nFft: 16, floor: [0, 1e-6, 2e-6, 1e-6, 1e-6, 1e-6, 1e-6, 1e-6, 0] }
    const take = (audioId: string, text: string) => ({ audioId, text, seed: 7, frames: 16000, sampleRate: 16000, createdAt: 1, voice: 'sample voice', room })
    before.getState().addVoLineTake(one.id, take('a1', 'One.'))
    before.getState().addVoLineTake(one.id, take('a2', 'One.'))
    before.getState().addVoLineTake(two.id, take('b1', 'Two.'))
    before.getState().addVoLineTake(three.id, take('c1', 'Three.'))
    before.getState().addVoLineTake(three.id, take('c2', 'Three.'))
    before.getState().addVoLineTake(three.id, { ...take('c3', 'Three.'), room: { ...room, floor: [1, 2] } })
    before.setState({ voLines: before.getState().voLines.map((l) => (l.id === three.id ? { ...l, current: 'c2' } : l)) })
    off()

    const asked: string[][] = []
    const after = createStudioStore() // the reloaded page; the engine lost b1 and c2
    keepVoiceoverDraft(after, storage, async (ids) => {
      asked.push(ids)
      return new Set(ids.filter((id) => id !== 'b1' && id !== 'c2'))
    })()
    expect(after.getState().voLines.every((l) => l.takes.length === 0)).toBe(true) // words at once, takes once the engine answers
    await Promise.resolve()
    await Promise.resolve()
    const lines = after.getState().voLines
    expect(asked).toEqual([['a1', 'a2', 'b1', 'c1', 'c2', 'c3']])
    expect(lines.map((l) => l.takes.map((t) => t.audioId))).toEqual([['a1', 'a2'], [], ['c1', 'c3']])
    expect(lines.map((l) => l.current)).toEqual(['a2', null, 'c3']) // c2 was in use and is gone: the newest left
    expect(lines[0].takes[0]).toEqual(take('a1', 'One.'))
    expect(lines[2].takes[1].room).toBeUndefined()
  })

  it('leaves a line edited before the engine answered without the old takes', async () => {
    const storage = memoryStorage()
    storage.setItem('voicefill-voiceover', JSON.stringify({
      script: 'One.', lines: ['One.'], pause: 0.5, seed: 1,
      takes: [{ takes: [{ audioId: 'a1', text: 'One.', seed: 1, frames: 10, sampleRate: 16000, createdAt: 1 }, { audioId: 5 }], current: 'zz' }],
    }))
    expect(readDraft(storage)?.takes).toEqual([{ takes: [{ audioId: 'a1', text: 'One.', seed: 1, frames: 10, sampleRate: 16000, createdAt: 1 }], current: null }])
    const store = createStudioStore()
    let answer: (ids: Set<string>) => void = () => {}
    keepVoiceoverDraft(store, storage, () => new Promise((r) => (answer = r)))()
    store.getState().setVoLineText(store.getState().voLines[0].id, 'One, edited.')
    answer(new Set(['a1']))
    await Promise.resolve()
    await Promise.resolve()
    expect(store.getState().voLines[0].takes).toEqual([])
  })

  it('keeps each web tab its own draft (by page id), and brings back a voice file the engine still holds', async () => {
    expect(draftKey(memoryStorage())).toBe('voicefill-voiceover')
    const session = memoryStorage()
    session.setItem('voicefill-page', 'p1')
    expect(draftKey(session)).toBe('voicefill-voiceover-p1')
    const storage = memoryStorage()
    const tabA = createStudioStore()
    const offA = keepVoiceoverDraft(tabA, storage, undefined, 'voicefill-voiceover-a')
    tabA.getState().setVoScript('Tab A line.')
    tabA.getState().setVoVoice({ kind: 'file', audioId: 'v1', label: 'voice.wav (3.0 s)' })
    const tabB = createStudioStore()
    const offB = keepVoiceoverDraft(tabB, storage, undefined, 'voicefill-voiceover-b')
    tabB.getState().setVoScript('Tab B line.')
    offA()
    offB()
    const reloadedA = createStudioStore()
    keepVoiceoverDraft(reloadedA, storage, async (ids) => new Set(ids), 'voicefill-voiceover-a')()
    expect(reloadedA.getState().voScript).toBe('Tab A line.')
    await new Promise((r) => setTimeout(r, 0))
    expect(reloadedA.getState().voVoice).toEqual({ kind: 'file', audioId: 'v1', label: 'voice.wav (3.0 s)' })
    // Gone from the engine: the built-in voice, as before.
    const gone = createStudioStore()
    keepVoiceoverDraft(gone, storage, async () => new Set(), 'voicefill-voiceover-a')()
    await new Promise((r) => setTimeout(r, 0))
    expect(gone.getState().voVoice).toEqual({ kind: 'sample' })
  })

  it('takes a region voice up again when its recording is reopened under a new id (Recover after a reload)', () => {
    const storage = memoryStorage()
    const before = createStudioStore()
    const off = keepVoiceoverDraft(before, storage, undefined, 'k')
    before.getState().setAudio(audioInfo(4))
    before.getState().setVoScript('A line.')
    before.getState().setVoVoice({ kind: 'region', audioId: 'a1', startFrame: 100, endFrame: 20000, label: 'region 1 of speech.wav (0.01–1.25 s)' })
    off()
    const after = createStudioStore()
    keepVoiceoverDraft(after, storage, undefined, 'k')
    expect(after.getState().voVoice).toEqual({ kind: 'sample' }) // the recording is not open yet
    after.getState().setAudio({ ...audioInfo(4), audioId: 'a2' }) // Recover reopens it
    expect(after.getState().voVoice).toEqual({ kind: 'region', audioId: 'a2', startFrame: 100, endFrame: 20000, label: 'region 1 of speech.wav (0.01–1.25 s)' })
  })

  it('takes up the voiceover a closed tab left, moving it to the new tab\'s key', () => {
    const m = new Map<string, string>()
    const storage = {
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, v: string) => void m.set(k, v),
      removeItem: (k: string) => void m.delete(k),
      key: (i: number) => [...m.keys()][i] ?? null,
      get length() {
        return m.size
      },
    }
    const closed = createStudioStore()
    keepVoiceoverDraft(closed, storage, undefined, 'voicefill-voiceover-old')
    closed.getState().setVoScript('Left in a closed tab.')
    const fresh = createStudioStore()
    keepVoiceoverDraft(fresh, storage, undefined, 'voicefill-voiceover-new')()
    expect(fresh.getState().voScript).toBe('Left in a closed tab.')
    expect([...m.keys()]).toEqual(['voicefill-voiceover-new'])
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
