// `align`, `edit` and `fill --takes` / `--until-checks` as child processes against the shipped model (its aligner).
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { failedCheckWarnings } from '../../electron/cli/edit'
import { readAudioFile } from '../../electron/engine/audio/decode'
import type { FilledWindow } from '../../electron/engine/window-fill'

const FIXTURE = resolve('tests/fixtures/align/awb-path')
let TEXT: string
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'voicefill-cli-edit-'))
  TEXT = JSON.parse(await readFile(`${FIXTURE}.json`, 'utf8')).text
})
afterAll(() => rm(dir, { recursive: true, force: true }))

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', ...args], { env: { ...process.env, VOICEFILL_DEBUG: '' } }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!)
const FAST = ['--steps', '2', '--solver', 'euler', '--seed', '5']

describe('align', () => {
  it('prints word and phone times with a confidence per word', async () => {
    const run = await cli('align', `${FIXTURE}.wav`, '--text', TEXT, '--json')
    expect(run.stderr).toBe('')
    const json = lastJson(run.stdout)
    expect(json.words).toHaveLength(TEXT.split(' ').length)
    expect(json.mismatch).toBeNull()
    for (const [i, w] of json.words.entries()) {
      expect(w.end).toBeGreaterThan(w.start)
      if (i) expect(w.start).toBeGreaterThanOrEqual(json.words[i - 1].end)
      expect(w.phones.length).toBeGreaterThan(0)
      expect(w.confidence).toBeGreaterThanOrEqual(0)
    }
  }, 60_000)
})

describe('edit', () => {
  it('reads an .srt given as --text-file, --from-file or --to-file by its cues\' words, as the studio loads one', async () => {
    // The cue numbers and times had been read as words: the alignment placed "00:00:02,000" in the
    // recording, and an edit refused the transcript as not matching the audio.
    const words = TEXT.split(' ')
    const half = Math.ceil(words.length / 2)
    const srt = join(dir, 'words.srt')
    await writeFile(srt, `1\r\n00:00:00,000 --> 00:00:02,000\r\n<i>${words.slice(0, half).join(' ')}</i>\r\n\r\n2\r\n00:00:02,000 --> 00:00:04,000\r\n${words.slice(half).join(' ')}\r\n`)
    const plain = lastJson((await cli('align', `${FIXTURE}.wav`, '--text', TEXT, '--json')).stdout)
    const run = await cli('align', `${FIXTURE}.wav`, '--text-file', srt, '--json')
    expect(run.stderr).toBe('')
    const json = lastJson(run.stdout)
    expect(json.words.map((w: { text: string }) => w.text)).toEqual(words)
    expect(json.words.map((w: { start: number }) => w.start)).toEqual(plain.words.map((w: { start: number }) => w.start))
    const to = join(dir, 'to.txt')
    await writeFile(to, [...words.slice(0, -1), 'again.'].join(' '))
    const edit = await cli('edit', `${FIXTURE}.wav`, '--from-file', srt, '--to-file', to, ...FAST, '--out', join(dir, 'srt-edit.wav'), '--json')
    expect(edit.stderr).toBe('')
    expect(lastJson(edit.stdout).edits).toHaveLength(1)
  }, 120_000)

  it('fills every changed run and leaves every other sample as it was', async () => {
    const out = join(dir, 'edited.wav')
    const to = TEXT.replace('ten meters', 'five meters').replace('the old stone', 'the stone')
    const run = await cli('edit', `${FIXTURE}.wav`, '--from', TEXT, '--to', to, '--out', out, ...FAST, '--json')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const json = lastJson(run.stdout)
    expect(json.edits.map((e: { kind: string; oldText: string; text: string }) => [e.kind, e.oldText, e.text])).toEqual([
      ['replace', 'ten', 'five'],
      ['delete', 'old', ''],
    ])
    const a = (await readAudioFile(`${FIXTURE}.wav`)).channels[0]
    const b = (await readAudioFile(out)).channels[0]
    // Input and output walk together between the spans (crossfades included), shifted by each edit.
    let inPos = 0
    let outPos = 0
    let differing = 0
    for (const { splice: s } of json.edits) {
      const keep = s.inStart - s.crossfadeSamples - inPos
      for (let k = 0; k < keep; k++) if (a[inPos + k] !== b[outPos + k]) differing++
      inPos = s.inEnd + s.crossfadeSamples
      outPos = s.outEnd + s.crossfadeSamples
    }
    for (let k = 0; inPos + k < a.length; k++) if (a[inPos + k] !== b[outPos + k]) differing++
    expect(differing).toBe(0)
    expect(b.length - outPos).toBe(a.length - inPos)
    // The report carries fill's fields too (docs/engine.md, CLI).
    expect(json).toMatchObject({ command: 'edit', inputFormat: 'WAV 16-bit PCM', warnings: [] })
    expect(json.inputSeconds).toBeCloseTo(a.length / 16000, 5)
    expect(json.outputSeconds).toBeCloseTo(b.length / 16000, 5)
    expect(json.generatedSeconds).toBeGreaterThan(0)
    expect(json.engineMs).toBeGreaterThan(0)
    expect(json.rtf).toBeGreaterThan(0)
    expect(Object.keys(json.timings).sort()).toEqual(['featuresMs', 'onnxMs', 'totalMs', 'vocoderMs'])
  }, 120_000)

  it('deletes the last word, and refuses a word replaced by a symbol it cannot say', async () => {
    const out = join(dir, 'no-last.wav')
    const words = TEXT.split(' ')
    const run = await cli('edit', `${FIXTURE}.wav`, '--from', TEXT, '--to', words.slice(0, -1).join(' '), '--out', out, ...FAST, '--json')
    expect(run.stderr).toBe('')
    expect(lastJson(run.stdout).edits.map((e: { kind: string }) => e.kind)).toEqual(['delete'])
    const fox = await cli('edit', `${FIXTURE}.wav`, '--from', TEXT, '--to', TEXT.replace('ten', '🦊'), '--out', join(dir, 'fox.wav'), ...FAST)
    expect(fox.code).toBe(1)
    expect(fox.stderr).toMatch(/^voicefill: the new text has "🦊", which cannot be said: write it as words/)
  }, 120_000)

  it('--takes N checks every take of each window for the new words and the old ones', async () => {
    const out = join(dir, 'edited-takes.wav')
    const to = TEXT.replace('ten meters', 'five meters')
    const run = await cli('edit', `${FIXTURE}.wav`, '--from', TEXT, '--to', to, '--takes', '2', '--out', out, ...FAST, '--json')
    expect(run.stderr).toBe('')
    const json = lastJson(run.stdout)
    expect(json.checked).toHaveLength(1)
    const [window] = json.checked
    expect(window.regions).toEqual([0])
    expect(window.takes.map((t: { seed: number }) => t.seed)[0]).toBe(5)
    expect(window.takes).toHaveLength(2)
    for (const t of window.takes) expect(t.regions[0].words.map((w: { text: string }) => w.text)).toEqual(['five'])
    expect(json.networkCalls).toBe(2 * 2) // two takes of 2 Euler steps
  }, 120_000)

  it('refuses text without changes and a missing --to with one line', async () => {
    const same = await cli('edit', `${FIXTURE}.wav`, '--from', TEXT, '--to', TEXT.toUpperCase(), '--out', join(dir, 'x.wav'))
    expect(same.code).toBe(1)
    expect(same.stderr.trim().split('\n')).toEqual([expect.stringMatching(/nothing to edit/)])
    const usage = await cli('edit', `${FIXTURE}.wav`, '--from', TEXT, '--out', join(dir, 'x.wav'))
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/--to "…" or --to-file FILE is required/)
    // --out may not be one of the transcript files either: it would be replaced by WAV bytes.
    const transcript = join(dir, 'transcript')
    await writeFile(transcript, TEXT)
    const over = await cli('edit', `${FIXTURE}.wav`, '--from-file', transcript, '--to', TEXT.replace(/\w+$/, 'river'), '--out', transcript)
    expect(over.code).toBe(2)
    expect(over.stderr).toMatch(/--out .*transcript is the input file/)
    expect(await readFile(transcript, 'utf8')).toBe(TEXT)
  }, 60_000)
})

describe('fill --takes / --until-checks', () => {
  it('--takes N generates N seeds, keeps the best-scoring take, lists every take, and writes that take exactly', async () => {
    const out = join(dir, 'takes.wav')
    const region = ['--start', '0.73', '--end', '0.99', '--text', 'five']
    const run = await cli('fill', `${FIXTURE}.wav`, ...region, '--takes', '2', ...FAST, '--out', out, '--json')
    expect(run.stderr).toBe('')
    const json = lastJson(run.stdout)
    expect(json.checked).toHaveLength(1)
    const [window] = json.checked
    expect(window.regions).toEqual([0])
    expect(window.takes).toHaveLength(2)
    expect(window.takes[0].seed).toBe(5)
    expect(new Set(window.takes.map((t: { seed: number }) => t.seed)).size).toBe(2)
    const best = window.takes[window.kept]
    for (const t of window.takes) {
      expect(t.regions[0].words[0].text).toBe('five')
      expect(best.passes || !t.passes).toBe(true)
      if (best.passes === t.passes) expect(best.score).toBeGreaterThanOrEqual(t.score)
    }
    // The run's seed is reported (and said to be the first take's, not the kept one's); every take's calls are counted.
    expect(json.settings.seed).toBe(5)
    expect(run.stdout).toContain("seed 5 (the first take's; the kept take's seed is above)")
    expect(json.networkCalls).toBe(2 * 2)
    // The file holds the kept take: a plain fill at its seed writes the same samples.
    const plain = join(dir, 'kept-seed.wav')
    const again = await cli('fill', `${FIXTURE}.wav`, ...region, ...FAST.slice(0, 4), '--seed', String(best.seed), '--out', plain, '--json')
    expect(again.code).toBe(0)
    const [a, b] = await Promise.all([readAudioFile(out), readAudioFile(plain)])
    expect(Buffer.from(a.channels[0].buffer).equals(Buffer.from(b.channels[0].buffer))).toBe(true)
  }, 120_000)

  it('--until-checks N stops at the first take that checks; both options at once are a usage error', async () => {
    const out = join(dir, 'until.wav')
    const run = await cli('fill', `${FIXTURE}.wav`, '--start', '0.73', '--end', '0.99', '--text', 'five', '--until-checks', '3', ...FAST, '--out', out, '--json')
    expect(run.stderr).toBe('')
    const { takes, kept } = lastJson(run.stdout).checked[0]
    expect(takes.length).toBeGreaterThanOrEqual(1)
    expect(takes.length).toBeLessThanOrEqual(3)
    // every take before the last failed; the run went on only while none checked
    for (const t of takes.slice(0, -1)) expect(t.passes).toBe(false)
    if (takes.length < 3) expect(takes.at(-1).passes).toBe(true)
    if (takes.at(-1).passes) expect(kept).toBe(takes.length - 1)

    const both = await cli('fill', `${FIXTURE}.wav`, '--start', '0.73', '--end', '0.99', '--text', 'five', '--takes', '2', '--until-checks', '2', '--out', out)
    expect(both.code).toBe(2)
    expect(both.stderr).toMatch(/--takes N .* or --until-checks N .*not both/)
  }, 120_000)
})

describe('failedCheckWarnings', () => {
  it('names the regions of every window where no take passed, and what the kept one may lack', () => {
    const take = (seed: number, passes: boolean, ok: boolean) => ({
      seed, score: 0.4, passes,
      checks: [{ words: [{ text: 'five', ok, confidence: 0.1 }], oldWords: [], seams: [1], score: 0.4, passes }],
    })
    const windows = [
      { regions: [0], checked: { bestIndex: 1, takes: [take(5, false, false), take(6, false, false)] } },
      { regions: [1, 2], checked: { bestIndex: 0, takes: [take(7, true, true)] } },
    ] as unknown as FilledWindow[]
    expect(failedCheckWarnings(windows, 3)).toEqual([
      "no take of region 1 passed the check in 2 tries; kept take 2 (seed 6), which may not say 'five': listen to it",
    ])
    expect(failedCheckWarnings([windows[1]], 3)).toEqual([])
  })
})
