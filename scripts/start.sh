#!/usr/bin/env bash
# Launch the studio on the shipped default model: the Electron desktop app when its binary is
# installed, otherwise web mode in the browser (same renderer, same engine).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
has_electron() { node -e "const p=require('electron'); process.exit(require('fs').existsSync(p)?0:1)" 2>/dev/null; }
# npm 11 holds back install scripts, so Electron's postinstall (the binary download) may never have
# run: run it once here. Where downloads are impossible it fails at once and we use web mode.
if ! has_electron; then
  echo "Fetching Electron's binary (its npm postinstall) ..."
  (unset ELECTRON_SKIP_BINARY_DOWNLOAD; timeout 600 node node_modules/electron/install.js >/dev/null 2>&1) || true
fi
if has_electron; then
  exec npm start
fi
echo "Electron's binary is not installed here (its download is unavailable); starting web mode."
exec npm run web -- "$@"
