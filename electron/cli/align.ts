// `align`: word and phone timings of a transcript in a recording, with a confidence per word.
//
//   voicefill align <audio> (--text "…" | --text-file F) [--json]
import { bothOpen } from './open'
import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { Alignment } from '../engine/align'
import { transcriptFromFile } from '../engine/srt'
import type { AudioSource } from '../engine/audio/source'
import type { Engine } from '../engine/engine'
import type { writeWavFile } from '../engine/audio/encode'
import type { SamplerSettings } from '../engine/types'

/** What main.ts lends the commands in this folder (its parsing rules and error types stay in one place). */
export interface CliKit {
  loadEngine(): Promise<Engine>
  /** opens an input for windowed reading (warnings shown); the caller closes it */
  openInput(path: string): Promise<AudioSource>
  /** a usage mistake: exit code 2 */
  usage(message: string): Error
  samplerPatch(): Partial<SamplerSettings>
  positiveInteger(name: string, raw: string | undefined): number | undefined
  encodingFor(decodedFormat: string): Parameters<typeof writeWavFile>[2]
  prepareOutput(path: string): Promise<void>
  /** refuses an output path that can never be written (checked before any generation) */
  /** the file to write (a link followed); refuses the inputs, odd names and unwritable folders */
  checkOutput(path: string, inputs?: readonly string[]): Promise<string>
}

export interface TextValues {
  text?: string[]
  'text-file'?: string
}

/** Largest transcript or script file read (a book's text is a few MB). */
export const MAX_TEXT_FILE_BYTES = 32 * 1024 * 1024

/**
 * Why a text file given to an option cannot be read, or null: a pipe or device would block the read (and
 * Ctrl-C) forever, a folder is not text, a huge file is not a transcript.
 */
export async function notTextFile(file: string): Promise<string | null> {
  const info = await stat(resolve(file)).catch((e: NodeJS.ErrnoException) => e)
  if (info instanceof Error) return info.code === 'ENOENT' ? 'no such file' : info.code === 'EACCES' ? 'permission denied' : (info.code ?? info.message)
  if (info.isDirectory()) return 'it is a folder'
  if (!info.isFile()) return 'not a plain file (a pipe or device)'
  if (info.size > MAX_TEXT_FILE_BYTES) return `${(info.size / 1e6).toFixed(0)} MB is too large for a text (at most ${MAX_TEXT_FILE_BYTES / 1024 / 1024} MB)`
  return null
}

/** The text of --NAME "…" or --NAME-file F (exactly one of them). */
export async function textOption(kit: CliKit, name: string, inline: string | string[] | undefined, file: string | undefined): Promise<string> {
  const given = Array.isArray(inline) ? inline : inline === undefined ? [] : [inline]
  if (given.length > 1) throw kit.usage(`give --${name} once`)
  if (given.length && file) throw kit.usage(`give --${name} or --${name}-file, not both`)
  if (file) {
    const why = await notTextFile(file)
    if (why) throw kit.usage(`cannot read --${name}-file ${file}: ${why}`)
    const text = await readFile(resolve(file), 'utf8').catch(() => {
      throw kit.usage(`cannot read --${name}-file ${file}`)
    })
    // Subtitles give their cues' words, as the studio's Load .txt / .srt does: the cue numbers and times
    // had been read as words (an edit refused the transcript, an alignment placed "00:00:06,000").
    return /\.srt$/i.test(file) ? transcriptFromFile(file, text) : text
  }
  if (!given.length) throw kit.usage(`--${name} "…" or --${name}-file FILE is required`)
  return given[0]
}

const r3 = (x: number) => Math.round(x * 1000) / 1000

/** One line per word: "0.52–0.81  mister  0.97", flagged words marked. */
export function logAlignment(a: Alignment, log: (s: string) => void): void {
  for (const w of a.words) log(`${r3(w.start).toFixed(3)}–${r3(w.end).toFixed(3)}  ${w.text}  ${w.confidence.toFixed(2)}${w.low ? '  (low: may not be said)' : ''}`)
  log(`${a.words.length} words, ${a.lowCount} flagged, ${Math.round(a.alignMs)} ms`)
  if (a.mismatch) log(`warning: ${a.mismatch}`)
  if (a.coverage) log(`warning: ${a.coverage}`)
}

export async function cmdAlign(v: TextValues, positionals: string[], log: (s: string) => void, kit: CliKit) {
  if (positionals.length !== 1) throw kit.usage(`expected one audio file (got ${positionals.length})`)
  const input = resolve(positionals[0])
  const text = await textOption(kit, 'text', v.text, v['text-file'])
  // The aligner hears mono at the model's rate, read in chunks (as the studio does): long files stay cheap.
  const [engine, source] = await bothOpen(kit.loadEngine(), kit.openInput(input))
  try {
    const a = await engine.alignSource(source, text)
    logAlignment(a, log)
    return {
      command: 'align',
      input,
      duration: a.duration,
      words: a.words,
      lowCount: a.lowCount,
      mismatch: a.mismatch,
      coverage: a.coverage ?? null,
      alignMs: Math.round(a.alignMs * 10) / 10,
    }
  } finally {
    await source.close()
    await engine.release()
  }
}
