// Loaded with `node --import` by the benchmark in front of a command it measures: at exit, writes
// the process's peak resident set size (bytes) to $VOICEFILL_RSS_FILE. No effect without it.
import { writeFileSync } from 'node:fs'

const file = process.env.VOICEFILL_RSS_FILE
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)))
