// THE channel map: every request the renderer can make, its zod schema and its response type.
// Shared by main (ipcMain gateway), preload (named functions), the web server (WebSocket gateway)
// and the renderer's api (app/src/api). Handlers only ever see payloads that passed these schemas.

import { z } from 'zod'
import { INVOKE_CHANNELS } from './channels'
import {
  cutSpanSchema,
  exportFormatSchema,
  frameSchema,
  generateRegionSchema,
  idSchema,
  pageSchema,
  pathSchema,
  projectDocSchema,
  roomToneSchema,
  samplerPatchSchema,
  sampleRateSchema,
  settingsPatchSchema,
} from './schemas'
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

// The stored document's types, for the many callers that import them with the channel map.
export type { ProjectDoc, ProjectRegion, StudioSettingsPatch } from './schemas'

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
    /** the document's deletions (not yet applied or applied): a fill near one hears the audio kept beyond it */
    deletes: z.array(cutSpanSchema).max(1000).optional(),
    settings: samplerPatchSchema.optional(),
    captureTrajectory: z.boolean().optional(),
    /** up to this many seeds per region, stopping at the first take that checks (needs graphs.aligner) */
    untilChecks: z.number().int().min(1).max(16).optional(),
  }),
  /** The same region generated once per variant (e.g. steps 4, 8, 16, 32) for comparison by ear. */
  'job:ladder': z.strictObject({
    audioId: idSchema,
    region: generateRegionSchema,
    variants: z.array(samplerPatchSchema).min(1).max(32), // e.g. 3 flow solvers and 2 diffusion samplers at several step counts
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
    roomTone: z.boolean().optional(), // carry the voice's room (SayOptions.roomTone)
  }),
  /** Word and phone times of a transcript in an open audio (needs graphs.aligner). */
  'job:align': z.strictObject({ audioId: idSchema, text: z.string().min(1).max(1_000_000) }),
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
  /**
   * Audio of one step of a take's captured trajectory: x_t ('state') or the estimate of x1; or
   * ('forward') the original region noised by the closed form at `level` (0 = data, 1 = noise).
   */
  'trajectory:vocode': z.strictObject({
    takeId: idSchema,
    step: z.number().int().min(0).max(1000),
    kind: z.enum(['state', 'estimate', 'forward']),
    level: z.number().finite().min(0).max(1).optional(),
  }),
  /**
   * A voiceover: generated clips (audios from job:say, one per script line) joined with a pause →
   * WAV plus SRT subtitles. Electron: save dialog unless `path` (the SRT goes next to it). Web: downloads.
   */
  'voiceover:export': z.strictObject({
    lines: z.array(z.strictObject({ audioId: idSchema, text: z.string().max(20000), room: roomToneSchema.nullable().optional() })).min(1).max(2000),
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
    /** savedAt of the version this document was opened or last saved as: a newer one on disk is not overwritten (CONFLICT). */
    expectSavedAt: z.number().finite().optional(),
    page: pageSchema.optional(),
  }),
  'project:open': z.strictObject({ path: pathSchema.optional() }).optional(),
  'project:list': none,
  /** Called by the renderer after edits (debounced); kept until a clean exit or discard. */
  /** page: which window or tab this is (each autosaves apart; absent = the desktop window). */
  'project:autosave': z.strictObject({ doc: projectDocSchema, projectPath: pathSchema.nullable(), page: pageSchema.optional() }),
  'recovery:list': z.strictObject({ page: pageSchema.optional() }).optional(),
  'recovery:open': z.strictObject({ id: idSchema, page: pageSchema.optional() }),
  'recovery:discard': z.strictObject({ id: idSchema }),

  'model:get': none,
  /**
   * dir: a model folder; null: the shipped default; absent: folder dialog (Electron). second: choose
   * the second model (ladders mixing flow and diffusion; null = the shipped twin of the other family).
   */
  'model:choose': z.strictObject({ dir: pathSchema.nullable().optional(), second: z.boolean().optional() }).optional(),
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
  'job:align': JobTicket
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
