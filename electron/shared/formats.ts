// The audio files the studio offers to open and names in its messages: one list for the native
// dialog, the web file picker, the host's path check and the engine's "unsupported format" errors.

/** File extensions (lower case, no dot) of the formats the studio opens. */
export const AUDIO_EXTENSIONS = ['wav', 'wave', 'bwf', 'rf64', 'flac', 'mp3', 'ogg', 'oga', 'opus', 'aif', 'aiff', 'aifc', 'm4a'] as const

/** Those formats, as a person names them. */
export const SUPPORTED_FORMATS = 'WAV (also RF64/BWF), AIFF/AIFF-C, FLAC, MP3, Ogg Vorbis/Opus and M4A'
