"""Vocoder quality on real recordings: each recording → log-mel → the model folder's vocoder path, as the
engine runs it (electron/cli/resynth.ts) → audio, scored against the recording with STOI, extended
STOI (pystoi) and wide-band PESQ (pesq), and spectral convergence.

    /usr/bin/python3 training/vocoder_check.py /work/exports/old resources/models/default
    /usr/bin/python3 training/vocoder_check.py resources/models/default --true-magnitude

Recordings: the LibriVox clips of training/eval/librivox and alsa-utils' prompts
(/usr/share/sounds/alsa, if installed), all real people and never trained on, plus the synthetic bench
fixture. Prints one row per recording and model, and the means over the real recordings.
Install: training/requirements-eval.txt (pystoi, pesq).
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
from scipy.io import wavfile

import build_corpus as bc
import evaluate as E
from voicefill.features import DEFAULT_FEATURES as FEATS, stft_magnitude


def spectral_convergence(x: np.ndarray, y: np.ndarray) -> float:
    """‖|S_x| − |S_y|‖ / ‖|S_x|‖ with the feature definition's STFT (as the engine's spectralConvergence)."""
    n = min(len(x), len(y))
    a, b = (stft_magnitude(v[:n], FEATS["nFft"], FEATS["hop"], FEATS["win"]) for v in (x, y))
    return float(np.linalg.norm(a - b) / np.linalg.norm(a))


def main() -> None:
    from pesq import pesq
    from pystoi import stoi

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("models", nargs="+", type=Path)
    ap.add_argument("--true-magnitude", action="store_true",
                    help="add a column: the recording's own STFT magnitude through the same phase reconstruction (the ceiling)")
    args = ap.parse_args()
    columns = [(m, False) for m in args.models] + ([(args.models[0], True)] if args.true_magnitude else [])
    names = [str(m)[-24:] for m in args.models] + (["true magnitude"] if args.true_magnitude else [])
    files = sorted(E.LIBRIVOX_DIR.glob("*.wav")) + sorted(p for p in Path(E.HUMAN_DIR).glob("*.wav") if p.stem != "Noise")
    real = len(files)
    files.append(E.REPO / "tests" / "fixtures" / "bench" / "speech-10s.wav")
    with tempfile.TemporaryDirectory(prefix="voicefill-voc-") as tmp:
        work = Path(tmp)
        ins = []
        for i, f in enumerate(files):
            x = bc.load_audio(f, 0, work / "tmp.wav")
            ins.append(work / f"in{i}.wav")
            wavfile.write(ins[-1], bc.SR, np.clip(np.round(x * 32768), -32768, 32767).astype(np.int16))
        scores = {}
        for k, (m, true_mag) in enumerate(columns):
            E.resynthesise([(p, work / f"m{k}-{p.name}") for p in ins], m, ["--true-magnitude"] if true_mag else [])
            rows = []
            for p in ins:
                x, y = E.read_wav(p), E.read_wav(work / f"m{k}-{p.name}")
                rows.append([stoi(x, y, bc.SR), stoi(x, y, bc.SR, extended=True), pesq(bc.SR, x, y, "wb"),
                             spectral_convergence(x, y)])
            scores[k] = np.asarray(rows)
    head = "STOI ESTOI PESQ-WB SC"
    ks = range(len(columns))
    print(f"{'recording':28s} " + " | ".join(f"{n:>24s}" for n in names))
    print(f"{'':28s} " + " | ".join(f"{head:>24s}" for _ in ks))
    for i, f in enumerate(files):
        print(f"{f.name:28s} " + " | ".join(" ".join(f"{v:5.3f}" for v in scores[k][i]) for k in ks))
    for name, sl in ((f"mean, {real} real recordings", slice(0, real)), ("mean, all", slice(None))):
        print(f"{name:28s} " + " | ".join(" ".join(f"{v:5.3f}" for v in scores[k][sl].mean(0)) for k in ks))


if __name__ == "__main__":
    main()
