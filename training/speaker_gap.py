"""Where a fill's speaker-similarity gap comes from: the vocoder, or the velocity model's voice.

    /usr/bin/python3 training/speaker_gap.py [--model resources/models/default] [--seeds 2] [--work /tmp/speaker-gap]

On real_eval.py's cases (--n 20 --seed 0: held-out LibriSpeech speakers, then the LibriVox clips) and with
its measure (resemblyzer cosine of the region +- 0.25 s against the rest of the clip), prints the mean for:
  recording   the untouched clip
  resynth     the region replaced by the model's vocoder resynthesis of the recording (electron/cli/resynth.ts):
              the most a fill can score with this vocoder
  fill        the region filled with its own words through the CLI, seeds 1..--seeds
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import evaluate as E  # noqa: E402
import real_eval as R  # noqa: E402
from voicefill import evaluation as ev  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default=str(E.REPO / "resources" / "models" / "default"))
    ap.add_argument("--seeds", type=int, default=2)
    ap.add_argument("--work", default="/tmp/speaker-gap")
    args = ap.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    sets = R.eval_sets(20, 0)
    pairs = [str(a) for c in sum(sets.values(), []) for a in (c["wav"], work / f"{c['id']}-resynth.wav")]
    subprocess.run([E.CLI[0], "electron/cli/resynth.ts", "--model", args.model, *pairs], cwd=E.REPO, check=True, capture_output=True)
    from evaluate import Speaker
    spk = Speaker()
    for name, cases in sets.items():
        res: dict[str, list[float]] = {"recording": [], "resynth": [], "fill": []}
        for c in cases:
            start, end, text, _, _ = R.case_span(c, 0)
            x = E.read_wav(c["wav"])
            clip, rest = ev.clip_and_rest(x, start, end, E.CONTEXT, E.SR)
            e_rest = spk(rest)
            sim = lambda y: ev.cosine(spk(ev.clip_and_rest(y, start, end, E.CONTEXT, E.SR)[0]), e_rest)  # noqa: E731
            res["recording"].append(ev.cosine(spk(clip), e_rest))
            v = E.read_wav(work / f"{c['id']}-resynth.wav")
            y = x.copy()
            a, b = int(start * E.SR), int(end * E.SR)
            y[a:b] = v[a:b]
            res["resynth"].append(sim(y))
            for seed in range(1, args.seeds + 1):
                out = work / f"{c['id']}-{seed}.wav"
                subprocess.run(E.CLI + ["fill", str(c["wav"]), "--start", f"{start:.4f}", "--end", f"{end:.4f}", "--text", text,
                                        "--seed", str(seed), "--model", args.model, "--out", str(out)],
                               cwd=E.REPO, check=True, capture_output=True)
                res["fill"].append(sim(E.read_wav(out)))
        print(f"{name} ({len(cases)} cases): " + ", ".join(f"{k} {np.mean(v):.3f}" for k, v in res.items()), flush=True)


if __name__ == "__main__":
    main()
