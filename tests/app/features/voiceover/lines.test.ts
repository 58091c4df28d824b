import { describe, expect, it } from 'vitest'
import { currentTake, isStale, linesFromScript, takeAudioIds, voiceoverClips, voiceoverTiming, type LineTake, type VoLine } from '../../../../app/src/features/voiceover/lines'
import { createStudioStore } from '../../../../app/src/store'

const take = (audioId: string, text: string, frames = 16000, sampleRate = 16000): LineTake => ({ audioId, text, seed: 1, frames, sampleRate, createdAt: 0 })

function line(id: string, text: string, takes: LineTake[] = [], current = takes[0]?.audioId ?? null): VoLine {
  return { id, text, takes, current, status: 'idle', error: null }
}

describe('voiceover lines', () => {
  it('makes one line per non-blank script line', () => {
    let n = 0
    const lines = linesFromScript('One.\n\n  Two.  \n', () => `l${++n}`)
    expect(lines.map((l) => [l.id, l.text, l.takes.length, l.current])).toEqual([
      ['l1', 'One.', 0, null],
      ['l2', 'Two.', 0, null],
    ])
  })

  it('knows the take in use and when the text no longer matches it', () => {
    const l = line('a', 'Hello.', [take('x', 'Hello.'), take('y', 'Hello!')], 'y')
    expect(currentTake(l)?.audioId).toBe('y')
    expect(isStale(l)).toBe(true)
    expect(isStale({ ...l, current: 'x' })).toBe(false)
    expect(isStale({ ...l, current: 'x', text: '  Hello.  ' })).toBe(false)
    expect(isStale(line('b', 'Nothing yet.'))).toBe(false)
  })

  it('exports the current takes in line order, or says which line is missing', () => {
    const lines = [line('a', 'One.', [take('x', 'One.'), take('y', 'One!')], 'y'), line('b', 'Two.', [take('z', 'Two.', 8000)])]
    const res = voiceoverClips(lines)
    expect('clips' in res && res.clips.map((c) => c.audioId)).toEqual(['y', 'z'])
    expect(voiceoverClips([lines[0], line('b', 'Two.')])).toEqual({ error: 'line 2 has no audio yet: generate it first' })
    expect(voiceoverClips([])).toEqual({ error: 'the script has no lines yet' })
    // Generating again cannot help a line that failed, or an empty one: the advice says what can.
    const failed = { ...line('c', '...'), status: 'error' as const, error: 'text has no words to say (only symbols, emoji or punctuation)' }
    expect(voiceoverClips([lines[0], failed])).toEqual({ error: 'line 2 could not be made (text has no words to say (only symbols, emoji or punctuation)): change its words or remove it' })
    expect(voiceoverClips([lines[0], line('d', '  ')])).toEqual({ error: 'line 2 is empty: type its words or remove it' })
    expect(voiceoverClips([lines[0], line('c', 'x', [take('w', 'x', 100, 24000)])])).toEqual({ error: expect.stringMatching(/^line 2 was generated at another sample rate/) })
  })

  it('times the lines as the export lays them out', () => {
    const cues = voiceoverTiming([take('x', 'One.', 16000), take('y', 'Two.', 8000)], 0.25)
    expect(cues).toEqual([
      { start: 0, end: 1, text: 'One.' },
      { start: 1.25, end: 1.75, text: 'Two.' },
    ])
    expect(voiceoverTiming([], 0.25)).toEqual([])
    expect(takeAudioIds([line('a', 'x', [take('p', 'x'), take('q', 'x')]), line('b', 'y')])).toEqual(['p', 'q'])
  })
})

describe('voiceover slice', () => {
  it('splits the script into lines and hands back the lines it replaced', () => {
    const store = createStudioStore()
    store.getState().setVoScript('First.\nSecond.')
    expect(store.getState().splitVoScript()).toEqual([])
    const first = store.getState().voLines
    expect(first.map((l) => l.text)).toEqual(['First.', 'Second.'])
    store.getState().setVoScript('Only.')
    expect(store.getState().splitVoScript()).toEqual(first)
    expect(store.getState().voLines.map((l) => l.text)).toEqual(['Only.'])
  })

  it('splitting again keeps the lines (and takes) whose words the script still has', () => {
    const store = createStudioStore()
    store.getState().setVoScript('One.\nTwo.\nThree.')
    store.getState().splitVoScript()
    const [one, two, three] = store.getState().voLines
    store.getState().addVoLineTake(one.id, take('x', 'One.'))
    store.getState().addVoLineTake(three.id, take('z', 'Three.'))
    store.getState().setVoScript('Zero.\nOne.\nThree.')
    const dropped = store.getState().splitVoScript()
    expect(dropped.map((l) => l.id)).toEqual([two.id]) // only "Two." is gone (its takes are freed)
    const lines = store.getState().voLines
    expect(lines.map((l) => l.text)).toEqual(['Zero.', 'One.', 'Three.'])
    expect(lines[1]).toBe(store.getState().voLines.find((l) => l.id === one.id))
    expect(lines[1].takes.map((t) => t.audioId)).toEqual(['x'])
    expect(lines[2].takes.map((t) => t.audioId)).toEqual(['z'])
  })

  it('adds takes to a line, switches between them and removes lines', () => {
    const store = createStudioStore()
    store.getState().setVoScript('A.\nB.')
    store.getState().splitVoScript()
    const [a, b] = store.getState().voLines
    store.getState().addVoLineTake(a.id, take('x', 'A.'))
    store.getState().addVoLineTake(a.id, take('y', 'A.'))
    expect(store.getState().voLines[0].current).toBe('y')
    store.getState().selectVoLineTake(a.id, 'x')
    expect(store.getState().voLines[0].current).toBe('x')
    store.getState().selectVoLineTake(a.id, 'not-a-take')
    expect(store.getState().voLines[0].current).toBe('x')
    expect(store.getState().removeVoLine(b.id)?.text).toBe('B.')
    expect(store.getState().removeVoLine(b.id)).toBeNull()
    expect(store.getState().voLines).toHaveLength(1)
  })

  it('keeps the pause and seed in range', () => {
    const store = createStudioStore()
    store.getState().setVoPause(12)
    expect(store.getState().voPause).toBe(10)
    store.getState().setVoPause(Number.NaN)
    expect(store.getState().voPause).toBe(0)
    store.getState().setVoSeed(-5)
    expect(store.getState().voSeed).toBe(0)
    store.getState().setVoSeed(2 ** 40)
    expect(store.getState().voSeed).toBe(0xffffffff)
  })
})
