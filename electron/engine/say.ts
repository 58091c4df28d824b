// Zero-shot TTS: a voice prompt's features are the context and each sentence is generated after it
// (Voicebox/F5 continuation). Sentences are generated one by one against the same prompt, so the
// voice never drifts, and joined with pauses.
import { resample } from './audio/resample'
import { checkAudio, emptyTimings, mixDown, phonesForText, resolveSettings, throwIfAborted, vocode, type EngineCore } from './core'
import { extendBandLearned } from './dsp/band'
import { fillToFloor, roomTone, roomToneProfile } from './dsp/roomtone'
import { logMel, normalise } from './dsp/features'
import { expandPhones, phoneMeans } from './durations'
import { activeLevel, atLevelUnderCeiling, contextMatch, levelGain, limitCeiling, limitPeaks, modelInputGain, PEAK_HEADROOM, scaled, SILENT_VOICE_RMS, softLimit } from './edit/level'
import { contextTempo, MAX_GENERATE_SECONDS, naturalLength } from './edit/prepare'
import { VOCODE_MARGIN_SECONDS } from './edit/render'
import { frameToSeconds, pasteKnownFrames, secondsToFrame, secondsToSample, spanMask } from './frames'
import { sampleWindow } from './sample-family'
import { networkCalls } from './sampler'
import { equalPowerFade, rms as frameRms } from './splice'
import { splitSentences } from './text'
import { EngineError, type PcmAudio, type RunHooks, type SamplerSettings, type SayOptions, type SayResult, type Timings } from './types'
import { SILENT_PEAK, voiceProblem } from './voiceover'
import { voicedFrames, voicedSeconds, VOICING_HOP_SECONDS } from './dsp/voicing'

/** Longest stretch of the voice prompt used as context (longer prompts cost time, add little). */
export const PROMPT_SECONDS = 8
export const DEFAULT_PAUSE_SECONDS = 0.35
/** Fade at each sentence's ends so joins never click. */
const EDGE_FADE_SECONDS = 0.005
/** Noise stream of the room tone, apart from the sampler's streams (one per sentence). */
const ROOM_TONE_STREAM = 1 << 13
/** A limited peak takes this much either side of it down with it (limitPeaks): a few pitch periods. */
const PEAK_HOLD_SECONDS = 0.005

/**
 * Leading silence of a voice file skipped before its prompt is taken, up to this much: readers of a voice
 * file read this plus PROMPT_SECONDS. The shipped model hears 3 s of prompt, and a file opening on 3 s of
 * silence (common in recordings) had given it nothing to follow, without a warning.
 */
export const VOICE_LEAD_SECONDS = 30
/** Kept before the speech found, so its onset and a little of the room stay in the prompt. */
const LEAD_KEEP_SECONDS = 0.25
/** Speech that starts sooner than this is taken from the file's start, as it always was. */
const LEAD_SKIP_MIN_SECONDS = 1
/** Frames of this length are measured to find where the speech starts. */
const ONSET_FRAME_SECONDS = 0.02
/** Speech starts at the first frame this many dB over the quietest tenth of the frames (the room). Not
 * relative to the loudest: quiet speech before a loud noise (a door, music) would be skipped for the noise. */
const ONSET_OVER_ROOM_DB = 20

/**
 * Sample at which the prompt starts: LEAD_KEEP_SECONDS before the first frame (in the first
 * VOICE_LEAD_SECONDS) loud enough to be speech; 0 for a voice whose speech starts within
 * LEAD_SKIP_MIN_SECONDS, or that is silent.
 */
export function speechStart(voice: PcmAudio): number {
  const len = voice.channels[0]?.length ?? 0
  const frame = Math.max(1, Math.round(ONSET_FRAME_SECONDS * voice.sampleRate))
  const frames = Math.floor(len / frame)
  const rms = new Float64Array(frames)
  let loudest = 0
  for (let f = 0; f < frames; f++) {
    rms[f] = Math.sqrt(voice.channels.reduce((e, ch) => e + frameRms(ch, f * frame, (f + 1) * frame) ** 2, 0) / voice.channels.length)
    loudest = Math.max(loudest, rms[f])
  }
  if (loudest < SILENT_VOICE_RMS) return 0
  const room = [...rms].sort((a, b) => a - b)[Math.floor(frames / 10)] ?? 0
  const floor = Math.max(SILENT_VOICE_RMS, room * 10 ** (ONSET_OVER_ROOM_DB / 20))
  const limit = Math.min(frames, Math.ceil((VOICE_LEAD_SECONDS * voice.sampleRate) / frame))
  for (let f = 0; f < limit; f++) {
    if (rms[f] < floor) continue
    return f * frame < LEAD_SKIP_MIN_SECONDS * voice.sampleRate ? 0 : f * frame - Math.round(LEAD_KEEP_SECONDS * voice.sampleRate)
  }
  return 0
}

/** A model that declares its context hears about twice that as a prompt (one window's worth of
 * context, as in training); others get PROMPT_SECONDS. */
export function promptSeconds(core: EngineCore): number {
  const declared = core.model.manifest.sampler.contextSeconds
  return declared ? Math.min(PROMPT_SECONDS, 2 * declared) : PROMPT_SECONDS
}

interface Prompt {
  mono: Float32Array // model rate
  feats: Float32Array // normalised [frames × nMels]
  logmel: Float32Array
  frames: number
  /** gain before the features (modelInputGain); vocoded audio is divided by it */
  inputGain: number
}

async function preparePrompt(core: EngineCore, voice: PcmAudio, timings: Timings): Promise<Prompt> {
  checkAudio(voice, 'voice prompt')
  const started = performance.now()
  const from = speechStart(voice)
  const n = Math.min(voice.channels[0].length - from, secondsToSample(promptSeconds(core), voice.sampleRate))
  const mixed = mixDown(voice.channels, from, from + n)
  const mono = voice.sampleRate === core.spec.sampleRate ? mixed : await resample(mixed, voice.sampleRate, core.spec.sampleRate)
  const inputGain = modelInputGain(mono, core.spec.hop)
  const logmel = logMel(scaled(mono, inputGain), core.spec)
  // A voice recorded below twice fMax (a telephone sample) gets its empty top band filled in (dsp/band.ts).
  const feats = extendBandLearned(normalise(logmel, core.spec), core.spec, voice.sampleRate)
  timings.featuresMs += performance.now() - started
  return { mono, feats, logmel, frames: feats.length / core.spec.nMels, inputGain }
}

interface Sentence {
  text: string
  spoken: string
  ids: number[]
  durations: number[]
  leadFrames: number // frames of the leading pause, generated for a natural onset and then dropped
}

/**
 * Voiced time under which a voice prompt holds no speech. Noise of any colour measures 0 s; the held-out
 * LibriSpeech clips (2-8 s) 0.38 s and more, and still 0.08 s with pink noise as loud as the speech.
 */
export const MIN_VOICED_SECONDS = 0.05

/** How say()'s voice check tells where to find a better prompt: the CLI's file, the studio's region. */
export const TRIM_VOICE_HINT = 'trim the file so that it starts with speech'

/**
 * What is wrong with a voice prompt that still lets say() run (voiceProblem: silent or very short; no
 * speech in it), judged on its first `usedSeconds` (promptSeconds: what say() hears of it). `voice` may
 * run on past that (what was read of the file): speech there is told, with `hint` (where to look instead).
 */
export function voiceWarnings(voice: PcmAudio, usedSeconds: number, hint = TRIM_VOICE_HINT): string[] {
  const rate = voice.sampleRate
  const length = voice.channels[0]?.length ?? 0
  // The prompt starts where the file's speech does (speechStart: leading silence skipped), so that is what is judged.
  const from = speechStart(voice)
  const used = Math.min(length - from, secondsToSample(usedSeconds, rate))
  const usedEnd = from + used
  // Read 8 s for a 3 s prompt, speech after the part used had hidden a prompt of silence or hiss, and a
  // loud noise there (its check ignores frames 40 dB under the loudest) the quiet speech of the part used.
  const later = length > usedEnd ? voicedFrames(mixDown(voice.channels, usedEnd, length), rate) : []
  const speechLater = later.length * VOICING_HOP_SECONDS >= MIN_VOICED_SECONDS
  let peak = 0
  for (const ch of voice.channels) for (let i = from; i < usedEnd; i++) peak = Math.max(peak, Math.abs(ch[i]))
  const usedPart = from > 0 ? `the ${(used / rate).toFixed(1)} s used as the voice (from ${(from / rate).toFixed(1)} s)` : `the ${(used / rate).toFixed(1)} s used as the voice`
  const elsewhere = (silent: boolean) =>
    `the voice file holds no speech in ${usedPart} (${from > 0 ? 'where its sound starts' : 'its start'}${silent ? ', silent' : ''}); speech comes ${(usedEnd / rate + later[0]).toFixed(1)} s in: ${hint}, or the speech will come out in another voice`
  const problem = voiceProblem(peak, used / rate)
  if (problem && peak < SILENT_PEAK && speechLater) return [elsewhere(true)]
  if (problem) return [`the voice file is ${problem}`]
  // A loud enough file of noise (hiss, a fan) passed the level checks and gave no warning; what say() hears of it is read.
  if (voicedSeconds(mixDown(voice.channels, from, usedEnd), rate) < MIN_VOICED_SECONDS) {
    if (speechLater) return [elsewhere(false)]
    return [`the voice file holds no speech (nothing voiced in ${usedPart}): there is no voice to follow, so the speech will come out in another voice`]
  }
  return []
}

/** Speaks text in the voice of `voice` (the prompt); opts.voice is ignored here, the Engine resolves it. */
export async function say(core: EngineCore, text: string, voice: PcmAudio, opts: SayOptions = {}, hooks: RunHooks = {}): Promise<SayResult> {
  const started = performance.now()
  const timings = emptyTimings()
  const settings: SamplerSettings = resolveSettings(core.model, opts)
  const pauseSeconds = opts.pauseSeconds ?? DEFAULT_PAUSE_SECONDS
  if (!Number.isFinite(pauseSeconds) || pauseSeconds < 0 || pauseSeconds > 10) {
    throw new EngineError(`pauseSeconds must be from 0 to 10 (got ${pauseSeconds})`, 'BAD_SETTINGS')
  }
  if (typeof text !== 'string' || !text.trim()) throw new EngineError('nothing to say: the text is empty', 'BAD_TEXT')
  const { spec } = core
  const clock = { sampleRate: spec.sampleRate, hop: spec.hop }
  const nMels = spec.nMels
  const prompt = await preparePrompt(core, voice, timings)
  // Sentences follow the voice's own pace (the aligner's phone loop over the prompt; else its syllable rate).
  const tempo = await contextTempo(core, { sampleRate: spec.sampleRate, channels: [prompt.mono] }, 0, 0, promptSeconds(core))

  // splitSentences already breaks sentences longer than MAX_SENTENCE_WORDS at clauses.
  const sentences: Sentence[] = []
  for (const [i, sentenceText] of splitSentences(text).entries()) {
    const { symbols, ids, spoken } = phonesForText(core, sentenceText, { leading: true, trailing: false })
    const durations = await naturalLength(core, ids, phoneMeans(symbols, core.model.manifest.durations.mean), prompt.logmel, tempo)
    const seconds = frameToSeconds(total(durations), clock)
    if (seconds > MAX_GENERATE_SECONDS) {
      throw new EngineError(`sentence ${i + 1} needs ${seconds.toFixed(1)} s of speech; at most ${MAX_GENERATE_SECONDS} s can be generated at once`, 'BAD_TEXT')
    }
    sentences.push({ text: sentenceText, spoken, ids, durations, leadFrames: symbols[0] === 'sil' ? durations[0] : 0 })
  }
  if (!sentences.length) throw new EngineError('nothing to say: the text has no sentences', 'BAD_TEXT')

  const totalCalls = sentences.length * networkCalls(settings.steps, settings.solver)
  let callsDone = 0
  const margin = secondsToFrame(VOCODE_MARGIN_SECONDS, clock)
  const pieces: Float32Array[] = []
  const session = core.model.velocity
  // The voice's peak, a little over (PEAK_HEADROOM), under full scale unless the voice goes beyond it: no
  // sample of the speech (nor of its room tone, added after) goes over it. Null for a silent voice.
  const voiceLevel = activeLevel([prompt.mono], spec.hop)
  const ceiling = voiceLevel.rms >= SILENT_VOICE_RMS ? Math.max(Math.min(0.99, voiceLevel.peak * PEAK_HEADROOM), voiceLevel.peak) : null
  const hold = Math.round(PEAK_HOLD_SECONDS * spec.sampleRate)
  // A clipped or hard-limited voice (limitCeiling) has flat-topped waveforms, 5-6 dB from its peak to its
  // level: a limiter's gain, held over a few milliseconds, cannot reach that (lines stayed 2.4-3.4 dB
  // under it), so its lines are soft-clipped under the ceiling as it was (softLimit), as fills are.
  const clipped = ceiling !== null && limitCeiling([prompt.mono]) !== null
  const limiter = (y: Float32Array) => (ceiling === null ? y : clipped ? softLimit(y, ceiling) : limitPeaks(y, ceiling, hold))
  for (const [si, sentence] of sentences.entries()) {
    throwIfAborted(hooks.signal)
    const frames = prompt.frames + total(sentence.durations)
    const cond = new Float32Array(frames * nMels) // prompt, then zeros to generate
    cond.set(prompt.feats)
    const phones = new BigInt64Array(frames)
    phones.set(expandPhones(sentence.ids, sentence.durations), prompt.frames)
    const before = session.onnxMs
    const out = await sampleWindow(core, {
      cond,
      phones,
      frames,
      settings,
      stream: si,
      signal: hooks.signal,
      onCall: (_, t) => {
        callsDone++
        hooks.onProgress?.({ call: callsDone, totalCalls, regionIndex: si, regionCount: sentences.length, t, elapsedMs: performance.now() - started })
      },
    }).finally(() => {
      timings.onnxMs += session.onnxMs - before
    })
    pasteKnownFrames(out.x, cond, spanMask(frames, prompt.frames, frames), nMels)
    // Vocode the end of the prompt too (Griffin-Lim needs frames on both sides to settle) and use
    // it to match the vocoder's level to the prompt's.
    const a = Math.max(0, prompt.frames - margin)
    const voc = scaled(await vocode(core, out.x.slice(a * nMels), timings), 1 / prompt.inputGain)
    const promptPart = (prompt.frames - a) * spec.hop
    const gain = levelGain([{ orig: prompt.mono, origFrom: a * spec.hop, voc, vocFrom: 0, length: promptPart }])
    const speech = voc.slice(promptPart + sentence.leadFrames * spec.hop)
    // Each sentence's speech goes to the voice's own speech level, peak under the voice's (from the
    // prompt's last 0.1 s alone voiceovers came out 6–10 dB louder than their voice and clipped). A peak
    // over the voice's own (a plosive, a vocoder burst) is limited with the milliseconds around it
    // (limitPeaks), and the level it took made up (atLevelUnderCeiling): capped by its peak, the whole
    // sentence was turned down, 2-8 dB under LibriSpeech voices and 10-12 dB under a compressed one; made
    // up only to within 1.5 dB, lines sat 1.5-3.3 dB under a compressed or clipped voice.
    if (ceiling !== null) speech.set(atLevelUnderCeiling(speech, voiceLevel.rms, spec.hop, limiter))
    else {
      // No voice to match (a silent prompt): the model's level band, under full scale (contextMatch).
      const level = gain * contextMatch([prompt.mono], scaled(speech, gain), spec.hop, true)
      for (let i = 0; i < speech.length; i++) speech[i] *= level
    }
    fadeEdges(speech, Math.round(EDGE_FADE_SECONDS * spec.sampleRate))
    pieces.push(speech)
  }

  const pause = Math.round(pauseSeconds * spec.sampleRate)
  const audio = new Float32Array(pieces.reduce((n, p) => n + p.length, 0) + pause * (pieces.length - 1))
  const spans = pieces.map((p, i) => {
    const start = pieces.slice(0, i).reduce((n, q) => n + q.length + pause, 0)
    audio.set(p, start)
    return { text: sentences[i].text, spoken: sentences[i].spoken, start: start / spec.sampleRate, end: (start + p.length) / spec.sampleRate }
  })
  // On request the prompt's room runs on under all of it, as under fills: the model's pauses and the gaps
  // between its words are far quieter than a real room and the pauses between sentences are silence, so
  // from a noisy voice the speech comes out gated (a line to sit in that recording). Off by default: a
  // voiceover is wanted clean, and Whisper heard 2 % fewer of its words with a noisy room carried.
  const room = opts.roomTone ? roomToneProfile([prompt.mono], spec.sampleRate, spec.sampleRate / 2) : null
  // The room's noise adds to the speech's peaks: limited again (a hot voice's speech, limited to its 0.99
  // ceiling, went over full scale with the room under it).
  const toned = room ? fillToFloor(audio, room, settings.seed, ROOM_TONE_STREAM) : audio
  const out = room && ceiling !== null ? limitPeaks(toned, ceiling, hold) : toned
  timings.totalMs = performance.now() - started
  return {
    audio: { sampleRate: spec.sampleRate, channels: [out] },
    sentences: spans,
    settings: { ...settings, model: core.model.manifest.name ?? core.model.dir },
    timings,
    networkCalls: callsDone,
    room: room ? roomTone(room, spec.sampleRate) : null,
  }
}

function total(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0)
}

/** Equal-power fade-in and fade-out of n samples at the ends, in place. */
function fadeEdges(x: Float32Array, n: number): void {
  const k = Math.min(n, Math.floor(x.length / 2))
  const { fadeIn } = equalPowerFade(k)
  for (let i = 0; i < k; i++) {
    x[i] *= fadeIn[i]
    x[x.length - 1 - i] *= fadeIn[i]
  }
}
