// The renderer's Vite config, shared by electron-vite (desktop build/dev) and the web-mode server
// (which builds the same renderer into out/renderer and serves it).
import react from '@vitejs/plugin-react'
import { resolve } from 'node:path'
import type { Plugin, UserConfig } from 'vite'

/**
 * The CSP meta tag in index.html is strict (no inline scripts). Vite's dev server injects an inline
 * React-refresh preamble, so in `serve` only the meta tag is dropped; builds keep it.
 */
function devCspPlugin(): Plugin {
  return {
    name: 'voicefill:dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\s*/, ''),
  }
}

/** `root` is the repository root (passed in: config files get bundled, so their own path is unreliable). */
export const rendererConfig = (root: string): UserConfig => ({
  root: resolve(root, 'app'),
  base: './',
  plugins: [react(), devCspPlugin()],
  build: {
    outDir: resolve(root, 'out/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    rollupOptions: { input: resolve(root, 'app/index.html') },
    chunkSizeWarningLimit: 2000,
  },
})
