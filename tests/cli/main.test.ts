// The CLI end to end, as a child process: real files in, real WAV files out.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAudioFile } from '../../electron/engine/audio/decode'
import { encodeWav } from '../../electron/engine/audio/encode'
import { gaussianNoise } from '../../electron/engine/rng'

const TINY = resolve('tests/fixtures/tiny-model')
const DIFFUSION = resolve('tests/fixtures/tiny-diffusion')
const STEREO = resolve('tests/fixtures/audio/speech-44k-stereo.wav')
const SPEECH = resolve('tests/fixtures/audio/speech-16k-s24.wav')
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'voicefill-cli-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

interface Run {
  code: number
  stdout: string
  stderr: string
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', 'electron/cli/main.ts', ...args], { env: { ...process.env, VOICEFILL_DEBUG: '' } }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr })
    })
  })
}

function lastJson(stdout: string): Record<string, any> {
  const lines = stdout.trim().split('\n')
  return JSON.parse(lines[lines.length - 1])
}

describe('voicefill CLI', () => {
  it('fill writes a WAV at the input rate and channel count and ends with one JSON line', async () => {
    const out = join(dir, 'sub', 'filled.wav')
    const run = await cli('fill', STEREO, '--start', '0.8', '--end', '1.3', '--text', 'new words', '--steps', '2', '--solver', 'euler', '--cfg', '1.5', '--sway', '-0.5', '--seed', '9', '--model', TINY, '--out', out, '--json')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const json = lastJson(run.stdout)
    expect(json).toMatchObject({ command: 'fill', output: out, sampleRate: 44100, channels: 2, networkCalls: 2 })
    expect(json.settings).toMatchObject({ steps: 2, solver: 'euler', guidance: 1.5, sway: -0.5, seed: 9 })
    expect(json.outputSeconds).toBeCloseTo(json.inputSeconds, 6)
    expect(json.rtf).toBeGreaterThan(0)
    expect(json.elapsedMs).toBeGreaterThan(0)
    const wav = await readAudioFile(out)
    expect(wav.sampleRate).toBe(44100)
    expect(wav.channels).toHaveLength(2)
    expect(wav.format).toBe('WAV 16-bit PCM')
  })

  it('fill deletes from the file start, back to back, leaving the rest of every channel bit-identical', async () => {
    // A start delete had faded the first 15 ms after its cut in, and a second delete sharing its end faded
    // the audio after both in from silence: samples outside every region changed.
    const out = join(dir, 'head-cut.wav')
    const run = await cli('fill', STEREO, '--start', '0', '--end', '0.3', '--text', '', '--start', '0.3', '--end', '0.5', '--text', '', '--model', TINY, '--out', out)
    expect(run.code).toBe(0)
    const [src, wav] = [await readAudioFile(STEREO), await readAudioFile(out)]
    const cut = Math.round(0.5 * 44100)
    for (const c of [0, 1]) expect(wav.channels[c]).toEqual(src.channels[c].subarray(cut))
  })

  it('fill generates a repair only where its words are said, says so, and all of the region with --exact', async () => {
    // LibriVox "… rather selfish is …", masked by Whisper's word times: the "sh" of "selfish" is after 3.28 s.
    const clip = resolve('training/eval/librivox/ss01-0890.wav')
    const args = ['fill', clip, '--start', '2.36', '--end', '3.28', '--text', 'rather selfish', '--steps', '2', '--solver', 'euler', '--seed', '1']
    const run = await cli(...args, '--out', join(dir, 'repair.wav'))
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(/2\.36–3\.28 s → [\d.]+ s generated \(2\.3\d*–3\.2\d* s, where its words are said; --exact for all of it\)/)
    const narrowed = lastJson((await cli(...args, '--out', join(dir, 'repair2.wav'), '--json')).stdout).regions[0]
    expect(narrowed).toMatchObject({ start: 2.36, end: 3.28, text: 'rather selfish' })
    expect(narrowed.narrowed.end).toBeLessThan(3.28)
    expect(narrowed.phones).not.toContain('SH')
    const exact = lastJson((await cli(...args, '--exact', '--out', join(dir, 'repair3.wav'), '--json')).stdout).regions[0]
    expect(exact.narrowed).toBeUndefined()
    expect(exact.phones.slice(-2)).toEqual(['IH', 'SH'])
    expect(exact.splice.inEnd).toBe(Math.round(3.28 * 16000))
  })

  it('fill keeps a 24-bit input 24-bit, inserts and deletes', async () => {
    const out = join(dir, 'edit24.wav')
    const run = await cli('fill', SPEECH, '--start', '1.0', '--end', '1.0', '--text', 'very', '--start', '0.2', '--end', '0.4', '--text', '', '--steps', '1', '--model', TINY, '--out', out, '--json')
    expect(run.code).toBe(0)
    const json = lastJson(run.stdout)
    expect(json.regions).toHaveLength(2)
    expect(json.regions[1].generatedSeconds).toBe(0)
    expect(json.regions.map((r: { warnings: string[] }) => r.warnings)).toEqual([[], []])
    expect((await readAudioFile(out)).format).toBe('WAV 24-bit PCM')
  })

  it('fill keeps a 24-bit FLAC 24-bit, and every sample outside the region is the source\'s', async () => {
    const out = join(dir, 'flac24.wav')
    const flac = resolve('tests/fixtures/audio/speech-16k-s24g.flac')
    const run = await cli('fill', flac, '--start', '1.0', '--end', '1.4', '--text', 'new', '--steps', '1', '--model', TINY, '--out', out, '--json')
    expect(run.code).toBe(0)
    expect(lastJson(run.stdout).inputFormat).toBe('FLAC 24-bit')
    const got = await readAudioFile(out)
    const twin = await readAudioFile(resolve('tests/fixtures/audio/speech-16k-s24g.wav'))
    expect(got.format).toBe('WAV 24-bit PCM')
    const [a, b] = [got.channels[0], twin.channels[0]]
    expect(a.length).toBe(b.length)
    const { inStart, inEnd, crossfadeSamples } = lastJson(run.stdout).regions[0].splice
    const changedOutside = a.findIndex((v, i) => (i < inStart - crossfadeSamples || i >= inEnd + crossfadeSamples) && v !== b[i])
    expect(changedOutside).toBe(-1)
  })

  it('info <audio> says what a file holds and what fill writes for it, warnings included', async () => {
    const run = await cli('info', resolve('tests/fixtures/audio/speech-16k-s24g.aiff'), '--json')
    expect(run.code).toBe(0)
    expect(lastJson(run.stdout)).toMatchObject({ command: 'info', format: 'AIFF 24-bit PCM', sampleRate: 16000, channels: 1, frames: 33360, writes: 'pcm24', warnings: [] })
    const cut = await cli('info', resolve('tests/fixtures/audio/truncated.wav'))
    expect(cut.code).toBe(0)
    expect(cut.stdout).toMatch(/^warning: .*truncated\.wav: truncated WAV: file ends early/m)
    expect(cut.stdout).toMatch(/WAV 16-bit PCM, 16000 Hz, 1 ch, .* s \(\d+ frames\)\n  fill and edit write WAV 16-bit PCM at 16000 Hz/)
  })

  it('fill warns when the words are squeezed into too short a region, and still writes the file', async () => {
    const out = join(dir, 'rushed.wav')
    const run = await cli('fill', SPEECH, '--start', '0.8', '--end', '1.2', '--text', 'one two three four five six seven eight', '--steps', '1', '--model', TINY, '--out', out, '--json')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^warning: region 1 \(0\.8–1\.2 s\): the words take about \d+\.\d s at the speaker's pace and get 0\.4 s: they will sound rushed/m)
    expect(lastJson(run.stdout).regions[0].warnings).toHaveLength(1)
    expect(existsSync(out)).toBe(true)
  })

  it('ladder writes one file per rung from the same seed', async () => {
    const outDir = join(dir, 'ladder')
    const run = await cli('ladder', SPEECH, '--start', '0.6', '--end', '1.1', '--text', 'new words', '--steps', '1,2', '--solver', 'euler', '--seed', '4', '--model', TINY, '--out-dir', outDir, '--json')
    expect(run.code).toBe(0)
    const json = lastJson(run.stdout)
    expect(json.seed).toBe(4)
    expect(json.variants.map((v: { steps: number }) => v.steps)).toEqual([1, 2])
    expect((await readdir(outDir)).sort()).toEqual(json.outputs.map((p: string) => p.slice(outDir.length + 1)).sort())
  })

  it('a ladder whose later rung cannot be written leaves none of its rungs and an earlier run\'s as they were (code IO, exit 1)', async () => {
    const outDir = join(dir, 'ladder-half')
    // A folder where the second rung's file goes, and the first rung of an earlier run.
    await mkdir(join(outDir, 'speech-16k-s24-ladder-02-2steps-euler.wav'), { recursive: true })
    await writeFile(join(outDir, 'speech-16k-s24-ladder-01-1steps-euler.wav'), 'earlier run')
    const run = await cli('ladder', SPEECH, '--start', '0.6', '--end', '1.1', '--text', 'new words', '--steps', '1,2', '--solver', 'euler', '--seed', '4', '--model', TINY, '--out-dir', outDir, '--json')
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/cannot write .*ladder-02-2steps-euler\.wav: is a folder; no rung was written/)
    expect(lastJson(run.stdout).error).toMatchObject({ code: 'IO', exitCode: 1 })
    expect((await readdir(outDir)).sort()).toEqual(['speech-16k-s24-ladder-01-1steps-euler.wav', 'speech-16k-s24-ladder-02-2steps-euler.wav'])
    expect(await readFile(join(outDir, 'speech-16k-s24-ladder-01-1steps-euler.wav'), 'utf8')).toBe('earlier run')
  })

  it.runIf(process.platform === 'linux')('an output folder that cannot be made (under /proc) is code IO, not a hang', async () => {
    // Node 20's recursive mkdir never returned there; the CLI makes one level at a time.
    const run = await cli('fill', SPEECH, '--start', '0.5', '--end', '1', '--text', 'x', '--steps', '1', '--model', TINY, '--out', '/proc/voicefill-test/x.wav', '--json')
    expect(run.code).toBe(1)
    expect(lastJson(run.stdout).error).toMatchObject({ code: 'IO', message: 'cannot make the folder /proc/voicefill-test (not possible there)' })
  }, 60_000)

  it('ladder mixes a flow and a diffusion model with --variants and --models; info shows the objective', async () => {
    const outDir = join(dir, 'mixed')
    const run = await cli('ladder', SPEECH, '--start', '0.6', '--end', '1.1', '--text', 'new words', '--variants', 'flow:midpoint:2,diffusion:ddim:3,diffusion:ancestral:4:beta-tilde,ddim:2:0.5', '--models', `flow=${TINY},diffusion=${DIFFUSION}`, '--seed', '6', '--out-dir', outDir, '--json')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    const json = lastJson(run.stdout)
    expect(json.seed).toBe(6)
    expect(json.variants.map((v: Record<string, unknown>) => [v.family, v.solver, v.steps, v.networkCalls])).toEqual([
      ['flow', 'midpoint', 2, 4],
      ['diffusion', 'ddim', 3, 3],
      ['diffusion', 'ancestral', 4, 4],
      ['diffusion', 'ddim', 2, 2],
    ])
    expect(json.variants[2]).toMatchObject({ variance: 'beta-tilde' })
    expect(json.variants[3]).toMatchObject({ eta: 0.5 })
    expect(json.models.map((m: { objective: string }) => m.objective)).toEqual(['flow-matching', 'ddpm-epsilon'])
    expect((await readdir(outDir)).length).toBe(4)
    const info = await cli('info', '--model', DIFFUSION, '--json')
    expect(lastJson(info.stdout)).toMatchObject({ objective: 'ddpm-epsilon', diffusion: { schedule: 'linear', steps: 1000 }, defaults: { solver: 'ddim' } })
    expect(info.stdout).toContain('objective ddpm-epsilon (linear β schedule, T = 1000)')
    // The shipped model says it has both aligners.
    const shipped = await cli('info')
    expect(shipped.stdout).toMatch(/aligner: yes .*; band-limited recordings \(8 kHz telephone audio\) are read by a second one/)
  })

  it('say --script reads a line as say() does, sentence by sentence: a paragraph over 5000 characters is no error', async () => {
    // Checked before any generation: the last sentence of a 5600-character line is what fails, not the
    // line's length (say "…" and the studio's voiceover take such a paragraph; the script check had not).
    const script = join(dir, 'paragraph.txt')
    await writeFile(script, `${'Say this now. '.repeat(400)}Привет.\n`)
    const run = await cli('say', '--script', script, '--model', TINY, '--out', join(dir, 'paragraph.wav'))
    expect(run.code).toBe(1)
    expect(run.stderr.trim()).toMatch(/^voicefill: script line 1 \("Say this now\. .*…"\): unsupported script: Cyrillic/)
  })

  it('say --script subs.srt says each cue\'s words as a line, not its number and times', async () => {
    const script = join(dir, 'subs.srt')
    await writeFile(script, '1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>First line</i>\r\nhere.\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nSecond one.\r\n')
    const run = await cli('say', '--script', script, '--steps', '1', '--model', TINY, '--out', join(dir, 'subs-said.wav'), '--json')
    expect(run.stderr).toBe('')
    expect(lastJson(run.stdout).lines.map((l: { text: string }) => l.text)).toEqual(['First line here.', 'Second one.'])
  })

  it('say reads a script file and info describes the model', async () => {
    const script = join(dir, 'script.txt')
    await writeFile(script, 'First line here.\nSecond one.\n')
    const out = join(dir, 'say.wav')
    const run = await cli('say', '--script', script, '--steps', '1', '--model', TINY, '--out', out, '--json')
    expect(run.code).toBe(0)
    expect(lastJson(run.stdout).sentences).toHaveLength(2)
    // --rate: the same voiceover and subtitles at 48 kHz (a video project's rate), not a faster or slower one.
    const out48 = join(dir, 'say48.wav')
    const run48 = await cli('say', '--script', script, '--steps', '1', '--model', TINY, '--rate', '48000', '--out', out48, '--json')
    expect(run48.code).toBe(0)
    const [a, b] = [await readAudioFile(out), await readAudioFile(out48)]
    expect(b.sampleRate).toBe(48000)
    expect(Math.abs(b.channels[0].length / 48000 - a.channels[0].length / a.sampleRate)).toBeLessThan(0.001)
    expect(await readFile(join(dir, 'say48.srt'), 'utf8')).toBe(await readFile(join(dir, 'say.srt'), 'utf8'))
    expect(lastJson(run48.stdout).sampleRate).toBe(48000)
    // The pause between the lines is digital silence; with --room-tone it carries the voice's room.
    const cue = lastJson(run.stdout).lines as { start: number; end: number }[]
    const pauseOf = (x: Float32Array) => x.subarray(Math.ceil(cue[0].end * 16000) + 1, Math.floor(cue[1].start * 16000) - 1)
    expect(pauseOf(a.channels[0]).every((v) => v === 0)).toBe(true)
    const roomy = join(dir, 'roomy.wav')
    expect((await cli('say', '--script', script, '--steps', '1', '--model', TINY, '--room-tone', '--out', roomy)).code).toBe(0)
    const q = await readAudioFile(roomy)
    expect(pauseOf(q.channels[0]).some((v) => v !== 0)).toBe(true)
    expect(q.channels[0].length).toBe(a.channels[0].length)
    expect((await cli('say', 'Hi.', '--model', TINY, '--rate', '4000', '--out', join(dir, 'r.wav'))).stderr).toMatch(/--rate must be a sample rate in Hz, 8000 to 192000/)
    const info = await cli('info', '--model', TINY, '--json')
    expect(info.code).toBe(0)
    expect(lastJson(info.stdout)).toMatchObject({ command: 'info', sampleRate: 16000, nMels: 80, phoneSet: 'arpabet-nostress-v1', vocoder: 'griffin-lim', hasAligner: false, hasBandLimitedAligner: false })
    expect(info.stdout).toContain('aligner: none (no transcripts, edit by text or checked takes)')
    // A model folder named as the argument is read like --model; any other folder is refused clearly.
    const byFolder = await cli('info', TINY, '--json')
    expect(byFolder.code).toBe(0)
    expect(lastJson(byFolder.stdout)).toEqual(lastJson(info.stdout))
    const notModel = await cli('info', dir)
    expect(notModel.code).toBe(1)
    expect(notModel.stderr.trim()).toMatch(/is a folder without manifest\.json, neither an audio file nor a model folder$/)
    expect((await cli('info', TINY, '--model', TINY)).code).toBe(2)
  })

  it('say --voice reads the start of the voice file only, and all of what say hears of it', async () => {
    // A 20 s voice and its first 8 s (PROMPT_SECONDS) speak the same samples.
    const speech = await readAudioFile(STEREO)
    const long = speech.channels.map((ch) => {
      const out = new Float32Array(20 * speech.sampleRate)
      for (let i = 0; i < out.length; i++) out[i] = ch[i % ch.length] * (0.5 + 0.5 * Math.cos(i / speech.sampleRate))
      return out
    })
    const head = long.map((ch) => ch.slice(0, 8 * speech.sampleRate))
    const longPath = join(dir, 'voice-long.wav')
    const headPath = join(dir, 'voice-head.wav')
    await writeFile(longPath, encodeWav({ sampleRate: speech.sampleRate, channels: long }, 'float32'))
    await writeFile(headPath, encodeWav({ sampleRate: speech.sampleRate, channels: head }, 'float32'))
    const outs = [join(dir, 'say-long.wav'), join(dir, 'say-head.wav')]
    for (const [i, voice] of [longPath, headPath].entries()) {
      const run = await cli('say', 'A short line.', '--voice', voice, '--steps', '1', '--seed', '3', '--model', TINY, '--out', outs[i])
      expect(run.code).toBe(0)
    }
    const [a, b] = await Promise.all(outs.map((o) => readAudioFile(o)))
    expect(a.channels[0].length).toBeGreaterThan(0)
    expect(Buffer.from(a.channels[0].buffer).equals(Buffer.from(b.channels[0].buffer))).toBe(true)
  })

  it('say --voice warns about a silent, very short or speechless voice file, and still speaks', async () => {
    const silent = join(dir, 'voice-silent.wav')
    const short = join(dir, 'voice-short.wav')
    const noise = join(dir, 'voice-noise.wav')
    await writeFile(silent, encodeWav({ sampleRate: 16000, channels: [new Float32Array(32000)] }, 'pcm16'))
    const speech = await readAudioFile(SPEECH)
    await writeFile(short, encodeWav({ sampleRate: speech.sampleRate, channels: [speech.channels[0].slice(8000, 8000 + 1600)] }, 'pcm16'))
    // Pure noise at a speaking level had passed without a word.
    await writeFile(noise, encodeWav({ sampleRate: 16000, channels: [gaussianNoise(9, 32000).map((v) => v * 0.1)] }, 'pcm16'))
    for (const [voice, pattern] of [[silent, /the voice file is silent/], [short, /the voice file is only 0\.10 s long/], [noise, /the voice file holds no speech/]] as const) {
      const run = await cli('say', 'A short line.', '--voice', voice, '--steps', '1', '--seed', '3', '--model', TINY, '--out', join(dir, 'say-odd.wav'), '--json')
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(new RegExp(`^warning: ${pattern.source}`, 'm'))
      expect(lastJson(run.stdout).warnings).toHaveLength(1)
    }
  })

  it('say --voice judges the part of the voice it uses (the shipped model: 3 s), and points to speech after it', async () => {
    // 3.5 s of hiss, then speech: read 8 s, the voice passed, and was spoken from hiss.
    const speech = (await readAudioFile(SPEECH)).channels[0]
    const x = new Float32Array(56000 + speech.length)
    x.set(gaussianNoise(9, 56000).map((v) => v * 0.15)) // as loud as the speech: not skipped as a lead-in
    x.set(speech, 56000)
    const late = join(dir, 'voice-late.wav')
    await writeFile(late, encodeWav({ sampleRate: 16000, channels: [x] }, 'pcm16'))
    const run = await cli('say', 'A short line.', '--voice', late, '--steps', '1', '--seed', '3', '--out', join(dir, 'say-late.wav'), '--json')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^warning: the voice file holds no speech in the 3\.0 s used as the voice \(its start\); speech comes 3\.\d s in: trim the file so that it starts with speech/m)
  })

  it('ladder writes its rungs for regions at the very start and end of the file (the context stops there)', async () => {
    const wav = await readAudioFile(SPEECH)
    const end = wav.channels[0].length / wav.sampleRate
    for (const [start, stop] of [[0, 0.4], [end - 0.4, end], [0, 0]]) {
      const outDir = join(dir, `ladder-edge-${start}-${stop}`)
      const run = await cli('ladder', SPEECH, '--start', String(start), '--end', String(stop), '--text', 'hello', '--steps', '1', '--solver', 'euler', '--seed', '4', '--model', TINY, '--out-dir', outDir, '--json')
      expect(run.stderr, `${start}-${stop}`).toBe('')
      const [file] = lastJson(run.stdout).outputs
      expect((await readAudioFile(file)).channels[0].length).toBeGreaterThan(0)
    }
  })

  it('refuses before generating what it could never do: an --out under a file, too many --threads, spaces as text', async () => {
    const afile = join(dir, 'afile')
    await writeFile(afile, 'x')
    const srtScript = join(dir, 'lines.srt')
    await writeFile(srtScript, 'Hello.\nWorld.\n')
    const inputLink = join(dir, 'input-link.wav')
    await symlink(SPEECH, inputLink)
    const scriptWithEmoji = join(dir, 'emoji-script.txt')
    await writeFile(scriptWithEmoji, 'Hello there.\n\n🦊\n')
    const fill = ['fill', SPEECH, '--start', '0.5', '--end', '1', '--model', TINY]
    // A manifest that is another file (here: text) is refused without quoting that file.
    const badJsonModel = join(dir, 'bad-json-model')
    await mkdir(badJsonModel, { recursive: true })
    await writeFile(join(badJsonModel, 'manifest.json'), 'root:x:0:0:root:/root:/bin/bash\n')
    // A folder with a web app's manifest.json is not a model folder: output may go there.
    const webapp = join(dir, 'webapp')
    await mkdir(webapp, { recursive: true })
    await writeFile(join(webapp, 'manifest.json'), '{"name": "My PWA"}')
    const cases: [string[], number, RegExp][] = [
      [[...fill, '--text', 'x', '--out', join(afile, 'x.wav')], 2, /afile is a file, not a folder \(--out /],
      [['ladder', SPEECH, '--start', '0.5', '--end', '1', '--text', 'x', '--steps', '1', '--model', TINY, '--out-dir', join(afile, 'sub')], 2, /afile is a file, not a folder \(--out-dir /],
      [['ladder', SPEECH, '--start', '0.5', '--end', '1', '--text', 'x', '--steps', '1', '--model', TINY, '--out-dir', afile], 2, /afile is a file; --out-dir needs a folder/],
      [[...fill, '--text', 'x', '--threads', '100000', '--out', join(dir, 't.wav')], 2, /--threads must be from 1 to \d+, the cores this machine has \(got 100000\)/],
      [[...fill, '--text', '   ', '--out', join(dir, 't.wav')], 1, /the text is only spaces \(an empty text deletes the region\)/],
      [[...fill, '--text', 'x', '--cfg', '1e6', '--out', join(dir, 't.wav')], 1, /^voicefill: --cfg must be from 0 to 20/],
      [[...fill, '--text', '-cat', '--out', join(dir, 't.wav')], 2, /use '--text=-XYZ'/],
      [[], 2, /^voicefill: usage: no command given/],
      [['edit', SPEECH, '--from', 'a', '--to', 'b', '--length', 'region', '--out', join(dir, 't.wav')], 2, /--length does not apply to edit/],
      [['info', '--seed', '3'], 2, /--seed does not apply to info/],
      [[...fill, '--text', 'x', '--eta', '0.5', '--out', join(dir, 't.wav')], 2, /--eta is for diffusion \(ddpm-epsilon\) models; this model is a flow-matching one/],
      [['fill', SPEECH, '--start', '0.5', '--end', '1', '--model', DIFFUSION, '--text', 'x', '--sway', '-1', '--out', join(dir, 't.wav')], 2, /--sway is for flow-matching models/],
      [['say', '--script', scriptWithEmoji, '--model', TINY, '--out', join(dir, 's.wav')], 1, /^voicefill: script line 3 \("🦊"\): text has no words to say/],
      [[...fill, '--text', 'x', '--out', join(dir, 'a.wav'), '--out', join(dir, 'b.wav')], 2, /--out is given 2 times; give it once/],
      // The input is never overwritten, by any name; no output in a name that promises another format.
      [[...fill, '--text', 'x', '--out', SPEECH], 2, /is the input file: write the result to another file \(the input is never overwritten\)/],
      [[...fill, '--text', 'x', '--out', inputLink], 2, /is the input file/],
      [['say', 'Hi there.', '--voice', SPEECH, '--model', TINY, '--out', SPEECH], 2, /is the input file/],
      [['say', '--script', srtScript, '--model', TINY, '--out', join(dir, 'lines.wav')], 2, /would write its subtitles over the script/],
      [[...fill, '--text', 'x', '--out', join(dir, 'x.flac')], 2, /the output is WAV; name it \.wav \(a \.flac name would hold WAV bytes\)/],
      [[...fill, '--text', 'x', '--out', '-'], 2, /writing to standard output is not supported/],
      [[...fill, '--text', 'x', '--out', '/dev/null'], 2, /is not a plain file/],
      [['fill', SPEECH, '--region', '1-2', '--text', 'x', '--out', join(dir, 't.wav')], 2, /unknown option --region for fill; a region is --start S --end E --text "…" \(--help lists the options\)/],
      [['fill', SPEECH, '--start', '0', '--end', '2.085', '--text', '', '--model', TINY, '--out', join(dir, 'nothing.wav')], 1, /the edits delete every sample: there is nothing left to write/],
      // A model's files are never overwritten (an --out named after its graph had replaced it with WAV bytes).
      [[...fill, '--text', 'x', '--out', join(TINY, 'velocity.onnx')], 2, /the output is WAV; name it \.wav/],
      [[...fill, '--text', 'x', '--out', join(TINY, 'out.wav')], 2, /is in a model folder \(.* holds manifest\.json\): write the result elsewhere/],
      [['info', '--model', badJsonModel], 1, /manifest\.json: not valid JSON( \(at character \d+\))?\n$/], // its text not quoted
      [['say', '--script', dir, '--model', TINY, '--out', join(dir, 's.wav')], 2, /cannot read --script .*: it is a folder/],
      [['ladder', SPEECH, '--start', '0.5', '--end', '1', '--text', 'x', '--variants', 'midpoint:2', '--solver', 'euler', '--model', TINY, '--out-dir', join(dir, 'lad')], 2, /--solver does not apply with --variants/],
      [['ladder', SPEECH, '--start', '0.5', '--end', '1', '--text', 'x', '--variants', 'midpoint:0x4', '--model', TINY, '--out-dir', join(dir, 'lad')], 2, /steps must be a positive integer \(got "0x4"\)/],
      [['info', SPEECH, '--model', TINY], 2, /describes the audio file; --model does not apply/],
      // Past 2^53 the number is rounded: the text the user typed is named, with the range.
      [[...fill, '--text', 'x', '--seed', '9007199254740993', '--out', join(dir, 'nothing.wav')], 2, /--seed must be an integer from 0 to 4294967295 \(got "9007199254740993"\)/],
    ]
    for (const [args, code, pattern] of cases) {
      const run = await cli(...args)
      expect(run.code, args.join(' ')).toBe(code)
      expect(run.stderr, args.join(' ')).toMatch(pattern)
      expect(run.stderr.trim().split('\n')).toHaveLength(1)
      expect(run.stdout).toBe('')
    }
    expect(existsSync(join(dir, 'nothing.wav'))).toBe(false)
    // With --json a failure is one JSON object on stdout too, for scripts.
    const failed = await cli(...fill, '--text', 'x', '--out', SPEECH, '--json')
    expect(failed.code).toBe(2)
    expect(lastJson(failed.stdout)).toEqual({ command: 'fill', error: { code: 'USAGE', message: expect.stringMatching(/is the input file/), exitCode: 2 } })
    // Output into a folder whose manifest.json is not a model's is fine.
    const intoWebapp = await cli(...fill, '--text', 'x', '--steps', '1', '--out', join(webapp, 'edited.wav'))
    expect(intoWebapp.code).toBe(0)
    // --json=true is refused, and still answered in JSON.
    const typo = await cli('info', '--json=true')
    expect(typo.code).toBe(2)
    expect(lastJson(typo.stdout)).toMatchObject({ command: 'info', error: { code: 'USAGE', exitCode: 2 } })
  }, 240_000) // ~40 CLI runs one after another: 30 s idle, near 60 s on a loaded machine

  it('writes through a link to the file it names, and an existing output keeps its permissions', async () => {
    const target = join(dir, 'kept-mode.wav')
    await writeFile(target, 'old')
    await chmod(target, 0o640)
    const link = join(dir, 'kept-mode-link.wav')
    await symlink(target, link)
    const run = await cli('fill', SPEECH, '--start', '0.5', '--end', '1', '--text', 'x', '--steps', '1', '--model', TINY, '--out', link)
    expect(run.code).toBe(0)
    expect((await lstat(link)).isSymbolicLink()).toBe(true)
    expect((await stat(target)).mode & 0o777).toBe(0o640)
    expect((await readAudioFile(target)).sampleRate).toBe(16000)
  })

  it('takes the end of the file as info shows it (rounded to the millisecond)', async () => {
    const wav = await readAudioFile(STEREO)
    const shown = Math.round((wav.channels[0].length / wav.sampleRate) * 1000) / 1000 + 0.0005 // at most 1 ms past the end
    const out = join(dir, 'to-end.wav')
    const run = await cli('fill', STEREO, '--start', String(shown - 0.4), '--end', String(shown), '--text', 'the end', '--steps', '1', '--solver', 'euler', '--model', TINY, '--out', out, '--json')
    expect(run.stderr).toBe('')
    expect((await readAudioFile(out)).channels[0].length).toBe(wav.channels[0].length)
  })

  it('fails with a non-zero exit code and one line on stderr', async () => {
    const cases: [string[], RegExp][] = [
      [['fill', resolve('tests/fixtures/audio/garbage.wav'), '--start', '0', '--end', '1', '--text', 'x', '--model', TINY, '--out', join(dir, 'x.wav')], /garbage\.wav/],
      [['fill', resolve('tests/fixtures/audio/no-such-file.wav'), '--start', '0', '--end', '1', '--text', 'x', '--model', TINY, '--out', join(dir, 'x.wav')], /no-such-file\.wav/],
      [['fill', SPEECH, '--start', '5', '--end', '6', '--text', 'x', '--model', TINY, '--out', join(dir, 'x.wav')], /outside the audio/],
      [['fill', SPEECH, '--start', '0.5', '--end', '1', '--text', 'x', '--steps', 'many', '--model', TINY, '--out', join(dir, 'x.wav')], /--steps must be an integer/],
      [['fill', SPEECH, '--start', '0.5', '--end', '1', '--text', 'x', '--model', join(dir, 'nope'), '--out', join(dir, 'x.wav')], /nope: folder not found/],
      [['fill', SPEECH, '--start', '0.5', '--end', '1', '--text', 'x', '--model', TINY], /--out is required/],
      [['fill', SPEECH, '--bogus'], /unknown option --bogus for fill \(--help lists the options\)/],
      [['transmogrify'], /unknown command/],
      [['ladder', SPEECH, '--start', '0.6', '--end', '1', '--text', 'x', '--variants', 'flow:ddim:2', '--out-dir', dir], /ddim is a diffusion sampler, not a flow one/],
      [['ladder', SPEECH, '--start', '0.6', '--end', '1', '--text', 'x', '--variants', 'diffusion:ddim:2', '--models', `diffusion=${TINY}`, '--out-dir', dir], /tiny-model is a flow-matching model/],
      [['ladder', SPEECH, '--start', '0.6', '--end', '1', '--text', 'x', '--steps', '2', '--variants', 'ddim:2', '--out-dir', dir], /--steps .* or --variants, not both/],
      [['fill', SPEECH, '--start', '0.5', '--end', '1', '--text', 'x', '--solver', 'ddim', '--model', TINY, '--out', join(dir, 'x.wav')], /solver ddim is for diffusion \(ddpm-epsilon\) models/],
    ]
    for (const [args, pattern] of cases) {
      const run = await cli(...args)
      expect(run.code, args.join(' ')).not.toBe(0)
      expect(run.stderr).toMatch(pattern)
      expect(run.stderr.trim().split('\n'), run.stderr).toHaveLength(1)
    }
  })
})
