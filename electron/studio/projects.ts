// Project folders: project.json + takes/<takeId>.wav (float, exact) + audio/<name> (a copy of the
// source only when it is not a user file: uploads and voiceovers). The same writer serves Save and
// autosave, so a recovered autosave opens like any project.
import { copyFile, mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { z } from 'zod'
import { encodeWav } from '../engine/audio/encode'
import { readAudioFile } from '../engine/audio/decode'
import { projectDocSchema, samplerSettingsSchema, type ProjectDoc } from '../shared/schemas'
import { StudioError } from '../shared/errors'
import type { AudioInfo, Take, TakeInfo } from '../shared/studio-types'
import { writeJsonAtomic } from './settings'

export const PROJECT_FILE = 'project.json'
/** The source's peak pyramid, kept with the project so reopening draws the waveform at once. */
export const PEAKS_FILE = 'peaks.vfpeaks'
export const PROJECT_EXT = '.voicefill'
const FORMAT = 'voicefill-project'

const wordCheckSchema = z.object({ text: z.string(), confidence: z.number(), ok: z.boolean() })

const takeInfoSchema = z.object({
  takeId: z.string().regex(/^[A-Za-z0-9_-]+$/),
  audioId: z.string(),
  regionId: z.string(),
  region: z.object({
    start: z.number(),
    end: z.number(),
    text: z.string(),
    mode: z.enum(['replace', 'insert', 'delete', 'regenerate']).optional(),
    length: z.enum(['region', 'natural']).optional(),
  }),
  replaceStart: z.number().int().min(0),
  replaceEnd: z.number().int().min(0),
  frames: z.number().int().min(0),
  sampleRate: z.number().int().positive(),
  splice: z.object({
    inStart: z.number(),
    inEnd: z.number(),
    outStart: z.number(),
    outEnd: z.number(),
    crossfadeSamples: z.number(),
  }),
  phones: z.array(z.string()),
  generatedSeconds: z.number(),
  networkCalls: z.number(),
  settings: samplerSettingsSchema.extend({ model: z.string() }),
  timings: z.object({ totalMs: z.number(), onnxMs: z.number(), vocoderMs: z.number(), featuresMs: z.number() }),
  createdAt: z.number(),
  label: z.string(),
  ladder: z
    .object({ rung: z.number(), reference: z.number(), melL1: z.number(), wallMs: z.number(), rtf: z.number() })
    .optional(),
  // The aligner's check and the take's notes: kept, so a reopened project ranks and marks its takes as before.
  check: z
    .object({
      words: z.array(wordCheckSchema),
      oldWords: z.array(wordCheckSchema),
      seams: z.tuple([z.number(), z.number()]),
      weakest: z.number().int(),
      passes: z.boolean(),
      score: z.number(),
    })
    .optional()
    .catch(undefined),
  warnings: z.array(z.string()).optional().catch(undefined),
  narrowed: z.object({ start: z.number(), end: z.number() }).optional().catch(undefined),
  heard: z
    .object({ reachSeconds: z.number(), spans: z.array(z.object({ regionId: z.string(), start: z.number(), end: z.number() })) })
    .optional()
    .catch(undefined),
})

const projectFileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  savedAt: z.number(),
  source: z.object({
    path: z.string().min(1), // relative to the project folder when inside it
    name: z.string(),
    sampleRate: z.number().int().positive(),
    channels: z.number().int().positive(),
    frames: z.number().int().positive(),
  }),
  doc: projectDocSchema,
  takes: z.array(takeInfoSchema.extend({ file: z.string() })),
})
export type ProjectFile = z.infer<typeof projectFileSchema>

/** Folder name for a project called `name` (keeps letters, digits, space, - and _). */
export function projectFolderName(name: string): string {
  let safe = name.replace(/[^\p{L}\p{N} _-]+/gu, '_').trim().slice(0, 100) || 'Untitled'
  // Names Windows reserves for devices (CON, NUL, COM1 …) cannot be folders there.
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(safe)) safe = `${safe}_`
  return safe.endsWith(PROJECT_EXT) ? safe : `${safe}${PROJECT_EXT}`
}

/**
 * A folder for a new project in `parent`: `folder`, or "name (2).voicefill", "name (3)…" when that is
 * taken, so saving a new project never overwrites another one that happens to share its name.
 */
export async function freeProjectDir(parent: string, folder: string): Promise<string> {
  const stem = folder.endsWith(PROJECT_EXT) ? folder.slice(0, -PROJECT_EXT.length) : folder
  for (let k = 1; ; k++) {
    const candidate = join(parent, k === 1 ? `${stem}${PROJECT_EXT}` : `${stem} (${k})${PROJECT_EXT}`)
    if (!(await stat(candidate).catch(() => null))) return candidate
  }
}

/** A path the user picked (folder or its project.json) → the project folder. */
export function projectDirOf(path: string): string {
  return basename(path) === PROJECT_FILE ? resolve(path, '..') : resolve(path)
}

export function isInside(dir: string, path: string): boolean {
  const rel = relative(resolve(dir), resolve(path))
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)
}

function takeMeta(t: Take): TakeInfo {
  const { pcm: _pcm, trajectory: _trajectory, ...info } = t
  return info
}

export interface SaveInput {
  dir: string
  doc: ProjectDoc
  audio: AudioInfo
  takes: Take[] // the takes listed in doc.takeIds
  /** Where the source's peaks are cached now; copied into the project (null: none) */
  peakCache?: string | null
}

export async function writeProject({ dir, doc, audio, takes, peakCache }: SaveInput): Promise<ProjectFile> {
  await mkdir(join(dir, 'takes'), { recursive: true })
  let sourcePath = audio.path
  if (audio.origin !== 'file') {
    // Uploads and voiceovers live in the session folder, which is deleted on exit: keep a copy.
    const copy = join(dir, 'audio', basename(audio.path))
    if (resolve(copy) !== resolve(audio.path) && !(await sameSize(copy, audio.path))) {
      await mkdir(join(dir, 'audio'), { recursive: true })
      await copyFile(audio.path, copy)
      // The same modification time, so the peak cache (keyed on it) stays valid for the copy.
      const st = await stat(audio.path)
      await utimes(copy, st.atime, st.mtime)
    }
    sourcePath = copy
  }
  const peaks = join(dir, PEAKS_FILE)
  if (peakCache && resolve(peakCache) !== resolve(peaks) && !(await sameSize(peaks, peakCache))) {
    await copyFile(peakCache, peaks).catch(() => undefined) // only the cache: reopening rebuilds it
  }
  const keep = new Set<string>()
  for (const t of takes) {
    const file = `${t.takeId}.wav`
    keep.add(file)
    const path = join(dir, 'takes', file)
    // Takes never change once generated, so an existing file is already right.
    if (!(await exists(path))) await writeFile(path, encodeWav({ sampleRate: t.sampleRate, channels: t.pcm }, 'float32'))
  }
  for (const f of await readdir(join(dir, 'takes'))) {
    if (f.endsWith('.wav') && !keep.has(f)) await rm(join(dir, 'takes', f), { force: true })
  }
  const file: ProjectFile = {
    format: FORMAT,
    version: 1,
    savedAt: Date.now(),
    source: {
      path: isInside(dir, sourcePath) ? relative(dir, sourcePath).split(sep).join('/') : resolve(sourcePath),
      name: audio.name,
      sampleRate: audio.sampleRate,
      channels: audio.channels,
      frames: audio.frames,
    },
    doc,
    takes: takes.map((t) => ({ ...takeMeta(t), file: `takes/${t.takeId}.wav` })),
  }
  await writeJsonAtomic(join(dir, PROJECT_FILE), file)
  return file
}

export async function readProjectFile(dir: string): Promise<ProjectFile> {
  let raw: unknown
  try {
    raw = JSON.parse(await readFile(join(dir, PROJECT_FILE), 'utf8'))
  } catch (e) {
    // The studio prefixes "Cannot open the project: "; say what is wrong with the file, in words.
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? `no ${PROJECT_FILE} in ${dir}` : e instanceof SyntaxError ? `${PROJECT_FILE} is damaged (not valid JSON: ${e.message})` : (e as Error).message
    throw new StudioError(why, 'IO')
  }
  const parsed = projectFileSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new StudioError(`${PROJECT_FILE} is not valid (${issue?.path.join('.')}: ${issue?.message})`, 'BAD_REQUEST')
  }
  return parsed.data
}

export function sourcePathOf(dir: string, file: ProjectFile): string {
  return isAbsolute(file.source.path) ? file.source.path : join(dir, file.source.path)
}

/** Reads the takes' WAV files; a take that cannot be read or does not fit the audio is reported, not fatal. */
export async function readTakes(
  dir: string,
  file: ProjectFile,
  audio: AudioInfo,
): Promise<{ takes: Take[]; warnings: string[] }> {
  const takes: Take[] = []
  const warnings: string[] = []
  for (const meta of file.takes) {
    const { file: rel, ...info } = meta
    const path = resolve(dir, rel)
    if (!isInside(dir, path)) {
      warnings.push(`take ${info.takeId}: file outside the project folder ignored`)
      continue
    }
    try {
      // A take with no samples (a deletion at the file's start) is saved as an empty WAV, which the decoder
      // refuses as empty audio: it needs no reading.
      const pcm = info.frames === 0 ? { sampleRate: audio.sampleRate, channels: Array.from({ length: audio.channels }, () => new Float32Array(0)) } : await readAudioFile(path)
      const frames = pcm.channels[0]?.length ?? 0
      if (pcm.sampleRate !== audio.sampleRate || pcm.channels.length !== audio.channels) {
        throw new Error(`its format (${pcm.sampleRate} Hz, ${pcm.channels.length} ch) does not match the audio`)
      }
      if (info.replaceEnd > audio.frames || frames !== info.frames) throw new Error('it does not fit the audio any more')
      takes.push({ ...(info as unknown as TakeInfo), audioId: audio.audioId, pcm: pcm.channels })
    } catch (e) {
      warnings.push(`take ${info.takeId} skipped: ${(e as Error).message.split('\n')[0]}`)
    }
  }
  return { takes, warnings }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}

async function sameSize(a: string, b: string): Promise<boolean> {
  const [sa, sb] = await Promise.all([stat(a).catch(() => null), stat(b).catch(() => null)])
  return !!sa && !!sb && sa.size === sb.size
}
