// audio-decode's wasm decoders print what they skip in damaged files (e.g. "mpg123-decoder: -1
// MPG123_ERR") to the console and carry on. While we decode, those lines are collected instead and
// become one warning on the result, so the CLI's stderr keeps its one-line contract and the user
// still learns that parts of the file were damaged.

let depth = 0
const sinks = new Set<string[]>()
let saved: { error: typeof console.error; warn: typeof console.warn } | null = null

function firstLine(args: unknown[]): string {
  const text = args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : String(a))).join(' ')
  return text.split('\n').map((s) => s.trim()).filter(Boolean).join(' ').slice(0, 120)
}

/** Runs a decode with the console's error and warn lines going into `sink` (nesting and overlap allowed). */
export async function collectDecoderLogs<T>(sink: string[], fn: () => Promise<T>): Promise<T> {
  if (depth++ === 0) {
    saved = { error: console.error, warn: console.warn }
    console.error = console.warn = (...args: unknown[]) => {
      const line = firstLine(args)
      for (const s of sinks) s.push(line)
    }
  }
  sinks.add(sink)
  try {
    return await fn()
  } finally {
    sinks.delete(sink)
    if (--depth === 0 && saved) {
      console.error = saved.error
      console.warn = saved.warn
      saved = null
    }
  }
}

/** The warning for what a decoder reported, or null when it said nothing. */
export function decoderWarning(name: string, logs: readonly string[]): string | null {
  if (!logs.length) return null
  const n = logs.length
  return `the ${name} decoder reported ${n} problem${n === 1 ? '' : 's'} (first: ${logs[0]}); damaged parts may be missing or silent`
}
