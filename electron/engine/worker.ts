// The engine process: holds decoded audio and takes, runs the engine's jobs, answers the host over
// the message protocol in ./worker/protocol.ts. Started by Electron's utilityProcess (desktop) or
// child_process.fork (web mode, tests). No Electron import: it talks through whichever parent
// channel exists.

import { randomUUID } from 'node:crypto'
import { stat, writeFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { forwardState } from './diffusion'
import { defaultModelDir, Engine, resourcesDir } from './engine'
import { encodeWav } from './audio/encode'
import { resampleUnderPeak } from './audio/resample'
import { openAudioSource, readWindow, type AudioSource } from './audio/source'
import { writePieces } from './audio/write-pieces'
import { takeSeeds } from './align/takes'
import { randomSeed } from './rng'
import { channelSigns, mixDown } from './core'
import { PROMPT_SECONDS, VOICE_LEAD_SECONDS } from './say'
import { formatSrt } from './srt'
import type { PcmAudio, Progress, RegionSpec } from './types'
import { composeVoiceover } from './voiceover'
import { EngineError } from './types'
import { fillSource, regionWindow } from './window-fill'
import { deletesHeard, HEARD_SLACK_SECONDS, isDeletion, type CutSpan } from '../shared/context-deletes'
import { StudioError, toErrorInfo } from '../shared/errors'
import type { AudioInfo, JobProgress, OpenProgress, Take } from '../shared/studio-types'
import { buildPeaks, fileFingerprint, PeakBuilder, readPeakCache, writePeakCache } from './worker/peak-cache'
import type { HostMessage, ParamsOf, ProgressOf, ResultOf, WorkerMessage, WorkerMethod } from './worker/protocol'
import { shiftTake, takeFromFill, takeFromRung, takeLabel } from './worker/takes'
import { exportPieces, peaksEdited, readEdited, type SourceDoc } from './worker/timeline'

const OVERVIEW_BUCKETS = 8000
/** Export progress goes out at most this often (one message per chunk would be thousands). */
const PROGRESS_INTERVAL_MS = 100
/** Seconds of the window vocoded on each side of a trajectory's generated span. */
const TRAJECTORY_CONTEXT_SECONDS = 0.25

// ---------------------------------------------------------------- transport

interface ParentPort {
  on(event: 'message', cb: (e: { data: unknown }) => void): void
  postMessage(msg: unknown): void
}
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort

function post(msg: WorkerMessage): void {
  if (parentPort) parentPort.postMessage(msg)
  else process.send?.(msg)
}

// ---------------------------------------------------------------- state

let engine: Engine | null = null
let modelError: string | null = 'no model loaded yet'
/** The second model: ladders run the rungs of its family on it (e.g. ancestral / ddim on the diffusion twin). */
let second: Engine | null = null
const audios = new Map<string, { info: AudioInfo; doc: SourceDoc }>()
const takes = new Map<string, Take>()
const running = new Map<number, AbortController>()

function audioDoc(audioId: string) {
  const a = audios.get(audioId)
  if (!a) throw new StudioError(`unknown audio ${audioId} (it was closed or never opened)`, 'NOT_FOUND')
  return a
}

function takesFor(audioId: string, ids: readonly string[] | undefined): Take[] {
  return (ids ?? []).map((id) => {
    const t = takes.get(id)
    if (!t) throw new StudioError(`unknown take ${id}`, 'NOT_FOUND')
    if (t.audioId !== audioId) throw new EngineError(`take ${id} belongs to another audio`, 'BAD_REGION')
    return t
  })
}

function requireEngine(): Engine {
  if (!engine) throw new StudioError(`no model is loaded: ${modelError}`, 'NO_MODEL')
  return engine
}

/** Seconds read at the start of a stereo file to tell a channel wired with inverted polarity. */
const POLARITY_SECONDS = 20

/**
 * What an opened file's levels say that a user should know: float samples over full scale (a 16/24-bit
 * export clips them) and a channel that is another's with its polarity inverted (a mono mix cancels).
 */
async function oddLevels(source: AudioSource, peaks: AudioInfo['peaks']): Promise<string[]> {
  const out: string[] = []
  let peak = 0
  for (const ch of peaks.channels) for (let i = 0; i < ch.min.length; i++) peak = Math.max(peak, -ch.min[i], ch.max[i])
  if (peak > 1) out.push(`it holds samples over full scale (peak +${(20 * Math.log10(peak)).toFixed(1)} dBFS): a float export keeps them, a 16 or 24-bit export clips them`)
  if (source.channels > 1) {
    const head = await readWindow(source, 0, Math.min(source.frames, POLARITY_SECONDS * source.sampleRate))
    const flipped = channelSigns(head.channels, 0, head.channels[0].length).flatMap((sign, c) => (sign < 0 ? [c + 1] : []))
    if (flipped.length) out.push(`channel ${flipped.join(', ')} is channel 1 with its polarity inverted (a wiring mistake?): the model hears it flipped back, and fills keep each channel as it is`)
  }
  return out
}

async function register(
  audioId: string,
  name: string,
  path: string,
  origin: AudioInfo['origin'],
  source: AudioSource,
  pyramids: SourceDoc['pyramids'],
): Promise<AudioInfo> {
  const frames = source.frames
  const doc: SourceDoc = { source, frames, pyramids }
  const peaks = await peaksEdited(doc, [], 0, frames, OVERVIEW_BUCKETS)
  const info: AudioInfo = {
    audioId,
    name,
    path,
    origin,
    sampleRate: source.sampleRate,
    channels: source.channels,
    frames,
    duration: frames / source.sampleRate,
    format: source.format,
    // The first peak pass read every sample: float NaN/Inf met on the way are said, as the CLI says them.
    warnings: [...source.warnings, ...(source.nonFinite > 0 ? ['it holds non-finite float samples (NaN/Inf), read as 0'] : []), ...(await oddLevels(source, peaks))],
    peaks,
  }
  await audios.get(audioId)?.doc.source.close() // re-registered (engine restart replay, say)
  audios.set(audioId, { info, doc })
  return info
}

/**
 * Opens a file in place: peaks from a still-valid cache, else built in one pass (during the decode
 * of a compressed file, or over the WAV on disk) and cached for the next time.
 */
async function openFile(params: ParamsOf<'open'>, onProgress?: (p: OpenProgress) => void): Promise<AudioInfo> {
  const { audioId, path, name, origin, peakCache, cacheDir } = params
  const file = peakCache ? await fileFingerprint(path).catch(() => null) : null
  const cached = peakCache && file ? await readPeakCache(peakCache, file) : null
  const builder: { b: PeakBuilder | null } = { b: null }
  const report = percentSteps(onProgress)
  const source = await openAudioSource(path, {
    label: name,
    ...(cacheDir ? { cacheDir } : {}),
    onProgress: report,
    // Compressed files are decoded in one pass anyway: build the peaks from the same chunks.
    onChunk: cached
      ? undefined
      : (chunk, start) => {
          if (start === 0) builder.b = new PeakBuilder(chunk.length)
          builder.b?.push(chunk)
        },
  })
  try {
    let pyramids = cached && cached.frames === source.frames && cached.channels === source.channels ? cached.levels : null
    if (!pyramids) {
      pyramids = builder.b ? builder.b.finish() : await buildPeaks(source, undefined, report)
      if (peakCache && file) await writePeakCache(peakCache, file, { sampleRate: source.sampleRate, channels: source.channels, frames: source.frames }, pyramids)
    }
    return await register(audioId, name, path, origin, source, pyramids)
  } catch (e) {
    await source.close()
    throw e
  }
}

/** Forwards a fraction only when it reaches the next whole percent (a long decode reports often). */
function percentSteps(onProgress?: (p: OpenProgress) => void): ((fraction: number) => void) | undefined {
  if (!onProgress) return undefined
  let last = -1
  return (fraction) => {
    const pct = Math.floor(Math.min(1, Math.max(0, fraction)) * 100)
    if (pct > last) {
      last = pct
      onProgress({ fraction: pct / 100 })
    }
  }
}

// ---------------------------------------------------------------- jobs

interface JobCtx<P = JobProgress> {
  signal: AbortSignal
  progress: (p: P) => void
}

/** Maps engine progress of unit `index` (of `count` similar units) to job-level progress. */
function progressMapper(ctx: JobCtx, count: number) {
  const started = Date.now()
  let callsBefore = 0
  return {
    /** `tries`: the unit is seed `k` of `count` for region `region` of `regions` ("until it checks"). */
    unit(index: number, tries?: { region: number; regions: number; k: number; count: number }) {
      return (p: Progress) => {
        const jobCall = callsBefore + p.call
        const jobTotalCalls = Math.max(jobCall, callsBefore + p.totalCalls * (count - index))
        const elapsed = Date.now() - started
        ctx.progress({
          ...p,
          regionIndex: tries ? tries.region : count > 1 ? index : p.regionIndex,
          regionCount: tries ? tries.regions : count > 1 ? count : p.regionCount,
          ...(tries && tries.count > 1 ? { tryIndex: tries.k, tryCount: tries.count } : {}),
          jobCall,
          jobTotalCalls,
          etaMs: jobCall > 0 ? Math.round((elapsed / jobCall) * (jobTotalCalls - jobCall)) : null,
        })
      }
    },
    done(calls: number) {
      callsBefore += calls
    },
  }
}

function checkCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new EngineError('cancelled', 'CANCELLED')
}

// ---------------------------------------------------------------- handlers

type Handler<M extends WorkerMethod> = (params: ParamsOf<M>, ctx: JobCtx<ProgressOf<M>>) => Promise<ResultOf<M>>

const handlers: { [M in WorkerMethod]: Handler<M> } = {
  async init({ modelDir, threads }) {
    const dir = modelDir ?? defaultModelDir()
    try {
      const next = await Engine.load(dir, threads ? { threads } : {})
      await engine?.release()
      engine = next
      modelError = null
      return { dir, info: next.info(), error: null }
    } catch (e) {
      // The previous model (if any) stays loaded; the caller decides whether that is acceptable.
      const error = toErrorInfo(e).message
      if (!engine) modelError = error
      return { dir, info: null, error }
    }
  },

  async initSecond({ modelDir, threads }) {
    // null: the shipped model of the other family, if this installation has one.
    const dir = modelDir ?? join(resourcesDir(), 'models', engine?.info().objective === 'ddpm-epsilon' ? 'default' : 'diffusion')
    if (modelDir === null && !existsSync(join(dir, 'manifest.json'))) {
      await second?.release()
      second = null
      return { dir: null, info: null, error: null }
    }
    try {
      const next = await Engine.load(dir, threads ? { threads } : {})
      await second?.release()
      second = next
      return { dir, info: next.info(), error: null }
    } catch (e) {
      return { dir, info: null, error: toErrorInfo(e).message }
    }
  },

  async open(params, ctx) {
    return openFile(params, ctx.progress)
  },

  async close({ audioId }) {
    await audios.get(audioId)?.doc.source.close()
    audios.delete(audioId)
    for (const [id, t] of takes) if (t.audioId === audioId) takes.delete(id)
  },

  async peaks(req) {
    const { doc } = audioDoc(req.audioId)
    return await peaksEdited(doc, takesFor(req.audioId, req.takeIds), req.startFrame, req.endFrame, req.buckets)
  },

  async read(req) {
    const { doc } = audioDoc(req.audioId)
    return await readEdited(doc, takesFor(req.audioId, req.takeIds), req.startFrame, req.endFrame)
  },

  async addTakes({ takes: list }) {
    for (const t of list) takes.set(t.takeId, t)
  },

  async dropTakes({ takeIds }) {
    for (const id of takeIds) takes.delete(id)
  },

  async generate(req, ctx) {
    const eng = requireEngine()
    const { doc } = audioDoc(req.audioId)
    const settings = { ...req.settings, seed: req.settings?.seed ?? randomSeed() }
    // With untilChecks, each region gets up to N seeds and stops at the first take that checks.
    const checking = eng.info().hasAligner
    const tries = checking ? (req.untilChecks ?? 1) : 1
    const seeds = takeSeeds(settings.seed, tries)
    const progress = progressMapper(ctx, req.regions.length * tries)
    const out: Take[] = []
    const failed: { regionId: string; message: string }[] = []
    let firstError: EngineError | null = null
    // Cancelled part way: the takes already made are kept (as a ladder keeps its variants).
    const partial = () => ({ kind: 'generate' as const, takes: out, cancelled: true, ...(failed.length ? { failed } : {}) })
    // The document's deletions, this request's and the others (context-deletes.ts): a fill near one hears
    // the audio the edit keeps beyond it, as the CLI's edit of both does. Generated alone, a fill had
    // heard the words a deletion beside it takes out, and joined them once both takes were applied.
    const cuts = new Map<string, CutSpan>()
    for (const d of req.deletes ?? []) cuts.set(d.regionId, d)
    for (const r of req.regions) if (isDeletion(r) && r.end > r.start) cuts.set(r.regionId, { regionId: r.regionId, start: r.start, end: r.end })
    const reachSeconds = eng.info().contextSeconds + HEARD_SLACK_SECONDS
    regions: for (const [i, { regionId, oldText, ...region }] of req.regions.entries()) {
      const heard = isDeletion(region) ? null : { reachSeconds, spans: deletesHeard(region, [...cuts.values()].filter((c) => c.regionId !== regionId), reachSeconds) }
      const cut = (c: CutSpan): RegionSpec => ({ start: c.start, end: c.end, text: '', mode: 'delete' })
      const before = (heard?.spans ?? []).filter((c) => c.end <= region.start)
      const after = (heard?.spans ?? []).filter((c) => c.end > region.start)
      // The fill keeps noise stream 0, as alone: with no deletion near, its take is what it always was.
      const asked: RegionSpec[] = [...before.map(cut), { ...region, noiseStream: 0 }, ...after.map(cut)]
      const at = before.length
      for (const [k, seed] of seeds.entries()) {
        if (ctx.signal.aborted && out.length) return partial()
        checkCancelled(ctx.signal)
        // Only the window around the region is read from the file; the take is cut from its fill.
        let res: Awaited<ReturnType<typeof fillSource>>
        const unit = progress.unit(i * tries + k, { region: i, regions: req.regions.length, k, count: tries })
        try {
          res = await fillSource(eng, doc.source, asked, { ...settings, seed }, {
            // The deletions it hears are context, not regions of the job.
            onProgress: (p) => unit({ ...p, regionIndex: 0, regionCount: 1 }),
            signal: ctx.signal,
            captureTrajectory: req.captureTrajectory ?? false,
          })
        } catch (e) {
          if (ctx.signal.aborted && out.length) return partial()
          if (!(e instanceof EngineError) || e.code === 'CANCELLED') throw e
          // Each region is filled alone (with the deletions it hears), so the engine numbers it in that call:
          // name it by its place in the request, which the studio maps to its card (Generate all had blamed the first region).
          const message = e.message.replace(new RegExp(`\\bregion ${at + 1} \\(`, 'i'), `region ${i + 1} (`)
          // Generate all makes what it can: one region that cannot be filled does not cost the others
          // their takes (they are returned with the failures); a job of one region fails as before.
          if (req.regions.length === 1) throw new EngineError(message, e.code)
          failed.push({ regionId, message })
          firstError ??= new EngineError(message, e.code)
          continue regions
        }
        const { from, to, fill, regions: inWindow } = res.windows.find((w) => w.regions.includes(at))!
        const w = inWindow.indexOf(at)
        progress.done(res.networkCalls)
        const take = shiftTake(
          takeFromFill(
            { takeId: randomUUID(), audioId: req.audioId, regionId, region, sourceFrames: to - from, label: takeLabel(fill.settings), createdAt: Date.now() },
            fill,
            w,
          ),
          from,
        )
        if (heard) take.heard = heard
        if (res.regions[at].narrowed) take.narrowed = res.regions[at].narrowed
        if (checking && region.text.trim()) {
          // The check reads the window's own fill (its splice points are window-relative), the deletions it heard cut.
          const { outStart, outEnd } = fill.regions[w].splice
          take.check = await eng.checkTake(fill.audio, outStart, outEnd, region.text, oldText ?? '')
        }
        takes.set(take.takeId, take)
        out.push(take)
        if (!take.check || take.check.passes) break
      }
    }
    if (firstError && failed.length === req.regions.length) throw firstError
    return { kind: 'generate', takes: out, ...(failed.length ? { failed } : {}) }
  },

  async align(req, ctx) {
    const eng = requireEngine()
    const { doc } = audioDoc(req.audioId)
    const started = Date.now()
    // The aligner reads the file piece by piece (mono at the model's rate): a long file is never held whole.
    const alignment = await eng.alignSource(doc.source, req.text, {
      signal: ctx.signal,
      onProgress: (done, total) => {
        // Seconds aligned stand in for network calls, so the job bar shows it like any job.
        const call = Math.round(done)
        const totalCalls = Math.max(1, Math.round(total))
        const elapsedMs = Date.now() - started
        ctx.progress({ call, totalCalls, regionIndex: 0, regionCount: 1, t: done / Math.max(total, 1e-9), elapsedMs, jobCall: call, jobTotalCalls: totalCalls, etaMs: call > 0 ? Math.round((elapsedMs / call) * (totalCalls - call)) : null })
      },
    })
    return { kind: 'align', alignment }
  },

  async ladder(req, ctx) {
    const eng = requireEngine()
    const { doc } = audioDoc(req.audioId)
    const { regionId, ...region } = req.region
    const settings = { ...req.settings, seed: req.settings?.seed ?? randomSeed() }
    const w = regionWindow(eng.info(), doc.source, region)
    const res = await eng.ladder(
      await readWindow(doc.source, w.from, w.to),
      w.region,
      req.variants,
      settings,
      // A cancel keeps the variants already made: comparing 12 of 30 is still worth a listen.
      { onProgress: progressMapper(ctx, 1).unit(0), signal: ctx.signal, keepPartial: true },
      second ? [second] : [],
    )
    const createdAt = Date.now()
    const out = res.variants.map((v, i) => {
      const take = shiftTake(
        takeFromRung(
          { takeId: randomUUID(), audioId: req.audioId, regionId, region, sourceFrames: w.to - w.from, label: takeLabel(v.settings), createdAt },
          res,
          i,
        ),
        w.from,
      )
      // The ladder ran on the window: its seconds are the window's.
      if (v.narrowed) take.narrowed = { start: v.narrowed.start + w.from / doc.source.sampleRate, end: v.narrowed.end + w.from / doc.source.sampleRate }
      takes.set(take.takeId, take)
      return take
    })
    return { kind: 'ladder', takes: out, ...(res.cancelled ? { cancelled: true } : {}) }
  },

  async say(req, ctx) {
    const eng = requireEngine()
    let voice: PcmAudio | undefined
    if (req.voice) {
      const { doc } = audioDoc(req.voice.audioId)
      const a = req.voice.startFrame ?? 0
      const b = Math.min(doc.frames, req.voice.endFrame ?? doc.frames)
      if (b <= a) throw new EngineError('the voice prompt range is empty', 'BAD_REGION')
      // say() hears at most PROMPT_SECONDS of the prompt after up to VOICE_LEAD_SECONDS of silence: read no more than that.
      voice = await readWindow(doc.source, a, Math.min(b, a + Math.ceil((VOICE_LEAD_SECONDS + PROMPT_SECONDS) * doc.source.sampleRate)))
    }
    const settings = { ...req.settings, seed: req.settings?.seed ?? randomSeed() }
    const progress = progressMapper(ctx, 1)
    const res = await eng.say(
      req.text,
      { ...settings, ...(voice ? { voice } : {}), ...(req.pauseSeconds !== undefined ? { pauseSeconds: req.pauseSeconds } : {}), ...(req.roomTone ? { roomTone: true } : {}) },
      { onProgress: progress.unit(0), signal: ctx.signal },
    )
    await writeFile(req.path, encodeWav(res.audio, 'float32'))
    const audio = await openFile({ audioId: req.audioId, path: req.path, name: req.name, origin: 'generated' })
    return {
      kind: 'say',
      audio,
      sentences: res.sentences,
      settings: res.settings,
      timings: res.timings,
      networkCalls: res.networkCalls,
      room: res.room,
      // What is wrong with the voice that still let it speak (silent, very short, no speech in it), as the CLI says it.
      // Where the page's user finds speech to use instead: a region (of this file, opened in the editor).
      voiceWarnings: voice ? eng.voiceWarnings(voice, `${req.voice?.startFrame === undefined ? 'open it and use' : 'use'} a region that starts with speech as the voice`) : [],
    }
  },

  async vocode({ takeId, step, kind, level }) {
    const eng = requireEngine()
    const take = takes.get(takeId)
    if (!take) throw new StudioError(`unknown take ${takeId}`, 'NOT_FOUND')
    const tr = take.trajectory
    if (!tr) throw new StudioError(`take ${takeId} has no trajectory (generate it with the trajectory view)`, 'BAD_REQUEST')
    const { hop, sampleRate } = eng.info()
    // The generated span plus a little context on each side, so its onset and release are heard.
    const margin = Math.round((TRAJECTORY_CONTEXT_SECONDS * sampleRate) / hop)
    const around = (frames: number, maskStart: number, maskEnd: number) => [Math.max(0, maskStart - margin), Math.min(frames, maskEnd + margin)]
    if (kind === 'forward') {
      // The original region under the forward process: the same closed form the view draws.
      const fp = tr.forward
      if (!fp) throw new StudioError(`take ${takeId} has no forward-process data`, 'BAD_REQUEST')
      if (level === undefined) throw new StudioError('the forward process needs a level from 0 (data) to 1 (noise)', 'BAD_REQUEST')
      const [a, b] = around(fp.frames, fp.maskStart, fp.maskEnd)
      const { state } = forwardState(fp, tr.nMels, level)
      const audio = await eng.vocode(state.slice(a * tr.nMels, b * tr.nMels))
      return { sampleRate: audio.sampleRate, startFrame: a * hop, channels: audio.channels }
    }
    const list = kind === 'state' ? tr.states : tr.estimates
    if (step >= list.length) throw new StudioError(`step ${step} is outside the trajectory (0 to ${list.length - 1})`, 'BAD_REQUEST')
    const [a, b] = around(tr.frames, tr.maskStart, tr.maskEnd)
    const audio = await eng.vocode(list[step].slice(a * tr.nMels, b * tr.nMels))
    return { sampleRate: audio.sampleRate, startFrame: a * hop, channels: audio.channels }
  },

  async voiceover(req) {
    const clips = await Promise.all(req.lines.map(({ audioId }) => audioDoc(audioId).doc.source).map((src) => readWindow(src, 0, src.frames)))
    const rate = req.sampleRate ?? clips[0].sampleRate
    const mono = await Promise.all(
      clips.map(async (pcm) => {
        const m = mixDown(pcm.channels, 0, pcm.channels[0].length)
        return pcm.sampleRate === rate ? m : resampleUnderPeak(m, pcm.sampleRate, rate)
      }),
    )
    const { audio, cues } = composeVoiceover(mono.map((pcm, i) => ({ text: req.lines[i].text, pcm, room: req.lines[i].room })), rate, req.pauseSeconds)
    const bytes = encodeWav({ sampleRate: rate, channels: [audio] }, req.format)
    // Said as the editor's export says it: an integer format clips what goes beyond full scale.
    let clipped = 0
    if (req.format !== 'float32') for (const v of audio) if (v > 1 || v < -1) clipped++
    await writeFile(req.path, bytes)
    await writeFile(req.srtPath, formatSrt(cues))
    return { bytes: bytes.byteLength, frames: audio.length, sampleRate: rate, cues, clipped }
  },

  async export(req, ctx) {
    const { doc } = audioDoc(req.audioId)
    const pieces = exportPieces(doc, takesFor(req.audioId, req.takeIds))
    // Streamed: source stretches are read and written chunk by chunk, never the whole timeline.
    let last = 0
    const res = await writePieces(req.path, doc.source, pieces, {
      format: req.format,
      ...(req.sampleRate ? { sampleRate: req.sampleRate } : {}),
      signal: ctx.signal,
      onProgress: (frames, totalFrames) => {
        const now = Date.now()
        if (frames < totalFrames && now - last < PROGRESS_INTERVAL_MS) return
        last = now
        ctx.progress({ frames, totalFrames })
      },
    })
    const { size } = await stat(req.path)
    return { bytes: size, frames: res.frames, sampleRate: res.sampleRate, clipped: res.clipped }
  },
}

// ---------------------------------------------------------------- dispatch

async function dispatch(msg: HostMessage): Promise<void> {
  if (msg.type === 'cancel') {
    running.get(msg.id)?.abort()
    return
  }
  const handler = handlers[msg.method] as Handler<WorkerMethod> | undefined
  if (!handler) {
    post({ type: 'reply', id: msg.id, ok: false, error: { code: 'BAD_REQUEST', message: `unknown method ${msg.method}` } })
    return
  }
  const controller = new AbortController()
  running.set(msg.id, controller)
  try {
    const value = await handler(msg.params as never, {
      signal: controller.signal,
      progress: (progress) => post({ type: 'progress', id: msg.id, progress }),
    })
    post({ type: 'reply', id: msg.id, ok: true, value })
  } catch (e) {
    const error = controller.signal.aborted ? { code: 'CANCELLED' as const, message: 'cancelled' } : toErrorInfo(e)
    post({ type: 'reply', id: msg.id, ok: false, error })
  } finally {
    running.delete(msg.id)
  }
}

function onMessage(data: unknown): void {
  void dispatch(data as HostMessage)
}

if (parentPort) parentPort.on('message', (e) => onMessage(e.data))
else if (process.send) {
  process.on('message', onMessage)
  // A forked engine must not outlive its host (e.g. a web server killed with SIGKILL).
  process.on('disconnect', () => process.exit(0))
} else {
  console.error(`${basename(process.argv[1] ?? 'worker')}: start me through the engine host (utilityProcess or fork)`)
  process.exit(2)
}
post({ type: 'hello', pid: process.pid })
