// `edit`: edit a recording by editing its transcript. Aligns the old transcript, diffs the words,
// and fills every changed run in one call; samples outside the changed spans (and their crossfades)
// stay bit-identical. `edit --takes N` keeps the best of N checked takes (fill does its takes window by window).
//
//   voicefill edit <audio> (--from "…" | --from-file F) (--to "…" | --to-file F) --out F [--takes N] [--json]
import { resolve } from 'node:path'
import type { CheckedFill } from '../engine/align/takes'
import { writeWavFile } from '../engine/audio/encode'
import type { Engine } from '../engine/engine'
import { EngineError, type FillResult, type PcmAudio, type RegionSpec, type SamplerSettings } from '../engine/types'
import { logAlignment, textOption, type CliKit } from './align'

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

/** Fills `regions`, or with --takes N keeps the best of N checked takes (logged, and listed for --json). */
export async function fillMaybeTakes(
  engine: Engine,
  audio: PcmAudio,
  regions: RegionSpec[],
  patch: Partial<SamplerSettings>,
  takes: number | undefined,
  log: (s: string) => void,
  oldTexts?: string[],
): Promise<{ result: FillResult; checked: CheckedFill | null }> {
  if (!takes) return { result: await engine.fill(audio, regions, patch), checked: null }
  const checked = await engine.fillTakes(audio, regions, patch, {
    count: takes,
    oldTexts,
    onTake: (t, i) => log(takeLine(t, i, takes)),
  })
  log(`kept take ${checked.bestIndex + 1} (seed ${checked.takes[checked.bestIndex].seed})`)
  return { result: checked.best, checked }
}

/** "take 2/4: seed 7, score 0.812, checks" (or what is wrong with it). */
export function takeLine(t: CheckedFill['takes'][number], i: number, count: number): string {
  return `take ${i + 1}/${count}: seed ${t.seed}, score ${t.score.toFixed(3)}${t.passes ? ', checks' : `, ${takeProblem(t.checks)}`}`
}

/** "may not say 'five'", "still says 'ten'" or "rough seam". */
export function takeProblem(checks: CheckedFill['takes'][number]['checks']): string {
  for (const c of checks) {
    if (!c) continue
    const missing = c.words.find((w) => !w.ok)
    if (missing) return `may not say '${missing.text}'`
    if (c.oldWords.length) return `still says '${c.oldWords[0].text}'`
    if (!c.passes) return 'rough seam'
  }
  return 'checks'
}

/** The takes as --json lists them: seed, score, pass, and per region the words' confidences. */
export function takesJson(checked: Omit<CheckedFill, 'best'>) {
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
  const out = resolve(v.out)
  const fromText = await textOption(kit, 'from', v.from, v['from-file'])
  const toText = await textOption(kit, 'to', v.to, v['to-file'])
  const takes = kit.positiveInteger('takes', v.takes)
  if (v.format && !['pcm16', 'pcm24', 'float32'].includes(v.format)) throw kit.usage(`--format must be one of pcm16, pcm24, float32 (got ${JSON.stringify(v.format)})`)
  const patch = kit.samplerPatch()
  const started = performance.now()
  const [engine, audio] = await Promise.all([kit.loadEngine(), kit.readInput(input)])
  try {
    const alignment = await engine.align(audio, fromText)
    logAlignment(alignment, log)
    if (alignment.mismatch) throw new EngineError(`--from: ${alignment.mismatch}`, 'BAD_TEXT')
    const edits = engine.editRegions(alignment, toText)
    if (!edits.length) throw new EngineError('--to has the same words as --from: nothing to edit', 'BAD_TEXT')
    for (const e of edits) log(`${e.change.kind} ${r3(e.start)}–${r3(e.end)} s: "${e.oldText}" → "${e.text}"${e.tempo ? ` (speaker tempo ${e.tempo})` : ''}`)
    const regions: RegionSpec[] = edits.map(({ change: _c, oldText: _o, ...spec }) => spec)
    const { result, checked } = await fillMaybeTakes(engine, audio, regions, patch, takes, log, edits.map((e) => e.oldText))
    const format = (v.format as Parameters<typeof writeWavFile>[2] | undefined) ?? kit.encodingFor(audio.format)
    await kit.prepareOutput(out)
    await writeWavFile(out, result.audio, format)
    log(`wrote ${out}: ${r3(result.audio.channels[0].length / result.audio.sampleRate)} s`)
    return {
      command: 'edit',
      input,
      output: out,
      format,
      sampleRate: result.audio.sampleRate,
      channels: result.audio.channels.length,
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
      })),
      ...(checked ? takesJson(checked) : {}),
      settings: result.settings,
      elapsedMs: r3(performance.now() - started),
    }
  } finally {
    await engine.release()
  }
}
