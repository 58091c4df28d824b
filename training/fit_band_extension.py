"""Fit the learned band extension of a model (dsp/band.ts extendBandLearned) and write it into the model folder.

A recording sampled below 2·fMax (8 kHz telephone audio, 11.025 kHz) has nothing in the model's top mel bins.
The velocity model never trained on such audio, so the engine fills those bins in before it sees the
context. extend_band gives them the flat level of the band below; this fits, per input rate, a linear map
(ridge least squares) from the bins the recording keeps, on this frame and one either side, to the bins
it lacks, on real speech copied at that rate and back (the engine's view), with the model's own
normalisation. Held out of the fit: the LibriSpeech test-other speakers and the LibriVox evaluation clips
(the real-voices evaluation), whose mean squared error is printed against the flat fill's.

    /usr/bin/python3 training/fit_band_extension.py --model resources/models/default [--rates 8000 11025]

Writes MODEL/band-extension.json and sets manifest features.bandExtensionFile and provenance.bandExtension.
Needs the real sources (training/real_corpus.py).
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from math import gcd
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import resample_poly

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from voicefill.features import BAND_MISSING_FROM, band_design, extend_band, log_mel, mel_centres, normalise  # noqa: E402

REAL = HERE / "data" / "real"
HELD_OUT = {"librispeech_rz_test"}  # the held-out real speakers (real_eval.py), never fitted on
CONTEXT = 1
RIDGE = 10.0


def mono16k(path: Path) -> np.ndarray:
    x, sr = sf.read(str(path), dtype="float64", always_2d=True)
    x = x.mean(axis=1)
    if sr != 16000:
        g = gcd(int(sr), 16000)
        x = resample_poly(x, 16000 // g, int(sr) // g)
    return x


def pair(x: np.ndarray, rate: int, mean, std) -> tuple[np.ndarray, np.ndarray]:
    """Normalised features of x as recorded (full band) and as a copy at `rate` brought back to 16 kHz."""
    g = gcd(16000, rate)
    y = resample_poly(resample_poly(x, rate // g, 16000 // g), 16000 // g, rate // g)[: len(x)]
    full = normalise(log_mel(x.astype(np.float32)), mean, std)
    lim = normalise(log_mel(y.astype(np.float32)), mean, std)
    t = min(len(full), len(lim))
    return full[:t], lim[:t]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", type=Path, required=True)
    ap.add_argument("--rates", type=int, nargs="+", default=[8000, 11025])
    args = ap.parse_args()
    man_path = args.model / "manifest.json"
    man = json.loads(man_path.read_text())
    mean, std = man["features"]["mean"], man["features"]["std"]
    sources = sorted(d.name for d in REAL.iterdir() if d.is_dir() and d.name not in HELD_OUT)
    train = [f for d in sources for f in sorted((REAL / d).glob("*.wav"))]
    test = sorted((REAL / "librispeech_rz_test").glob("*.wav")) + sorted((HERE / "eval" / "librivox").glob("*.wav"))
    if not train:
        sys.exit(f"no real speech under {REAL}: run training/real_corpus.py first")
    audio = {f: mono16k(f) for f in train + test}
    rates, report = [], {}
    for rate in args.rates:
        c = mel_centres()
        missing = np.nonzero(c > BAND_MISSING_FROM * rate / 2)[0]
        low = np.nonzero(c <= BAND_MISSING_FROM * rate / 2)[0]
        xtx = ytx = None
        for f in train:
            full, lim = pair(audio[f], rate, mean, std)
            X = band_design(lim, low, CONTEXT)
            xtx = X.T @ X if xtx is None else xtx + X.T @ X
            ytx = X.T @ full[:, missing] if ytx is None else ytx + X.T @ full[:, missing]
        reg = RIDGE * np.eye(len(xtx))
        reg[-1, -1] = 0  # no penalty on the bias
        W = np.linalg.solve(xtx + reg, ytx)
        err_l = err_f = n = 0.0
        for f in test:
            full, lim = pair(audio[f], rate, mean, std)
            err_l += float(((band_design(lim, low, CONTEXT) @ W - full[:, missing]) ** 2).sum())
            err_f += float(((extend_band(lim, rate)[:, missing] - full[:, missing]) ** 2).sum())
            n += full[:, missing].size
        report[str(rate)] = {"heldOutMse": round(err_l / n, 4), "flatFillMse": round(err_f / n, 4)}
        print(f"{rate} Hz: {len(missing)} bins from {len(low)}; held-out MSE {err_l / n:.4f} (flat fill {err_f / n:.4f})", flush=True)
        rates.append({"rate": rate, "context": CONTEXT, "low": low.tolist(), "missing": missing.tolist(),
                      "weights": [[round(float(v), 6) for v in row] for row in W]})
    out = args.model / "band-extension.json"
    out.write_text(json.dumps({"rates": rates}, separators=(",", ":")) + "\n")
    man["features"]["bandExtensionFile"] = out.name
    man.setdefault("provenance", {})["bandExtension"] = {
        "fitted": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
        "command": "/usr/bin/python3 training/fit_band_extension.py " + " ".join(sys.argv[1:]),
        "data": f"real training sources ({', '.join(sources)}): {len(train)} clips",
        "context": CONTEXT, "ridge": RIDGE, "heldOut": report,
    }
    man_path.write_text(json.dumps(man, indent=1) + "\n")
    print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB) and {man_path}")


if __name__ == "__main__":
    main()
