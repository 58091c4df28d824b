// The voiceover's words survive a reload or a crash of the page: the script, the lines' texts, the pause
// and the seed are kept in the page's storage as they change (the takes are audio in the engine and are
// made again). Voiceover work has no recording, so it is not part of a project's autosave.

import { newId } from '../../lib/ids'
import type { StudioStore } from '../../store'
import { newLine } from './lines'

const KEY = 'voicefill-voiceover'
/** Longest script kept (the script box's own limit is far below). */
const MAX_CHARS = 200_000

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>

export interface VoiceoverDraft {
  script: string
  lines: string[]
  pause: number
  seed: number
}

export function readDraft(storage: Storage | null): VoiceoverDraft | null {
  try {
    const raw = storage?.getItem(KEY)
    if (!raw) return null
    const d = JSON.parse(raw) as Partial<VoiceoverDraft>
    if (typeof d.script !== 'string' || !Array.isArray(d.lines) || !d.lines.every((l) => typeof l === 'string')) return null
    return { script: d.script, lines: d.lines, pause: Number(d.pause) || 0, seed: Number(d.seed) || 0 }
  } catch {
    return null // unreadable: start empty rather than fail
  }
}

/** Restores a kept draft into an empty voiceover pane, then keeps the draft current; returns the unsubscribe. */
export function keepVoiceoverDraft(store: StudioStore, storage: Storage | null = globalThis.localStorage ?? null): () => void {
  const draft = readDraft(storage)
  const s = store.getState()
  if (draft && !s.voScript && !s.voLines.length) {
    s.setVoScript(draft.script)
    store.setState({ voLines: draft.lines.map((text) => newLine(newId('line'), text)) })
    s.setVoPause(draft.pause)
    s.setVoSeed(draft.seed)
  }
  let last = ''
  return store.subscribe((now, prev) => {
    if (now.voScript === prev.voScript && now.voLines === prev.voLines && now.voPause === prev.voPause && now.voSeed === prev.voSeed) return
    const next: VoiceoverDraft = { script: now.voScript, lines: now.voLines.map((l) => l.text), pause: now.voPause, seed: now.voSeed }
    const json = JSON.stringify(next)
    if (json === last || json.length > MAX_CHARS) return
    last = json
    try {
      if (!next.script && !next.lines.length) storage?.removeItem(KEY)
      else storage?.setItem(KEY, json)
    } catch {
      // storage full or refused: the pane works on without it
    }
  })
}
