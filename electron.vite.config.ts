// electron-vite: main (electron/main + the engine worker), preload (electron/preload), renderer (app/).
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { rendererConfig } from './app/vite.config'

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // The engine worker is a second entry: utilityProcess.fork(out/main/worker.js).
      rollupOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          worker: resolve('electron/engine/worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads must be a single CommonJS file that requires only 'electron'.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig(resolve('.')),
})
