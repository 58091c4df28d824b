// Supervises the engine process: request/response with progress and cancel over the worker
// protocol, and crash recovery. If the process dies, its pending calls fail with ENGINE_CRASHED,
// it is restarted, and every open audio and take is re-registered under the same ids, so the
// renderer's project stays valid. The process itself comes from a Launcher (utilityProcess in
// Electron, child_process.fork in web mode and tests).

import type { HostMessage, ParamsOf, ProgressOf, ResultOf, WorkerMessage, WorkerMethod, WorkerProgress } from '../engine/worker/protocol'
import { StudioError } from '../shared/errors'
import type { EngineStatus, ModelState, Take } from '../shared/studio-types'

export interface WorkerHandle {
  readonly pid: number | null
  send(msg: HostMessage): void
  kill(): void
}
export interface LaunchCallbacks {
  onMessage(msg: WorkerMessage): void
  /** The process is gone; `reason` says how (exit code, signal, spawn error). */
  onExit(reason: string): void
}
export type Launcher = (cb: LaunchCallbacks) => WorkerHandle

export interface EngineHostOptions {
  launcher: Launcher
  modelDir: string | null // null: the shipped default (resolved by the engine process)
  /** The second model for ladders that mix families; null or absent: the shipped twin, if any. */
  secondModelDir?: string | null
  threads: number | null
  /** Wait before restarting a crashed process. */
  restartDelayMs?: number
  /** More crashes than this within `crashWindowMs` → stop restarting (state 'stopped'). */
  maxCrashes?: number
  crashWindowMs?: number
  /** A process that has not said hello by then counts as crashed. */
  startTimeoutMs?: number
}

export interface Call<M extends WorkerMethod> {
  id: number
  result: Promise<ResultOf<M>>
}

interface Pending {
  method: WorkerMethod
  resolve: (v: unknown) => void
  reject: (e: unknown) => void
  onProgress?: (p: WorkerProgress) => void
}

interface Deferred<T> {
  promise: Promise<T>
  settled: boolean
  resolve(v: T): void
  reject(e: unknown): void
}

function deferred<T>(): Deferred<T> {
  const d = { settled: false } as Deferred<T>
  d.promise = new Promise<T>((res, rej) => {
    d.resolve = (v) => {
      d.settled = true
      res(v)
    }
    d.reject = (e) => {
      d.settled = true
      rej(e)
    }
  })
  d.promise.catch(() => undefined) // a failed start is reported through status and to each caller
  return d
}

export class EngineHost {
  private proc: WorkerHandle | null = null
  private generation = 0 // bumps per spawned process: stale exit/message callbacks are ignored
  private nextId = 1
  private pending = new Map<number, Pending>()
  private waiting = new Set<number>() // calls waiting for the engine to be ready
  private cancelledEarly = new Set<number>()
  private hello = deferred<number>()
  private ready = deferred<void>()
  private stopping = false
  private crashTimes: number[] = []
  private listeners = new Set<(s: EngineStatus) => void>()
  private modelDir: string | null
  private secondDir: string | null
  private threads: number | null
  private model: ModelState | null = null
  private second: ModelState | null = null
  private st: EngineStatus = { state: 'stopped', model: null, secondModel: null, message: null, restarts: 0, pid: null }
  // What a fresh process must be told to restore the user's state.
  private audios = new Map<string, ParamsOf<'open'>>()
  private takes = new Map<string, Take>()

  constructor(private readonly opts: EngineHostOptions) {
    this.modelDir = opts.modelDir
    this.secondDir = opts.secondModelDir ?? null
    this.threads = opts.threads
  }

  get status(): EngineStatus {
    return this.st
  }

  onStatus(listener: (s: EngineStatus) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Starts the process and waits until it is ready (model load failures still end 'ready'). */
  async start(): Promise<void> {
    this.stopping = false
    if (this.ready.settled) this.ready = deferred<void>()
    await this.boot('starting')
  }

  async stop(): Promise<void> {
    this.stopping = true
    this.failPending(new StudioError('the engine is shutting down', 'ENGINE_CRASHED'))
    this.generation++ // its exit is expected now
    this.proc?.kill()
    this.proc = null
    this.ready.reject(new StudioError('the engine was stopped', 'ENGINE_CRASHED'))
    this.setStatus({ state: 'stopped', pid: null })
  }

  /** Sends a request once the engine is ready. Jobs and exports report progress through `onProgress`. */
  call<M extends WorkerMethod>(method: M, params: ParamsOf<M>, onProgress?: (p: ProgressOf<M>) => void): Call<M> {
    const id = this.nextId++
    this.waiting.add(id)
    const result = (async () => {
      try {
        if (this.st.state === 'stopped') {
          throw new StudioError(`the engine is not running${this.st.message ? `: ${this.st.message}` : ''}`, 'ENGINE_CRASHED')
        }
        await this.ready.promise
        if (this.cancelledEarly.delete(id)) throw new StudioError('cancelled', 'CANCELLED')
      } finally {
        this.waiting.delete(id)
      }
      const value = await this.send(id, method, params, onProgress as ((p: WorkerProgress) => void) | undefined)
      this.remember(method, params, value)
      return value
    })()
    return { id, result }
  }

  /** Resolves when the engine is ready (or at once if it gave up restarting). */
  whenReady(): Promise<void> {
    return this.ready.promise.catch(() => undefined)
  }

  /** Stops a job between network calls; a call still waiting for the engine never starts. */
  cancel(id: number): void {
    if (this.pending.has(id)) this.proc?.send({ type: 'cancel', id })
    else if (this.waiting.has(id)) this.cancelledEarly.add(id)
  }

  /** Loads another model in the running process; on failure the previous model stays loaded. */
  async setModel(dir: string | null, threads: number | null): Promise<ModelState> {
    await this.ready.promise
    const res = await this.send(this.nextId++, 'init', { modelDir: dir, threads })
    const state: ModelState = { dir: res.dir, isDefault: dir === null, info: res.info, error: res.error }
    if (res.error === null) {
      this.modelDir = dir
      this.threads = threads
      this.model = state
      // "The shipped twin of the other family" depends on the primary model; a chosen folder stays.
      if (this.secondDir === null) await this.loadSecond(null).catch(() => undefined)
      this.setStatus({})
    }
    return state
  }

  /**
   * Loads the second model (ladders run the rungs of its family on it); null: the shipped twin of
   * the other family, or none if this installation has none. On failure the previous one stays.
   */
  async setSecondModel(dir: string | null): Promise<ModelState | null> {
    await this.ready.promise
    const state = await this.loadSecond(dir)
    this.setStatus({})
    return state
  }

  private async loadSecond(dir: string | null): Promise<ModelState | null> {
    const res = await this.send(this.nextId++, 'initSecond', { modelDir: dir, threads: this.threads })
    if (res.dir === null) {
      this.secondDir = dir
      this.second = null
      return null
    }
    const state: ModelState = { dir: res.dir, isDefault: dir === null, info: res.info, error: res.error }
    if (res.error === null) {
      this.secondDir = dir
      this.second = state
    }
    return state
  }

  // ---------------------------------------------------------------- internals

  private setStatus(patch: Partial<EngineStatus>): void {
    this.st = { ...this.st, model: this.model, secondModel: this.second, ...patch }
    for (const l of this.listeners) l(this.st)
  }

  private send<M extends WorkerMethod>(
    id: number,
    method: M,
    params: ParamsOf<M>,
    onProgress?: (p: WorkerProgress) => void,
  ): Promise<ResultOf<M>> {
    const proc = this.proc
    if (!proc) return Promise.reject(new StudioError('the engine process is not running', 'ENGINE_CRASHED'))
    return new Promise<ResultOf<M>>((resolve, reject) => {
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, onProgress })
      try {
        proc.send({ type: 'call', id, method, params })
      } catch (e) {
        this.pending.delete(id)
        reject(new StudioError(`could not reach the engine process: ${(e as Error).message}`, 'ENGINE_CRASHED'))
      }
    })
  }

  private remember<M extends WorkerMethod>(method: M, params: ParamsOf<M>, value: ResultOf<M>): void {
    const p = params as ParamsOf<WorkerMethod>
    switch (method) {
      case 'open':
        this.audios.set((p as ParamsOf<'open'>).audioId, p as ParamsOf<'open'>)
        break
      case 'say': {
        const s = p as ParamsOf<'say'>
        this.audios.set(s.audioId, { audioId: s.audioId, path: s.path, name: s.name, origin: 'generated' })
        break
      }
      case 'close': {
        const { audioId } = p as ParamsOf<'close'>
        this.audios.delete(audioId)
        for (const [id, t] of this.takes) if (t.audioId === audioId) this.takes.delete(id)
        break
      }
      case 'generate':
      case 'ladder':
        for (const t of (value as ResultOf<'generate'>).takes) this.takes.set(t.takeId, t)
        break
      case 'addTakes':
        for (const t of (p as ParamsOf<'addTakes'>).takes) this.takes.set(t.takeId, t)
        break
      case 'dropTakes':
        for (const id of (p as ParamsOf<'dropTakes'>).takeIds) this.takes.delete(id)
        break
    }
  }

  /** A take as the host keeps it (the engine process may be restarting). */
  take(takeId: string): Take | undefined {
    return this.takes.get(takeId)
  }

  private spawn(): void {
    const gen = ++this.generation
    this.hello = deferred<number>()
    this.proc = this.opts.launcher({
      onMessage: (msg) => gen === this.generation && this.receive(msg),
      onExit: (reason) => gen === this.generation && this.exited(reason),
    })
  }

  private receive(msg: WorkerMessage): void {
    if (msg.type === 'hello') {
      this.hello.resolve(msg.pid)
      return
    }
    const p = this.pending.get(msg.id)
    if (!p) return
    if (msg.type === 'progress') {
      p.onProgress?.(msg.progress)
      return
    }
    this.pending.delete(msg.id)
    if (msg.ok) p.resolve(msg.value)
    else p.reject(StudioError.from(msg.error))
  }

  /** Spawns a process and restores state into it; resolves `ready` on success (crashes go to exited()). */
  private async boot(state: 'starting' | 'restarting'): Promise<void> {
    this.setStatus({ state, pid: null })
    this.spawn()
    const gen = this.generation
    const timeout = this.opts.startTimeoutMs ?? 30_000
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      const pid = await Promise.race([
        this.hello.promise,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`did not start within ${timeout / 1000} s`)), timeout)
        }),
      ])
      const init = await this.send(this.nextId++, 'init', { modelDir: this.modelDir, threads: this.threads })
      this.model = { dir: init.dir, isDefault: this.modelDir === null, info: init.info, error: init.error }
      // A second model that no longer loads is reported on it; the studio works without one.
      const second = await this.loadSecond(this.secondDir)
      if (second?.error) this.second = second
      const lost = await this.replay()
      this.setStatus({ state: 'ready', pid, message: lost.length ? `could not re-open after restart: ${lost.join(', ')}` : null })
      this.ready.resolve()
    } catch (e) {
      // A crash during boot has already gone through exited(); a silent process is killed here.
      if (gen === this.generation && this.proc) {
        const proc = this.proc
        this.generation++ // ignore the exit event of the process killed below
        proc.kill()
        this.exited((e as Error).message)
      }
    } finally {
      clearTimeout(timer)
    }
  }

  /** Re-opens audio and re-adds takes after a restart; returns the names that could not be re-opened. */
  private async replay(): Promise<string[]> {
    const lost: string[] = []
    for (const [audioId, params] of [...this.audios]) {
      try {
        await this.send(this.nextId++, 'open', params)
      } catch (e) {
        if ((e as StudioError).code === 'ENGINE_CRASHED') throw e
        lost.push(params.name)
        this.audios.delete(audioId)
      }
    }
    const takes = [...this.takes.values()].filter((t) => this.audios.has(t.audioId))
    if (takes.length) await this.send(this.nextId++, 'addTakes', { takes })
    return lost
  }

  private failPending(error: StudioError): void {
    const pending = [...this.pending.values()]
    this.pending.clear()
    for (const p of pending) p.reject(error)
  }

  private exited(reason: string): void {
    this.proc = null
    this.hello.reject(new Error(reason))
    if (this.stopping) return
    const message = `the engine process stopped unexpectedly (${reason})`
    this.failPending(new StudioError(`${message}; it is being restarted`, 'ENGINE_CRASHED'))
    const now = Date.now()
    this.crashTimes = [...this.crashTimes.filter((t) => now - t < (this.opts.crashWindowMs ?? 60_000)), now]
    // Calls made from now on wait for the restarted process.
    if (this.ready.settled) this.ready = deferred<void>()
    this.setStatus({ state: 'crashed', message, pid: null })
    if (this.crashTimes.length > (this.opts.maxCrashes ?? 3)) {
      const why = `${message}; it crashed ${this.crashTimes.length} times within a minute, so it was not restarted`
      this.setStatus({ state: 'stopped', message: why })
      this.ready.reject(new StudioError(why, 'ENGINE_CRASHED'))
      return
    }
    setTimeout(() => {
      if (this.stopping) return
      this.setStatus({ restarts: this.st.restarts + 1 })
      void this.boot('restarting')
    }, this.opts.restartDelayMs ?? 500)
  }
}
