"""Draw a real recording's log-mel with its phone and word alignment, to check the timings by eye.

    /usr/bin/python3 training/plot_alignment.py --source librispeech_rz --index 3 --seconds 4 --out docs/real-alignment.png

The alignment is the one training uses (training/real/<source>.json, pocketsphinx's forced alignment of the
transcript); the clip is the 16 kHz copy real_corpus.py keeps.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from scipy.io import wavfile

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from real_corpus import clip_dir  # noqa: E402
from voicefill.features import log_mel  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", default="librispeech_rz")
    ap.add_argument("--index", type=int, default=0, help="which kept utterance")
    ap.add_argument("--start", type=float, default=0.0)
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rec = json.loads((HERE / "real" / f"{args.source}.json").read_text())
    kept = [u for u in rec["utterances"] if not u.get("rejected") and "alignment" in u]
    u = kept[args.index]
    sr, x = wavfile.read(clip_dir(args.source) / f"{Path(u['file']).stem}.wav")
    mel = log_mel(x.astype(np.float64) / 32768.0)
    hop = 256 / sr
    a, b = args.start, min(args.start + args.seconds, len(x) / sr)
    fig, ax = plt.subplots(figsize=(14, 4.5))
    ax.imshow(mel[int(a / hop):int(b / hop)].T, origin="lower", aspect="auto", extent=(a, b, 0, mel.shape[1]), cmap="magma")
    for s, e, p, *_ in u["alignment"]["phones"]:
        if e <= a or s >= b:
            continue
        ax.axvline(s, color="white", lw=0.6, alpha=0.7)
        ax.text((max(s, a) + min(e, b)) / 2, 74, p, color="white", ha="center", va="center", fontsize=8)
    for s, e, w in u["alignment"]["words"]:
        if e <= a or s >= b or w.startswith("<"):
            continue
        ax.axvline(s, color="cyan", lw=1.2)
        ax.text((max(s, a) + min(e, b)) / 2, 4, w, color="cyan", ha="center", va="bottom", fontsize=10, fontweight="bold")
    ax.set_xlabel("seconds")
    ax.set_ylabel("mel bin")
    ax.set_title(f"{args.source} {Path(u['file']).stem} ({u.get('textSource')} transcript, pocketsphinx alignment)")
    fig.tight_layout()
    fig.savefig(args.out, dpi=90)
    print(f"wrote {args.out}: {u['text'][:80]}")


if __name__ == "__main__":
    main()
