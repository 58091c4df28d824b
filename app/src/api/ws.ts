// StudioApi over a WebSocket to the web-mode server (same origin; the server's token cookie
// authenticates the upgrade). Messages are binary frames (electron/shared/wire.ts).
import type { InvokeChannel, RequestOf, ResponseOf } from '../../../electron/shared/ipc'
import type { Envelope, EventMap, JobKind } from '../../../electron/shared/studio-types'
import { decodeFrame, encodeFrame, type ClientMessage, type ServerMessage } from '../../../electron/shared/wire'
import { StudioError, unwrap } from './errors'
import { mediaQuery } from './media-url'
import type { StudioApi } from './types'

type Listener = (payload: never) => void

/** What every failure caused by a lost connection says (code DISCONNECTED; the page says it once, in its own words). */
export const CONNECTION_LOST = 'the connection to the studio server was lost'

/** A reconnecting RPC client: calls made while disconnected wait for the socket; calls in flight when
 * it drops fail with a one-line error. */
export class WsRpc {
  private socket: WebSocket | null = null
  private ready: Promise<WebSocket> | null = null
  private nextId = 1
  private pending = new Map<number, (env: Envelope<unknown>) => void>()
  private listeners = new Map<keyof EventMap, Set<Listener>>()
  /** Jobs started and not yet done: a lost connection ends them (their events would never come). */
  private liveJobs = new Map<string, JobKind>()
  /** Jobs that ended before their ticket came back (a fast job's events may overtake the reply). */
  private endedEarly = new Set<string>()
  /** The socket was open once and closed: from then on a failed connect is that loss, not a server never reached. */
  private lost = false
  private lostListeners = new Set<() => void>()

  constructor(private readonly url: string) {}

  async call<C extends InvokeChannel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
    const socket = await this.connect()
    const id = this.nextId++
    const reply = new Promise<Envelope<unknown>>((resolve) => this.pending.set(id, resolve))
    socket.send(encodeFrame({ t: 'call', id, channel, payload } satisfies ClientMessage))
    const value = unwrap(await reply) as ResponseOf<C>
    const ticket = value as { jobId?: unknown; kind?: unknown } | null
    if (channel.startsWith('job:') && ticket && typeof ticket.jobId === 'string') {
      if (!this.endedEarly.delete(ticket.jobId)) this.liveJobs.set(ticket.jobId, ticket.kind as JobKind)
    }
    return value
  }

  on<E extends keyof EventMap>(channel: E, listener: (payload: EventMap[E]) => void): () => void {
    let set = this.listeners.get(channel)
    if (!set) this.listeners.set(channel, (set = new Set()))
    set.add(listener as Listener)
    void this.connect().catch(() => undefined) // events only flow on an open socket
    return () => set.delete(listener as Listener)
  }

  /** Fires when an open connection closes, before the calls and jobs it ends fail (so their errors can be known as its). */
  onLost(listener: () => void): () => void {
    this.lostListeners.add(listener)
    return () => this.lostListeners.delete(listener)
  }

  private connect(): Promise<WebSocket> {
    if (this.ready) return this.ready
    this.ready = new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(this.url)
      socket.binaryType = 'arraybuffer'
      socket.onopen = () => {
        this.socket = socket
        resolve(socket)
      }
      socket.onmessage = (ev) => this.receive(ev.data)
      socket.onclose = () => {
        const wasOpen = this.socket === socket
        this.socket = null
        this.ready = null
        // Said once, as a lost connection: it had also been sent as an engine status, and the page showed
        // "the engine is not running" beside the failures of whatever was in flight or autosaving.
        if (wasOpen) {
          this.lost = true
          for (const l of this.lostListeners) l()
        }
        this.failPending(CONNECTION_LOST)
        if (wasOpen) this.failJobs(CONNECTION_LOST)
        if (!wasOpen) {
          reject(this.lost ? new StudioError(CONNECTION_LOST, 'DISCONNECTED') : new StudioError('cannot connect to the studio server (is `npm run web` still running?)', 'IO'))
        }
      }
    })
    return this.ready
  }

  private receive(data: unknown): void {
    if (!(data instanceof ArrayBuffer)) return
    const msg = decodeFrame(new Uint8Array(data)) as ServerMessage
    if (msg.t === 'reply') {
      this.pending.get(msg.id)?.(msg.envelope)
      this.pending.delete(msg.id)
    } else if (msg.t === 'event') {
      if (msg.channel === 'job:event') {
        const e = msg.payload as EventMap['job:event']
        if (e.type === 'progress') this.liveJobs.set(e.jobId, e.kind)
        else if (!this.liveJobs.delete(e.jobId)) this.endedEarly.add(e.jobId)
      }
      this.emit(msg.channel, msg.payload)
    }
  }

  private emit<E extends keyof EventMap>(channel: E, payload: EventMap[E]): void {
    for (const l of this.listeners.get(channel) ?? []) (l as (p: EventMap[E]) => void)(payload)
  }

  private failJobs(message: string): void {
    const jobs = [...this.liveJobs]
    this.liveJobs.clear()
    for (const [jobId, kind] of jobs) this.emit('job:event', { jobId, kind, type: 'error', error: { code: 'DISCONNECTED', message } })
  }

  private failPending(message: string): void {
    for (const resolve of this.pending.values()) resolve({ ok: false, error: { code: 'DISCONNECTED', message } })
    this.pending.clear()
  }
}

/**
 * POSTs the file to the server, which writes it to disk as it arrives. XMLHttpRequest rather than
 * fetch for its upload progress; the browser reads the File from disk as it sends.
 */
function upload(file: File, onProgress?: (fraction: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/upload?name=${encodeURIComponent(file.name)}`)
    xhr.responseType = 'text'
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded / e.total)
    xhr.onload = () => {
      if (xhr.status === 200) {
        try {
          resolve((JSON.parse(xhr.responseText) as { uploadId: string }).uploadId)
        } catch {
          reject(new StudioError(`${file.name}: the server gave an unreadable answer to the upload`, 'IO'))
        }
      } else {
        const message = xhr.responseText.trim().split('\n')[0] || `upload failed (HTTP ${xhr.status})`
        reject(new StudioError(message, xhr.status === 413 ? 'BAD_REQUEST' : 'IO'))
      }
    }
    xhr.onerror = () => reject(new StudioError(`${file.name}: the upload to the studio server failed`, 'IO'))
    xhr.send(file)
  })
}

/** Starts a browser download of a same-origin URL. */
function download(url: string, fileName: string): void {
  const a = document.createElement('a')
  a.href = url
  a.download = fileName
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
}

/**
 * This tab's page id: kept in sessionStorage, so a reload keeps it (and is offered its own autosave)
 * while another tab gets its own (and never overwrites this one's).
 */
export function pageId(storage: Pick<Storage, 'getItem' | 'setItem'> | null = globalThis.sessionStorage ?? null): string {
  const made = () => `p${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`.replace(/[^A-Za-z0-9]/g, '')
  try {
    const kept = storage?.getItem('voicefill-page')
    if (kept && /^[A-Za-z0-9]{1,40}$/.test(kept)) return kept
    const id = made()
    storage?.setItem('voicefill-page', id)
    return id
  } catch {
    return made() // storage refused (privacy settings): a page id for this load only
  }
}

export function createWsApi(wsUrl = defaultWsUrl(), page = pageId()): StudioApi {
  const rpc = new WsRpc(`${wsUrl}${wsUrl.includes('?') ? '&' : '?'}page=${page}`)
  const call = rpc.call.bind(rpc)
  return {
    kind: 'web',
    appInfo: () => call('app:info', undefined),
    openAudio: (source) => call('audio:open', source),
    onOpenProgress: (listener) => rpc.on('audio:progress', listener),
    pathForFile: () => null,
    uploadAudio: (file, onProgress) => upload(file, onProgress),
    closeAudio: (audioId) => call('audio:close', { audioId }),
    getPeaks: (req) => call('audio:peaks', req),
    readPcm: (req) => call('audio:read', req),
    mediaUrl: (audioId, takeIds) => `/media/${encodeURIComponent(audioId)}${mediaQuery(takeIds)}`,
    generate: (req) => call('job:generate', req),
    ladder: (req) => call('job:ladder', req),
    say: (req) => call('job:say', req),
    align: (req) => call('job:align', req),
    cancelJob: (jobId) => call('job:cancel', { jobId }),
    onJobEvent: (listener) => rpc.on('job:event', listener),
    getTake: (takeId) => call('take:get', { takeId }),
    dropTakes: (takeIds) => call('take:drop', { takeIds }),
    exportAudio: async (req) => {
      const res = await call('export:audio', req)
      if (res?.downloadUrl) download(res.downloadUrl, res.fileName)
      return res
    },
    cancelExport: (exportId) => call('export:cancel', { exportId }),
    onExportProgress: (listener) => rpc.on('export:progress', listener),
    exportVoiceover: async (req) => {
      const res = await call('voiceover:export', req)
      if (res?.wav.downloadUrl) download(res.wav.downloadUrl, res.wav.fileName)
      if (res?.srt.downloadUrl) download(res.srt.downloadUrl, res.srt.fileName)
      return res
    },
    vocodeTrajectory: (req) => call('trajectory:vocode', req),
    saveProject: (req) => call('project:save', { ...req, page }),
    openProject: (path) => call('project:open', path === undefined ? undefined : { path }),
    listProjects: () => call('project:list', undefined),
    autosave: (doc, projectPath) => call('project:autosave', { doc, projectPath, page }),
    listRecovery: () => call('recovery:list', { page }),
    recover: (id) => call('recovery:open', { id, page }),
    discardRecovery: (id) => call('recovery:discard', { id }),
    getModel: () => call('model:get', undefined),
    chooseModel: (dir, second) => call('model:choose', dir === undefined && !second ? undefined : { ...(dir !== undefined ? { dir } : {}), ...(second ? { second } : {}) }),
    getSettings: () => call('settings:get', undefined),
    updateSettings: (patch) => call('settings:update', patch),
    getRecent: () => call('recent:get', undefined),
    getEngineStatus: () => call('engine:status', undefined),
    onEngineStatus: (listener) => rpc.on('engine:status', listener),
    onMenuCommand: () => () => undefined,
    onConnectionLost: (listener) => rpc.onLost(listener),
    setWindowState: async (title) => {
      document.title = title
    },
  }
}

function defaultWsUrl(): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${proto}//${location.host}/ws`
}
