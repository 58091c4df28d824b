"""Quiet recordings: fill the same words of three LibriVox clips (training/eval/librivox) at their own level
and 30 / 45 dB down, through the CLI with the default model, and print the region's log-mel L1 against the
original (after undoing the attenuation). Same seed throughout, so equal figures mean the level does not
matter.   /usr/bin/python3 training/level_check.py TAG [MODEL]
"""
import json
import subprocess
import sys
import tempfile

import numpy as np
from pathlib import Path
from scipy.io import wavfile
sys.path.insert(0, str(Path(__file__).resolve().parent))
from voicefill.features import log_mel
REPO = Path(__file__).resolve().parents[1]
CLI = [str(REPO / "node_modules" / ".bin" / "tsx"), "electron/cli/main.ts"]
tag = sys.argv[1]
model = sys.argv[2] if len(sys.argv) > 2 else "resources/models/default"
tmp = Path(tempfile.mkdtemp())
res = {}
for clip, (w0, w1) in [("ss01-0870", (5, 7)), ("ss01-0920", (3, 5)), ("ss01-0890", (2, 4))]:
    info = json.load(open(f"{REPO}/training/eval/librivox/{clip}.json"))
    words = info["words"][w0:w1]
    s, e, text = words[0][0], words[-1][1], " ".join(w[2] for w in words)
    sr, x = wavfile.read(f"{REPO}/training/eval/librivox/{clip}.wav"); x = x / 32768
    for db in (0, -30, -45):
        g = 10 ** (db / 20)
        src = tmp / f"{clip}_{db}.wav"; dst = tmp / f"{clip}_{db}_{tag}.out.wav"
        wavfile.write(src, sr, (x * g).astype(np.float32))
        subprocess.run(CLI + ["fill", str(src), "--start", f"{s}", "--end", f"{e}", "--text", text, "--length", "region",
                        "--steps", "8", "--solver", "midpoint", "--seed", "3", "--model", model, "--out", str(dst), "--json"], check=True, capture_output=True, cwd=REPO)
        _, y = wavfile.read(dst); y = y.astype(np.float64) / (32768 if y.dtype == np.int16 else 1) / g
        a, b = int(s * 16000 / 256), int(e * 16000 / 256)
        l1 = np.abs(log_mel(y)[a:b] - log_mel(x)[a:b]).mean()
        res[f"{clip} {db}"] = round(float(l1), 3)
print(tag, res)
