// Web mode serves the built renderer from out/renderer. It is (re)built with Vite when missing or
// older than any file it is built from (app/, electron/shared, the engine code it imports) — no network needed.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const repoRoot = resolve(import.meta.dirname, '../..')
export const rendererOutDir = join(repoRoot, 'out/renderer')

function newestMtime(dir: string): number {
  if (!statSync(dir).isDirectory()) return statSync(dir).mtimeMs
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    const t = entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs
    if (t > newest) newest = t
  }
  return newest
}

export function rendererIsStale(): boolean {
  const index = join(rendererOutDir, 'index.html')
  if (!existsSync(index)) return true
  // The page imports engine code too (the word diff, edit regions, voiceover timing …): any of it changed
  // means a rebuild, or web mode would serve yesterday's behaviour.
  const sources = [join(repoRoot, 'app'), join(repoRoot, 'electron/shared'), join(repoRoot, 'electron/engine'), join(repoRoot, 'package.json')]
  return Math.max(...sources.map(newestMtime)) > statSync(index).mtimeMs
}

export async function buildRenderer(): Promise<void> {
  const { build } = await import('vite')
  const { rendererConfig } = await import('../../app/vite.config')
  await build({ ...rendererConfig(repoRoot), configFile: false, logLevel: 'warn' })
}

export async function ensureRenderer(log: (msg: string) => void = console.log): Promise<void> {
  if (!rendererIsStale()) return
  log('building the renderer (vite)…')
  await buildRenderer()
}
