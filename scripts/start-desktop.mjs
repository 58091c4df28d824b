// `npm start`: build and open the desktop app (electron-vite preview). Electron's binary is
// downloaded by its postinstall, which is skipped or impossible on some machines; then say so
// plainly and point at web mode instead of failing inside electron-vite.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron')
    return typeof path === 'string' && existsSync(path) ? path : null
  } catch {
    return null // require('electron') throws when the binary was never downloaded
  }
}

if (!electronBinary()) {
  console.error(
    [
      "voicefill: Electron's binary is not installed, so the desktop app cannot start here.",
      '  Use the same studio in your browser instead:   npm run web',
      '  (or install the binary where downloads work:   npm rebuild electron, without ELECTRON_SKIP_BINARY_DOWNLOAD)',
    ].join('\n'),
  )
  process.exit(1)
}

const res = spawnSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'preview', ...process.argv.slice(2)], {
  stdio: 'inherit',
})
process.exit(res.status ?? 1)
