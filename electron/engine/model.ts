// Model folder loading: manifest.json validated with a schema, graphs opened and their declared
// signatures checked. Every problem is one EngineError('BAD_MODEL') naming the file and the field.
import { readFile, stat } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { z } from 'zod'
import { noiseSchedule, type DiffusionSpec, type NoiseSchedule } from './diffusion'
import { parseBandExtension, type BandExtension } from './dsp/band'
import type { FeatureSpec } from './dsp/features'
import { createSession, formatShape, type OnnxSession, type SessionOptions, type TensorInfo } from './onnx'
import { PHONE_SET, SYMBOLS } from './text/phones'
import { DIFFUSION_SOLVERS, EngineError, FLOW_SOLVERS, type Objective } from './types'

/** Phone sets the text front-end produces; the manifest's `phones.set` must be one of them. */
const KNOWN_PHONE_SETS = [PHONE_SET]

const positiveInt = z.number().int().positive()

const featuresSchema = z
  .strictObject({
    // Bounds a speech model can have: a hop of 1 sample made a 3 s fill take gigabytes.
    sampleRate: positiveInt.min(4000).max(192000),
    nFft: positiveInt.min(16).max(16384).refine((n) => (n & (n - 1)) === 0, 'must be a power of two'),
    win: positiveInt,
    hop: positiveInt.min(16).max(8192),
    nMels: positiveInt,
    fMin: z.number().min(0),
    fMax: z.number().positive(),
    window: z.literal('hann-periodic'),
    center: z.literal(true),
    padMode: z.literal('reflect'),
    power: z.literal(1),
    melScale: z.literal('slaney'),
    melNorm: z.literal('slaney'),
    logFloor: z.number().positive(),
    log: z.literal('ln'),
    mean: z.array(z.number()),
    std: z.array(z.number().min(1e-6)),
    /** audio sampled below 2 × fMax: its empty top bins filled in for the graphs (default), or kept as they are by a model trained on such audio */
    missingBand: z.enum(['fill', 'keep']).optional(),
    /** a learned band extension for the velocity model's inputs (dsp/band.ts extendBandLearned), a file in the model folder */
    bandExtensionFile: z.string().regex(/^[\w.-]+\.json$/, 'must be a .json file name in the model folder').optional(),
  })
  .superRefine((f, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (f.mean.length !== f.nMels) issue('mean', `must have nMels = ${f.nMels} values (got ${f.mean.length})`)
    if (f.std.length !== f.nMels) issue('std', `must have nMels = ${f.nMels} values (got ${f.std.length})`)
    if (f.win > f.nFft) issue('win', `must not exceed nFft = ${f.nFft} (got ${f.win})`)
    if (f.fMax > f.sampleRate / 2) issue('fMax', `must not exceed sampleRate / 2 = ${f.sampleRate / 2} (got ${f.fMax})`)
    if (f.fMin >= f.fMax) issue('fMin', `must be below fMax = ${f.fMax} (got ${f.fMin})`)
    if (f.hop > f.win) issue('hop', `must not exceed win = ${f.win} (frames would leave gaps; got ${f.hop})`)
  })

const phonesSchema = z
  .object({ set: z.string(), symbols: z.array(z.string()).min(2) })
  .superRefine((p, ctx) => {
    if (!KNOWN_PHONE_SETS.includes(p.set)) {
      ctx.addIssue({ code: 'custom', path: ['set'], message: `is not a phone set this engine knows (${KNOWN_PHONE_SETS.join(', ')}); got ${JSON.stringify(p.set)}` })
    }
    if (p.symbols[0] !== '<none>') ctx.addIssue({ code: 'custom', path: ['symbols', 0], message: `must be "<none>" (id 0 = no phone)` })
    const dup = p.symbols.find((s, i) => p.symbols.indexOf(s) !== i)
    if (dup !== undefined) ctx.addIssue({ code: 'custom', path: ['symbols'], message: `lists ${JSON.stringify(dup)} twice` })
    const lacking = SYMBOLS.slice(1).filter((s) => !p.symbols.includes(s))
    if (lacking.length) {
      ctx.addIssue({ code: 'custom', path: ['symbols'], message: `lacks ${lacking.map((s) => JSON.stringify(s)).join(', ')}, which the text front-end produces` })
    }
  })

/** A graph is a file in the model folder: a path out of it (../, /etc/...) is refused, as for bandExtensionFile. */
const graphName = z.string().min(1).max(255).regex(/^(?!\.\.?$)[^/\\:\0]+$/, 'must be a file name in the model folder (no path)')
const probability = z.number().gt(0).lt(1)

/** The β schedule of a ddpm-epsilon model (T steps; see electron/engine/diffusion.ts). */
const diffusionSchema = z
  .object({
    schedule: z.enum(['linear', 'cosine']),
    steps: positiveInt.max(100000),
    betaStart: probability.optional(), // linear
    betaEnd: probability.optional(),
    cosineS: z.number().min(0).max(1).optional(), // cosine (default 0.008)
    maxBeta: probability.optional(), // cosine (default 0.999)
  })
  .superRefine((d, ctx) => {
    if (d.schedule !== 'linear') return
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (d.betaStart === undefined) issue('betaStart', 'is required for the linear schedule')
    if (d.betaEnd === undefined) issue('betaEnd', 'is required for the linear schedule')
    if (d.betaStart !== undefined && d.betaEnd !== undefined && d.betaEnd < d.betaStart) issue('betaEnd', 'must not be below betaStart')
  })

/** The manifest's schedule as diffusion.ts takes it. */
function diffusionSpec(d: z.infer<typeof diffusionSchema>): DiffusionSpec {
  return d.schedule === 'linear'
    ? { schedule: 'linear', steps: d.steps, betaStart: d.betaStart!, betaEnd: d.betaEnd! }
    : { schedule: 'cosine', steps: d.steps, cosineS: d.cosineS, maxBeta: d.maxBeta }
}

export const manifestSchema = z.object({
  format: z.literal('voicefill-model'),
  formatVersion: z.literal(1),
  name: z.string().optional(),
  /** What the network predicts: the flow's velocity (default) or DDPM's noise ε. */
  objective: z.enum(['flow-matching', 'ddpm-epsilon']).optional(),
  /** ddpm-epsilon only: the β schedule the model was trained with. */
  diffusion: diffusionSchema.optional(),
  features: featuresSchema,
  phones: phonesSchema,
  // Strict: a misspelt key ("contextSecond", "vocoderr") is refused, not silently left at its default.
  graphs: z.strictObject({
    /** flow-matching: the velocity graph (output v). */
    velocity: graphName.optional(),
    /** ddpm-epsilon: the noise-prediction graph (output eps). */
    epsilon: graphName.optional(),
    duration: graphName.nullable().optional(),
    vocoder: graphName.nullable().optional(),
    /** mel → linear STFT magnitude; the built-in phase reconstruction makes the audio. */
    magnitude: graphName.nullable().optional(),
    /** normalised log-mel → per-frame log posteriors over phones.symbols (forced alignment, take checks). */
    aligner: graphName.nullable().optional(),
    /** the same for recordings sampled below 2·fMax (trained on their band-filled features); else graphs.aligner */
    alignerBandLimited: graphName.nullable().optional(),
  }).refine((g) => !(g.vocoder && g.magnitude), {
    path: ['magnitude'],
    message: 'and graphs.vocoder are alternatives (a vocoder graph makes audio itself): set one',
  }).refine((g) => !g.alignerBandLimited || g.aligner, {
    path: ['alignerBandLimited'],
    message: 'needs graphs.aligner beside it (it only stands in for it on band-limited recordings)',
  }),
  durations: z.object({
    unit: z.literal('frames'),
    mean: z.record(z.string(), z.number().nonnegative()).refine((d) => Object.values(d).some((v) => v > 0), 'must give a positive mean for some phones (every phone would last 1 frame)'),
  }),
  sampler: z.strictObject({
    steps: positiveInt.max(256),
    solver: z.enum([...FLOW_SOLVERS, ...DIFFUSION_SOLVERS]),
    guidance: z.number().min(0).max(20),
    /** Flow models (default −1). */
    sway: z.number().min(-1).max(2 / (Math.PI - 2)).optional(),
    schedule: z.enum(['uniform', 'sway', 'pruned']).optional(),
    /** Diffusion models: DDIM's η (default 0) and ancestral sampling's σ² (default β). */
    eta: z.number().min(0).max(1).optional(),
    variance: z.enum(['beta', 'beta-tilde']).optional(),
    /** Seconds of original audio the model hears on each side of a region (default 3). */
    contextSeconds: z.number().min(0.25).max(30).optional(),
  }),
  provenance: z.record(z.string(), z.unknown()).optional(),
}).superRefine((m, ctx) => {
  // Each objective has its own graph, schedule and samplers.
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message })
  const objective = m.objective ?? 'flow-matching'
  const ddpm = objective === 'ddpm-epsilon'
  const [own, other] = ddpm ? ['epsilon', 'velocity'] as const : ['velocity', 'epsilon'] as const
  if (!m.graphs[own]) issue(['graphs', own], `is required for objective "${objective}"`)
  if (m.graphs[other]) issue(['graphs', other], `is not used by objective "${objective}" (its graph is graphs.${own})`)
  if (ddpm && !m.diffusion) issue(['diffusion'], 'is required for objective "ddpm-epsilon" (the β schedule it was trained with)')
  if (!ddpm && m.diffusion) issue(['diffusion'], 'is only for objective "ddpm-epsilon"')
  const solvers: readonly string[] = ddpm ? DIFFUSION_SOLVERS : FLOW_SOLVERS
  if (!solvers.includes(m.sampler.solver)) issue(['sampler', 'solver'], `must be ${solvers.join(' or ')} for objective "${objective}" (got "${m.sampler.solver}")`)
  if (ddpm && m.diffusion && m.sampler.steps > m.diffusion.steps) issue(['sampler', 'steps'], `must not exceed diffusion.steps = ${m.diffusion.steps} (got ${m.sampler.steps})`)
})

export type Manifest = z.infer<typeof manifestSchema>

export interface LoadedModel {
  dir: string
  manifestPath: string
  manifest: Manifest
  objective: Objective
  /** ddpm-epsilon: the β schedule and ᾱ table; null for flow models */
  schedule: NoiseSchedule | null
  /** phone symbol → id (index in phones.symbols) */
  phoneIds: Map<string, number>
  /** The network graph: graphs.velocity (output `v`) or, for ddpm-epsilon, graphs.epsilon (output `eps`). */
  velocity: OnnxSession
  /** The network graph's output name. */
  output: 'v' | 'eps'
  duration: OnnxSession | null
  vocoder: OnnxSession | null
  magnitude: OnnxSession | null
  aligner: OnnxSession | null
  /** graphs.alignerBandLimited: the aligner for recordings sampled below 2·fMax (align/posteriors.ts) */
  alignerBandLimited?: OnnxSession | null
  /** features.bandExtensionFile, read and checked */
  bandExtension?: BandExtension | null
}

/** The features the engine computes for this model, with its learned band extension when it has one. */
export function featureSpec(model: LoadedModel): FeatureSpec {
  const f = model.manifest.features
  return model.bandExtension ? { ...f, bandExtension: model.bandExtension } : f
}

/** A manifest (or band-extension table) is a few hundred kB at most; a huge one is refused, not parsed. */
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024

/**
 * A model's JSON file as text, or BAD_MODEL saying why not: missing, not a plain file (a folder, a FIFO
 * that would block the read forever), too large, or unreadable (permissions).
 */
async function readModelFile(path: string, maxBytes: number, missing = 'file not found'): Promise<string> {
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => e)
  if (info instanceof Error) {
    const why = info.code === 'ENOENT' ? missing : info.code === 'EACCES' ? 'permission denied' : `cannot be read (${info.code ?? info.message})`
    throw new EngineError(`model ${path}: ${why}`, 'BAD_MODEL')
  }
  if (!info.isFile()) throw new EngineError(`model ${path}: not a plain file (${info.isDirectory() ? 'a folder' : 'a device, pipe or socket'})`, 'BAD_MODEL')
  if (info.size > maxBytes) throw new EngineError(`model ${path}: ${(info.size / 1e6).toFixed(0)} MB is too large (at most ${maxBytes / 1024 / 1024} MB)`, 'BAD_MODEL')
  return readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new EngineError(`model ${path}: ${e.code === 'EACCES' ? 'permission denied' : `cannot be read (${e.code ?? e.message})`}`, 'BAD_MODEL')
  })
}

/** Reads and checks features.bandExtensionFile (BAD_MODEL naming the file when it is missing or malformed). */
async function readBandExtension(dir: string, file: string, nMels: number): Promise<BandExtension> {
  const path = join(dir, file)
  const text = await readModelFile(path, MAX_MANIFEST_BYTES, 'features.bandExtensionFile names a file that is not there')
  try {
    return parseBandExtension(JSON.parse(text.replace(/^\uFEFF/, '')), nMels)
  } catch (e) {
    throw new EngineError(`model ${path}: ${(e as Error).message}`, 'BAD_MODEL')
  }
}

function describeValue(v: unknown): string {
  const s = JSON.stringify(v)
  if (s === undefined) return 'nothing'
  return s.length > 40 ? `${s.slice(0, 37)}...` : s
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('')
}

/** One line for a zod issue: "features.nMels must be a positive integer (got "80")". */
function issueText(issue: z.core.$ZodIssue): string {
  const where = issuePath(issue.path) || '(top level)'
  const got = 'input' in issue ? ` (got ${describeValue(issue.input)})` : ''
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `${where} is required` : `${where} must be ${issue.expected}${got}`
    case 'invalid_value':
      return `${where} must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}${got}`
    case 'too_small':
    case 'too_big':
    case 'not_multiple_of':
    case 'invalid_format':
      return `${where}: ${issue.message.replace(/^Too (small|big): /, '')}${got}`
    case 'custom':
      return `${where} ${issue.message}`
    default:
      return `${where}: ${issue.message}${got}`
  }
}

/** Validates parsed manifest JSON; file is only used in the message. */
export function parseManifest(json: unknown, file: string): Manifest {
  const result = manifestSchema.safeParse(json, { reportInput: true })
  if (result.success) return result.data
  const [first, ...rest] = result.error.issues
  const more = rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : ''
  throw new EngineError(`model ${file}: ${issueText(first)}${more}`, 'BAD_MODEL')
}

/** What a graph must declare: element type and shape, with symbolic dims as strings. */
export interface ExpectedTensor {
  name: string
  type: 'float32' | 'int64'
  shape: (number | string)[]
}

/**
 * Compares a graph's declared inputs or outputs with what the engine will feed or read. Symbolic
 * dims in `expected` (batch, frames: the engine feeds any) must be symbolic in the graph too, or every
 * run would fail on the first other size; numeric ones must match a numeric or symbolic declared dim.
 */
export function checkSignature(file: string, kind: 'input' | 'output', declared: readonly TensorInfo[], expected: readonly ExpectedTensor[]): void {
  for (const want of expected) {
    const got = declared.find((d) => d.name === want.name)
    if (!got) {
      const names = declared.map((d) => d.name).join(', ')
      throw new EngineError(`model ${file}: ${kind} "${want.name}" is missing (graph declares ${names})`, 'BAD_MODEL')
    }
    const rankOk = got.shape.length === want.shape.length
    const dimsOk = rankOk && want.shape.every((d, i) => typeof got.shape[i] === 'string' || got.shape[i] === d)
    if (got.type !== want.type || !dimsOk) {
      throw new EngineError(
        `model ${file}: ${kind} "${want.name}" must be ${want.type} ${formatShape(want.shape)} (graph declares ${got.type} ${formatShape(got.shape)})`,
        'BAD_MODEL',
      )
    }
  }
}

async function openGraph(dir: string, manifestFile: string, field: string, name: string, options: SessionOptions): Promise<OnnxSession> {
  const path = resolve(dir, name)
  const info = await stat(path).catch(() => null)
  if (!info?.isFile()) {
    throw new EngineError(`model ${manifestFile}: ${field} names "${name}", which does not exist`, 'BAD_MODEL')
  }
  // (A link the user put in the folder is followed: a variant folder may link the shipped graphs.)
  return createSession(path, options)
}

/** Loads and checks a model folder (see docs/model-format.md). */
export async function loadModel(dirIn: string, options: SessionOptions = {}): Promise<LoadedModel> {
  const dir = resolve(dirIn)
  const dirInfo = await stat(dir).catch(() => null)
  if (!dirInfo) throw new EngineError(`model ${dir}: folder not found`, 'BAD_MODEL')
  if (!dirInfo.isDirectory()) throw new EngineError(`model ${dir}: not a folder`, 'BAD_MODEL')
  const manifestPath = join(dir, 'manifest.json')
  const text = await readModelFile(manifestPath, MAX_MANIFEST_BYTES)
  let json: unknown
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, '')) // a byte-order mark some editors write
  } catch (e) {
    // Node's message quotes the text; a manifest linked to another file must not print that file's contents.
    const at = /position (\d+)/.exec((e as Error).message)?.[1]
    throw new EngineError(`model ${manifestPath}: not valid JSON${at ? ` (at character ${at})` : ''}`, 'BAD_MODEL')
  }
  const manifest = parseManifest(json, manifestPath)
  const m = manifest.features.nMels
  const bandExtension = manifest.features.bandExtensionFile ? await readBandExtension(dir, manifest.features.bandExtensionFile, m) : null
  const objective: Objective = manifest.objective ?? 'flow-matching'
  const [field, output] = objective === 'ddpm-epsilon' ? (['epsilon', 'eps'] as const) : (['velocity', 'v'] as const)
  const objectiveField = field

  const opened: OnnxSession[] = []
  const open = async (field: string, name: string, check: (s: OnnxSession) => void): Promise<OnnxSession> => {
    // Only the velocity graph runs call after call; the others run once per fill and should not spin.
    const session = await openGraph(dir, manifestPath, field, name, field === `graphs.${objectiveField}` ? options : { ...options, spin: false })
    opened.push(session)
    check(session)
    return session
  }
  try {
    const velocity = await open(`graphs.${field}`, manifest.graphs[field]!, (s) => {
      checkSignature(s.path, 'input', s.inputs, [
        { name: 'x', type: 'float32', shape: ['B', 'T', m] },
        { name: 't', type: 'float32', shape: ['B'] },
        { name: 'cond', type: 'float32', shape: ['B', 'T', m] },
        { name: 'phones', type: 'int64', shape: ['B', 'T'] },
      ])
      checkSignature(s.path, 'output', s.outputs, [{ name: output, type: 'float32', shape: ['B', 'T', m] }])
      checkNoExtraInputs(s.path, s.inputs, ['x', 't', 'cond', 'phones'])
    })
    const duration = manifest.graphs.duration
      ? await open('graphs.duration', manifest.graphs.duration, (s) => {
          checkSignature(s.path, 'input', s.inputs, [
            { name: 'phones', type: 'int64', shape: ['B', 'P'] },
            { name: 'ctxRate', type: 'float32', shape: ['B'] },
          ])
          checkSignature(s.path, 'output', s.outputs, [{ name: 'frames', type: 'float32', shape: ['B', 'P'] }])
          checkNoExtraInputs(s.path, s.inputs, ['phones', 'ctxRate'])
        })
      : null
    const vocoder = manifest.graphs.vocoder
      ? await open('graphs.vocoder', manifest.graphs.vocoder, (s) => {
          checkSignature(s.path, 'input', s.inputs, [{ name: 'mel', type: 'float32', shape: ['B', 'T', m] }])
          checkSignature(s.path, 'output', s.outputs, [{ name: 'audio', type: 'float32', shape: ['B', 'S'] }])
          checkNoExtraInputs(s.path, s.inputs, ['mel'])
        })
      : null
    const bins = (manifest.features.nFft >> 1) + 1
    const magnitude = manifest.graphs.magnitude
      ? await open('graphs.magnitude', manifest.graphs.magnitude, (s) => {
          checkSignature(s.path, 'input', s.inputs, [{ name: 'mel', type: 'float32', shape: ['B', 'T', m] }])
          checkSignature(s.path, 'output', s.outputs, [{ name: 'magnitude', type: 'float32', shape: ['B', 'T', bins] }])
          checkNoExtraInputs(s.path, s.inputs, ['mel'])
        })
      : null
    const nPhones = manifest.phones.symbols.length
    const alignerSignature = (s: OnnxSession) => {
      checkSignature(s.path, 'input', s.inputs, [{ name: 'mel', type: 'float32', shape: ['B', 'T', m] }])
      checkSignature(s.path, 'output', s.outputs, [{ name: 'logp', type: 'float32', shape: ['B', 'T', nPhones] }])
      checkNoExtraInputs(s.path, s.inputs, ['mel'])
    }
    const aligner = manifest.graphs.aligner ? await open('graphs.aligner', manifest.graphs.aligner, alignerSignature) : null
    const alignerBandLimited = manifest.graphs.alignerBandLimited
      ? await open('graphs.alignerBandLimited', manifest.graphs.alignerBandLimited, alignerSignature)
      : null
    const phoneIds = new Map(manifest.phones.symbols.map((s, i) => [s, i] as const))
    const schedule = manifest.diffusion ? noiseSchedule(diffusionSpec(manifest.diffusion)) : null
    return {
      dir,
      manifestPath,
      manifest: { ...manifest, name: manifest.name ?? basename(dir) },
      objective,
      schedule,
      phoneIds,
      velocity,
      output,
      duration,
      vocoder,
      magnitude,
      aligner,
      alignerBandLimited,
      bandExtension,
    }
  } catch (e) {
    await Promise.all(opened.map((s) => s.release()))
    throw e
  }
}

/** An input the engine does not feed would make every run fail: report it at load time. */
function checkNoExtraInputs(file: string, declared: readonly TensorInfo[], known: readonly string[]): void {
  const extra = declared.find((d) => !known.includes(d.name))
  if (extra) throw new EngineError(`model ${file}: unexpected input "${extra.name}" (the engine feeds ${known.join(', ')})`, 'BAD_MODEL')
}

/** Releases every graph of a loaded model. */
export async function releaseModel(model: LoadedModel): Promise<void> {
  await Promise.all([model.velocity, model.duration, model.vocoder, model.magnitude, model.aligner, model.alignerBandLimited ?? null].filter((s) => s !== null).map((s) => s.release()))
}
