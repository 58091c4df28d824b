// The engine process in the desktop app: Electron's utilityProcess running out/main/worker.js.
import { utilityProcess } from 'electron'
import type { HostMessage, WorkerMessage } from '../engine/worker/protocol'
import type { Launcher } from '../studio/engine-host'

export function utilityLauncher(entry: string): Launcher {
  return ({ onMessage, onExit }) => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'Voicefill engine', stdio: 'inherit' })
    let gone = false
    const exit = (reason: string) => {
      if (gone) return
      gone = true
      onExit(reason)
    }
    child.on('message', (m: unknown) => onMessage(m as WorkerMessage))
    child.on('exit', (code) => exit(`exit code ${code}`))
    child.on('error', (type, location) => exit(`${type} at ${location}`))
    return {
      get pid() {
        return child.pid ?? null
      },
      send(msg: HostMessage) {
        if (gone) throw new Error('engine process has exited')
        child.postMessage(msg)
      },
      kill() {
        child.kill()
      },
    }
  }
}
