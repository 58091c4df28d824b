// Metadata chunks of a WAV source carried into an edited copy: a pro recording's take name, BWF
// description and time reference, iXML and markers would otherwise be lost on every edit. Pure.

/** One RIFF chunk: its four-letter id and body (no header, no pad byte). */
export interface WavChunk {
  id: string
  body: Uint8Array
}

/** Chunks whose contents point at sample positions: only valid while the timeline is unchanged. */
const TIMELINE_IDS = new Set(['cue ', 'smpl', 'plst'])

/** Where bext keeps its 64-bit time reference (samples since midnight): after description, originator, reference, date, time. */
const BEXT_TIME_REFERENCE = 256 + 32 + 32 + 10 + 8

/**
 * The chunks an edited copy keeps. Text and production metadata always (LIST/INFO, bext, iXML, id3,
 * XMP, cart …); markers (cue and the LIST/adtl labels of cues) moved with the audio they mark when the
 * timeline changes and `mapFrame` says how; loops and playlists (smpl, plst) only when every sample
 * keeps its time (`sameTimeline`: same length, same rate). bext's time reference is rescaled when the
 * rate changes (`rateRatio` = new / old).
 */
export function carriedChunks(chunks: readonly WavChunk[], o: { sameTimeline: boolean; rateRatio: number; mapFrame?: (sourceFrame: number) => number }): WavChunk[] {
  const out: WavChunk[] = []
  // Markers move with the audio they mark (mapFrame: source frame → output frame before resampling; a
  // marker inside an edited span goes to where its replacement starts); loops and playlists still drop.
  const cue = !o.sameTimeline && o.mapFrame ? chunks.find((c) => c.id === 'cue ') : undefined
  const moved = cue ? movedCues(cue.body, o.mapFrame!, o.rateRatio) : null
  for (const c of chunks) {
    const cueLabels = c.id === 'LIST' && listType(c.body) === 'adtl'
    if (moved && c.id === 'cue ') {
      out.push({ id: c.id, body: moved })
      continue
    }
    if (moved && cueLabels) {
      out.push(c)
      continue
    }
    if (!o.sameTimeline && (TIMELINE_IDS.has(c.id) || cueLabels)) continue
    if (c.id === 'bext' && o.rateRatio !== 1 && c.body.length >= BEXT_TIME_REFERENCE + 8) {
      const body = c.body.slice()
      const dv = new DataView(body.buffer)
      const t = dv.getBigUint64(BEXT_TIME_REFERENCE, true)
      dv.setBigUint64(BEXT_TIME_REFERENCE, BigInt(Math.round(Number(t) * o.rateRatio)), true)
      out.push({ id: c.id, body })
      continue
    }
    out.push(c)
  }
  return out
}

/**
 * A cue chunk with every point's position (dwPosition and dwSampleOffset, frames of a plain data chunk)
 * moved by mapFrame and scaled by rateRatio; null for a malformed chunk (then it is dropped, as before).
 */
export function movedCues(body: Uint8Array, mapFrame: (frame: number) => number, rateRatio: number): Uint8Array | null {
  if (body.length < 4) return null
  const dv = new DataView(body.buffer, body.byteOffset, body.byteLength)
  const count = dv.getUint32(0, true)
  if (4 + 24 * count > body.length) return null
  const out = body.slice()
  const ov = new DataView(out.buffer)
  for (let i = 0; i < count; i++) {
    const at = 4 + 24 * i
    for (const field of [4, 20]) {
      const frame = dv.getUint32(at + field, true)
      ov.setUint32(at + field, Math.max(0, Math.min(0xffffffff, Math.round(mapFrame(frame) * rateRatio))), true)
    }
  }
  return out
}

function listType(body: Uint8Array): string {
  return body.length >= 4 ? String.fromCharCode(body[0], body[1], body[2], body[3]) : ''
}

/** The chunks as bytes: header, body, and a pad byte after an odd-sized body (RIFF's rule). */
export function chunkBytes(chunks: readonly WavChunk[]): Uint8Array {
  const size = chunks.reduce((n, c) => n + 8 + c.body.length + (c.body.length & 1), 0)
  const out = new Uint8Array(size)
  const dv = new DataView(out.buffer)
  let p = 0
  for (const c of chunks) {
    for (let i = 0; i < 4; i++) out[p + i] = c.id.charCodeAt(i)
    dv.setUint32(p + 4, c.body.length, true)
    out.set(c.body, p + 8)
    p += 8 + c.body.length + (c.body.length & 1)
  }
  return out
}
