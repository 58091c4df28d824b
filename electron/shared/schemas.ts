// zod schemas of the data the studio stores and passes around (sampler settings, regions, the project
// document, settings patches), with their inferred types. The channel map (./ipc.ts) builds its
// requests from these; ./studio-types.ts names the stored types without importing the channel map.

import { z } from 'zod'
import { isRoomTone, type RoomTone } from '../engine/dsp/roomtone'
import { REGION_TEXT_MAX } from './limits'

// ---------------------------------------------------------------- building blocks

const MAX_PATH = 4096
/** Absolute or relative file-system path; NUL bytes are never valid in a path. */
export const pathSchema = z
  .string()
  .min(1)
  .max(MAX_PATH)
  .refine((p) => !p.includes('\0'), 'path contains a NUL byte')
export const idSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/, 'ids are letters, digits, _ and -')
/** A page's id (a window or browser tab): letters and digits only, so it can sit in a folder name and a recovery id. */
export const pageSchema = z.string().regex(/^[A-Za-z0-9]{1,40}$/, 'page ids are 1–40 letters and digits')
export const frameSchema = z.number().int().min(0).max(2 ** 40)
export const secondsSchema = z.number().finite().min(0).max(24 * 3600)

export const samplerSettingsSchema = z.strictObject({
  steps: z.number().int().min(1).max(512),
  // euler, midpoint, heun: flow-matching models; ancestral, ddim: diffusion (ddpm-epsilon) models
  solver: z.enum(['euler', 'midpoint', 'heun', 'ancestral', 'ddim']),
  guidance: z.number().finite().min(0).max(20),
  schedule: z.enum(['uniform', 'sway', 'pruned']),
  sway: z.number().finite().min(-5).max(5),
  seed: z.number().int().min(0).max(0xffffffff),
  eta: z.number().finite().min(0).max(1).optional(),
  variance: z.enum(['beta', 'beta-tilde']).optional(),
})
export const samplerPatchSchema = samplerSettingsSchema.partial()

/**
 * What a saved region's text may hold: more than one generation takes, so that text pasted over the
 * limit (or a long transcript edit) never stops autosave and Save of the whole project.
 */
const STORED_TEXT_MAX = 50000

/** A deletion in the document, source seconds (context-deletes.ts CutSpan): what a fill near it hears as cut. */
export const cutSpanSchema = z
  .strictObject({ regionId: idSchema, start: secondsSchema, end: secondsSchema })
  .refine((r) => r.end > r.start, 'a deletion ends after its start')

/** A region to generate, with the renderer's id so the takes can be attached to it. */
export const generateRegionSchema = z
  .strictObject({
    regionId: idSchema,
    start: secondsSchema,
    end: secondsSchema,
    text: z.string().max(REGION_TEXT_MAX),
    mode: z.enum(['replace', 'insert', 'delete', 'regenerate']).optional(),
    length: z.enum(['region', 'natural']).optional(),
    tempo: z.number().finite().min(0.4).max(2.5).optional(),
    /** generate all of the region, not only where its words are said (edit/said.ts) */
    exact: z.boolean().optional(),
    /** the words the region replaces (a transcript edit), so a take can be checked for them */
    oldText: z.string().max(STORED_TEXT_MAX).optional(),
  })
  .refine((r) => r.end >= r.start, 'region end is before its start')

export const exportFormatSchema = z.enum(['pcm16', 'pcm24', 'float32'])
/** The remembered export format: one of those, or 'source' (the encoding that keeps the source's samples exactly). */
export const exportFormatSettingSchema = z.enum(['source', 'pcm16', 'pcm24', 'float32'])
export const sampleRateSchema = z.number().int().min(8000).max(192000)
/** A voice's room floor as a voiceover's take carries it (engine/dsp/roomtone.ts RoomTone). */
// One rule with the page's reading of a stored draft (isRoomTone), which keeps zod out of the renderer.
export const roomToneSchema = z.custom<RoomTone>(isRoomTone, 'a room tone is { sampleRate, nFft (a power of two), floor of nFft/2 + 1 bins ≥ 0 }')

// ---------------------------------------------------------------- project document

export const projectRegionSchema = z.strictObject({
  regionId: idSchema,
  start: secondsSchema,
  end: secondsSchema,
  text: z.string().max(STORED_TEXT_MAX),
  mode: z.enum(['replace', 'insert', 'delete', 'regenerate']),
  length: z.enum(['region', 'natural']),
  label: z.string().max(200).optional(),
  /** a region made by editing the transcript: the words it replaces and the speaker's tempo */
  origin: z.literal('transcript').optional(),
  oldText: z.string().max(STORED_TEXT_MAX).optional(),
  tempo: z.number().finite().min(0.4).max(2.5).optional(),
  exact: z.boolean().optional(),
  /** an insert made from a region: the length it had (given back when it leaves insert mode) */
  lengthBeforeInsert: secondsSchema.optional(),
})

const alignedPhoneSchema = z.strictObject({ phone: z.string().max(8), start: z.number().finite(), end: z.number().finite() })
const alignedWordSchema = z.strictObject({
  text: z.string().max(2000),
  index: z.number().int().min(0),
  charStart: z.number().int().min(0),
  charEnd: z.number().int().min(0),
  start: z.number().finite().min(0),
  end: z.number().finite().min(0),
  confidence: z.number().finite().min(0).max(1),
  low: z.boolean(),
  phones: z.array(alignedPhoneSchema).max(200),
})
/** An alignment as align/index.ts makes it (word and phone times of a transcript). */
export const alignmentSchema = z.strictObject({
  words: z.array(alignedWordSchema).max(200000),
  duration: z.number().finite().min(0),
  lowCount: z.number().int().min(0),
  mismatch: z.string().max(500).nullable(),
  coverage: z.string().max(500).nullable().optional(),
  frameSeconds: z.number().finite().positive(),
  alignMs: z.number().finite().min(0),
})

/** The transcript pane's document: the aligned transcript, its alignment and the edited words. */
export const projectTranscriptSchema = z.strictObject({
  source: z.string().max(1_000_000),
  edited: z.string().max(1_000_000).nullable(),
  alignment: alignmentSchema.nullable(),
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
  transcript: projectTranscriptSchema.optional(),
})
export type ProjectDoc = z.infer<typeof projectDocSchema>
export type ProjectRegion = z.infer<typeof projectRegionSchema>

export const settingsPatchSchema = z.strictObject({
  modelDir: pathSchema.nullable().optional(),
  secondModelDir: pathSchema.nullable().optional(),
  threads: z.number().int().min(1).max(256).nullable().optional(),
  sampler: samplerPatchSchema.optional(),
  randomSeed: z.boolean().optional(),
  exportFormat: exportFormatSettingSchema.optional(),
  exportSampleRate: sampleRateSchema.nullable().optional(),
  ui: z.record(z.string(), z.unknown()).optional(),
})
export type StudioSettingsPatch = z.infer<typeof settingsPatchSchema>
