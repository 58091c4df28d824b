// The voiceover's work survives a reload or a crash of the page: the script, the lines' texts, the pause
// and the seed are kept in the page's storage as they change, and so are the lines' takes (which clip,
// seed and words): a take's audio lives in the engine, which outlives the page, so after a reload every
// take the engine still holds comes back as it was; the others are made again (same seed, same words).
// Voiceover work has no recording, so it is not part of a project's autosave.

import { newId } from '../../lib/ids'
import type { StudioStore } from '../../store'
import { isRoomTone } from '../../../../electron/engine/dsp/roomtone'
import { newLine, type LineTake, type VoLine } from './lines'
import type { VoiceChoice } from './voiceover-state'

const KEY = 'voicefill-voiceover'
/** How long after a reload a region voice waits for its recording to be reopened (Recover). */
const REBIND_MS = 10 * 60_000

/**
 * The draft's storage key: in web mode each tab has its own (its page id, kept across reloads in
 * sessionStorage by api/ws.ts), so two tabs no longer overwrite each other's voiceover; the desktop
 * window has one.
 */
export function draftKey(session: Pick<globalThis.Storage, 'getItem'> | null = globalThis.sessionStorage ?? null): string {
  try {
    const page = session?.getItem('voicefill-page')
    return page ? `${KEY}-${page}` : KEY
  } catch {
    return KEY
  }
}
/** Longest script kept (the script box's own limit is far below). */
const MAX_CHARS = 200_000

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'> & Partial<Pick<globalThis.Storage, 'key' | 'length'>>

/**
 * The newest draft another tab left (its key beside `own`), if `own` has none: a closed tab's voiceover
 * would otherwise sit under a key no page can reach again. It is moved, not copied: its key goes, so the
 * work lives in one tab. (A tab still open rewrites its own on its next change.)
 */
export function adoptLeftDraft(storage: Storage | null, own: string): void {
  if (!storage?.key || storage.length === undefined || storage.getItem(own) !== null || own === KEY) return
  let best: { key: string; savedAt: number } | null = null
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i)
    if (!key || key === own || !key.startsWith(`${KEY}-`)) continue
    try {
      const savedAt = Number((JSON.parse(storage.getItem(key) ?? '{}') as { savedAt?: unknown }).savedAt) || 0
      if (!best || savedAt > best.savedAt) best = { key, savedAt }
    } catch {
      storage.removeItem(key) // unreadable: nothing to keep
    }
  }
  if (!best) return
  const text = storage.getItem(best.key)
  if (text !== null) storage.setItem(own, text)
  storage.removeItem(best.key)
}

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
  /** takes made with the voice's room (absent in drafts from before: off) */
  roomTone?: boolean
  /** the voice chosen (a file's audio comes back while the engine still holds it) */
  voice?: VoiceChoice
  /** a region voice's recording (name, rate, frames), to find it again when it reopens under a new id */
  voiceSource?: { name: string; sampleRate: number; frames: number }
  /** when it was written (ms): the newest left draft is the one a new tab takes up */
  savedAt?: number
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
    // A take's room comes back only as the export would accept it.
    ...(isRoomTone(o.room) ? { room: o.room } : {}),
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

function readVoice(v: unknown): VoiceChoice | undefined {
  if (!v || typeof v !== 'object') return undefined
  const o = v as Record<string, unknown>
  if (o.kind === 'sample') return { kind: 'sample' }
  if (typeof o.audioId !== 'string' || typeof o.label !== 'string') return undefined
  if (o.kind === 'file') return { kind: 'file', audioId: o.audioId, label: o.label }
  const frame = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0
  if (o.kind === 'region' && frame(o.startFrame) && frame(o.endFrame)) {
    return { kind: 'region', audioId: o.audioId, startFrame: o.startFrame as number, endFrame: o.endFrame as number, label: o.label }
  }
  return undefined
}

export function readDraft(storage: Storage | null, key = KEY): VoiceoverDraft | null {
  try {
    const raw = storage?.getItem(key)
    if (!raw) return null
    const d = JSON.parse(raw) as Partial<VoiceoverDraft>
    if (typeof d.script !== 'string' || !Array.isArray(d.lines) || !d.lines.every((l) => typeof l === 'string')) return null
    const takes = readTakes(d.takes, d.lines.length)
    const voice = readVoice(d.voice)
    const src = d.voiceSource
    const voiceSource = src && typeof src.name === 'string' && Number.isFinite(src.sampleRate) && Number.isFinite(src.frames) ? { name: src.name, sampleRate: src.sampleRate, frames: src.frames } : undefined
    return { script: d.script, lines: d.lines, pause: Number(d.pause) || 0, seed: Number(d.seed) || 0, ...(d.roomTone === true ? { roomTone: true } : {}), ...(takes ? { takes } : {}), ...(voice ? { voice } : {}), ...(voiceSource ? { voiceSource } : {}) }
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
export function keepVoiceoverDraft(store: StudioStore, storage: Storage | null = globalThis.localStorage ?? null, live?: LiveAudios, key = draftKey()): () => void {
  try {
    adoptLeftDraft(storage, key)
  } catch {
    // storage refused: start empty
  }
  const draft = readDraft(storage, key)
  const s = store.getState()
  if (draft && !s.voScript && !s.voLines.length) {
    s.setVoScript(draft.script)
    const restored = draft.lines.map((text) => newLine(newId('line'), text))
    store.setState({ voLines: restored })
    s.setVoPause(draft.pause)
    s.setVoSeed(draft.seed)
    s.setVoRoomTone(draft.roomTone === true)
    // The voice comes back while the engine still holds its audio (a region's, only with its recording open).
    const voice = draft.voice
    const source = draft.voiceSource
    // A region voice whose recording is reopened (Recover after a reload gives it a new id): taken up again
    // on the same recording (name, rate and length), while the pane still has the built-in voice.
    if (voice?.kind === 'region' && source) {
      const rebind = (now: ReturnType<StudioStore['getState']>): boolean => {
        const a = now.audio
        if (!a || now.voVoice.kind !== 'sample' || a.name !== source.name || a.sampleRate !== source.sampleRate || a.frames !== source.frames) return false
        now.setVoVoice({ ...voice, audioId: a.audioId })
        return true
      }
      if (!rebind(store.getState())) {
        const off = store.subscribe((now, prev) => {
          if (now.audio !== prev.audio && rebind(now)) off()
        })
        setTimeout(off, REBIND_MS)
      }
    }
    // A voice file comes back while the engine still holds its audio.
    if (voice?.kind === 'file' && live) {
      live([voice.audioId]).then(
        (alive) => {
          const now = store.getState()
          if (alive.has(voice.audioId) && now.voVoice.kind === 'sample') now.setVoVoice(voice)
        },
        () => undefined,
      )
    }
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
    if (now.voScript === prev.voScript && now.voLines === prev.voLines && now.voPause === prev.voPause && now.voSeed === prev.voSeed && now.voVoice === prev.voVoice && now.voRoomTone === prev.voRoomTone) return
    const next: VoiceoverDraft = {
      script: now.voScript,
      lines: now.voLines.map((l) => l.text),
      pause: now.voPause,
      seed: now.voSeed,
      ...(now.voRoomTone ? { roomTone: true } : {}),
      voice: now.voVoice,
      ...(now.voVoice.kind === 'region' && now.audio?.audioId === now.voVoice.audioId
        ? { voiceSource: { name: now.audio.name, sampleRate: now.audio.sampleRate, frames: now.audio.frames } }
        : {}),
      savedAt: Date.now(),
      takes: now.voLines.map((l) => ({ takes: l.takes, current: l.current })),
    }
    let json = JSON.stringify(next)
    // A very long voiceover keeps its words before its takes' bookkeeping.
    if (json.length > MAX_CHARS) json = JSON.stringify({ ...next, takes: undefined })
    if (json === last || json.length > MAX_CHARS) return
    last = json
    try {
      if (!next.script && !next.lines.length) storage?.removeItem(key)
      else storage?.setItem(key, json)
    } catch {
      // storage full or refused: the pane works on without it
    }
  })
}
