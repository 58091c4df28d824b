// The voiceover's work survives a reload or a crash of the page: the script, the lines' texts, the pause
// and the seed are kept in the page's storage as they change, and so are the lines' takes (which clip,
// seed and words): a take's audio lives in the engine, which outlives the page, so after a reload every
// take the engine still holds comes back as it was; the others are made again (same seed, same words).
// Voiceover work has no recording, so it is not part of a project's autosave.

import { newId } from '../../lib/ids'
import type { StudioStore } from '../../store'
import { newLine, type LineTake, type VoLine } from './lines'

const KEY = 'voicefill-voiceover'
/** Longest script kept (the script box's own limit is far below). */
const MAX_CHARS = 200_000

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>

/** A line's takes as kept: the clips' metadata and which one is in use. */
export interface DraftTakes {
  takes: LineTake[]
  current: string | null
}

export interface VoiceoverDraft {
  script: string
  lines: string[]
  pause: number
  seed: number
  /** per line (same order as `lines`); absent in drafts from before takes were kept */
  takes?: DraftTakes[]
}

/** Which of these engine audio ids still hold audio (a take's clip outlives the page, not the engine). */
export type LiveAudios = (audioIds: string[]) => Promise<Set<string>>

function readTake(t: unknown): LineTake | null {
  if (!t || typeof t !== 'object') return null
  const o = t as Record<string, unknown>
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v)
  if (typeof o.audioId !== 'string' || typeof o.text !== 'string' || !num(o.seed) || !num(o.frames) || !num(o.sampleRate) || !num(o.createdAt)) return null
  if ((o.frames as number) <= 0 || (o.sampleRate as number) <= 0) return null
  return {
    audioId: o.audioId,
    text: o.text,
    seed: o.seed as number,
    frames: o.frames as number,
    sampleRate: o.sampleRate as number,
    createdAt: o.createdAt as number,
    ...(typeof o.voice === 'string' ? { voice: o.voice } : {}),
  }
}

function readTakes(v: unknown, lines: number): DraftTakes[] | undefined {
  if (!Array.isArray(v) || v.length !== lines) return undefined
  return v.map((d) => {
    const takes = Array.isArray(d?.takes) ? (d.takes as unknown[]).map(readTake).filter((t): t is LineTake => t !== null) : []
    const current = typeof d?.current === 'string' && takes.some((t) => t.audioId === d.current) ? (d.current as string) : null
    return { takes, current }
  })
}

export function readDraft(storage: Storage | null): VoiceoverDraft | null {
  try {
    const raw = storage?.getItem(KEY)
    if (!raw) return null
    const d = JSON.parse(raw) as Partial<VoiceoverDraft>
    if (typeof d.script !== 'string' || !Array.isArray(d.lines) || !d.lines.every((l) => typeof l === 'string')) return null
    const takes = readTakes(d.takes, d.lines.length)
    return { script: d.script, lines: d.lines, pause: Number(d.pause) || 0, seed: Number(d.seed) || 0, ...(takes ? { takes } : {}) }
  } catch {
    return null // unreadable: start empty rather than fail
  }
}

/** The restored line with the kept takes the engine still holds (the kept current one if it is among them). */
function withLiveTakes(line: VoLine, kept: DraftTakes, alive: Set<string>): VoLine {
  const takes = kept.takes.filter((t) => alive.has(t.audioId))
  if (!takes.length) return line
  const current = kept.current && alive.has(kept.current) ? kept.current : takes[takes.length - 1].audioId
  return { ...line, takes, current }
}

/**
 * Restores a kept draft into an empty voiceover pane, then keeps the draft current; returns the
 * unsubscribe. With `live`, the kept takes the engine still holds are put back on their lines once it
 * has answered (lines edited or given takes in the meantime are left as they are).
 */
export function keepVoiceoverDraft(store: StudioStore, storage: Storage | null = globalThis.localStorage ?? null, live?: LiveAudios): () => void {
  const draft = readDraft(storage)
  const s = store.getState()
  if (draft && !s.voScript && !s.voLines.length) {
    s.setVoScript(draft.script)
    const restored = draft.lines.map((text) => newLine(newId('line'), text))
    store.setState({ voLines: restored })
    s.setVoPause(draft.pause)
    s.setVoSeed(draft.seed)
    const kept = draft.takes
    const ids = kept?.flatMap((k) => k.takes.map((t) => t.audioId)) ?? []
    if (kept && live && ids.length) {
      live(ids).then(
        (alive) => {
          const byId = new Map(restored.map((l, i) => [l.id, i] as const))
          store.setState((now) => ({
            voLines: now.voLines.map((l) => {
              const i = byId.get(l.id)
              // Only a line still as restored: same words, no take of its own yet.
              return i === undefined || l.takes.length || l.text !== restored[i].text ? l : withLiveTakes(l, kept[i], alive)
            }),
          }))
        },
        () => undefined, // the engine cannot say: the lines stay without takes, to be made again
      )
    }
  }
  let last = ''
  return store.subscribe((now, prev) => {
    if (now.voScript === prev.voScript && now.voLines === prev.voLines && now.voPause === prev.voPause && now.voSeed === prev.voSeed) return
    const next: VoiceoverDraft = {
      script: now.voScript,
      lines: now.voLines.map((l) => l.text),
      pause: now.voPause,
      seed: now.voSeed,
      takes: now.voLines.map((l) => ({ takes: l.takes, current: l.current })),
    }
    let json = JSON.stringify(next)
    // A very long voiceover keeps its words before its takes' bookkeeping.
    if (json.length > MAX_CHARS) json = JSON.stringify({ ...next, takes: undefined })
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
