#!/usr/bin/env bash
# Regenerates sample.wav, the voice `say` uses when no voice prompt is given (see README.md here).
# Needs festival with the kal_diphone voice (Debian: festvox-kallpc16k) and sox.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "The quick brown fox jumps over the lazy dog. Then it naps in the warm afternoon sun." |
  text2wave -eval "(voice_kal_diphone)" -o "$tmp/kal.wav"
# 16 kHz mono 16-bit, peak at -3 dBFS, leading/trailing silence trimmed to 0.1 s.
sox -D "$tmp/kal.wav" -r 16000 -b 16 -c 1 sample.wav \
  silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse pad 0.1 0.1 gain -n -3 rate -v 16000
soxi sample.wav
