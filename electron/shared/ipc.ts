// THE channel map: every request the renderer can make, its zod schema and its response type.
// Shared by main (ipcMain gateway), preload (named functions), the web server (WebSocket gateway)
// and the renderer's api (app/src/api). Handlers only ever see payloads that passed these schemas.

import { z } from 'zod'
import { INVOKE_CHANNELS } from './channels'
import type {
  AppInfo,
  AudioInfo,
  EngineStatus,
  ExportResult,
  JobTicket,
  ModelState,
  OpenedProject,
  PcmChunk,
  PeakData,
  ProjectRef,
  RecentLists,
  RecoveryEntry,
  StudioSettings,
  Take,
  VoiceoverExportResult,
} from './studio-types'

// ---------------------------------------------------------------- building blocks

const MAX_PATH = 4096
/** Absolute or relative file-system path; NUL bytes are never valid in a path. */
export const pathSchema = z
  .string()
  .min(1)
  .max(MAX_PATH)
  .refine((p) => !p.includes('\0'), 'path contains a NUL byte')
const idSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, 'ids are letters, digits, _ and -')
const frameSchema = z.number().int().min(0).max(2 ** 40)
const secondsSchema = z.number().finite().min(0).max(24 * 3600)

export const samplerSettingsSchema = z.strictObject({
  steps: z.number().int().min(1).max(512),
  solver: z.enum(['euler', 'midpoint', 'heun']),
  guidance: z.number().finite().min(0).max(20),
  schedule: z.enum(['uniform', 'sway', 'pruned']),
  sway: z.number().finite().min(-5).max(5),
  seed: z.number().int().min(0).max(0xffffffff),
})
const samplerPatchSchema = samplerSettingsSchema.partial()

/** A region to generate, with the renderer's id so the takes can be attached to it. */
export const generateRegionSchema = z
  .strictObject({
    regionId: idSchema,
    start: secondsSchema,
    end: secondsSchema,
    text: z.string().max(2000),
    mode: z.enum(['replace', 'insert', 'delete', 'regenerate']).optional(),
    length: z.enum(['region', 'natural']).optional(),
  })
  .refine((r) => r.end >= r.start, 'region end is before its start')

export const exportFormatSchema = z.enum(['pcm16', 'pcm24', 'float32'])
const sampleRateSchema = z.number().int().min(8000).max(192000)

// ---------------------------------------------------------------- project document

export const projectRegionSchema = z.strictObject({
  regionId: idSchema,
  start: secondsSchema,
  end: secondsSchema,
  text: z.string().max(2000),
  mode: z.enum(['replace', 'insert', 'delete', 'regenerate']),
  length: z.enum(['region', 'natural']),
  label: z.string().max(200).optional(),
})

/** What the renderer saves; the host adds the source reference and writes the takes as WAV files. */
export const projectDocSchema = z.strictObject({
  version: z.literal(1),
  title: z.string().max(300),
  audioId: idSchema,
  regions: z.array(projectRegionSchema).max(10000),
  takeIds: z.array(idSchema).max(100000), // takes to keep with the project
  applied: z.record(idSchema, idSchema), // regionId → takeId applied on it
  sampler: samplerPatchSchema,
  ui: z.record(z.string(), z.unknown()),
})
export type ProjectDoc = z.infer<typeof projectDocSchema>
export type ProjectRegion = z.infer<typeof projectRegionSchema>

export const settingsPatchSchema = z.strictObject({
  modelDir: pathSchema.nullable().optional(),
  threads: z.number().int().min(1).max(256).nullable().optional(),
  sampler: samplerPatchSchema.optional(),
  randomSeed: z.boolean().optional(),
  exportFormat: exportFormatSchema.optional(),
  exportSampleRate: sampleRateSchema.nullable().optional(),
  ui: z.record(z.string(), z.unknown()).optional(),
})
export type StudioSettingsPatch = z.infer<typeof settingsPatchSchema>

// ---------------------------------------------------------------- requests

const none = z.undefined()

export const requestSchemas = {
  'app:info': none,

  /**
   * No payload: native dialog (Electron). {path}: a file on disk, opened in place. {uploadId,name}:
   * a file the page streamed to POST /upload (web mode). {bytes,name}: a small file sent whole.
   */
  'audio:open': z
    .union([
      z.strictObject({ path: pathSchema }),
      z.strictObject({ uploadId: idSchema, name: z.string().min(1).max(255) }),
      z.strictObject({
        bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'bytes must be a Uint8Array'),
        name: z.string().min(1).max(255),
      }),
    ])
    .optional(),
  'audio:close': z.strictObject({ audioId: idSchema }),
  /** Peaks of [startFrame, endFrame) in `buckets` buckets, of the source or the edited timeline. */
  'audio:peaks': z
    .strictObject({
      audioId: idSchema,
      startFrame: frameSchema,
      endFrame: frameSchema,
      buckets: z.number().int().min(1).max(200000),
      takeIds: z.array(idSchema).max(10000).optional(),
    })
    .refine((r) => r.endFrame > r.startFrame, 'empty frame range'),
  /** PCM of [startFrame, endFrame), at most 2^24 frames (≈ 6 min at 48 kHz) per call. */
  'audio:read': z
    .strictObject({
      audioId: idSchema,
      startFrame: frameSchema,
      endFrame: frameSchema,
      takeIds: z.array(idSchema).max(10000).optional(),
    })
    .refine((r) => r.endFrame > r.startFrame, 'empty frame range')
    .refine((r) => r.endFrame - r.startFrame <= 2 ** 24, 'read at most 2^24 frames per call'),

  'job:generate': z.strictObject({
    audioId: idSchema,
    regions: z.array(generateRegionSchema).min(1).max(1000),
    settings: samplerPatchSchema.optional(),
    captureTrajectory: z.boolean().optional(),
  }),
  /** The same region generated once per variant (e.g. steps 4, 8, 16, 32) for comparison by ear. */
  'job:ladder': z.strictObject({
    audioId: idSchema,
    region: generateRegionSchema,
    variants: z.array(samplerPatchSchema).min(1).max(16),
    settings: samplerPatchSchema.optional(),
  }),
  /** A voiceover from a script; the voice is a frame range of an open audio, or the built-in one. */
  'job:say': z.strictObject({
    text: z.string().min(1).max(20000),
    settings: samplerPatchSchema.optional(),
    voice: z
      .strictObject({ audioId: idSchema, startFrame: frameSchema.optional(), endFrame: frameSchema.optional() })
      .optional(),
    pauseSeconds: z.number().finite().min(0).max(10).optional(),
  }),
  'job:cancel': z.strictObject({ jobId: idSchema }),
  'take:get': z.strictObject({ takeId: idSchema }),
  /** Forget takes (frees their PCM); takes of a closed audio are dropped with it. */
  'take:drop': z.strictObject({ takeIds: z.array(idSchema).max(100000) }),

  /** Source + applied takes → WAV. Electron: save dialog unless `path`. Web: a browser download. */
  'export:audio': z.strictObject({
    audioId: idSchema,
    takeIds: z.array(idSchema).max(10000),
    format: exportFormatSchema,
    sampleRate: sampleRateSchema.nullable(), // null = source rate
    fileName: z.string().min(1).max(255).optional(),
    path: pathSchema.optional(),
    /** The renderer's id for this export: 'export:progress' events carry it and 'export:cancel' takes it. */
    exportId: idSchema.optional(),
  }),
  /** Stops a running export between chunks; it then fails with CANCELLED and leaves no file. */
  'export:cancel': z.strictObject({ exportId: idSchema }),

  /**
   * Save to `path` (a project folder), or: Electron → dialog when no path or saveAs;
   * web → `name` inside the projects folder.
   */
  /** Audio of one step of a take's captured trajectory: x_t ('state') or the estimate of x1. */
  'trajectory:vocode': z.strictObject({
    takeId: idSchema,
    step: z.number().int().min(0).max(512),
    kind: z.enum(['state', 'estimate']),
  }),
  /**
   * A voiceover: generated clips (audios from job:say, one per script line) joined with a pause →
   * WAV plus SRT subtitles. Electron: save dialog unless `path` (the SRT goes next to it). Web: downloads.
   */
  'voiceover:export': z.strictObject({
    lines: z.array(z.strictObject({ audioId: idSchema, text: z.string().max(20000) })).min(1).max(2000),
    pauseSeconds: z.number().finite().min(0).max(10),
    format: exportFormatSchema,
    sampleRate: sampleRateSchema.nullable(), // null = the clips' rate
    fileName: z.string().min(1).max(255).optional(),
    path: pathSchema.optional(),
  }),

  'project:save': z.strictObject({
    doc: projectDocSchema,
    path: pathSchema.optional(),
    name: z.string().min(1).max(200).optional(),
    saveAs: z.boolean().optional(),
  }),
  'project:open': z.strictObject({ path: pathSchema.optional() }).optional(),
  'project:list': none,
  /** Called by the renderer after edits (debounced); kept until a clean exit or discard. */
  'project:autosave': z.strictObject({ doc: projectDocSchema, projectPath: pathSchema.nullable() }),
  'recovery:list': none,
  'recovery:open': z.strictObject({ id: idSchema }),
  'recovery:discard': z.strictObject({ id: idSchema }),

  'model:get': none,
  /** dir: a model folder; null: the shipped default; absent: folder dialog (Electron). */
  'model:choose': z.strictObject({ dir: pathSchema.nullable().optional() }).optional(),
  'settings:get': none,
  'settings:update': settingsPatchSchema,
  'recent:get': none,
  'engine:status': none,
  /** Window title and unsaved-changes flag (Electron asks before closing a dirty window). */
  'window:state': z.strictObject({ title: z.string().max(300), dirty: z.boolean() }),
} as const

export type InvokeChannel = (typeof INVOKE_CHANNELS)[number]
export type RequestOf<C extends InvokeChannel> = z.output<(typeof requestSchemas)[C]>

/** Response type of each channel (what the handler resolves to, before the Envelope). */
export interface ResponseMap {
  'app:info': AppInfo
  'audio:open': AudioInfo | null // null: dialog cancelled
  'audio:close': void
  'audio:peaks': PeakData
  'audio:read': PcmChunk
  'job:generate': JobTicket
  'job:ladder': JobTicket
  'job:say': JobTicket
  'job:cancel': boolean // false: job unknown or already finished
  'take:get': Take
  'take:drop': void
  'export:audio': ExportResult | null // null: dialog cancelled
  'export:cancel': boolean // false: no such export running
  'trajectory:vocode': PcmChunk // model rate; startFrame = sample offset in the trajectory's window
  'voiceover:export': VoiceoverExportResult | null // null: dialog cancelled
  'project:save': ProjectRef | null
  'project:open': OpenedProject | null
  'project:list': ProjectRef[]
  'project:autosave': void
  'recovery:list': RecoveryEntry[]
  'recovery:open': OpenedProject
  'recovery:discard': void
  'model:get': ModelState
  'model:choose': ModelState | null
  'settings:get': StudioSettings
  'settings:update': StudioSettings
  'recent:get': RecentLists
  'engine:status': EngineStatus
  'window:state': void
}
export type ResponseOf<C extends InvokeChannel> = ResponseMap[C]

// Compile-time check that the channel list, the schemas and the responses name the same channels.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never
const channelsMatch: [Same<InvokeChannel, keyof ResponseMap>, Same<InvokeChannel, keyof typeof requestSchemas>] = [
  true,
  true,
]
void channelsMatch

export function isInvokeChannel(c: unknown): c is InvokeChannel {
  return typeof c === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, c)
}

/** Validates a payload for a channel; returns a one-line message on failure. */
export function parseRequest<C extends InvokeChannel>(
  channel: C,
  payload: unknown,
): { ok: true; value: RequestOf<C> } | { ok: false; message: string } {
  const res = requestSchemas[channel].safeParse(payload)
  if (res.success) return { ok: true, value: res.data as RequestOf<C> }
  const issue = res.error.issues[0]
  const where = issue && issue.path.length ? ` at ${issue.path.join('.')}` : ''
  return { ok: false, message: `${channel}: invalid request${where}: ${issue?.message ?? 'rejected'}` }
}
