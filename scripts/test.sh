#!/usr/bin/env bash
# The one test command (README Quick start, .ci/run): typecheck, unit tests, training tests,
# end-to-end tests in Debian's Chromium against web mode with the real engine and model.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== typecheck"; npx tsc --noEmit -p tsconfig.json
echo "== unit tests (vitest)"; npx vitest run
echo "== training tests (pytest)"; /usr/bin/python3 -m pytest -q tests/training
echo "== end-to-end tests (playwright, chromium)"; npx playwright test
