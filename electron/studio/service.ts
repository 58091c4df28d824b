// The studio backend behind every channel of the API, shared by the desktop main process and the
// web server: they validate the sender and the payload, then call `handle`. Everything that differs
// between them (native dialogs, downloads, window state) comes in through `Platform`.
import { createHash, randomUUID } from 'node:crypto'
import { mkdir, open, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { basename, extname, isAbsolute, join, resolve } from 'node:path'
import { DIFFUSION_SOLVERS } from '../engine/types'
import type { ParamsOf } from '../engine/worker/protocol'
import { editedLength, layoutEdits } from '../shared/edit-list'
import { StudioError, toErrorInfo } from '../shared/errors'
import { AUDIO_EXTENSIONS, SUPPORTED_FORMATS } from '../shared/formats'
import type { InvokeChannel, ProjectDoc, RequestOf, ResponseOf } from '../shared/ipc'
import type {
  ApiKind,
  AudioInfo,
  EventMap,
  JobKind,
  ModelState,
  OpenedProject,
  ProjectRef,
  RecentLists,
  StudioSettings,
  Take,
} from '../shared/studio-types'
import type { EngineHost } from './engine-host'
import { mediaResponse, type MediaResponse } from './media'
import {
  freeProjectDir,
  isInside,
  PEAKS_FILE,
  PROJECT_EXT,
  projectDirOf,
  projectFolderName,
  readProjectFile,
  readTakes,
  sourcePathOf,
  writeProject,
} from './projects'
import {
  adoptAutosave,
  autosaveDir,
  clearOwnAutosave,
  copyOwnAutosave,
  discardSession,
  endSession,
  findRecoverable,
  noteProjectPath,
  ownRecoverable,
  parseRecoveryId,
  DEFAULT_PAGE,
  type Session,
} from './sessions'
import { addRecent, applySettingsPatch, loadRecent, loadSettings, writeJsonAtomic } from './settings'

/** What differs between the desktop app and web mode. */
export interface Platform {
  kind: ApiKind
  version: string
  /** Native dialogs; null = cancelled. Web mode has none (they throw UNSUPPORTED). */
  pickAudioFile(): Promise<string | null>
  pickExportPath(defaultName: string): Promise<string | null>
  pickProjectToOpen(): Promise<string | null>
  pickProjectSavePath(defaultName: string): Promise<string | null>
  pickModelDir(): Promise<string | null>
  /** Web mode: serve a written export file and return its same-origin URL. Electron: null. */
  offerDownload(path: string, fileName: string): string | null
  setWindowState(title: string, dirty: boolean): void
  /** Recent lists changed (the desktop menu shows them). */
  recentChanged?(recent: RecentLists): void
}

export interface ServiceOptions {
  host: EngineHost
  platform: Platform
  dataDir: string
  session: Session
  /** Web mode: projects are saved by name in this folder and only opened from it. */
  projectsDir: string | null
  emit: <E extends keyof EventMap>(channel: E, payload: EventMap[E]) => void
  /** Web mode: the pages (tabs) connected now; another page's autosave is only offered once it is gone. */
  livePages?: () => ReadonlySet<string>
}

type Handlers = { [C in InvokeChannel]: (req: RequestOf<C>) => Promise<ResponseOf<C>> }

/** Largest upload web mode accepts (a WAV cannot be larger). */
export const MAX_UPLOAD_BYTES = 4 * 2 ** 30

// The native dialog's list: a .bwf or .aifc it offered was refused here.
const AUDIO_EXTENSION_SET = new Set(AUDIO_EXTENSIONS.map((e) => `.${e}`))

export function sanitizeFileName(name: string): string {
  const base = basename(name.replace(/\\/g, '/'))
  return base.replace(/[^\p{L}\p{N} ._-]+/gu, '_').replace(/^\.+/, '').slice(0, 120) || 'audio'
}

export function exportFileName(sourceName: string, fileName?: string): string {
  const stem = fileName ? sanitizeFileName(fileName).replace(/\.wav$/i, '') : `${basename(sourceName, extname(sourceName))}-edited`
  return `${stem}.wav`
}

/**
 * A saved solver of the other family (midpoint after switching to a diffusion model) would fail
 * every generation: it is dropped, so the new model's own default applies.
 */
export function samplerFitting(sampler: StudioSettings['sampler'], state: ModelState): StudioSettings['sampler'] {
  const objective = state.info?.objective
  if (!sampler.solver || !objective) return sampler
  if ((DIFFUSION_SOLVERS as readonly string[]).includes(sampler.solver) === (objective === 'ddpm-epsilon')) return sampler
  return Object.fromEntries(Object.entries(sampler).filter(([k]) => k !== 'solver'))
}

export class StudioService {
  private audios = new Map<string, AudioInfo>()
  /** Where each open audio's peaks are cached (null: not cached, e.g. a voiceover). */
  private peakCaches = new Map<string, string | null>()
  private jobs = new Map<string, { callId: number; kind: JobKind }>()
  private exports = new Map<string, number>() // exportId → engine call id
  private uploads = new Map<string, { path: string; name: string }>()
  private counter = 0
  private settings!: StudioSettings
  private recent!: RecentLists
  readonly handlers: Handlers

  constructor(private readonly o: ServiceOptions) {
    o.host.onStatus((s) => o.emit('engine:status', s))
    this.handlers = this.makeHandlers()
  }

  /** Reads settings and recents; call before starting the engine (its model comes from them). */
  async init(): Promise<StudioSettings> {
    this.settings = await loadSettings(this.settingsFile)
    this.recent = await loadRecent(this.recentFile)
    return this.settings
  }

  get currentSettings(): StudioSettings {
    return this.settings
  }

  get recentLists(): RecentLists {
    return this.recent
  }

  handle<C extends InvokeChannel>(channel: C, req: RequestOf<C>): Promise<ResponseOf<C>> {
    return (this.handlers[channel] as (r: RequestOf<C>) => Promise<ResponseOf<C>>)(req)
  }

  /**
   * Clean exit: stop the engine and delete this session's folder (uploads, autosave, downloads); with
   * keepUnsaved (web mode, whose tabs cannot be asked), a folder with unsaved work stays for recovery.
   */
  async shutdown(keepUnsaved = false): Promise<void> {
    await this.o.host.stop()
    await endSession(this.o.session, keepUnsaved)
  }

  /** The WAV stream behind a media URL (desktop protocol / web route). */
  media(audioId: string, takeIds: string[], range: string | null | undefined): MediaResponse {
    const audio = this.audio(audioId)
    const takes = takeIds.map((id) => this.take(id, audioId))
    const frames = editedLength(layoutEdits(audio.frames, takes))
    return mediaResponse(
      {
        frames,
        channels: audio.channels,
        sampleRate: audio.sampleRate,
        read: (startFrame, endFrame) => this.o.host.call('read', { audioId, startFrame, endFrame, takeIds }).result,
      },
      range,
    )
  }

  // ---------------------------------------------------------------- helpers

  private get settingsFile() {
    return join(this.o.dataDir, 'settings.json')
  }
  private get recentFile() {
    return join(this.o.dataDir, 'recent.json')
  }

  private nextId(prefix: string): string {
    return `${prefix}${++this.counter}`
  }

  private audio(audioId: string): AudioInfo {
    const a = this.audios.get(audioId)
    if (!a) throw new StudioError(`unknown audio ${audioId} (it was closed or never opened)`, 'NOT_FOUND')
    return a
  }

  private take(takeId: string, audioId?: string): Take {
    const t = this.o.host.take(takeId)
    if (!t) throw new StudioError(`unknown take ${takeId}`, 'NOT_FOUND')
    if (audioId && t.audioId !== audioId) throw new StudioError(`take ${takeId} belongs to another audio`, 'BAD_REQUEST')
    return t
  }

  private async touchRecent(kind: keyof RecentLists, path: string): Promise<void> {
    this.recent = { ...this.recent, [kind]: addRecent(this.recent[kind], path) }
    await writeJsonAtomic(this.recentFile, this.recent).catch((e) => console.warn(`recent: ${(e as Error).message}`))
    this.o.platform.recentChanged?.(this.recent)
  }

  /**
   * Opens a file in place in the engine (nothing is copied or decoded whole). Its peaks are cached
   * next to the project when there is one, else in the data folder (user files) or the session
   * folder (uploads, deleted on exit); compressed formats get their PCM cache in the session folder.
   */
  private async openPath(path: string, name: string, origin: AudioInfo['origin'], projectDir: string | null = null): Promise<AudioInfo> {
    const st = await stat(path).catch(() => null)
    if (!st) throw new StudioError(`${name}: file not found`, 'IO')
    if (!st.isFile()) throw new StudioError(`${name}: not a file`, 'BAD_AUDIO')
    if (st.size === 0) throw new StudioError(`${name}: the file is empty`, 'BAD_AUDIO')
    const key = createHash('sha1').update(resolve(path)).digest('hex').slice(0, 20)
    const peakCache = projectDir
      ? join(projectDir, PEAKS_FILE)
      : origin === 'file'
        ? join(this.o.dataDir, 'cache', 'peaks', `${key}.vfpeaks`)
        : origin === 'upload'
          ? join(this.o.session.dir, 'peaks', `${key}.vfpeaks`)
          : null
    const cacheDir = join(this.o.session.dir, 'pcm-cache')
    await mkdir(cacheDir, { recursive: true })
    const info = await this.o.host.call('open', { audioId: this.nextId('a'), path, name, origin, peakCache, cacheDir }, (p) => this.o.emit('audio:progress', { name, ...p })).result
    this.audios.set(info.audioId, info)
    this.peakCaches.set(info.audioId, peakCache)
    return info
  }

  /**
   * Web mode's upload: the request body streamed to the session folder (never held in memory),
   * within MAX_UPLOAD_BYTES. Returns the id 'audio:open' takes ({uploadId, name}).
   */
  async receiveUpload(name: string, body: AsyncIterable<Uint8Array>, declaredBytes?: number): Promise<string> {
    const tooLarge = (n: number) => new StudioError(`${name}: the file is too large to open (${(n / 2 ** 30).toFixed(1)} GB; at most ${MAX_UPLOAD_BYTES / 2 ** 30} GB)`, 'BAD_REQUEST')
    if (declaredBytes !== undefined && declaredBytes > MAX_UPLOAD_BYTES) throw tooLarge(declaredBytes)
    const dir = join(this.o.session.dir, 'uploads')
    await mkdir(dir, { recursive: true })
    const path = join(dir, `${++this.counter}-${sanitizeFileName(name)}`)
    const fh = await open(path, 'w')
    let bytes = 0
    try {
      for await (const chunk of body) {
        bytes += chunk.length
        if (bytes > MAX_UPLOAD_BYTES) throw tooLarge(bytes)
        for (let at = 0; at < chunk.length; ) at += (await fh.write(chunk, at, chunk.length - at)).bytesWritten
      }
      await fh.close()
    } catch (e) {
      await fh.close().catch(() => undefined)
      await rm(path, { force: true })
      if (e instanceof StudioError) throw e
      throw new StudioError(`${name}: the upload did not complete (${(e as Error).message})`, 'IO')
    }
    const uploadId = `u${randomUUID().replace(/-/g, '')}`
    this.uploads.set(uploadId, { path, name: sanitizeFileName(name) })
    return uploadId
  }

  private startJob<M extends 'generate' | 'ladder' | 'say' | 'align'>(kind: M, params: ParamsOf<M>): { jobId: string; kind: M } {
    const jobId = this.nextId('j')
    const call = this.o.host.call(kind, params, (progress) =>
      this.o.emit('job:event', { jobId, kind, type: 'progress', progress }),
    )
    this.jobs.set(jobId, { callId: call.id, kind })
    call.result.then(
      (result) => {
        if (result.kind === 'say') this.audios.set(result.audio.audioId, result.audio)
        this.o.emit('job:event', { jobId, kind, type: 'done', result })
      },
      (e: StudioError) => this.o.emit('job:event', { jobId, kind, type: 'error', error: { code: e.code ?? 'INTERNAL', message: e.message } }),
    ).finally(() => this.jobs.delete(jobId))
    return { jobId, kind }
  }

  private requireEngineModel(): void {
    const model = this.o.host.status.model
    if (model && !model.info) throw new StudioError(`no model is loaded: ${model.error ?? 'unknown error'}`, 'NO_MODEL')
  }

  private projectDirFor(path: string): string {
    const dir = projectDirOf(path)
    if (this.o.projectsDir && !isInside(this.o.projectsDir, dir)) {
      throw new StudioError('web mode only opens and saves projects inside its projects folder', 'FORBIDDEN')
    }
    if (!this.o.projectsDir && !isAbsolute(path)) throw new StudioError('project paths must be absolute', 'BAD_REQUEST')
    return dir
  }

  private async save(dir: string, doc: ProjectDoc): Promise<number> {
    const audio = this.audio(doc.audioId)
    const takes = doc.takeIds.map((id) => this.take(id, doc.audioId))
    const missing = Object.values(doc.applied).filter((id) => !doc.takeIds.includes(id))
    if (missing.length) throw new StudioError(`applied take ${missing[0]} is not among the project's takes`, 'BAD_REQUEST')
    const file = await writeProject({ dir, doc, audio, takes, peakCache: this.peakCaches.get(audio.audioId) ?? null })
    return file.savedAt
  }

  private async openProjectDir(dir: string): Promise<OpenedProject> {
    const file = await readProjectFile(dir)
    const sourcePath = sourcePathOf(dir, file)
    if (!(await stat(sourcePath).catch(() => null))) {
      // Say where it was looked for: the user can put it back (or find what moved it).
      throw new StudioError(`the project's recording ${file.source.name} is missing from ${sourcePath} (moved or deleted?): put it back there and open the project again`, 'NOT_FOUND')
    }
    // A source kept inside the project folder is a copy: treat it like an upload so "save as" copies it on.
    const audio = await this.openPath(sourcePath, file.source.name, isInside(dir, sourcePath) ? 'upload' : 'file', dir)
    const warnings: string[] = []
    if (audio.frames !== file.source.frames || audio.sampleRate !== file.source.sampleRate) {
      warnings.push(`${file.source.name} changed since the project was saved; takes that no longer fit were dropped`)
    }
    const { takes: read, warnings: takeWarnings } = await readTakes(dir, file, audio)
    warnings.push(...takeWarnings)
    // A take id the engine already holds (the same project open in another tab, or opened before) gets a
    // new one here: re-registering it had moved the other tab's take to this audio, and broke that tab.
    const renamed = new Map(read.map((t) => [t.takeId, this.o.host.take(t.takeId) ? randomUUID() : t.takeId] as const))
    const takes = read.map((t) => ({ ...t, takeId: renamed.get(t.takeId)! }))
    if (takes.length) await this.o.host.call('addTakes', { takes }).result
    const doc: ProjectDoc = {
      ...file.doc,
      audioId: audio.audioId,
      takeIds: file.doc.takeIds.flatMap((id) => (renamed.has(id) ? [renamed.get(id)!] : [])),
      applied: Object.fromEntries(Object.entries(file.doc.applied).flatMap(([region, id]) => (renamed.has(id) ? [[region, renamed.get(id)!]] : []))),
    }
    return { ref: { path: dir, name: basename(dir, PROJECT_EXT), savedAt: file.savedAt }, audio, doc, takes, warnings }
  }

  // ---------------------------------------------------------------- handlers

  private makeHandlers(): Handlers {
    const { host, platform, session } = this.o
    return {
      'app:info': async () => ({
        kind: platform.kind,
        version: platform.version,
        platform: process.platform,
        nativeDialogs: platform.kind === 'electron',
        projectsDir: this.o.projectsDir,
      }),

      'audio:open': async (req) => {
        if (req === undefined) {
          const path = await platform.pickAudioFile()
          if (!path) return null
          req = { path }
        }
        if ('path' in req) {
          if (platform.kind === 'web') throw new StudioError('web mode opens files through the file picker or a drop', 'FORBIDDEN')
          if (!isAbsolute(req.path)) throw new StudioError('audio paths must be absolute', 'BAD_REQUEST')
          if (!AUDIO_EXTENSION_SET.has(extname(req.path).toLowerCase())) {
            throw new StudioError(`${basename(req.path)}: not a file this app opens; it opens ${SUPPORTED_FORMATS}`, 'BAD_AUDIO')
          }
          const info = await this.openPath(resolve(req.path), basename(req.path), 'file')
          await this.touchRecent('files', info.path)
          return info
        }
        if ('uploadId' in req) {
          const up = this.uploads.get(req.uploadId)
          if (!up) throw new StudioError(`${req.name}: unknown upload (it was already opened, or the server restarted)`, 'NOT_FOUND')
          this.uploads.delete(req.uploadId)
          return this.openPath(up.path, up.name, 'upload')
        }
        if (req.bytes.byteLength === 0) throw new StudioError(`${req.name}: the file is empty`, 'BAD_AUDIO')
        const name = sanitizeFileName(req.name)
        const dir = join(session.dir, 'uploads')
        await mkdir(dir, { recursive: true })
        const path = join(dir, `${++this.counter}-${name}`)
        await writeFile(path, req.bytes)
        return this.openPath(path, name, 'upload')
      },

      'audio:close': async ({ audioId }) => {
        this.audio(audioId)
        await host.call('close', { audioId }).result
        this.audios.delete(audioId)
        this.peakCaches.delete(audioId)
      },

      'audio:peaks': async (req) => {
        this.audio(req.audioId)
        return host.call('peaks', req).result
      },

      'audio:read': async (req) => {
        this.audio(req.audioId)
        return host.call('read', req).result
      },

      'job:generate': async (req) => {
        this.audio(req.audioId)
        this.requireEngineModel()
        return this.startJob('generate', req)
      },

      'job:ladder': async (req) => {
        this.audio(req.audioId)
        this.requireEngineModel()
        return this.startJob('ladder', req)
      },

      'job:say': async (req) => {
        if (req.voice) this.audio(req.voice.audioId)
        this.requireEngineModel()
        const audioId = this.nextId('a')
        const dir = join(session.dir, 'generated')
        await mkdir(dir, { recursive: true })
        const name = `voiceover-${audioId}.wav`
        return this.startJob('say', { ...req, audioId, path: join(dir, name), name })
      },

      'job:align': async (req) => {
        this.audio(req.audioId)
        this.requireEngineModel()
        return this.startJob('align', req)
      },

      'job:cancel': async ({ jobId }) => {
        const job = this.jobs.get(jobId)
        if (!job) return false
        host.cancel(job.callId)
        return true
      },

      'take:get': async ({ takeId }) => this.take(takeId),

      'take:drop': async ({ takeIds }) => {
        await host.call('dropTakes', { takeIds }).result
      },

      'export:audio': async (req) => {
        const audio = this.audio(req.audioId)
        req.takeIds.forEach((id) => this.take(id, req.audioId))
        const fileName = exportFileName(audio.name, req.fileName)
        let path: string | null
        if (platform.kind === 'web') {
          if (req.path) throw new StudioError('web mode exports as a download, not to a path', 'FORBIDDEN')
          const dir = join(session.dir, 'exports')
          await mkdir(dir, { recursive: true })
          path = join(dir, `${randomUUID()}.wav`)
        } else {
          path = req.path ?? (await platform.pickExportPath(fileName))
          if (!path) return null
          if (!isAbsolute(path)) throw new StudioError('export paths must be absolute', 'BAD_REQUEST')
        }
        const { path: _p, fileName: _f, exportId, ...params } = req
        // Streamed to disk by the engine; progress goes out as 'export:progress' and 'export:cancel' stops it.
        const call = host.call('export', { ...params, path }, (p) => exportId && this.o.emit('export:progress', { exportId, ...p }))
        if (exportId) this.exports.set(exportId, call.id)
        const res = await call.result.finally(() => exportId && this.exports.delete(exportId))
        const downloadUrl = platform.offerDownload(path, fileName)
        return {
          fileName: downloadUrl ? fileName : basename(path),
          bytes: res.bytes,
          path: downloadUrl ? null : path,
          downloadUrl,
          sampleRate: res.sampleRate,
          frames: res.frames,
          ...(res.clipped ? { clipped: res.clipped } : {}),
        }
      },

      'export:cancel': async ({ exportId }) => {
        const callId = this.exports.get(exportId)
        if (callId === undefined) return false
        host.cancel(callId)
        return true
      },

      'trajectory:vocode': async (req) => {
        this.take(req.takeId)
        this.requireEngineModel()
        return host.call('vocode', req).result
      },

      'voiceover:export': async (req) => {
        req.lines.forEach((l) => this.audio(l.audioId))
        const stem = sanitizeFileName(req.fileName ?? 'voiceover').replace(/\.(wav|srt)$/i, '')
        let path: string | null
        if (platform.kind === 'web') {
          if (req.path) throw new StudioError('web mode exports as a download, not to a path', 'FORBIDDEN')
          const dir = join(session.dir, 'exports')
          await mkdir(dir, { recursive: true })
          path = join(dir, `${randomUUID()}.wav`)
        } else {
          path = req.path ?? (await platform.pickExportPath(`${stem}.wav`))
          if (!path) return null
          if (!isAbsolute(path)) throw new StudioError('export paths must be absolute', 'BAD_REQUEST')
        }
        // The subtitles sit next to the audio under the same name.
        const srtPath = `${path.replace(/\.wav$/i, '')}.srt`
        const { path: _p, fileName: _f, ...params } = req
        const res = await host.call('voiceover', { ...params, path, srtPath }).result
        const wavUrl = platform.offerDownload(path, `${stem}.wav`)
        const srtUrl = platform.offerDownload(srtPath, `${stem}.srt`)
        return {
          wav: {
            fileName: wavUrl ? `${stem}.wav` : basename(path),
            bytes: res.bytes,
            path: wavUrl ? null : path,
            downloadUrl: wavUrl,
            sampleRate: res.sampleRate,
            frames: res.frames,
            ...(res.clipped ? { clipped: res.clipped } : {}),
          },
          srt: { fileName: srtUrl ? `${stem}.srt` : basename(srtPath), path: srtUrl ? null : srtPath, downloadUrl: srtUrl },
          cues: res.cues,
        }
      },

      'project:save': async ({ doc, path, name, saveAs, expectSavedAt, page = DEFAULT_PAGE }) => {
        let dir: string
        if (path && !saveAs) {
          dir = this.projectDirFor(path)
          // Two tabs (or windows) on one project: the later save silently dropped the other's work.
          if (expectSavedAt !== undefined) {
            const onDisk = await readProjectFile(dir).then((f) => f.savedAt, () => null)
            if (onDisk !== null && onDisk !== expectSavedAt) {
              const when = new Date(onDisk).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' })
              throw new StudioError(`${basename(dir, PROJECT_EXT)} was saved from another tab or window at ${when}, after you opened it; it was not overwritten`, 'CONFLICT')
            }
          }
        } else if (this.o.projectsDir) {
          // A new project (first save, save as) never lands on an existing one of the same name.
          dir = await freeProjectDir(this.o.projectsDir, projectFolderName(name ?? doc.title ?? 'Untitled'))
        } else {
          const picked = await platform.pickProjectSavePath(projectFolderName(name ?? doc.title ?? 'Untitled'))
          if (!picked) return null
          dir = picked.endsWith(PROJECT_EXT) ? resolve(picked) : `${resolve(picked)}${PROJECT_EXT}`
        }
        const savedAt = await this.save(dir, doc)
        await this.touchRecent('projects', dir)
        await noteProjectPath(session, dir, page)
        await clearOwnAutosave(session, page) // saved: nothing of this page's left to recover (other tabs keep theirs)
        return { path: dir, name: basename(dir, PROJECT_EXT), savedAt }
      },

      'project:open': async (req) => {
        let path = req?.path
        if (!path) {
          if (this.o.projectsDir) throw new StudioError('choose a project from the list (web mode has no folder dialog)', 'UNSUPPORTED')
          path = (await platform.pickProjectToOpen()) ?? undefined
          if (!path) return null
        }
        const opened = await this.openProjectDir(this.projectDirFor(path))
        await this.touchRecent('projects', opened.ref.path)
        await noteProjectPath(session, opened.ref.path)
        return opened
      },

      'project:list': async () => {
        const refs: ProjectRef[] = []
        const candidates = this.o.projectsDir
          ? (await readdir(this.o.projectsDir).catch(() => [] as string[]))
              .filter((n) => n.endsWith(PROJECT_EXT))
              .map((n) => join(this.o.projectsDir!, n))
          : this.recent.projects.map((e) => e.path)
        for (const dir of candidates) {
          const read = await readProjectFile(dir).then((file) => ({ file }), (e: unknown) => ({ error: toErrorInfo(e).message }))
          if ('file' in read) refs.push({ path: dir, name: basename(dir, PROJECT_EXT), savedAt: read.file.savedAt })
          else if (this.o.projectsDir) {
            // A project whose file is damaged stays in the list, saying so: hiding it looks like lost work.
            const st = await stat(dir).catch(() => null)
            if (st?.isDirectory()) refs.push({ path: dir, name: basename(dir, PROJECT_EXT), savedAt: st.mtimeMs, damaged: read.error })
          }
        }
        return refs.sort((a, b) => b.savedAt - a.savedAt)
      },

      'project:autosave': async ({ doc, projectPath, page = DEFAULT_PAGE }) => {
        await this.save(autosaveDir(session.dir, page), doc)
        await noteProjectPath(session, projectPath, page)
      },

      'recovery:list': async (req) => {
        // A page that loads while this run already autosaved for it was reloaded: offer that work first.
        const own = await ownRecoverable(session, req?.page ?? DEFAULT_PAGE, this.o.livePages?.() ?? new Set())
        return [...own, ...(await findRecoverable(this.o.dataDir, session))]
      },

      'recovery:open': async ({ id, page = DEFAULT_PAGE }) => {
        const from = parseRecoveryId(id)
        if (from.sessionId === session.id) {
          const own = await ownRecoverable(session, page, this.o.livePages?.() ?? new Set())
          if (!from.page || !own.some((e) => e.id === id)) throw new StudioError('nothing to recover for this page', 'NOT_FOUND')
          return this.openProjectDir(await copyOwnAutosave(session, from.page))
        }
        const known = await findRecoverable(this.o.dataDir, session)
        if (!known.some((e) => e.id === id)) throw new StudioError(`nothing to recover for ${id}`, 'NOT_FOUND')
        return this.openProjectDir(await adoptAutosave(this.o.dataDir, session, id))
      },

      'recovery:discard': async ({ id }) => {
        const from = parseRecoveryId(id)
        if (from.sessionId === session.id) return clearOwnAutosave(session, from.page || DEFAULT_PAGE)
        await discardSession(this.o.dataDir, id)
      },

      'model:get': async () => {
        await host.whenReady()
        return host.status.model ?? { dir: this.settings.modelDir ?? '', isDefault: this.settings.modelDir === null, info: null, error: 'the engine is not running' }
      },

      'model:choose': async (req) => {
        let dir: string | null | undefined = req?.dir
        if (dir === undefined) {
          dir = await platform.pickModelDir()
          if (!dir) return null
        }
        const target = dir === null ? null : resolve(dir)
        if (req?.second) {
          const second = await host.setSecondModel(target)
          if (second?.error) throw new StudioError(`cannot load the second model in ${second.dir}: ${second.error}`, 'BAD_MODEL')
          this.settings = applySettingsPatch(this.settings, { secondModelDir: target })
          await writeJsonAtomic(this.settingsFile, this.settings)
          // null: no shipped twin of the other family here; the status says so (secondModel null).
          return second ?? { dir: '', isDefault: true, info: null, error: 'no second model: this installation has no shipped twin of the other family' }
        }
        const state: ModelState = await host.setModel(target, this.settings.threads)
        if (state.error) throw new StudioError(`cannot load the model in ${state.dir}: ${state.error}`, 'BAD_MODEL')
        const next = applySettingsPatch(this.settings, { modelDir: target })
        this.settings = { ...next, sampler: samplerFitting(next.sampler, state) }
        await writeJsonAtomic(this.settingsFile, this.settings)
        return state
      },

      'settings:get': async () => this.settings,

      'settings:update': async (patch) => {
        const threadsChanged = patch.threads !== undefined && patch.threads !== this.settings.threads
        const modelChanged = patch.modelDir !== undefined && patch.modelDir !== this.settings.modelDir
        const secondChanged = patch.secondModelDir !== undefined && patch.secondModelDir !== this.settings.secondModelDir
        let next = applySettingsPatch(this.settings, patch)
        if (threadsChanged || modelChanged) {
          const state = await host.setModel(next.modelDir, next.threads)
          if (state.error) throw new StudioError(`cannot load the model: ${state.error}`, 'BAD_MODEL')
          next = { ...next, sampler: samplerFitting(next.sampler, state) }
        }
        if (secondChanged) {
          const second = await host.setSecondModel(next.secondModelDir)
          if (second?.error) throw new StudioError(`cannot load the second model: ${second.error}`, 'BAD_MODEL')
        }
        this.settings = next
        await writeJsonAtomic(this.settingsFile, this.settings)
        return this.settings
      },

      'recent:get': async () => this.recent,

      'engine:status': async () => host.status,

      'window:state': async ({ title, dirty }) => platform.setWindowState(title, dirty),
    }
  }

  /** Deletes exported downloads older than an hour (web mode keeps them only to be fetched). */
  async pruneExports(maxAgeMs = 3600_000): Promise<void> {
    const dir = join(this.o.session.dir, 'exports')
    for (const f of await readdir(dir).catch(() => [] as string[])) {
      const st = await stat(join(dir, f)).catch(() => null)
      if (st && Date.now() - st.mtimeMs > maxAgeMs) await rm(join(dir, f), { force: true })
    }
  }
}
