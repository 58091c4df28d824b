// `edit`: edit a recording by editing its transcript. Aligns the old transcript, diffs the words,
// and fills every changed run (nearby runs in one call, so each hears the ones before); samples outside the changed spans (and their crossfades)
// stay bit-identical. `edit --takes N` keeps the best of N checked takes, window by window as fill does.
//
//   voicefill edit <audio> (--from "…" | --from-file F) (--to "…" | --to-file F) --out F [--takes N] [--json]
import { bothOpen } from './open'
import { resolve } from 'node:path'
import type { CheckedFill } from '../engine/align/takes'
import type { writeWavFile } from '../engine/audio/encode'
import { clipWarning, writePieces } from '../engine/audio/write-pieces'
import { EngineError, type RegionSpec } from '../engine/types'
import { fillSource, type FilledWindow, type WindowTakes } from '../engine/window-fill'
import { logAlignment, textOption, type CliKit } from './align'
import { quotedWord } from '../shared/words'

export interface EditValues {
  from?: string
  to?: string
  'from-file'?: string
  'to-file'?: string
  out?: string
  format?: string
  takes?: string
}

const r3 = (x: number) => Math.round(x * 1000) / 1000

/** "take 2/4: seed 7, score 0.812, checks" (or what is wrong with it). */
function takeLine(t: CheckedFill['takes'][number], i: number, count: number): string {
  return `take ${i + 1}/${count}: seed ${t.seed}, score ${t.score.toFixed(3)}${t.passes ? ', checks' : `, ${takeProblem(t.checks)}`}`
}

/** fillSource's onTake for the CLI: each take logged, with its regions when the window holds only some. */
export function logTake(count: number, regionCount: number, log: (s: string) => void): NonNullable<WindowTakes['onTake']> {
  return (t, i, within) => log(`${within.length === regionCount ? '' : `regions ${within.map((k) => k + 1).join(', ')}: `}${takeLine(t, i, count)}`)
}

/** The checked takes of a windowed fill as --json lists them (one entry per window), each kept take logged. */
export function checkedWindows(windows: readonly FilledWindow[], regionCount: number, log: (s: string) => void) {
  const checked = windows.filter((w) => w.checked).map((w) => ({ regions: w.regions, ...takesJson(w.checked!) }))
  for (const c of checked) {
    log(`kept take ${c.kept + 1} (seed ${c.takes[c.kept].seed})${c.regions.length === regionCount ? '' : ` for regions ${c.regions.map((k) => k + 1).join(', ')}`}`)
  }
  return checked
}

/** One warning per window where no take passed the aligner's check (the best-scoring one was kept anyway). */
export function failedCheckWarnings(windows: readonly FilledWindow[], regionCount: number): string[] {
  return windows
    .filter((w) => w.checked && !w.checked.takes.some((t) => t.passes))
    .map((w) => {
      const c = w.checked!
      const kept = c.takes[c.bestIndex]
      const which = regionCount === 1 ? 'the region' : `region${w.regions.length === 1 ? '' : 's'} ${w.regions.map((k) => k + 1).join(', ')}`
      const problem = takeProblem(kept.checks)
      return `no take of ${which} passed the check in ${c.takes.length} tr${c.takes.length === 1 ? 'y' : 'ies'}; kept take ${c.bestIndex + 1} (seed ${kept.seed}), which ${problem === 'rough seam' ? 'has a rough seam' : problem}: listen to it`
    })
}

/** "may not say 'five'", "still says 'ten'" or "rough seam". */
function takeProblem(checks: CheckedFill['takes'][number]['checks']): string {
  for (const c of checks) {
    if (!c) continue
    const missing = c.words.find((w) => !w.ok)
    if (missing) return `may not say '${quotedWord(missing.text)}'`
    if (c.oldWords.length) return `still says '${quotedWord(c.oldWords[0].text)}'`
    if (!c.passes) return 'rough seam'
  }
  return 'checks'
}

/** The takes as --json lists them: seed, score, pass, and per region the words' confidences. */
function takesJson(checked: Omit<CheckedFill, 'best'>) {
  return {
    kept: checked.bestIndex,
    takes: checked.takes.map((t) => ({
      seed: t.seed,
      score: t.score,
      passes: t.passes,
      regions: t.checks.map((c) => c && { words: c.words, oldWords: c.oldWords, seams: c.seams, score: c.score, passes: c.passes }),
    })),
  }
}

export async function cmdEdit(v: EditValues, positionals: string[], log: (s: string) => void, kit: CliKit) {
  if (positionals.length !== 1) throw kit.usage(`expected one audio file (got ${positionals.length})`)
  const input = resolve(positionals[0])
  if (!v.out) throw kit.usage('--out is required')
  // The transcript files are inputs too: --out must not overwrite them.
  const textFiles = [v['from-file'], v['to-file']].filter((f): f is string => typeof f === 'string').map((f) => resolve(f))
  const out = await kit.checkOutput(resolve(v.out), [input, ...textFiles])
  const fromText = await textOption(kit, 'from', v.from, v['from-file'])
  const toText = await textOption(kit, 'to', v.to, v['to-file'])
  const takes = kit.positiveInteger('takes', v.takes)
  if (v.format && !['pcm16', 'pcm24', 'float32'].includes(v.format)) throw kit.usage(`--format must be one of pcm16, pcm24, float32 (got ${JSON.stringify(v.format)})`)
  const patch = kit.samplerPatch()
  const started = performance.now()
  // Like fill: the aligner hears the file as mono at the model's rate (read in chunks), the edits are
  // filled window by window and the output is written in a stream, so a long file stays cheap.
  const [engine, source] = await bothOpen(kit.loadEngine(), kit.openInput(input))
  try {
    const alignment = await engine.alignSource(source, fromText)
    logAlignment(alignment, log)
    if (alignment.mismatch) throw new EngineError(`--from: ${alignment.mismatch}`, 'BAD_TEXT')
    const edits = engine.editRegions(alignment, toText)
    if (!edits.length) throw new EngineError('--to has the same words as --from: nothing to edit', 'BAD_TEXT')
    for (const e of edits) log(`${e.change.kind} ${r3(e.start)}–${r3(e.end)} s: "${e.oldText}" → "${e.text}"${e.tempo ? ` (speaker tempo ${e.tempo})` : ''}`)
    const regions: RegionSpec[] = edits.map(({ change: _c, oldText: _o, ...spec }) => spec)
    const result = await fillSource(engine, source, regions, patch, {}, takes ? {
      count: takes,
      oldTexts: edits.map((e) => e.oldText),
      onTake: logTake(takes, regions.length, log),
    } : undefined)
    const checked = checkedWindows(result.windows, regions.length, log)
    const unchecked = failedCheckWarnings(result.windows, regions.length)
    for (const w of unchecked) log(`warning: ${w}`)
    const format = (v.format as Parameters<typeof writeWavFile>[2] | undefined) ?? kit.encodingFor(source.format)
    await kit.prepareOutput(out)
    const written = await writePieces(out, source, result.pieces, { format })
    const clipped = clipWarning(written.clipped, format)
    if (clipped) log(`warning: ${clipped}`)
    result.regions.forEach((r, i) => r.warnings?.forEach((w) => log(`warning: ${edits[i].change.kind} ${r3(edits[i].start)}–${r3(edits[i].end)} s: ${w}`)))
    log(`wrote ${out}: ${r3(result.frames / source.sampleRate)} s`)
    const generated = result.regions.reduce((a, x) => a + x.generatedSeconds, 0)
    const ms = (x: number) => Math.round(x * 10) / 10
    const t = result.timings
    return {
      command: 'edit',
      input,
      inputFormat: source.format,
      output: out,
      format,
      // The same report fields as fill's (docs/engine.md, CLI).
      warnings: [...source.warnings, ...(source.nonFinite > 0 ? [`${source.nonFinite} non-finite float samples (NaN/Inf) read as 0`] : []), ...(clipped ? [clipped] : []), ...unchecked],
      inputSeconds: Math.round((source.frames / source.sampleRate) * 1e6) / 1e6,
      outputSeconds: Math.round((result.frames / source.sampleRate) * 1e6) / 1e6,
      generatedSeconds: Math.round(generated * 1e6) / 1e6,
      sampleRate: source.sampleRate,
      channels: source.channels,
      alignment: { words: alignment.words.length, lowCount: alignment.lowCount, alignMs: r3(alignment.alignMs) },
      edits: edits.map((e, i) => ({
        kind: e.change.kind,
        oldText: e.oldText,
        text: e.text,
        start: e.start,
        end: e.end,
        ...(e.tempo ? { tempo: e.tempo } : {}),
        splice: result.regions[i].splice,
        phones: result.regions[i].phones,
        warnings: result.regions[i].warnings ?? [],
      })),
      ...(takes ? { checked } : {}),
      settings: result.settings,
      networkCalls: result.networkCalls,
      elapsedMs: r3(performance.now() - started),
      engineMs: ms(t.totalMs),
      rtf: generated > 0 ? Math.round((t.totalMs / 1000 / generated) * 1e4) / 1e4 : null,
      timings: { totalMs: ms(t.totalMs), onnxMs: ms(t.onnxMs), vocoderMs: ms(t.vocoderMs), featuresMs: ms(t.featuresMs) },
    }
  } finally {
    await source.close()
    await engine.release()
  }
}
