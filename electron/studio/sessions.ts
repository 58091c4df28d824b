// Session folders: every run of the app owns dataDir/sessions/<id>/ (uploads, voiceovers, exports
// for download, autosave). A clean exit deletes it; a folder left by a dead process with an
// autosave in it is unsaved work to recover. Each page (a desktop window, a browser tab in web mode)
// autosaves into its own slot, autosave-<page>/, so two tabs of one run never overwrite each other's work.
import { randomUUID } from 'node:crypto'
import { cp, mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { RecoveryEntry } from '../shared/studio-types'
import { readProjectFile } from './projects'
import { writeJsonAtomic } from './settings'

const SESSION_FILE = 'session.json'
/** The autosave folder of a session left by a version without pages (read for recovery only). */
export const AUTOSAVE_DIR = 'autosave'
/** The page a client that names none autosaves as (the desktop window). */
export const DEFAULT_PAGE = 'main'

const sessionFileSchema = z.object({
  pid: z.number().int(),
  startedAt: z.number(),
  projectPath: z.string().nullable().catch(null),
  /** the project each page's autosave belongs to */
  pages: z.record(z.string(), z.string().nullable()).catch({}).default({}),
})

/** A page's autosave folder in a session ('' = the folder of a session from before pages). */
export function autosaveDir(sessionDir: string, page: string): string {
  return join(sessionDir, page ? `${AUTOSAVE_DIR}-${page}` : AUTOSAVE_DIR)
}

/** Recovery ids: the session's, and the page's after an underscore (neither holds one). */
export function recoveryId(sessionId: string, page: string): string {
  return page ? `${sessionId}_${page}` : sessionId
}

export function parseRecoveryId(id: string): { sessionId: string; page: string } {
  const at = id.indexOf('_')
  return at < 0 ? { sessionId: id, page: '' } : { sessionId: id.slice(0, at), page: id.slice(at + 1) }
}

/** The pages of a session folder that have an autosave. */
async function autosavedPages(sessionDir: string): Promise<string[]> {
  const names = await readdir(sessionDir).catch(() => [] as string[])
  return names.flatMap((n) => (n === AUTOSAVE_DIR ? [''] : n.startsWith(`${AUTOSAVE_DIR}-`) ? [n.slice(AUTOSAVE_DIR.length + 1)] : []))
}

export interface Session {
  id: string
  dir: string
}

export function sessionsRoot(dataDir: string): string {
  return join(dataDir, 'sessions')
}

export async function createSession(dataDir: string): Promise<Session> {
  const id = `s${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`
  const dir = join(sessionsRoot(dataDir), id)
  await mkdir(dir, { recursive: true })
  await writeJsonAtomic(join(dir, SESSION_FILE), { pid: process.pid, startedAt: Date.now(), projectPath: null })
  return { id, dir }
}

/** The project this run (and, when named, one page of it) works on, for recovery entries. */
export async function noteProjectPath(session: Session, projectPath: string | null, page?: string): Promise<void> {
  const current = await readSessionFile(session.dir)
  const pages = page ? { ...(current?.pages ?? {}), [page]: projectPath } : (current?.pages ?? {})
  await writeJsonAtomic(join(session.dir, SESSION_FILE), { ...current, pid: process.pid, projectPath, pages })
}

/**
 * Ends this run's session: its folder is deleted, unless `keepUnsaved` and a page still has an
 * autosave (unsaved work). Then the folder stays, and the next run offers that work back as it would
 * after a crash: stopping the web server with Ctrl+C had deleted every tab's unsaved work.
 */
export async function endSession(session: Session, keepUnsaved = false): Promise<boolean> {
  if (keepUnsaved && (await autosavedPages(session.dir)).length > 0) return false
  await rm(session.dir, { recursive: true, force: true })
  return true
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function readSessionFile(dir: string) {
  try {
    return sessionFileSchema.parse(JSON.parse(await readFile(join(dir, SESSION_FILE), 'utf8')))
  } catch {
    return null
  }
}

/** A slot's entry, or null when it holds no readable project. */
async function entryOf(sessionDir: string, sessionId: string, page: string, meta: z.infer<typeof sessionFileSchema> | null): Promise<RecoveryEntry | null> {
  try {
    const project = await readProjectFile(autosaveDir(sessionDir, page))
    const projectPath = (page ? meta?.pages[page] : undefined) ?? meta?.projectPath ?? null
    return { id: recoveryId(sessionId, page), name: project.doc.title || project.source.name, savedAt: project.savedAt, projectPath }
  } catch {
    return null
  }
}

/**
 * Sessions of processes that are gone: every page's autosave is listed for recovery; sessions with
 * none are deleted. Sessions of live processes (another window, another server) are left alone.
 */
export async function findRecoverable(dataDir: string, own: Session): Promise<RecoveryEntry[]> {
  const root = sessionsRoot(dataDir)
  const names = await readdir(root).catch(() => [] as string[])
  const out: RecoveryEntry[] = []
  for (const id of names) {
    if (id === own.id || !/^[A-Za-z0-9-]+$/.test(id)) continue
    const dir = join(root, id)
    const meta = await readSessionFile(dir)
    if (meta && isAlive(meta.pid) && meta.pid !== process.pid) continue
    const entries = (await Promise.all((await autosavedPages(dir)).map((page) => entryOf(dir, id, page, meta)))).filter((e) => e !== null)
    if (entries.length) out.push(...entries)
    else await rm(dir, { recursive: true, force: true })
  }
  return out.sort((a, b) => b.savedAt - a.savedAt)
}

/**
 * This run's own autosaves, offered when a page loads while the server (or the desktop main process)
 * kept running: `page`'s own (it was reloaded: a reloaded or re-opened window starts empty, but the work
 * it autosaved is still here) first, then those of pages no longer open (`live` says which are), such as
 * a closed tab's. Another open tab's work is its own. An explicit save deletes that page's autosave
 * (clearOwnAutosave), so only unsaved work is offered.
 */
export async function ownRecoverable(own: Session, page: string, live: ReadonlySet<string>): Promise<RecoveryEntry[]> {
  const meta = await readSessionFile(own.dir)
  const pages = (await autosavedPages(own.dir)).filter((p) => p && (p === page || !live.has(p)))
  const entries = (await Promise.all(pages.map((p) => entryOf(own.dir, own.id, p, meta)))).filter((e) => e !== null)
  return entries
    .map((e): RecoveryEntry => (e.id === recoveryId(own.id, page) ? { ...e, thisRun: true } : { ...e, thisRun: true, otherPage: true }))
    .sort((a, b) => Number(a.otherPage ?? false) - Number(b.otherPage ?? false) || b.savedAt - a.savedAt)
}

/** Copies one of our own autosaves aside (autosave keeps writing to its folder) and returns the copy. */
export async function copyOwnAutosave(own: Session, page: string): Promise<string> {
  const to = join(own.dir, `recovered-${Date.now().toString(36)}`)
  await cp(autosaveDir(own.dir, page), to, { recursive: true })
  return to
}

export async function clearOwnAutosave(own: Session, page: string): Promise<void> {
  await rm(autosaveDir(own.dir, page), { recursive: true, force: true })
}

/** Moves a dead session's autosave into our session (so its audio copy outlives the old folder). */
export async function adoptAutosave(dataDir: string, own: Session, id: string): Promise<string> {
  const { sessionId, page } = parseRecoveryId(id)
  const dir = join(sessionsRoot(dataDir), sessionId)
  const to = join(own.dir, `recovered-${id}`)
  await cp(autosaveDir(dir, page), to, { recursive: true })
  await discardSession(dataDir, id)
  return to
}

/** Deletes one autosave of a dead session, and the session's folder once none is left. */
export async function discardSession(dataDir: string, id: string): Promise<void> {
  const { sessionId, page } = parseRecoveryId(id)
  const dir = join(sessionsRoot(dataDir), sessionId)
  await rm(autosaveDir(dir, page), { recursive: true, force: true })
  if (!(await autosavedPages(dir)).length) await rm(dir, { recursive: true, force: true })
}
