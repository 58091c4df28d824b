// Session folders: every run of the app owns dataDir/sessions/<id>/ (uploads, voiceovers, exports
// for download, autosave). A clean exit deletes it; a folder left by a dead process with an
// autosave in it is unsaved work to recover.
import { randomUUID } from 'node:crypto'
import { cp, mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { RecoveryEntry } from '../shared/studio-types'
import { readProjectFile } from './projects'
import { writeJsonAtomic } from './settings'

const SESSION_FILE = 'session.json'
export const AUTOSAVE_DIR = 'autosave'

const sessionFileSchema = z.object({
  pid: z.number().int(),
  startedAt: z.number(),
  projectPath: z.string().nullable().catch(null),
})

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

export async function noteProjectPath(session: Session, projectPath: string | null): Promise<void> {
  const current = await readSessionFile(session.dir)
  await writeJsonAtomic(join(session.dir, SESSION_FILE), { ...current, pid: process.pid, projectPath })
}

export async function endSession(session: Session): Promise<void> {
  await rm(session.dir, { recursive: true, force: true })
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

/**
 * Sessions of processes that are gone: those with an autosave are listed for recovery, empty ones
 * are deleted. Sessions of live processes (another window, another server) are left alone.
 */
export async function findRecoverable(dataDir: string, own: Session): Promise<RecoveryEntry[]> {
  const root = sessionsRoot(dataDir)
  const names = await readdir(root).catch(() => [] as string[])
  const out: RecoveryEntry[] = []
  for (const id of names) {
    if (id === own.id || !/^[A-Za-z0-9_-]+$/.test(id)) continue
    const dir = join(root, id)
    const meta = await readSessionFile(dir)
    if (meta && isAlive(meta.pid) && meta.pid !== process.pid) continue
    try {
      const project = await readProjectFile(join(dir, AUTOSAVE_DIR))
      out.push({ id, name: project.doc.title || project.source.name, savedAt: project.savedAt, projectPath: meta?.projectPath ?? null })
    } catch {
      await rm(dir, { recursive: true, force: true })
    }
  }
  return out.sort((a, b) => b.savedAt - a.savedAt)
}

/**
 * This run's own autosave, offered when a page loads while the server (or the desktop main process)
 * kept running: a reloaded or re-opened window starts empty, but the work it autosaved is still here.
 * An explicit save deletes the autosave (clearOwnAutosave), so only unsaved work is offered.
 */
export async function ownRecoverable(own: Session): Promise<RecoveryEntry | null> {
  try {
    const project = await readProjectFile(join(own.dir, AUTOSAVE_DIR))
    const meta = await readSessionFile(own.dir)
    return { id: own.id, name: project.doc.title || project.source.name, savedAt: project.savedAt, projectPath: meta?.projectPath ?? null, thisRun: true }
  } catch {
    return null
  }
}

/** Copies our own autosave aside (autosave keeps writing to its folder) and returns the copy. */
export async function copyOwnAutosave(own: Session): Promise<string> {
  const to = join(own.dir, `recovered-${Date.now().toString(36)}`)
  await cp(join(own.dir, AUTOSAVE_DIR), to, { recursive: true })
  return to
}

export async function clearOwnAutosave(own: Session): Promise<void> {
  await rm(join(own.dir, AUTOSAVE_DIR), { recursive: true, force: true })
}

/** Moves a dead session's autosave into our session (so its audio copy outlives the old folder). */
export async function adoptAutosave(dataDir: string, own: Session, id: string): Promise<string> {
  const from = join(sessionsRoot(dataDir), id, AUTOSAVE_DIR)
  const to = join(own.dir, `recovered-${id}`)
  await cp(from, to, { recursive: true })
  await rm(join(sessionsRoot(dataDir), id), { recursive: true, force: true })
  return to
}

export async function discardSession(dataDir: string, id: string): Promise<void> {
  await rm(join(sessionsRoot(dataDir), id), { recursive: true, force: true })
}

