// Starts `npm run web`'s server (the real CLI entry, as a child process) on a random port with a
// throwaway data folder, and hands its URL and token to the tests through the environment.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '../..')

/** The shipped model when it exists, else the tiny test model; VOICEFILL_E2E_MODEL overrides. */
export function e2eModelDir(): string {
  if (process.env.VOICEFILL_E2E_MODEL) return resolve(process.env.VOICEFILL_E2E_MODEL)
  const shipped = join(root, 'resources/models/default')
  return existsSync(join(shipped, 'manifest.json')) ? shipped : join(root, 'tests/fixtures/tiny-model')
}

function waitForUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`web server did not print its URL within ${timeoutMs / 1000} s:\n${out}`)), timeoutMs)
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolveUrl(m[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()))
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`web server exited with code ${code}:\n${out}`))
    })
  })
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'voicefill-e2e-'))
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'electron/web/server.ts'), '--port', '0', '--model', e2eModelDir(), '--data', dataDir],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VOICEFILL_E2E: '1' } },
  )
  const url = await waitForUrl(child, 240_000)
  const u = new URL(url)
  process.env.VOICEFILL_E2E_URL = url
  process.env.VOICEFILL_E2E_ORIGIN = u.origin
  process.env.VOICEFILL_E2E_TOKEN = u.searchParams.get('token') ?? ''
  process.env.VOICEFILL_E2E_PID = String(child.pid)
  process.env.VOICEFILL_E2E_DATA = dataDir
  child.stdout?.resume() // keep draining its output so it never blocks on a full pipe

  return async () => {
    const exited = new Promise<void>((ok) => child.once('exit', () => ok()))
    child.kill('SIGTERM') // clean shutdown: stops the engine, deletes the session folder
    await Promise.race([exited, new Promise((ok) => setTimeout(ok, 10_000))])
    if (child.exitCode === null) child.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  }
}
