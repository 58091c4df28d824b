// Persisted settings and recent lists: JSON files in the data folder, validated on read (a corrupt
// file falls back to defaults with a warning, never blocks start-up).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { z } from 'zod'
import { exportFormatSettingSchema, samplerSettingsSchema, type StudioSettingsPatch } from '../shared/schemas'
import type { RecentEntry, RecentLists, StudioSettings } from '../shared/studio-types'

export const DEFAULT_SETTINGS: StudioSettings = {
  modelDir: null,
  secondModelDir: null,
  threads: null,
  sampler: {},
  randomSeed: true,
  exportFormat: 'source',
  exportSampleRate: null,
  ui: {},
}

const settingsFileSchema = z.object({
  modelDir: z.string().nullable().catch(null),
  secondModelDir: z.string().nullable().catch(null),
  threads: z.number().int().min(1).max(256).nullable().catch(null),
  sampler: samplerSettingsSchema.partial().catch({}),
  randomSeed: z.boolean().catch(true),
  exportFormat: exportFormatSettingSchema.catch('source'),
  exportSampleRate: z.number().int().min(8000).max(192000).nullable().catch(null),
  ui: z.record(z.string(), z.unknown()).catch({}),
})

const recentEntrySchema = z.object({ path: z.string(), name: z.string(), openedAt: z.number() })
const recentFileSchema = z.object({
  files: z.array(recentEntrySchema).catch([]),
  projects: z.array(recentEntrySchema).catch([]),
})

export const MAX_RECENT = 10

export function applySettingsPatch(current: StudioSettings, patch: StudioSettingsPatch): StudioSettings {
  return {
    ...current,
    ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    sampler: patch.sampler ? { ...current.sampler, ...patch.sampler } : current.sampler,
    ui: patch.ui ? { ...current.ui, ...patch.ui } : current.ui,
  }
}

/** Most recent first, one entry per path, at most MAX_RECENT. */
export function addRecent(list: readonly RecentEntry[], path: string, now = Date.now()): RecentEntry[] {
  return [{ path, name: basename(path), openedAt: now }, ...list.filter((e) => e.path !== path)].slice(0, MAX_RECENT)
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') console.warn(`settings: ignoring unreadable ${file}: ${(e as Error).message}`)
    return {}
  }
}

/** Writes via a temporary file and rename, so a crash never leaves half a JSON file. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  await writeFile(tmp, JSON.stringify(value, null, 2))
  await rename(tmp, file)
}

export async function loadSettings(file: string): Promise<StudioSettings> {
  const raw = await readJson(file)
  const parsed = settingsFileSchema.safeParse(raw && typeof raw === 'object' ? raw : {})
  return parsed.success ? parsed.data : { ...DEFAULT_SETTINGS }
}

export async function loadRecent(file: string): Promise<RecentLists> {
  const parsed = recentFileSchema.safeParse(await readJson(file))
  return parsed.success ? parsed.data : { files: [], projects: [] }
}
