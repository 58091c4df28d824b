// Command line: `npm run cli -- <command>` (tsx electron/cli/main.ts). See `--help` and docs/engine.md.
// Contract: --json prints ONE JSON object as the last stdout line (on an error too:
// {"command", "error": {"code", "message", "exitCode"}}); errors exit non-zero with one line on stderr
// (stack traces only with VOICEFILL_DEBUG=1).
import { bothOpen } from './open'
import { toErrorInfo } from '../shared/errors'
import { existsSync } from 'node:fs'
import { access, constants as fsConstants, lstat, mkdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { basename, dirname, extname, join, resolve } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { renameKeepingMode, writeError, writeWavFile } from '../engine/audio/encode'
import { sourceEncoding, WAV_ENCODING_LABELS } from '../engine/audio/encoding'
import { openAudioSource, readWindow, type AudioSource } from '../engine/audio/source'
import { removeLiveTemps } from '../engine/audio/temp-files'
import { clipWarning, writePieces } from '../engine/audio/write-pieces'
import { defaultModelDir, defaultVoicePath, Engine, resourcesDir } from '../engine/engine'
import { emptyTimings, familyOf, MAX_RATE, MIN_RATE, SOLVERS } from '../engine/core'
import { randomSeed } from '../engine/rng'
import { resampleUnderPeak } from '../engine/audio/resample'
import { DEFAULT_PAUSE_SECONDS, PROMPT_SECONDS, VOICE_LEAD_SECONDS } from '../engine/say'
import { formatSrt, transcriptFromFile, type SrtCue } from '../engine/srt'
import { EngineError, type Family, type FillResult, type PcmAudio, type RegionSpec, type SamplerSettings, type SayOptions, type SayResult, type Solver, type Timings } from '../engine/types'
import { composeVoiceover, lineSeed, scriptLines } from '../engine/voiceover'
import { cmdAlign, notTextFile, type CliKit } from './align'
import { checkedWindows, cmdEdit, failedCheckWarnings, logTake } from './edit'
import { fillSource, regionWindow } from '../engine/window-fill'
import { describeRegion } from '../engine/edit/plan'
import { splitSentences, textToPhones } from '../engine/text'

const HELP = `voicefill <command> [options]

  fill <audio> --start S --end E --text "…" [--start … --end … --text … for more regions]
       [--length region|natural] [--exact] [sampler options] [--format pcm16|pcm24|float32] --out FILE [--json]
       [--takes N | --until-checks N]  start = end inserts; --text "" deletes the region;
       --takes: best of N seeds checked by the aligner; --until-checks: the first of up to N that checks;
       a region whose words are already said there is generated only where they are said (a phone said
       outside it is not said again); --exact generates all of every region
  align <audio> (--text "…" | --text-file F) [--json]
       word and phone timings of a transcript, with a confidence per word
  edit <audio> (--from "…" | --from-file F) (--to "…" | --to-file F) [--takes N] [sampler options] [--format …] --out FILE [--json]
       aligns the old transcript and fills every changed run of words
  say "<text>" | --script FILE [--voice FILE] [--pause S] [--room-tone] [sampler options] [--format …] [--rate HZ] --out FILE [--json]
       --script: one clip per line (seeds derived from --seed), joined with the pause; writes subtitles
       beside FILE too (x.wav → x.srt, replaced if it exists); --rate: resampled from the model's rate (8000–192000);
       --room-tone: the voice's room noise runs on under the speech and the pauses (a line to sit in that recording)
  ladder <audio> --start S --end E --text "…" --steps 1,2,4,8,16,32 [--length region|natural] [--exact] [sampler options] --out-dir DIR [--json]
  ladder <audio> --start S --end E --text "…" --variants flow:midpoint:8,diffusion:ddim:8,diffusion:ancestral:64
       [--models flow=DIR,diffusion=DIR] [sampler options] --out-dir DIR [--json]
       a variant is [family:]solver:steps[:eta for ddim | :beta|beta-tilde for ancestral]; flow runs on
       --model (or --models flow=DIR), diffusion on --models diffusion=DIR (default resources/models/diffusion)
  info [--model DIR | <model folder>] [--json]   the model;  info <audio> [--json]: what an audio file holds and what fill writes for it

sampler options: --steps N  --solver euler|midpoint|heun (flow models) | ancestral|ddim (diffusion models)
                 --cfg W  --sway S  --schedule uniform|sway|pruned  --seed K
                 --eta E (ddim, 0–1)  --variance beta|beta-tilde (ancestral)
common options:  --model DIR (default: resources/models/default)  --threads N  --json  --help`

/** pcm16 | pcm24 | float32, as the encoder names them. */
type WavEncoding = Parameters<typeof writeWavFile>[2]

/** A usage mistake (exit code 2) as opposed to an engine error (exit code 1). */
class UsageError extends Error {}

/** Node's own file-system errors (ENOSPC while writing, EACCES at the rename) are the user's disk, not our bug. */
function isFsError(e: unknown): boolean {
  return !(e instanceof EngineError) && toErrorInfo(e).code === 'IO' && (e as { code?: unknown }).code !== 'EPIPE'
}

const options = {
  start: { type: 'string', multiple: true },
  end: { type: 'string', multiple: true },
  text: { type: 'string', multiple: true },
  length: { type: 'string' },
  exact: { type: 'boolean' },
  steps: { type: 'string' },
  solver: { type: 'string' },
  cfg: { type: 'string' },
  sway: { type: 'string' },
  schedule: { type: 'string' },
  seed: { type: 'string' },
  model: { type: 'string' },
  models: { type: 'string' },
  variants: { type: 'string' },
  eta: { type: 'string' },
  variance: { type: 'string' },
  threads: { type: 'string' },
  out: { type: 'string' },
  'out-dir': { type: 'string' },
  format: { type: 'string' },
  rate: { type: 'string' },
  voice: { type: 'string' },
  script: { type: 'string' },
  pause: { type: 'string' },
  'room-tone': { type: 'boolean' },
  'text-file': { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'from-file': { type: 'string' },
  'to-file': { type: 'string' },
  takes: { type: 'string' },
  'until-checks': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options']

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values']
type OptionName = keyof typeof options

const COMMON: OptionName[] = ['model', 'threads', 'json', 'help']
const SAMPLER: OptionName[] = ['steps', 'solver', 'cfg', 'sway', 'schedule', 'seed', 'eta', 'variance']
/** The options each command reads: any other is refused, not silently ignored (`edit --length region` did nothing). */
const COMMAND_OPTIONS: Record<string, readonly OptionName[]> = {
  fill: [...COMMON, ...SAMPLER, 'start', 'end', 'text', 'length', 'exact', 'takes', 'until-checks', 'format', 'out'],
  say: [...COMMON, ...SAMPLER, 'script', 'voice', 'pause', 'room-tone', 'format', 'rate', 'out'],
  ladder: [...COMMON, ...SAMPLER, 'start', 'end', 'text', 'length', 'exact', 'variants', 'models', 'out-dir'],
  info: COMMON,
  align: [...COMMON, 'text', 'text-file'],
  edit: [...COMMON, ...SAMPLER, 'from', 'from-file', 'to', 'to-file', 'takes', 'format', 'out'],
}

/** Refuses options the command does not read, and a single-valued option given twice (the last would win unseen). */
export function checkOptions(command: string, values: Record<string, unknown>, args: readonly string[]): void {
  const allowed = COMMAND_OPTIONS[command] ?? []
  for (const name of Object.keys(values)) {
    if (!allowed.includes(name as OptionName)) throw new UsageError(`--${name} does not apply to ${command} (see --help)`)
  }
  for (const [name, spec] of Object.entries(options)) {
    if (('multiple' in spec && spec.multiple) || spec.type === 'boolean') continue // a flag twice is still the flag
    const given = args.filter((a) => a === `--${name}` || a.startsWith(`--${name}=`) || ('short' in spec && a === `-${spec.short}`)).length
    if (given > 1) throw new UsageError(`--${name} is given ${given} times; give it once`)
  }
}

interface NumberRule {
  ok: (n: number) => boolean
  what: string
}
const anyNumber: NumberRule = { ok: Number.isFinite, what: 'a number' }
const integer: NumberRule = { ok: Number.isInteger, what: 'an integer' }
const positiveInteger: NumberRule = { ok: (n) => Number.isInteger(n) && n >= 1, what: 'a positive integer' }
// Checked on the text's value here: past 2^53 a number is rounded before the engine could name it.
const seedRule: NumberRule = { ok: (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff, what: 'an integer from 0 to 4294967295' }

function num(name: string, raw: string | undefined, rule: NumberRule = anyNumber): number | undefined {
  if (raw === undefined) return undefined
  // Decimal only: Number() would also take "0x1" (1 s) or "0b10", which no one means as seconds.
  const n = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(raw) ? Number(raw) : Number.NaN
  if (raw.trim() === '' || !rule.ok(n)) throw new UsageError(`--${name} must be ${rule.what} (got ${JSON.stringify(raw)})`)
  return n
}

function oneOf<T extends string>(name: string, raw: string | undefined, allowed: readonly T[]): T | undefined {
  if (raw === undefined) return undefined
  if (!allowed.includes(raw as T)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got ${JSON.stringify(raw)})`)
  return raw as T
}

function samplerPatch(v: Values): Partial<SamplerSettings> {
  const patch: Partial<SamplerSettings> = {}
  const steps = num('steps', v.steps, integer)
  if (steps !== undefined) patch.steps = steps
  const solver = oneOf('solver', v.solver, SOLVERS)
  if (solver) patch.solver = solver
  const eta = num('eta', v.eta)
  if (eta !== undefined) patch.eta = eta
  const variance = oneOf('variance', v.variance, ['beta', 'beta-tilde'])
  if (variance) patch.variance = variance
  const cfg = num('cfg', v.cfg)
  if (cfg !== undefined) patch.guidance = cfg
  const sway = num('sway', v.sway)
  if (sway !== undefined) patch.sway = sway
  const schedule = oneOf('schedule', v.schedule, ['uniform', 'sway', 'pruned'])
  if (schedule) patch.schedule = schedule
  const seed = num('seed', v.seed, seedRule)
  if (seed !== undefined) patch.seed = seed
  return patch
}

function requireOption(v: Values, name: 'out' | 'out-dir'): string {
  const value = v[name]
  if (!value) throw new UsageError(`--${name} is required`)
  return resolve(value)
}

function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected one ${what} (got ${positionals.length})`)
  return positionals[0]
}

function regionsFrom(v: Values): RegionSpec[] {
  const starts = v.start ?? []
  const ends = v.end ?? []
  const texts = v.text ?? []
  if (!starts.length) throw new UsageError('--start, --end and --text are required')
  if (starts.length !== ends.length || starts.length !== texts.length) {
    throw new UsageError(`give --start, --end and --text once per region (got ${starts.length}, ${ends.length}, ${texts.length})`)
  }
  const length = oneOf('length', v.length, ['region', 'natural'])
  return starts.map((s, i) => ({
    start: num('start', s)!,
    end: num('end', ends[i])!,
    text: texts[i],
    ...(length ? { length } : {}),
    ...(v.exact ? { exact: true } : {}),
  }))
}

/** --threads, at most the machine's cores: more only slows onnxruntime down (64 threads on 2 cores: 12× slower). */
function threadsOption(v: Values): number | undefined {
  const threads = num('threads', v.threads, positiveInteger)
  const cores = availableParallelism()
  if (threads !== undefined && threads > cores) throw new UsageError(`--threads must be from 1 to ${cores}, the cores this machine has (got ${threads})`)
  return threads
}

async function loadEngine(v: Values): Promise<Engine> {
  const threads = threadsOption(v)
  const engine = v.model
    ? await Engine.load(resolve(v.model), threads ? { threads } : {})
    : await Engine.load(defaultModelDir(), threads ? { threads } : {}).catch((e: unknown) => {
        if (e instanceof EngineError) throw new EngineError(`${e.message} (the default model; choose one with --model DIR)`, e.code)
        throw e
      })
  try {
    checkModelOptions(v, engine.info().objective)
  } catch (e) {
    await engine.release()
    throw e
  }
  return engine
}

/** Sampler options that only one kind of model reads: given to the other kind they would be ignored unseen. */
export function checkModelOptions(v: Pick<Values, 'eta' | 'variance' | 'sway' | 'schedule'>, objective: string): void {
  const diffusion = objective === 'ddpm-epsilon'
  const only = diffusion ? (['sway', 'schedule'] as const) : (['eta', 'variance'] as const)
  for (const name of only) {
    if (v[name] !== undefined) {
      throw new UsageError(`--${name} is for ${diffusion ? 'flow-matching' : 'diffusion (ddpm-epsilon)'} models; this model is ${diffusion ? 'a diffusion' : 'a flow-matching'} one`)
    }
  }
}

/** The start of a voice file: say() hears at most PROMPT_SECONDS of the prompt after up to VOICE_LEAD_SECONDS of silence, so no more is read. */
async function readVoice(path: string, log: (s: string) => void): Promise<PcmAudio> {
  const source = await openInput(path, log)
  try {
    return await readWindow(source, 0, Math.min(source.frames, Math.ceil((VOICE_LEAD_SECONDS + PROMPT_SECONDS) * source.sampleRate)))
  } finally {
    await source.close()
  }
}

/** Opens an input for windowed reading; non-fatal warnings (e.g. a truncated file) are shown, not fatal. */
async function openInput(path: string, log: (s: string) => void): Promise<AudioSource> {
  const source = await openAudioSource(resolve(path))
  for (const w of source.warnings) log(`warning: ${path}: ${w}`)
  return source
}

/** Creates the folder a file will be written to; refuses to write over a folder. */
/**
 * Refuses, before any generation, an output the command could never write: `--out` that is a folder,
 * or a folder on its way that is a file. `kind` 'folder' is for --out-dir.
 */
/** Names that promise another format than the WAV bytes fill, edit and say write. */
const NOT_WAV = new Set(['.mp3', '.flac', '.ogg', '.oga', '.opus', '.m4a', '.aac', '.aif', '.aiff', '.aifc', '.srt', '.txt', '.json', '.onnx', '.pt'])

/**
 * Checks an output path before any work is done and returns the file to write: a link is followed to
 * the file it names (the link stays a link). Refused: standard output, a name in a format we do not
 * write, one of the command's input files (the input is never overwritten), something that is not a
 * plain file, a folder that cannot be written to.
 */
export async function checkOutput(path: string, kind: 'file' | 'folder' = 'file', inputs: readonly string[] = []): Promise<string> {
  const option = kind === 'file' ? '--out' : '--out-dir'
  if (basename(path) === '-') throw new UsageError(`${option} -: writing to standard output is not supported; name a file`)
  let target = path
  const link = await lstat(path).catch(() => null)
  if (link?.isSymbolicLink()) {
    target = await realpath(path).catch(() => {
      throw new UsageError(`${option} ${path} is a link that does not lead to a file`)
    })
  }
  const existing = await stat(target).catch(() => null)
  if (existing?.isDirectory() && kind === 'file') throw new UsageError(`${path} is a folder; --out needs a file name`)
  if (existing && !existing.isDirectory() && kind === 'folder') throw new UsageError(`${path} is a file; --out-dir needs a folder`)
  if (existing && kind === 'file' && !existing.isFile()) throw new UsageError(`${option} ${path} is not a plain file (a device or pipe); name a file`)
  if (kind === 'file' && NOT_WAV.has(extname(target).toLowerCase())) {
    throw new UsageError(`${option} ${path}: the output is WAV; name it .wav (a ${extname(target)} name would hold WAV bytes)`)
  }
  // A model folder is never written into: a fill's --out named after a graph had overwritten it with WAV bytes.
  const folder = kind === 'folder' ? target : dirname(target)
  if (await isModelFolder(folder)) {
    throw new UsageError(`${option} ${path} is in a model folder (${folder} holds manifest.json): write the result elsewhere (a model's files are never overwritten)`)
  }
  if (existing && kind === 'file') {
    for (const input of inputs) {
      const st = await stat(input).catch(() => null) // the same file by any name: a link, a hard link, ./x
      if (st && st.ino === existing.ino && st.dev === existing.dev) {
        throw new UsageError(`${option} ${path} is the input file: write the result to another file (the input is never overwritten)`)
      }
    }
  }
  for (let dir = kind === 'folder' && existing ? target : dirname(target); ; dir = dirname(dir)) {
    const st = await stat(dir).catch(() => null)
    if (st && !st.isDirectory()) throw new UsageError(`${dir} is a file, not a folder (${option} ${path})`)
    if (st) {
      // Found before any work is done, not after minutes of generating (a read-only disk, a folder of another user's).
      await access(dir, fsConstants.W_OK).catch((e: NodeJS.ErrnoException) => {
        throw new EngineError(`cannot write to ${dir} (${e.code === 'EROFS' ? 'read-only file system' : 'permission denied'}; ${option} ${path})`, 'IO')
      })
      return target
    }
    if (dirname(dir) === dir) return target
  }
}

/** Whether `folder` holds a Voicefill model: a manifest.json saying "format": "voicefill-model" (a web app's manifest is not one). */
async function isModelFolder(folder: string): Promise<boolean> {
  const path = join(folder, 'manifest.json')
  const info = await stat(path).catch(() => null)
  if (!info?.isFile() || info.size > 16 * 1024 * 1024) return false
  try {
    return (JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, '')) as { format?: unknown })?.format === 'voicefill-model'
  } catch {
    return false
  }
}

async function prepareOutput(path: string): Promise<void> {
  await checkOutput(path)
  await makeFolders(dirname(path))
}

/**
 * mkdir -p one level at a time: Node 20's recursive mkdir never returns for a path under /proc (a
 * folder that cannot be made there spun at full CPU), where one level at a time fails with ENOENT.
 */
async function makeFolders(dir: string): Promise<void> {
  const missing: string[] = []
  for (let d = resolve(dir); !(await stat(d).then((s) => s.isDirectory(), () => false)); d = dirname(d)) {
    if (dirname(d) === d) break
    missing.unshift(d)
  }
  for (const d of missing) {
    await mkdir(d).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw new EngineError(`cannot make the folder ${d} (${e.code === 'ENOENT' ? 'not possible there' : e.code === 'EACCES' ? 'permission denied' : e.code ?? e.message})`, 'IO')
    })
  }
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits
const seconds = (a: PcmAudio) => a.channels[0].length / a.sampleRate

/** What fill prints and returns, from either path (in memory with checked takes, or windowed). */
interface FillReport {
  out: string
  input: string
  inputFormat: string
  sampleRate: number
  channels: number
  format: WavEncoding
  warnings: readonly string[]
  inputSeconds: number
  outputSeconds: number
  started: number
  result: Pick<FillResult, 'regions' | 'timings' | 'settings' | 'networkCalls'>
  /** checked takes: the seed reported is the run's first, not the kept take's */
  takes?: boolean
}

function fillReport(r: FillReport, log: (s: string) => void) {
  const { result } = r
  const generated = result.regions.reduce((a, x) => a + x.generatedSeconds, 0)
  log(`wrote ${r.out}: ${round(r.outputSeconds)} s, ${r.sampleRate} Hz, ${r.channels} ch`)
  for (const x of result.regions) {
    const where = x.narrowed ? ` (${round(x.narrowed.start)}–${round(x.narrowed.end)} s, where its words are said; --exact for all of it)` : ''
    log(`  ${x.region.start}–${x.region.end} s → ${round(x.generatedSeconds)} s generated${where}, ${x.phones.length} phones, ${x.networkCalls} network calls`)
  }
  result.regions.forEach((x, i) => x.warnings?.forEach((w) => log(`warning: ${describeRegion(x.region, i)}: ${w}`)))
  log(`  ${round(result.timings.totalMs, 0)} ms in the engine, seed ${result.settings.seed}${r.takes ? " (the first take's; the kept take's seed is above)" : ''}`)
  return {
    command: 'fill',
    output: r.out,
    input: r.input,
    inputFormat: r.inputFormat,
    sampleRate: r.sampleRate,
    channels: r.channels,
    format: r.format,
    warnings: r.warnings,
    inputSeconds: round(r.inputSeconds, 6),
    outputSeconds: round(r.outputSeconds, 6),
    generatedSeconds: round(generated, 6),
    regions: result.regions.map((x) => ({
      ...x.region,
      generatedSeconds: round(x.generatedSeconds, 6),
      phones: x.phones,
      networkCalls: x.networkCalls,
      ...(x.narrowed ? { narrowed: { start: round(x.narrowed.start, 6), end: round(x.narrowed.end, 6) } } : {}),
      splice: x.splice,
      warnings: x.warnings ?? [],
    })),
    elapsedMs: round(performance.now() - r.started, 1),
    engineMs: round(result.timings.totalMs, 1),
    networkCalls: result.networkCalls,
    rtf: generated > 0 ? round(result.timings.totalMs / 1000 / generated, 4) : null,
    settings: result.settings,
    timings: roundTimings(result.timings),
  }
}

async function cmdFill(v: Values, positionals: string[], log: (s: string) => void) {
  const input = resolve(onePositional(positionals, 'audio file'))
  const out = await checkOutput(resolve(requireOption(v, 'out')), 'file', [input])
  const requested = oneOf<WavEncoding>('format', v.format, ['pcm16', 'pcm24', 'float32'])
  const regions = regionsFrom(v)
  const patch = samplerPatch(v)
  const started = performance.now()
  // Deletions generate nothing: there is no take to check, so --takes does not multiply them.
  const onlyDeletes = regions.every((r) => r.text === '')
  const asked = takesOption(v)
  const takes = onlyDeletes ? undefined : asked
  if (onlyDeletes && asked) log('note: every region is a deletion; there is nothing to take again')
  // The input is read window by window from disk and the output written in a stream, so an
  // hour-long recording costs the memory of its edited windows only (docs/engine.md, Long recordings);
  // checked takes are generated and checked window by window too.
  const [engine, source] = await bothOpen(loadEngine(v), openInput(input, log))
  try {
    const format = requested ?? sourceEncoding(source.format)
    const result = await fillSource(engine, source, regions, patch, {}, takes && {
      ...takes,
      onTake: logTake(takes.count, regions.length, log),
    })
    await prepareOutput(out)
    const written = await writePieces(out, source, result.pieces, { format })
    if (source.nonFinite > 0) log(`warning: ${input}: ${source.nonFinite} non-finite float samples (NaN/Inf) read as 0`)
    const clipped = clipWarning(written.clipped, format)
    if (clipped) log(`warning: ${clipped}`)
    const rate = source.sampleRate
    const checked = checkedWindows(result.windows, regions.length, log)
    const unchecked = failedCheckWarnings(result.windows, regions.length)
    for (const w of unchecked) log(`warning: ${w}`)
    const nonFinite = source.nonFinite > 0 ? `${source.nonFinite} non-finite float samples (NaN/Inf) read as 0` : null
    const empty = result.frames === 0 ? 'every sample was deleted: the output holds no audio' : null
    if (empty) log(`warning: ${empty}`)
    const warnings = [...source.warnings, ...[nonFinite, clipped, empty].filter((w): w is string => w !== null), ...unchecked]
    const report = fillReport({ out, input, inputFormat: source.format, sampleRate: rate, channels: source.channels, format, warnings,
      inputSeconds: source.frames / rate, outputSeconds: result.frames / rate, started, result, takes: !!takes }, log)
    return { ...report, ...(takes ? { checked } : {}) }
  } finally {
    await source.close()
  }
}

/** --takes N (best of N checked seeds) or --until-checks N (up to N, stopping at the first that checks). */
function takesOption(v: Values): { count: number; untilPass: boolean } | undefined {
  const best = num('takes', v.takes, positiveInteger)
  const until = num('until-checks', v['until-checks'], positiveInteger)
  if (best !== undefined && until !== undefined) throw new UsageError('give --takes N (best of N) or --until-checks N (the first of up to N that checks), not both')
  if (best !== undefined) return { count: best, untilPass: false }
  if (until !== undefined) return { count: until, untilPass: true }
  return undefined
}

function roundTimings(t: Timings): Timings {
  return { totalMs: round(t.totalMs, 1), onnxMs: round(t.onnxMs, 1), vocoderMs: round(t.vocoderMs, 1), featuresMs: round(t.featuresMs, 1) }
}

async function cmdSay(v: Values, positionals: string[], log: (s: string) => void) {
  if (v.script && positionals.length) throw new UsageError('give the text or --script FILE, not both')
  const notText = v.script ? await notTextFile(v.script) : null
  if (notText) throw new UsageError(`cannot read --script ${v.script}: ${notText}`)
  const script = v.script ? await readFile(resolve(v.script), 'utf8').catch(() => {
    throw new UsageError(`cannot read --script ${v.script}`)
  }) : null
  // Subtitles are said cue by cue, their words only (as the studio loads an .srt): the cue numbers and times had been said.
  const srtScript = !!v.script && /\.srt$/i.test(v.script)
  const lines = script === null ? null : scriptLines(srtScript ? transcriptFromFile(v.script!, script) : script)
  if (lines && !lines.length) throw new UsageError(`--script ${v.script} has no lines to say`)
  const text = lines ? '' : onePositional(positionals, 'text to say (or --script FILE)')
  const out = await checkOutput(resolve(requireOption(v, 'out')), 'file', [v.voice, v.script].filter((x): x is string => !!x).map((x) => resolve(x)))
  if (v.script && resolve(srtPathFor(out)) === resolve(v.script)) {
    throw new UsageError(`--out ${out} would write its subtitles over the script ${v.script}; choose another --out name`)
  }
  // The subtitles' name is checked before any work, as the WAV's is (a folder there failed after generating).
  if (v.script) {
    const srtInfo = await stat(srtPathFor(out)).catch(() => null)
    if (srtInfo && !srtInfo.isFile()) throw new UsageError(`--out ${out}: its subtitles would go to ${srtPathFor(out)}, which is not a plain file; choose another --out name`)
  }
  const format = oneOf<WavEncoding>('format', v.format, ['pcm16', 'pcm24', 'float32']) ?? 'pcm16'
  const pause = num('pause', v.pause)
  const rate = num('rate', v.rate, { ok: (n) => Number.isInteger(n) && n >= 8000 && n <= 192000, what: 'a sample rate in Hz, 8000 to 192000' })
  const patch = samplerPatch(v)
  const started = performance.now()
  const [engine, voice] = await Promise.all([loadEngine(v), v.voice ? readVoice(v.voice, log) : Promise.resolve(undefined)])
  const opts: SayOptions = {
    ...patch,
    ...(voice ? { voice } : {}),
    ...(pause !== undefined ? { pauseSeconds: pause } : {}),
    ...(v['room-tone'] ? { roomTone: true } : {}),
  }
  // The file's own line numbers of the lines to say (blank lines are skipped), for messages.
  const numbers = script === null || srtScript ? [] : script.split(/\r\n|\r|\n/).flatMap((l, i) => (l.trim() ? [i + 1] : []))
  const result: SayResult & { cues?: SrtCue[] } = lines ? await sayScript(engine, lines, opts, numbers, rate) : await atRate(await engine.say(text, opts), rate)
  const warnings = voice ? engine.voiceWarnings(voice) : []
  for (const w of warnings) log(`warning: ${w}`)
  await prepareOutput(out)
  await writeWavFile(out, result.audio, format)
  const srt = result.cues ? srtPathFor(out) : null
  if (srt && result.cues) {
    // Written whole or not at all, as the WAV is: a temporary file renamed into place.
    const tmp = `${srt}.${process.pid}.tmp`
    try {
      await writeFile(tmp, formatSrt(result.cues))
      await rename(tmp, srt)
    } catch (e) {
      await rm(tmp, { force: true })
      const code = (e as NodeJS.ErrnoException).code
      throw new EngineError(`cannot write the subtitles ${srt} (${code === 'EACCES' ? 'permission denied' : (code ?? (e as Error).message)}); ${out} was written`, 'IO')
    }
  }
  const duration = seconds(result.audio)
  log(`wrote ${out}: ${round(duration)} s, ${result.sentences.length} sentence(s), ${result.networkCalls} network calls, seed ${result.settings.seed}`)
  // Where the front end wrote something out ("$5" → "five dollars"), say what it said, so it can be checked.
  for (const s of result.sentences) if (wordsOf(s.text) !== wordsOf(s.spoken)) log(`  "${s.text}" said as: ${s.spoken}`)
  if (srt) log(`wrote ${srt}: ${result.cues?.length} cue(s)`)
  return {
    command: 'say',
    output: out,
    ...(srt && result.cues ? { srt, lines: result.cues.map((c) => ({ ...c, start: round(c.start, 4), end: round(c.end, 4) })) } : {}),
    voice: v.voice ? resolve(v.voice) : defaultVoicePath(),
    warnings,
    sampleRate: result.audio.sampleRate,
    channels: 1,
    format,
    outputSeconds: round(duration, 6),
    sentences: result.sentences.map((s) => ({ ...s, start: round(s.start, 4), end: round(s.end, 4) })),
    elapsedMs: round(performance.now() - started, 1),
    engineMs: round(result.timings.totalMs, 1),
    networkCalls: result.networkCalls,
    rtf: duration > 0 ? round(result.timings.totalMs / 1000 / duration, 4) : null,
    settings: result.settings,
    timings: roundTimings(result.timings),
  }
}

/** Lower-case words of a text, for telling whether the front end changed what it says. */
function wordsOf(text: string): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []).join(' ')
}

/**
 * A script, as the studio's voiceover makes it: each line generated on its own with the seed
 * lineSeed(seed, i) and the lines joined with the pause, so the studio's export and this WAV match.
 */
/** A voiceover at another rate than the model's (a video project's 48 kHz); the studio's export resamples the same way. */
async function atRate(result: SayResult, rate: number | undefined): Promise<SayResult> {
  const from = result.audio.sampleRate
  if (rate === undefined || rate === from) return result
  return { ...result, audio: { sampleRate: rate, channels: await Promise.all(result.audio.channels.map((c) => resampleUnderPeak(c, from, rate))) } }
}

async function sayScript(engine: Engine, lines: string[], opts: SayOptions, numbers: readonly number[] = [], outRate?: number): Promise<SayResult & { cues: SrtCue[] }> {
  const seed = opts.seed ?? randomSeed()
  const pause = opts.pauseSeconds ?? DEFAULT_PAUSE_SECONDS
  // Every line's text is read first: a bad one fails at once, named by its line, with nothing spent.
  for (const [i, line] of lines.entries()) {
    try {
      // Sentence by sentence, as say() reads a line: a paragraph over MAX_TEXT_CHARS is no error there
      // (it had refused a long line that `say "…"` and the studio's voiceover take).
      const sentences = splitSentences(line)
      for (const sentence of sentences.length ? sentences : [line]) textToPhones(sentence)
    } catch (e) {
      if (e instanceof EngineError) throw new EngineError(`script line ${numbers[i] ?? i + 1} ("${line.length > 40 ? `${line.slice(0, 40)}…` : line}"): ${e.message}`, e.code)
      throw e
    }
  }
  const parts: SayResult[] = []
  // Each clip is resampled before the join, as the studio's export does, so pauses are exact at the output rate.
  for (const [i, line] of lines.entries()) parts.push(await atRate(await engine.say(line, { ...opts, seed: lineSeed(seed, i), pauseSeconds: pause }), outRate))
  const rate = parts[0].audio.sampleRate
  const { audio, cues } = composeVoiceover(parts.map((p, i) => ({ text: lines[i], pcm: p.audio.channels[0], room: p.room })), rate, pause)
  const timings = parts.reduce((t, p) => ({ totalMs: t.totalMs + p.timings.totalMs, onnxMs: t.onnxMs + p.timings.onnxMs, vocoderMs: t.vocoderMs + p.timings.vocoderMs, featuresMs: t.featuresMs + p.timings.featuresMs }), emptyTimings())
  return {
    audio: { sampleRate: rate, channels: [audio] },
    sentences: parts.flatMap((p, i) => p.sentences.map((s) => ({ ...s, start: s.start + cues[i].start, end: s.end + cues[i].start }))),
    settings: { ...parts[0].settings, seed },
    timings,
    networkCalls: parts.reduce((n, p) => n + p.networkCalls, 0),
    room: parts[0].room,
    cues,
  }
}

/** out.wav → out.srt (any other name gets .srt appended). */
function srtPathFor(wavPath: string): string {
  return /\.wav$/i.test(wavPath) ? wavPath.replace(/\.wav$/i, '.srt') : `${wavPath}.srt`
}

/** Seconds of original audio kept on each side of a ladder rung's file, for listening in context. */
const LADDER_CONTEXT_SECONDS = 0.5

/** One `--variants` item: [family:]solver:steps[:eta | :variance], e.g. diffusion:ddim:8 or ddim:8:0.5. */
interface VariantArg {
  family: Family
  settings: Partial<SamplerSettings> & { steps: number; solver: Solver }
}

function parseVariants(text: string): VariantArg[] {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean)
  if (!items.length) throw new UsageError('--variants is empty (e.g. --variants flow:midpoint:8,diffusion:ddim:8)')
  return items.map((item) => {
    const parts = item.split(':')
    const named = parts[0] === 'flow' || parts[0] === 'diffusion' ? (parts.shift() as Family) : null
    const [solverText, stepsText, extra, ...rest] = parts
    const bad = (why: string) => new UsageError(`--variants ${JSON.stringify(item)}: ${why} (expected [flow|diffusion:]solver:steps, e.g. diffusion:ddim:8)`)
    if (rest.length || stepsText === undefined) throw bad('wrong number of fields')
    if (!SOLVERS.includes(solverText as Solver)) throw bad(`unknown solver ${JSON.stringify(solverText)} (${SOLVERS.join(', ')})`)
    const solver = solverText as Solver
    const family = familyOf(solver)
    if (named && named !== family) throw bad(`${solver} is a ${family} sampler, not a ${named} one`)
    // Decimal digits only, as --steps reads them (Number() took "0x4" as 4).
    const steps = /^\s*\d+\s*$/.test(stepsText) ? Number(stepsText) : Number.NaN
    if (!Number.isInteger(steps) || steps < 1) throw bad(`steps must be a positive integer (got ${JSON.stringify(stepsText)})`)
    const settings: VariantArg['settings'] = { steps, solver }
    if (extra !== undefined) {
      if (solver === 'ddim' && extra.trim() !== '' && Number.isFinite(Number(extra))) settings.eta = Number(extra)
      else if (solver === 'ancestral' && (extra === 'beta' || extra === 'beta-tilde')) settings.variance = extra
      else throw bad(`a fourth field is η for ddim (a number) or beta|beta-tilde for ancestral (got ${JSON.stringify(extra)})`)
    }
    return { family, settings }
  })
}

/** `--models flow=DIR,diffusion=DIR` → folder per family. */
function parseModels(text: string | undefined): Partial<Record<Family, string>> {
  const out: Partial<Record<Family, string>> = {}
  for (const item of (text ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(flow|diffusion)=(.+)$/.exec(item)
    if (!m) throw new UsageError(`--models ${JSON.stringify(item)}: expected flow=DIR or diffusion=DIR`)
    out[m[1] as Family] = resolve(m[2])
  }
  return out
}

/**
 * The engines a mixed ladder needs: flow on --model (or --models flow=DIR), diffusion on --models
 * diffusion=DIR or the shipped twin; each must be the kind its family says.
 */
async function ladderEngines(v: Values, families: readonly Family[]): Promise<Engine[]> {
  const dirs = parseModels(v.models)
  if (dirs.flow && v.model) throw new UsageError('give the flow model with --model or --models flow=DIR, not both')
  const threads = threadsOption(v)
  const wanted = (['flow', 'diffusion'] as const).filter((f) => families.includes(f))
  return Promise.all(
    wanted.map(async (family) => {
      const shipped = family === 'flow' ? defaultModelDir() : join(resourcesDir(), 'models', 'diffusion')
      const dir = dirs[family] ?? (family === 'flow' && v.model ? resolve(v.model) : shipped)
      if (!dirs[family] && family === 'diffusion' && !existsSync(dir)) {
        throw new UsageError(`no diffusion model: the variants need one; pass --models diffusion=DIR (no ${dir})`)
      }
      const engine = await Engine.load(dir, threads ? { threads } : {})
      const objective = engine.info().objective
      if ((objective === 'ddpm-epsilon' ? 'diffusion' : 'flow') !== family) {
        await engine.release()
        throw new EngineError(`the ${family} model ${dir} is a ${objective} model`, 'BAD_MODEL')
      }
      return engine
    }),
  )
}

async function cmdLadder(v: Values, positionals: string[], log: (s: string) => void) {
  const input = resolve(onePositional(positionals, 'audio file'))
  const outDir = requireOption(v, 'out-dir')
  await checkOutput(resolve(outDir), 'folder', [input])
  const regions = regionsFrom(v)
  if (regions.length !== 1) throw new UsageError('ladder takes exactly one region')
  if (v.steps && v.variants) throw new UsageError('give --steps (with --solver) or --variants, not both')
  // Each variant names its own sampler: a --solver, --eta or --variance beside them would be ignored.
  for (const name of ['solver', 'eta', 'variance'] as const) {
    if (v.variants && v[name] !== undefined) throw new UsageError(`--${name} does not apply with --variants (each variant names its solver${name === 'solver' ? '' : `, and ${name === 'eta' ? 'ddim:STEPS:ETA its η' : 'ancestral:STEPS:beta|beta-tilde its variance'}`})`)
  }
  if (!v.steps && !v.variants) throw new UsageError('--steps or --variants is required, e.g. --steps 1,2,4,8,16,32')
  const mixed = v.variants ? parseVariants(v.variants) : null
  if (!mixed && v.models) throw new UsageError('--models goes with --variants')
  const stepList = v.steps ? v.steps.split(',').map((s) => num('steps', s.trim(), positiveInteger)!) : []
  const patch = samplerPatch({ ...v, steps: undefined })
  const started = performance.now()
  const [engines, source] = await bothOpen(
    mixed ? ladderEngines(v, mixed.map((m) => m.family)) : loadEngine(v).then((e) => [e]),
    openInput(input, log),
  )
  const solver: Solver | undefined = patch.solver
  const list = mixed ? mixed.map((m) => m.settings) : stepList.map((steps) => ({ steps, ...(solver ? { solver } : {}) }))
  const [engine, ...others] = engines
  // Only the window the region needs is read (the widest context of the models in the ladder).
  const contextSeconds = Math.max(...engines.map((e) => e.info().contextSeconds))
  let audio: PcmAudio
  let region: RegionSpec
  try {
    const w = regionWindow({ ...engine.info(), contextSeconds }, source, regions[0])
    audio = await readWindow(source, w.from, w.to)
    region = w.region
  } finally {
    await source.close()
  }
  const result = await engine.ladder(audio, region, list, mixed ? { ...patch, solver: undefined } : patch, {}, others)
  for (const w of result.warnings ?? []) log(`warning: ${describeRegion(regions[0], 0)}: ${w}`)
  await makeFolders(outDir)
  const stem = basename(input, extname(input))
  const variants = []
  // A ladder is written whole or not at all: every rung goes to a temporary file first and they are
  // renamed into place together, so a failure (a full disk, a folder in a rung's place) leaves neither
  // half a comparison that looks complete nor an earlier run's rungs overwritten.
  const files = result.variants.map((rung, i) => join(outDir, `${stem}-ladder-${String(i + 1).padStart(2, '0')}-${rung.settings.steps}steps-${rung.settings.solver}.wav`))
  for (const file of files) {
    const st = await lstat(file).catch(() => null)
    if (st && !st.isFile() && !st.isSymbolicLink()) throw new EngineError(`cannot write ${file}: ${st.isDirectory() ? 'is a folder' : 'not a regular file'}; no rung was written`, 'IO')
  }
  const parts = files.map((f) => `${f}.${process.pid}.part`)
  try {
    for (const [i, rung] of result.variants.entries()) {
      await writeWavFile(parts[i], inContext(audio, rung.segment, rung.splice.inStart - rung.splice.crossfadeSamples, rung.splice.inEnd + rung.splice.crossfadeSamples), sourceEncoding(source.format)).catch((e: unknown) => {
        throw new EngineError(`${writeError(files[i], e).message}; no rung was written`, 'IO')
      })
    }
    for (const [i, part] of parts.entries()) await renameKeepingMode(part, files[i])
  } finally {
    await Promise.all(parts.map((f) => rm(f, { force: true })))
  }
  for (const [i, rung] of result.variants.entries()) {
    const file = files[i]
    log(`${file}: ${rung.family} ${rung.settings.steps} steps ${rung.settings.solver}, ${rung.networkCalls} calls, ${round(rung.wallMs, 0)} ms, RTF ${round(rung.rtf, 3)}, mel L1 ${round(rung.melL1, 4)}`)
    variants.push({
      file,
      family: rung.family,
      model: rung.settings.model,
      steps: rung.settings.steps,
      solver: rung.settings.solver,
      ...(rung.settings.eta !== undefined ? { eta: rung.settings.eta, variance: rung.settings.variance } : {}),
      networkCalls: rung.networkCalls,
      wallMs: round(rung.wallMs, 1),
      rtf: round(rung.rtf, 4),
      melL1: round(rung.melL1, 5),
      generatedSeconds: round(rung.generatedSeconds, 6),
    })
  }
  // The window's seconds back to the file's.
  const shiftBy = regions[0].start - region.start
  const said = result.variants[0]?.narrowed
  const narrowed = said && { start: round(said.start + shiftBy, 6), end: round(said.end + shiftBy, 6) }
  if (narrowed) log(`every rung generated ${round(narrowed.start)}–${round(narrowed.end)} s, where the words are said (--exact for all of ${regions[0].start}–${regions[0].end} s)`)
  return {
    command: 'ladder',
    outDir,
    input,
    region: regions[0],
    ...(narrowed ? { narrowed } : {}),
    seed: result.variants[0].settings.seed,
    warnings: result.warnings ?? [],
    reference: result.reference,
    variants,
    outputs: variants.map((r) => r.file),
    elapsedMs: round(performance.now() - started, 1),
    networkCalls: result.networkCalls,
    settings: { ...result.variants[result.reference].settings, steps: mixed ? mixed.map((m) => m.settings.steps) : stepList },
    models: engines.map((e) => ({ dir: e.info().dir, name: e.info().name, objective: e.info().objective })),
    contextSeconds: LADDER_CONTEXT_SECONDS,
  }
}

/** The rung's replacement between LADDER_CONTEXT_SECONDS of the original on each side. */
export function inContext(audio: PcmAudio, segment: PcmAudio, start: number, end: number): PcmAudio {
  // The crossfades stop at the ends of the file (LadderVariant.segment), so its span does too.
  const spanStart = Math.max(0, start)
  const spanEnd = Math.min(audio.channels[0].length, end)
  const pad = Math.round(LADDER_CONTEXT_SECONDS * audio.sampleRate)
  const from = Math.max(0, spanStart - pad)
  const to = Math.min(audio.channels[0].length, spanEnd + pad)
  const channels = audio.channels.map((ch, c) => {
    const seg = segment.channels[c]
    const out = new Float32Array(spanStart - from + seg.length + to - spanEnd)
    out.set(ch.subarray(from, spanStart))
    out.set(seg, spanStart - from)
    out.set(ch.subarray(spanEnd, to), spanStart - from + seg.length)
    return out
  })
  return { sampleRate: audio.sampleRate, channels }
}

/** Text with control characters (ESC, BEL, newlines) shown as \u escapes, for printing to a terminal. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

async function cmdInfo(v: Values, positionals: string[], log: (s: string) => void) {
  if (positionals.length > 1) throw new UsageError(`info takes one audio file at most (got ${positionals.join(' ')})`)
  if (positionals.length === 1) {
    // `info resources/models/default` means the model in that folder, as `info --model DIR` does.
    const folder = (await stat(positionals[0]).catch(() => null))?.isDirectory()
    if (!folder) {
      // What an audio file holds does not depend on a model: a --model here would be silently ignored.
      if (v.model || v.threads) throw new UsageError(`info ${positionals[0]} describes the audio file; --${v.model ? 'model' : 'threads'} does not apply (info --model DIR describes a model)`)
      return audioInfo(positionals[0], log)
    }
    if (v.model) throw new UsageError(`info takes an audio file or a model folder: ${positionals[0]} is a folder and --model names another`)
    if (!existsSync(join(positionals[0], 'manifest.json'))) {
      throw new EngineError(`${positionals[0]}: is a folder without manifest.json, neither an audio file nor a model folder`, 'BAD_AUDIO')
    }
    v = { ...v, model: positionals[0] }
  }
  const engine = await loadEngine(v)
  const info = engine.info()
  // A manifest's name is the model author's text: no terminal escapes or line breaks from it.
  log(`${printable(info.name)} (${info.dir})`)
  log(`  objective ${info.objective}${info.diffusion ? ` (${info.diffusion.schedule} β schedule, T = ${info.diffusion.steps})` : ''}`)
  log(`  ${info.sampleRate} Hz, ${info.nMels} mels, hop ${info.hop}, phones ${info.phoneSet} (${info.phones.length} symbols), vocoder ${info.vocoder}`)
  const d = info.defaults
  const tail = info.objective === 'ddpm-epsilon' ? `η ${d.eta}, ancestral σ² = ${d.variance === 'beta-tilde' ? 'β̃' : 'β'}` : `${d.schedule} ${d.sway}`
  log(`  defaults: ${d.steps} steps ${d.solver}, guidance ${d.guidance}, ${tail}`)
  log(
    `  aligner: ${info.hasAligner ? 'yes (transcripts, edit by text, checked takes)' : 'none (no transcripts, edit by text or checked takes)'}` +
      (info.hasBandLimitedAligner ? '; band-limited recordings (8 kHz telephone audio) are read by a second one trained on them' : ''),
  )
  if (info.parameters) log(`  ${info.parameters} parameters`)
  return { command: 'info', ...info }
}

/** `info FILE`: what the decoder makes of an audio file, and what fill would write for it. */
async function audioInfo(path: string, log: (s: string) => void) {
  const source = await openInput(path, log)
  try {
    const { format, sampleRate, channels, frames } = source
    const writes = sourceEncoding(format)
    log(`${path}: ${format}, ${sampleRate} Hz, ${channels} ch, ${round(frames / sampleRate)} s (${frames} frames)`)
    const editable = sampleRate >= MIN_RATE && sampleRate <= MAX_RATE
    if (editable) log(`  fill and edit write ${WAV_ENCODING_LABELS[writes]} at ${sampleRate} Hz (--format overrides)`)
    else log(`  fill and edit cannot edit it: sample rate ${sampleRate} Hz is outside ${MIN_RATE}–${MAX_RATE} Hz`)
    return { command: 'info', input: resolve(path), format, sampleRate, channels, frames, seconds: round(frames / sampleRate, 6), editable, ...(editable ? { writes } : {}), warnings: source.warnings }
  } finally {
    await source.close()
  }
}

/** parseArgs reads "--sway -1" as two options; rewrite it as "--sway=-1" for options that take values. */
function joinNegativeValues(args: readonly string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith('--') ? args[i].slice(2) : ''
    const takesValue = name in options && options[name as keyof typeof options].type === 'string'
    if (takesValue && i + 1 < args.length && /^-(\d|\.\d)/.test(args[i + 1])) out.push(`${args[i]}=${args[++i]}`)
    else out.push(args[i])
  }
  return out
}

/** What the commands of align.ts and edit.ts borrow from this file. */
function kitFor(v: Values, log: (s: string) => void): CliKit {
  return {
    loadEngine: () => loadEngine(v),
    openInput: (path) => openInput(path, log),
    usage: (message) => new UsageError(message),
    samplerPatch: () => samplerPatch(v),
    positiveInteger: (name, raw) => num(name, raw, positiveInteger),
    encodingFor: sourceEncoding,
    prepareOutput,
    checkOutput: (path, inputs) => checkOutput(path, 'file', inputs),
  }
}

const commands = {
  fill: cmdFill,
  say: cmdSay,
  ladder: cmdLadder,
  info: cmdInfo,
  align: (v: Values, p: string[], log: (s: string) => void) => cmdAlign(v, p, log, kitFor(v, log)),
  edit: (v: Values, p: string[], log: (s: string) => void) => cmdEdit(v, p, log, kitFor(v, log)),
}

/** The engine's setting names as the CLI's options, so "guidance must be from 0 to 20" reads "--cfg must be …". */
const OPTION_OF: Record<string, string> = { guidance: '--cfg', pauseSeconds: '--pause', steps: '--steps', eta: '--eta', sway: '--sway', seed: '--seed', threads: '--threads' }
export function cliNames(message: string): string {
  return message.replace(/^(\w+)( must )/, (all, name: string, rest: string) => (OPTION_OF[name] ? `${OPTION_OF[name]}${rest}` : all))
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${HELP}\n`)
    return 0
  }
  // No command is a usage mistake like any other: one line on stderr (the help is on --help).
  if (!command) throw new UsageError('no command given (fill, say, ladder, info, align, edit; --help lists their options)')
  const run = commands[command as keyof typeof commands]
  if (!run) throw new UsageError(`unknown command ${JSON.stringify(command)} (fill, say, ladder, info, align, edit)`)
  let parsed
  try {
    parsed = parseArgs({ args: joinNegativeValues(rest), options, allowPositionals: true, strict: true })
  } catch (e) {
    const unknown = (e as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && /Unknown option '([^']+)'/.exec((e as Error).message)?.[1]
    if (unknown) {
      // Node's hint (put it after --) is about positionals; say what the option might have been instead.
      const hint = /^--?(region|range|span|from-time|to-time)$/.test(unknown) ? '; a region is --start S --end E --text "…"' : ''
      throw new UsageError(`unknown option ${unknown} for ${command}${hint} (--help lists the options)`)
    }
    // All of Node's lines: the later ones hold the hint (a value starting with a dash: --text=-XYZ).
    throw new UsageError((e as Error).message)
  }
  if (parsed.values.help) {
    process.stdout.write(`${HELP}\n`)
    return 0
  }
  checkOptions(command, parsed.values, rest)
  const json = parsed.values.json ?? false
  // With --json the human lines still go to stdout, before the one JSON line.
  const result = await run(parsed.values, parsed.positionals, (line) => process.stdout.write(`${line}\n`))
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`)
  return 0
}

/** --json as given (also --json=true, which parseArgs refuses as a usage error that still answers in JSON). */
function wantsJson(args: readonly string[]): boolean {
  return args.some((a) => a === '--json' || a.startsWith('--json='))
}

// Ctrl-C or a kill while an output is being written: delete its temporary file, then stop as the signal would.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
  process.on(signal, () => {
    const removed = removeLiveTemps()
    const message = `stopped by ${signal}${removed ? ' (an unfinished output file was removed)' : ''}`
    process.stderr.write(`voicefill: ${message}\n`)
    // A script that asked for JSON gets its one JSON line here too.
    const args = process.argv.slice(2)
    if (wantsJson(args)) process.stdout.write(`${JSON.stringify({ command: args[0] && args[0] in commands ? args[0] : null, error: { code: 'CANCELLED', message, exitCode: code } })}\n`)
    process.exit(code)
  })
}

// A reader that went away (`voicefill info --json | head -c 5`) is not an error of ours: stop quietly
// with the status a closed pipe gives, not a Node stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw e
})

// `npm run cli` (also `npm --prefix DIR run cli` from elsewhere) runs in the package's folder; paths the
// user typed are relative to where they typed them, which npm passes as INIT_CWD.
if (process.env.npm_lifecycle_event === 'cli' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD)

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    if (process.env.VOICEFILL_DEBUG === '1') console.error(e)
    const message = cliNames((e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, ' '))
    process.stderr.write(`voicefill: ${e instanceof UsageError ? 'usage: ' : ''}${message}\n`)
    const io = isFsError(e)
    const exitCode = e instanceof UsageError ? 2 : e instanceof EngineError || io ? 1 : 3
    process.exitCode = exitCode
    // A script that asked for JSON gets JSON on failure too (read before parsing: the arguments may be what failed).
    const args = process.argv.slice(2)
    if (wantsJson(args)) {
      const command = args[0] && args[0] in commands ? args[0] : null
      const code = e instanceof UsageError ? 'USAGE' : e instanceof EngineError ? e.code : io ? 'IO' : 'INTERNAL'
      process.stdout.write(`${JSON.stringify({ command, error: { code, message, exitCode } })}\n`)
    }
  },
)
