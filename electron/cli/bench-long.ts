// The long-recording part of `npm run bench`: a generated 1-hour 48 kHz stereo 16-bit WAV (690 MB,
// in a temporary folder, deleted afterwards) is
//   - filled through the real CLI in a child process, whose peak RSS it reports (target ≤ 1 GB);
//   - opened by the studio backend (real engine process) without and with cached peaks: the time to
//     the first waveform (the overview peaks 'audio:open' returns), against one plain read of the file;
//   - given a take and exported in a stream, with the engine process's peak RSS (target ≤ 1 GB).
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { readAudioFile } from '../engine/audio/decode'
import { resample } from '../engine/audio/resample'
import { openAudioSource } from '../engine/audio/source'
import { WavWriter } from '../engine/audio/wav-writer'
import type { JobEvent, JobResult } from '../shared/studio-types'
import { headlessStudio } from '../studio/headless'

const SPEECH = resolve('tests/fixtures/bench/speech-10s.wav')
const RATE = 48000
const CHUNK = 1 << 20

export interface LongFileFigures {
  seconds: number
  sampleRate: number
  channels: number
  fileMb: number
  cliFillSeconds: number
  cliFillPeakRssMb: number
  /** one sequential read of the whole file through the windowed reader (what building peaks costs at least) */
  readSeconds: number
  firstWaveformSeconds: { uncached: number; cached: number }
  exportSeconds: number
  /** the engine process's peak RSS over opening the file (peaks cached), one take and the export */
  exportPeakRssMb: number | null
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10
const secs = (ms: number) => Math.round(ms) / 1000

/** `seconds` of 48 kHz stereo 16-bit speech (the bench recording tiled, each copy at its own level), streamed to disk. */
async function writeLongWav(path: string, seconds: number): Promise<void> {
  const speech = await readAudioFile(SPEECH)
  const voice = await resample(speech.channels[0], speech.sampleRate, RATE)
  const frames = seconds * RATE
  const w = await WavWriter.create(path, { format: 'pcm16', sampleRate: RATE, channels: 2, frames })
  let seed = 1
  for (let a = 0; a < frames; a += CHUNK) {
    const n = Math.min(CHUNK, frames - a)
    const l = new Float32Array(n)
    const r = new Float32Array(n)
    for (let i = 0; i < n; i++) {
      const k = a + i
      const copy = Math.floor(k / voice.length)
      seed = (seed * 1664525 + 1013904223) >>> 0
      const v = voice[k % voice.length] * (0.5 + 0.45 * Math.sin(copy * 1.7)) + ((seed >>> 16) / 65536 - 0.5) * 2e-4
      l[i] = v
      r[i] = v * 0.7
    }
    await w.write([l, r])
  }
  await w.finish()
}

/** Runs the CLI as a user would, in its own process; returns wall time and that process's peak RSS. */
async function cliFill(input: string, output: string, modelDir: string, threads: number | undefined, dir: string, seconds: number): Promise<{ ms: number; rss: number }> {
  const rssFile = join(dir, 'cli.rss')
  const mid = Math.floor(seconds / 2)
  const args = [
    '--import', 'tsx', '--import', resolve('electron/cli/rss-probe.ts'), resolve('electron/cli/main.ts'), 'fill', input,
    '--start', String(mid), '--end', String(mid + 1.5), '--text', 'then it speaks the new words',
    '--seed', '1', '--model', modelDir, '--out', output, '--json', ...(threads ? ['--threads', String(threads)] : []),
  ]
  const t0 = performance.now()
  const code = await new Promise<number | null>((ok, fail) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, VOICEFILL_RSS_FILE: rssFile } })
    let err = ''
    child.stderr.on('data', (c: Buffer) => (err += c.toString()))
    child.on('error', fail)
    child.on('exit', (c) => (c === 0 ? ok(c) : fail(new Error(`the CLI fill failed (exit ${c}): ${err.trim().split('\n')[0]}`))))
  })
  const ms = performance.now() - t0
  return { ms: code === 0 ? ms : NaN, rss: Number(await readFile(rssFile, 'utf8')) }
}

/** Peak RSS (VmHWM) of a live process, from /proc; null where there is no /proc. */
async function peakRssOf(pid: number | null): Promise<number | null> {
  if (!pid) return null
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null)
  const m = status && /VmHWM:\s+(\d+) kB/.exec(status)
  return m ? Number(m[1]) * 1024 : null
}

export async function benchLongFile(modelDir: string, threads: number | undefined, seconds: number, log: (s: string) => void): Promise<LongFileFigures> {
  const dir = await mkdtemp(join(tmpdir(), 'voicefill-bench-long-'))
  try {
    const input = join(dir, 'long.wav')
    log(`long file: writing ${seconds} s of 48 kHz stereo 16-bit to ${input}`)
    await writeLongWav(input, seconds)
    const fileMb = mb((await stat(input)).size)

    const fill = await cliFill(input, join(dir, 'filled.wav'), modelDir, threads, dir, seconds)
    if ((await stat(join(dir, 'filled.wav'))).size !== (await stat(input)).size) throw new Error('the CLI fill wrote a file of another length')
    await rm(join(dir, 'filled.wav'))
    log(`long file: CLI fill of 1.5 s in ${fileMb} MB: ${secs(fill.ms)} s, peak RSS ${mb(fill.rss)} MB`)

    const t0 = performance.now()
    const source = await openAudioSource(input)
    for (let a = 0; a < source.frames; a += CHUNK) await source.read(a, Math.min(source.frames, a + CHUNK))
    await source.close()
    const readMs = performance.now() - t0

    // The studio backend with the real engine process, as the desktop app and web mode run it.
    const dataDir = join(dir, 'data')
    const jobs: JobEvent[] = []
    const { service, host } = await headlessStudio({
      modelDir,
      dataDir,
      threads: threads ?? null,
      emit: (channel, payload) => {
        if (channel === 'job:event') jobs.push(payload as JobEvent)
      },
    })
    try {
      const open = async () => {
        const t = performance.now()
        const info = (await service.handle('audio:open', { path: input }))!
        return { info, ms: performance.now() - t }
      }
      const uncached = await open()
      await service.handle('audio:close', { audioId: uncached.info.audioId })
      // A fresh engine process, so its peak RSS covers only what a reopened project costs.
      await host.stop()
      await host.start()
      const cached = await open()
      log(`long file: first waveform ${secs(uncached.ms)} s without cached peaks (one read of the file: ${secs(readMs)} s), ${secs(cached.ms)} s with`)

      const ticket = await service.handle('job:generate', {
        audioId: cached.info.audioId,
        regions: [{ regionId: 'r1', start: seconds / 2, end: seconds / 2 + 1.5, text: 'then it speaks the new words' }],
        settings: { seed: 1 },
      })
      let end: JobEvent | undefined
      while (!(end = jobs.find((e) => e.jobId === ticket.jobId && e.type !== 'progress'))) await new Promise((ok) => setTimeout(ok, 50))
      if (end.type !== 'done') throw new Error(`generating the take failed: ${end.type === 'error' ? end.error.message : ''}`)
      const take = (end.result as Extract<JobResult, { kind: 'generate' }>).takes[0]
      const t = performance.now()
      await service.handle('export:audio', { audioId: cached.info.audioId, takeIds: [take.takeId], format: 'pcm16', sampleRate: null, path: join(dir, 'export.wav') })
      const exportMs = performance.now() - t
      const exportRss = await peakRssOf(host.status.pid)
      log(`long file: export with one take ${secs(exportMs)} s, engine process peak RSS ${exportRss === null ? 'unknown (no /proc)' : `${mb(exportRss)} MB`}`)
      return {
        seconds,
        sampleRate: RATE,
        channels: 2,
        fileMb,
        cliFillSeconds: secs(fill.ms),
        cliFillPeakRssMb: mb(fill.rss),
        readSeconds: secs(readMs),
        firstWaveformSeconds: { uncached: secs(uncached.ms), cached: secs(cached.ms) },
        exportSeconds: secs(exportMs),
        exportPeakRssMb: exportRss === null ? null : mb(exportRss),
      }
    } finally {
      await service.shutdown()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
