// Which WAV encoding keeps a source's samples exactly. Pure (no Node APIs): the CLI, the studio's
// host and the renderer's export dialog all ask it, so "same as source" means the same everywhere.

/** The WAV encodings Voicefill writes. */
export type WavEncoding = 'pcm16' | 'pcm24' | 'float32'

export const WAV_ENCODING_LABELS: Readonly<Record<WavEncoding, string>> = {
  pcm16: 'WAV 16-bit PCM',
  pcm24: 'WAV 24-bit PCM',
  float32: 'WAV 32-bit float',
}

/**
 * The WAV encoding that holds a decoded source's samples exactly, from the decoder's format name
 * ("WAV 24-bit PCM", "WAV (RF64) 32-bit float", "AIFF 24-bit PCM", "FLAC 24-bit"…): 16/24-bit PCM and FLAC keep their
 * depth, 8-bit widens to 16, float and 32-bit PCM become float; lossy sources are written as 16-bit.
 */
export function sourceEncoding(decodedFormat: string): WavEncoding {
  const flac = /^FLAC (\d+)-bit/.exec(decodedFormat)
  if (flac) return Number(flac[1]) <= 16 ? 'pcm16' : Number(flac[1]) <= 24 ? 'pcm24' : 'float32'
  const m = /^(?:WAV(?: \((?:RF64|BW64)\))?|AIFF|AIFF-C) (.*)$/.exec(decodedFormat)
  if (!m) return 'pcm16'
  if (/^24-bit PCM/.test(m[1])) return 'pcm24'
  if (/^(32-bit PCM|32-bit float|64-bit float)/.test(m[1])) return 'float32'
  return 'pcm16'
}
