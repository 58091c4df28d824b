#!/usr/bin/env bash
# Idempotent set-up for a fresh machine: system packages and npm dependencies.
# Electron's binary and onnxruntime-node's CUDA files are never downloaded (see .npmrc, README).
set -euo pipefail
cd "$(dirname "$0")/.."

want_apt=()
command -v chromium >/dev/null || want_apt+=(chromium)
/usr/bin/python3 -c 'import torch' 2>/dev/null || want_apt+=(python3-torch)
/usr/bin/python3 -c 'import numpy, scipy' 2>/dev/null || want_apt+=(python3-numpy python3-scipy)
/usr/bin/python3 -c 'import onnx' 2>/dev/null || want_apt+=(python3-onnx)
/usr/bin/python3 -c 'import pytest' 2>/dev/null || want_apt+=(python3-pytest)
/usr/bin/python3 -c 'import onnxruntime' 2>/dev/null || /usr/bin/python3 -m pip --version >/dev/null 2>&1 || want_apt+=(python3-pip)
if [ ${#want_apt[@]} -gt 0 ]; then
  echo "setup: installing system packages: ${want_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${want_apt[@]}" >/dev/null
fi

# onnxruntime in the training Python, so export checks run the graph the way the engine does
# (Debian ships no python3-onnxruntime; --no-deps keeps Debian's numpy, which torch 1.13 needs).
if ! /usr/bin/python3 -c 'import onnxruntime' 2>/dev/null; then
  echo "setup: pip install onnxruntime (training Python)"
  /usr/bin/python3 -m pip install -q --break-system-packages --no-deps onnxruntime==1.32.0
fi

export ELECTRON_SKIP_BINARY_DOWNLOAD=1
stamp=node_modules/.voicefill-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi
