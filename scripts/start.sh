#!/usr/bin/env bash
# Launch the studio on the shipped default model: the Electron desktop app when its binary is
# installed, otherwise web mode in the browser (same renderer, same engine).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if node -e "const p=require('electron'); process.exit(require('fs').existsSync(p)?0:1)" 2>/dev/null; then
  exec npm start
fi
echo "Electron's binary is not installed here (its download is unavailable); starting web mode."
exec npm run web -- "$@"
