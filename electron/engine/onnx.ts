// The only module that imports onnxruntime-node. Everything else sees plain typed arrays, the
// graph's declared signature, and EngineErrors that name the file and tensor.
import { statSync, unlinkSync } from 'node:fs'
import { basename } from 'node:path'
import { availableParallelism } from 'node:os'
import * as ort from 'onnxruntime-node'
import { EngineError } from './types'

/** A graph input or output as the file declares it; symbolic dims are strings ("B", "T"). */
export interface TensorInfo {
  name: string
  type: string
  shape: (number | string)[]
}

/** A feed: row-major data with its dims. Only the element types our graphs use. */
export type FeedTensor =
  | { type: 'float32'; data: Float32Array; dims: readonly number[] }
  | { type: 'int64'; data: BigInt64Array; dims: readonly number[] }

export interface OutputTensor {
  type: string
  data: Float32Array
  dims: number[]
}

export interface SessionOptions {
  /** intra-op threads; defaults to the machine's parallelism, capped at 4 (small graphs stop scaling). */
  threads?: number
  /**
   * Let the intra-op threads spin after a run, waiting for the next (onnxruntime's default). Off for a
   * graph run once per fill (aligner, vocoder, durations): its spinning threads took the cores from the
   * velocity graph's next calls (a fill 40 ms slower in `npm run bench` once the aligner ran first).
   */
  spin?: boolean
}

export function defaultThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism()))
}

/** "[B,T,80]" style text for messages. */
export function formatShape(shape: readonly (number | string)[]): string {
  return `[${shape.join(',')}]`
}

/** Reads the declared signature; a non-tensor value (sequence, map) is reported by name. */
function describe(file: string, meta: readonly ort.InferenceSession.ValueMetadata[]): TensorInfo[] {
  return meta.map((m) => {
    if (!m.isTensor) throw new EngineError(`model ${file}: value "${m.name}" is not a tensor`, 'BAD_MODEL')
    return { name: m.name, type: m.type, shape: [...m.shape] }
  })
}

/**
 * Checks feeds against the graph's declared inputs before running it: every input present, no
 * extras, element type, rank, fixed dims, and data length. One error names every problem found.
 */
export function checkFeeds(file: string, inputs: readonly TensorInfo[], feeds: Record<string, FeedTensor>): void {
  const problems: string[] = []
  for (const info of inputs) {
    const feed = feeds[info.name]
    if (!feed) {
      problems.push(`input "${info.name}" is missing`)
      continue
    }
    const expected = `${info.type} ${formatShape(info.shape)}`
    const got = `${feed.type} ${formatShape(feed.dims)}`
    const fixedDimMismatch = info.shape.some((d, i) => typeof d === 'number' && d >= 0 && d !== feed.dims[i])
    if (feed.type !== info.type || feed.dims.length !== info.shape.length || fixedDimMismatch) {
      problems.push(`input "${info.name}" expects ${expected}, got ${got}`)
    }
    const size = feed.dims.reduce((a, b) => a * b, 1)
    if (feed.data.length !== size) problems.push(`input "${info.name}" has ${feed.data.length} values for shape ${got}`)
  }
  for (const name of Object.keys(feeds)) {
    if (!inputs.some((i) => i.name === name)) problems.push(`unexpected input "${name}"`)
  }
  if (problems.length) throw new EngineError(`${file}: ${problems.join('; ')}`, 'BAD_MODEL')
}

/** One loaded graph. Accumulates the time spent inside run() so callers can measure overhead. */
export class OnnxSession {
  /** Milliseconds spent inside session.run since load. */
  onnxMs = 0
  /** Number of run() calls since load. */
  runs = 0

  private constructor(
    private readonly session: ort.InferenceSession,
    readonly path: string,
    readonly inputs: TensorInfo[],
    readonly outputs: TensorInfo[],
  ) {}

  static async open(path: string, options: SessionOptions = {}): Promise<OnnxSession> {
    let session: ort.InferenceSession
    try {
      session = await ort.InferenceSession.create(path, {
        intraOpNumThreads: options.threads ?? defaultThreads(),
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
        logSeverityLevel: 3, // errors only: warnings would end up in the CLI's output
        ...(options.spin === false ? { extra: { session: { intra_op: { allow_spinning: '0' } } } } : {}),
      })
    } catch (e) {
      throw new EngineError(`model ${path}: cannot load graph (${graphFailure(path, e)})`, 'BAD_MODEL')
    } finally {
      removeDebugLog()
    }
    const file = basename(path)
    return new OnnxSession(session, path, describe(file, session.inputMetadata), describe(file, session.outputMetadata))
  }

  /** Runs the graph after checking the feeds; returns every output as float32 with its dims. */
  async run(feeds: Record<string, FeedTensor>): Promise<Record<string, OutputTensor>> {
    const file = basename(this.path)
    checkFeeds(file, this.inputs, feeds)
    const ortFeeds: Record<string, ort.Tensor> = {}
    for (const [name, f] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor(f.type, f.data, f.dims)
    const started = performance.now()
    let result: ort.InferenceSession.ReturnType
    try {
      result = await this.session.run(ortFeeds)
    } catch (e) {
      const shapes = Object.entries(feeds)
        .map(([n, f]) => `${n} ${f.type} ${formatShape(f.dims)}`)
        .join(', ')
      const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0]
      throw new EngineError(`${file}: run failed with ${shapes}: ${reason}`, 'BAD_MODEL')
    } finally {
      this.onnxMs += performance.now() - started
      this.runs++
    }
    const out: Record<string, OutputTensor> = {}
    for (const info of this.outputs) {
      const t = result[info.name] as ort.Tensor | undefined
      if (!t || !(t.data instanceof Float32Array)) {
        throw new EngineError(`${file}: output "${info.name}" is not a float32 tensor`, 'BAD_MODEL')
      }
      out[info.name] = { type: t.type, data: t.data, dims: [...t.dims] }
    }
    return out
  }

  /**
   * Times `runs` back-to-back session.run calls on fixed feeds, with no checks or conversions: the
   * floor that the engine's own cost is measured against (npm run bench).
   */
  async timeRawRuns(feeds: Record<string, FeedTensor>, runs: number): Promise<number> {
    checkFeeds(basename(this.path), this.inputs, feeds)
    const ortFeeds: Record<string, ort.Tensor> = {}
    for (const [name, f] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor(f.type, f.data, f.dims)
    const started = performance.now()
    for (let i = 0; i < runs; i++) await this.session.run(ortFeeds)
    return performance.now() - started
  }

  async release(): Promise<void> {
    await this.session.release()
  }
}

/** Opens a graph with the engine's session defaults. */
export function createSession(path: string, options: SessionOptions = {}): Promise<OnnxSession> {
  return OnnxSession.open(path, options)
}

/**
 * Why a graph did not load, in a line a user can act on: an empty file says so, and onnxruntime's
 * C++ location ("…/onnxruntime/core/graph/model.cc:187 onnxruntime::Model::Model(…) ") is cut off.
 */
export function graphFailure(path: string, e: unknown): string {
  const size = (() => {
    try {
      return statSync(path).size
    } catch {
      return -1
    }
  })()
  if (size === 0) return 'the file is empty: 0 bytes'
  const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0]
  // "[ONNXRuntimeError] : 2 : … model.cc:187 onnxruntime::Model::Model(...) ModelProto does not have a graph."
  const tail = reason.match(/\)\s+([^()]*[^()\s])\s*$/)
  return reason.length > 160 && tail ? tail[1] : reason
}


/**
 * onnxruntime-node 1.30's library leaves an empty /tmp/mat-debug-<pid>.log behind for every process
 * that creates a session (whatever TMPDIR says): thousands of them after a day of CLI runs. Ours is
 * removed once the session exists; one that holds anything is left for whoever wants to read it.
 */
export function removeDebugLog(pid = process.pid): void {
  const path = `/tmp/mat-debug-${pid}.log`
  try {
    if (statSync(path).size === 0) unlinkSync(path)
  } catch {
    // none, or not ours to remove
  }
}
