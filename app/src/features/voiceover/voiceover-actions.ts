// Voiceover from a script: each line is its own say job (seed lineSeed(seed, i), the same as the
// CLI's `say --script`), so one line can be regenerated alone; lines are joined with the pause for
// playback and for the WAV + SRT export.

import { info, reportError, success, warn } from '../../actions/notify'
import { api, StudioError } from '../../api'
import type { SayRequest } from '../../api/types'
import { formatTime } from '../../lib/format'
import { randomSeed } from '../../lib/ids'
import { regionViewSpan } from '../../lib/timeline'
import { peakOf } from '../../lib/levels'
import { studio } from '../../store'
import { appliedTakeOf, selectEditMap } from '../../store/selectors'
import { TOAST_MS } from '../../store/ui-slice'
import { composeVoiceover, lineSeed, voiceProblem } from '../../../../electron/engine/voiceover'
import { currentClip, playClip, stopClip, toAudioBuffer } from '../common/clip-player'
import { newFeatureJob, type FeatureJob } from '../common/feature-job'
import { cancelFeatureJob, runFeatureJob } from '../common/run-feature-job'
import { currentTake, isStale, takeAudioIds, voiceoverClips, type LineTake } from './lines'
import { takeVoiceLabel, voiceLabel as voiceLabelOf } from './voiceover-state'

type VoJob = FeatureJob & { lineId: string }

const slot = {
  get: () => studio.getState().voJob,
  set: (job: VoJob | null) => studio.getState().setVoJob(job),
}
/** Set by Cancel: "generate all" stops after the line in progress. */
let stopRequested = false
/** Mono PCM of line clips, for playback. */
const pcmCache = new Map<string, Promise<Float32Array>>()

/** The audio ids the engine still holds (a reloaded page's kept voiceover takes: voiceover-draft.ts). */
export async function liveAudioIds(audioIds: string[]): Promise<Set<string>> {
  const alive = new Set<string>()
  await Promise.all(
    audioIds.map((audioId) =>
      api.readPcm({ audioId, startFrame: 0, endFrame: 1 }).then(
        () => void alive.add(audioId),
        () => undefined, // gone (the engine restarted, or the clip was closed): the line makes it again
      ),
    ),
  )
  return alive
}

function closeAudios(audioIds: readonly string[]): void {
  for (const id of audioIds) {
    pcmCache.delete(id)
    void api.closeAudio(id).catch(() => undefined)
  }
}

/** The voice part of a say request, or why the chosen voice cannot be used. */
function voiceRequest(): Pick<SayRequest, 'voice'> | string {
  const v = studio.getState().voVoice
  if (v.kind === 'sample') return {}
  if (v.kind === 'region') {
    if (studio.getState().audio?.audioId !== v.audioId) return 'the recording the voice region came from was closed: choose the voice again'
    return { voice: { audioId: v.audioId, startFrame: v.startFrame, endFrame: v.endFrame } }
  }
  return { voice: { audioId: v.audioId } }
}

/** Generates one line with `seed`; false when cancelled. A failure is shown on the line itself. */
async function generateLine(lineId: string, seed: number, voice: Pick<SayRequest, 'voice'>): Promise<boolean> {
  const s = studio.getState()
  const line = s.voLines.find((l) => l.id === lineId)
  if (!line) return true
  const text = line.text.trim()
  if (!text) {
    s.setVoLineState(lineId, { status: 'error', error: 'the line is empty' })
    return true
  }
  s.setVoLineState(lineId, { status: 'generating', error: null })
  s.setVoJob({ ...newFeatureJob(), lineId, cancelling: stopRequested })
  try {
    const settings = { ...(s.settings?.sampler ?? {}), seed }
    const result = await runFeatureJob(slot, () => api.say({ text, settings, pauseSeconds: s.voPause, ...(s.voRoomTone ? { roomTone: true } : {}), ...voice }))
    if (result.kind !== 'say') return true
    // The engine read the voice as say() hears it: a file of hiss passes the pane's level check, not this one.
    // A file's silence or shortness the pane said when it was chosen; a region's level it never checked.
    const told = (w: string) => s.voVoice.kind === 'file' && w.startsWith('the voice file is ')
    for (const w of (result.voiceWarnings ?? []).filter((x) => !told(x))) warn(`Voice ${voiceLabelOf(s.voVoice)}: ${w.replace(/^the voice file /, '')}`)
    const take: LineTake = {
      audioId: result.audio.audioId,
      text,
      seed,
      frames: result.audio.frames,
      sampleRate: result.audio.sampleRate,
      createdAt: Date.now(),
      voice: takeVoiceLabel(s.voVoice, s.voRoomTone),
      room: result.room,
    }
    // The line may have been removed while it was generated.
    if (!studio.getState().voLines.some((l) => l.id === lineId)) closeAudios([take.audioId])
    else {
      studio.getState().addVoLineTake(lineId, take)
      studio.getState().setVoLineState(lineId, { status: 'idle' })
    }
    return true
  } catch (e) {
    // Cancelled, or the server gone (said once, by its own toast): the line is not at fault, and the rest are not tried.
    const stopped = e instanceof StudioError && (e.code === 'CANCELLED' || e.code === 'DISCONNECTED')
    studio.getState().setVoLineState(lineId, stopped ? { status: 'idle' } : { status: 'error', error: e instanceof Error ? e.message : String(e) })
    return !stopped
  } finally {
    studio.getState().setVoJob(null)
  }
}

/**
 * Generates every line that has no take of its current words yet, in order, with the voiceover's
 * seed (line i: lineSeed(seed, i)). After a Cancel, or an edit of a few lines, only those are made
 * again: the others would come out the same (same seed, same words).
 */
export async function generateAllLines(): Promise<void> {
  const s = studio.getState()
  if (s.voJob) return
  if (!s.voLines.length && s.voScript.trim()) splitScript()
  const all = studio.getState().voLines
  if (!all.length) return info('Type or paste a script first')
  // A take counts when it says the line's words in the voice chosen now: after a voice change, Generate all remakes every line.
  const current = takeVoiceLabel(s.voVoice, s.voRoomTone)
  const lines = all.filter((l) => !l.takes.some((t) => t.text === l.text.trim() && (t.voice ?? current) === current))
  if (!lines.length) return info('Every line has a take of its words in this voice: ↻ on a line makes another')
  const voice = voiceRequest()
  if (typeof voice === 'string') return void s.pushToast('error', `Voice: ${voice}`)
  stopRequested = false
  for (const l of lines) s.setVoLineState(l.id, { status: 'queued', error: null })
  const base = s.voSeed
  let failed = 0
  for (const l of lines) {
    if (stopRequested) break
    if (!(await generateLine(l.id, lineSeed(base, all.indexOf(l)), voice))) break
    if (studio.getState().voLines.find((x) => x.id === l.id)?.status === 'error') failed++
  }
  for (const l of studio.getState().voLines) if (l.status === 'queued') studio.getState().setVoLineState(l.id, { status: 'idle' })
  if (studio.getState().connectionLost) return // its own toast says so; neither "cancelled" nor "generated"
  if (stopRequested) info('Voiceover generation cancelled')
  else if (failed) failedToast = studio.getState().pushToast('error', `${failed} line(s) failed: see the lines marked in red`)
  else success(`${lines.length} line(s) generated`)
}

/**
 * Generates one line again. Its first take uses the voiceover's seed for its position (what
 * "generate all" would give); later ones a fresh seed, so the line actually changes.
 */
export async function regenerateLine(lineId: string): Promise<void> {
  const s = studio.getState()
  if (s.voJob) return
  const index = s.voLines.findIndex((l) => l.id === lineId)
  if (index < 0) return
  const voice = voiceRequest()
  if (typeof voice === 'string') return void s.pushToast('error', `Voice: ${voice}`)
  stopRequested = false
  const seed = s.voLines[index].takes.length ? randomSeed() : lineSeed(s.voSeed, index)
  await generateLine(lineId, seed, voice)
}

export function cancelVoiceover(): Promise<void> {
  stopRequested = true
  return cancelFeatureJob(slot)
}

export function splitScript(): void {
  closeAudios(takeAudioIds(studio.getState().splitVoScript()))
}

/** The "N line(s) failed" toast, which goes once no failed line is left. */
let failedToast: number | null = null

/** How long a removed line's takes are kept for its toast's Undo (the toast fades after TOAST_MS). */
const UNDO_REMOVE_MS = TOAST_MS + 1000

export function removeLine(lineId: string): void {
  const s = studio.getState()
  const index = s.voLines.findIndex((l) => l.id === lineId)
  const line = s.removeVoLine(lineId)
  if (!line) return
  if (failedToast !== null && !studio.getState().voLines.some((l) => l.status === 'error')) {
    s.dismissToast(failedToast)
    failedToast = null
  }
  const words = line.text.trim()
  const name = words ? `“${words.length > 40 ? `${words.slice(0, 40)}…` : words}”` : 'an empty line'
  s.pushToast('info', `Removed line ${index + 1}, ${name}`, [{ label: 'Undo', run: () => studio.getState().restoreVoLine(line, index) }])
  // Its takes stay in the engine while Undo is offered; freed after, unless the line came back.
  setTimeout(() => {
    if (!studio.getState().voLines.some((l) => l.id === line.id)) closeAudios(takeAudioIds([line]))
  }, UNDO_REMOVE_MS)
}

function clipPcm(take: LineTake): Promise<Float32Array> {
  let pcm = pcmCache.get(take.audioId)
  if (!pcm) {
    pcm = api.readPcm({ audioId: take.audioId, startFrame: 0, endFrame: take.frames }).then((c) => c.channels[0])
    pcm.catch(() => pcmCache.delete(take.audioId))
    pcmCache.set(take.audioId, pcm)
  }
  return pcm
}

export async function playLine(lineId: string): Promise<void> {
  const line = studio.getState().voLines.find((l) => l.id === lineId)
  const take = line && currentTake(line)
  if (!take) return
  try {
    await playClip(`voiceover-line:${take.audioId}`, toAudioBuffer([await clipPcm(take)], take.sampleRate))
  } catch (e) {
    reportError('Cannot play the line', e)
  }
}

/** Plays the whole voiceover as the export would write it. */
export async function playVoiceover(): Promise<void> {
  const s = studio.getState()
  const res = voiceoverClips(s.voLines)
  if ('error' in res) return void s.pushToast('error', `Cannot play the voiceover: ${res.error}`)
  try {
    const pcms = await Promise.all(res.clips.map(clipPcm))
    const rate = res.clips[0].sampleRate
    const { audio } = composeVoiceover(pcms.map((pcm, i) => ({ text: res.clips[i].text, pcm, room: res.clips[i].room })), rate, s.voPause)
    await playClip('voiceover', toAudioBuffer([audio], rate))
  } catch (e) {
    reportError('Cannot play the voiceover', e)
  }
}

export function stopVoiceover(): void {
  if (currentClip()?.key.startsWith('voiceover')) stopClip()
}

/** Encodings a voiceover can be written in (the editor's export settings belong to the recording, not to it). */
export type VoiceoverFormat = 'pcm16' | 'pcm24' | 'float32'

/** WAV (encoding and rate chosen beside Export; null: the lines' own rate) plus SRT with one cue per line. */
export async function exportVoiceover(format: VoiceoverFormat = 'pcm16', sampleRate: number | null = null): Promise<void> {
  const s = studio.getState()
  const res = voiceoverClips(s.voLines)
  if ('error' in res) return void s.pushToast('error', `Cannot export: ${res.error}`)
  // A line whose words changed since its take was made would export the old words, audio and subtitle.
  const stale = s.voLines.findIndex(isStale)
  if (stale >= 0) return void s.pushToast('error', `Cannot export: line ${stale + 1}'s text changed since its audio was made: regenerate it (or put its words back)`)
  try {
    const out = await api.exportVoiceover({
      lines: res.clips.map((c) => ({ audioId: c.audioId, text: c.text, room: c.room ?? null })),
      pauseSeconds: s.voPause,
      // Chosen beside its Export button: the editor's last export is another file's choice.
      format,
      sampleRate,
      fileName: 'voiceover',
    })
    if (!out) return
    studio.getState().setVoExport(out)
    success(`Exported ${out.wav.fileName} and ${out.srt.fileName}`)
    const n = out.wav.clipped
    if (n) warn(`${n} sample${n === 1 ? '' : 's'} over full scale ${n === 1 ? 'was' : 'were'} clipped in ${out.wav.fileName}; choose 32-bit float beside Export to keep ${n === 1 ? 'it' : 'them'}`)
  } catch (e) {
    reportError('Voiceover export failed', e)
  }
}

/** Another audio file as the voice prompt (opened in the engine, not in the editor). */
export async function chooseVoiceFile(file: File): Promise<void> {
  try {
    const audio = await api.openAudio({ bytes: new Uint8Array(await file.arrayBuffer()), name: file.name })
    if (!audio) return
    const prev = studio.getState().voVoice
    if (prev.kind === 'file') closeAudios([prev.audioId])
    studio.getState().setVoVoice({ kind: 'file', audioId: audio.audioId, label: `${audio.name} (${audio.duration.toFixed(1)} s)` })
    // As the editor does: a damaged voice file opens as far as it goes, and says so; a silent or tiny one cannot lend a voice.
    for (const w of audio.warnings ?? []) warn(`Voice ${audio.name}: ${w}`)
    const problem = voiceProblem(peakOf(audio.peaks), audio.duration)
    if (problem) warn(`Voice ${audio.name} is ${problem}`)
  } catch (e) {
    reportError(`Cannot use ${file.name} as the voice`, e)
  }
}

/** The selected region of the open recording as the voice prompt. */
export function pickRegionVoice(): void {
  const s = studio.getState()
  const index = s.regions.findIndex((r) => r.id === s.selectedRegionId)
  if (!s.audio || index < 0) return info('Select a region of the open recording to use its voice')
  const r = s.regions[index]
  const rate = s.audio.sampleRate
  if (r.end - r.start < 0.5) return void s.pushToast('error', 'The voice region is too short: select at least half a second of speech')
  const prev = s.voVoice
  if (prev.kind === 'file') closeAudios([prev.audioId])
  // Named by its times as its card shows them (the edited timeline); the voice is read from the source there.
  const map = selectEditMap(s)
  const view = map ? regionViewSpan(map, r, appliedTakeOf(s, r.id)) : r
  s.setVoVoice({
    kind: 'region',
    audioId: s.audio.audioId,
    startFrame: Math.round(r.start * rate),
    endFrame: Math.round(r.end * rate),
    label: `region ${index + 1} of ${s.audio.name} (${formatTime(view.start)} – ${formatTime(view.end)})`,
  })
}

export function pickSampleVoice(): void {
  const prev = studio.getState().voVoice
  if (prev.kind === 'file') closeAudios([prev.audioId])
  studio.getState().setVoVoice({ kind: 'sample' })
}

// The recording a voice region came from was closed: fall back to the built-in voice.
studio.subscribe((s, prev) => {
  if (s.audio?.audioId !== prev.audio?.audioId && s.voVoice.kind === 'region' && s.voVoice.audioId !== s.audio?.audioId) {
    s.setVoVoice({ kind: 'sample' })
    info('The voice region’s recording was closed: the voiceover uses the built-in voice now')
  }
})
