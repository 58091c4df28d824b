// Launches the engine process with child_process.fork (web mode, tests, CLI). TypeScript entries
// run through tsx's loader; 'advanced' serialization carries typed arrays as bytes.
import { fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { HostMessage, WorkerMessage } from '../engine/worker/protocol'
import type { Launcher } from './engine-host'

const here = dirname(fileURLToPath(import.meta.url))

/** The engine entry: the bundled out/main/worker.js when we run bundled, else the TypeScript source. */
export function workerEntry(): string {
  const ts = resolve(here, '../engine/worker.ts')
  return existsSync(ts) ? ts : resolve(here, 'worker.js')
}

export function forkLauncher(entry = workerEntry(), env: NodeJS.ProcessEnv = process.env): Launcher {
  return ({ onMessage, onExit }) => {
    const child = fork(entry, [], {
      execArgv: entry.endsWith('.ts') ? ['--import', 'tsx'] : [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env,
    })
    let gone = false
    const exit = (reason: string) => {
      if (gone) return
      gone = true
      onExit(reason)
    }
    child.on('message', (m) => onMessage(m as WorkerMessage))
    child.on('exit', (code, signal) => exit(signal ? `signal ${signal}` : `exit code ${code}`))
    child.on('error', (e) => exit(`could not start: ${e.message}`))
    return {
      get pid() {
        return child.pid ?? null
      },
      send(msg: HostMessage) {
        if (!child.connected) throw new Error('engine process is not connected')
        child.send(msg)
      },
      kill() {
        child.kill('SIGKILL')
      },
    }
  }
}
