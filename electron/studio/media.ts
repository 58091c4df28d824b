// Streams the source or the edited timeline as a 16-bit WAV with HTTP Range support, generated on
// the fly from the engine's PCM, so an <audio> element can play and seek an hour-long file without
// the page decoding it. Used by the desktop protocol handler and the web server alike.
import type { PcmChunk } from '../shared/studio-types'

export const MEDIA_CHUNK_FRAMES = 65536
const HEADER_BYTES = 44

export interface WavStream {
  frames: number
  channels: number
  sampleRate: number
  read: (startFrame: number, endFrame: number) => Promise<PcmChunk>
}

export function wavHeader16(frames: number, channels: number, sampleRate: number): Uint8Array {
  const dataBytes = frames * channels * 2
  const b = new Uint8Array(HEADER_BYTES)
  const v = new DataView(b.buffer)
  const ascii = (at: number, s: string) => [...s].forEach((c, i) => (b[at + i] = c.charCodeAt(0)))
  ascii(0, 'RIFF')
  v.setUint32(4, Math.min(0xffffffff, 36 + dataBytes), true)
  ascii(8, 'WAVE')
  ascii(12, 'fmt ')
  v.setUint32(16, 16, true)
  v.setUint16(20, 1, true) // PCM
  v.setUint16(22, channels, true)
  v.setUint32(24, sampleRate, true)
  v.setUint32(28, sampleRate * channels * 2, true)
  v.setUint16(32, channels * 2, true)
  v.setUint16(34, 16, true)
  ascii(36, 'data')
  v.setUint32(40, Math.min(0xffffffff, dataBytes), true)
  return b
}

export function wavByteLength(frames: number, channels: number): number {
  return HEADER_BYTES + frames * channels * 2
}

/**
 * Parses a single-range `Range: bytes=a-b` header against `size` bytes.
 * null: no (or an unsupported multi-) range → whole body. 'unsatisfiable': 416.
 */
export function parseRange(header: string | undefined | null, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  if (!header) return null
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!m || (m[1] === '' && m[2] === '')) return null
  let start: number
  let end: number
  if (m[1] === '') {
    const suffix = Number(m[2])
    if (suffix === 0) return 'unsatisfiable'
    start = Math.max(0, size - suffix)
    end = size - 1
  } else {
    start = Number(m[1])
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1)
  }
  if (start >= size || end < start) return 'unsatisfiable'
  return { start, end }
}

function toInt16(x: number): number {
  const v = Math.round(x * 32767)
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v
}

/** Bytes [start, end] (inclusive) of the WAV file, produced chunk by chunk. */
export async function* wavBytes(s: WavStream, start: number, end: number): AsyncGenerator<Uint8Array> {
  const header = wavHeader16(s.frames, s.channels, s.sampleRate)
  if (start < HEADER_BYTES) yield header.subarray(start, Math.min(HEADER_BYTES, end + 1))
  const frameBytes = s.channels * 2
  const dataStart = Math.max(0, start - HEADER_BYTES)
  const dataEnd = end + 1 - HEADER_BYTES // exclusive
  if (dataEnd <= dataStart) return
  let frame = Math.floor(dataStart / frameBytes)
  const lastFrame = Math.ceil(dataEnd / frameBytes)
  while (frame < lastFrame) {
    const to = Math.min(lastFrame, frame + MEDIA_CHUNK_FRAMES)
    const chunk = await s.read(frame, to)
    const n = to - frame
    const bytes = new Uint8Array(n * frameBytes)
    const v = new DataView(bytes.buffer)
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < s.channels; c++) v.setInt16((i * s.channels + c) * 2, toInt16(chunk.channels[c][i]), true)
    }
    // Trim the partial frames at the ends of the requested byte range.
    const from = Math.max(0, dataStart - frame * frameBytes)
    const until = Math.min(bytes.length, dataEnd - frame * frameBytes)
    yield bytes.subarray(from, until)
    frame = to
  }
}

export interface MediaResponse {
  status: 200 | 206 | 416
  headers: Record<string, string>
  body: AsyncGenerator<Uint8Array> | null
}

export function mediaResponse(s: WavStream, rangeHeader: string | undefined | null): MediaResponse {
  const size = wavByteLength(s.frames, s.channels)
  const base = { 'Content-Type': 'audio/wav', 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store' }
  const range = parseRange(rangeHeader, size)
  if (range === 'unsatisfiable') {
    return { status: 416, headers: { ...base, 'Content-Range': `bytes */${size}` }, body: null }
  }
  if (range === null) {
    return { status: 200, headers: { ...base, 'Content-Length': String(size) }, body: wavBytes(s, 0, size - 1) }
  }
  return {
    status: 206,
    headers: {
      ...base,
      'Content-Length': String(range.end - range.start + 1),
      'Content-Range': `bytes ${range.start}-${range.end}/${size}`,
    },
    body: wavBytes(s, range.start, range.end),
  }
}
