"""Write golden log-mel arrays for the TypeScript port (tests/engine/dsp/features.test.ts).

    /usr/bin/python3 training/export_golden.py

Output: tests/fixtures/golden/index.json plus little-endian float32 binaries (*.f32).
Each case stores its input signal as float32 and the log-mel computed (in float64) from exactly
those float32 samples, so the TypeScript side sees the same input bits the reference saw.
Shapes: input [N]; logmel [frames, nMels] row-major; filterbank [nMels, nFft//2+1] row-major.
"""
from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np

from voicefill.features import DEFAULT_FEATURES, extend_band, extend_band_learned, log_mel, mel_filterbank, n_frames

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "golden"
SPEECH = ROOT / "tests" / "fixtures" / "audio" / "speech-16k-s16.wav"

# A second definition that exercises win < nFft (window centred in the frame), fMin > 0 and fewer mels.
ALT_FEATURES = dict(DEFAULT_FEATURES, nFft=1024, win=800, hop=200, nMels=64, fMin=50.0, fMax=7600.0)


def chirp_plus_noise(n: int, sr: int) -> np.ndarray:
    t = np.arange(n) / sr
    f0, f1 = 100.0, 7000.0
    phase = 2 * np.pi * (f0 * t + (f1 - f0) * t**2 / (2 * t[-1]))
    rng = np.random.default_rng(1234)
    return 0.5 * np.sin(phase) + 0.05 * rng.standard_normal(n)


def read_speech(seconds: float) -> np.ndarray:
    with wave.open(str(SPEECH), "rb") as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1 and w.getframerate() == 16000
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return pcm[: int(seconds * 16000)].astype(np.float64) / 32768.0


def write_f32(name: str, a: np.ndarray) -> str:
    np.ascontiguousarray(a, dtype="<f4").tofile(OUT / name)
    return name


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    sr = DEFAULT_FEATURES["sampleRate"]
    rng = np.random.default_rng(99)
    signals = {
        "chirp-noise": (chirp_plus_noise(sr // 2, sr), DEFAULT_FEATURES),
        "speech": (read_speech(1.5), DEFAULT_FEATURES),
        "short-100": (0.3 * rng.standard_normal(100), DEFAULT_FEATURES),  # shorter than nFft/2
        "one-sample": (np.array([0.25]), DEFAULT_FEATURES),
        "empty": (np.zeros(0), DEFAULT_FEATURES),
        "alt-spec-chirp": (chirp_plus_noise(sr // 4, sr), ALT_FEATURES),
    }
    cases = []
    for name, (x, feat) in signals.items():
        x32 = x.astype(np.float32)
        lm = log_mel(x32.astype(np.float64), feat)
        assert lm.shape == (n_frames(len(x32), feat["hop"]), feat["nMels"])
        cases.append({
            "name": name,
            "features": feat,
            "input": write_f32(f"{name}.input.f32", x32),
            "inputLength": len(x32),
            "logmel": write_f32(f"{name}.logmel.f32", lm),
            "frames": lm.shape[0],
            "nMels": lm.shape[1],
        })
    # The band fill for audio recorded below 2·fMax (band.ts extendBand) on the speech case's log-mel as
    # normalised features (mean 0, std 1): the aligner's training copies and the engine must agree.
    speech = np.fromfile(OUT / "speech.logmel.f32", dtype="<f4").reshape(-1, DEFAULT_FEATURES["nMels"])
    bands = [{"inputRate": rate, "input": "speech.logmel.f32", "output": write_f32(f"speech.band-{rate}.f32", extend_band(speech, rate)),
              "frames": speech.shape[0]} for rate in (8000, 11025, 12000)]
    # The learned band extension of the shipped model (band.ts extendBandLearned), on the same features.
    table_file = ROOT / "resources" / "models" / "default" / "band-extension.json"
    table = json.loads(table_file.read_text())
    learned = [{"inputRate": rate, "table": "resources/models/default/band-extension.json", "input": "speech.logmel.f32",
                "output": write_f32(f"speech.bandext-{rate}.f32", extend_band_learned(speech, rate, table)), "frames": speech.shape[0]}
               for rate in (8000, 11025, 12000)]
    f = DEFAULT_FEATURES
    fb = mel_filterbank(f["sampleRate"], f["nFft"], f["nMels"], f["fMin"], f["fMax"])
    index = {
        "generator": "training/export_golden.py",
        "cases": cases,
        "bands": bands,
        "learnedBands": learned,
        "filterbank": {"features": f, "file": write_f32("filterbank.f32", fb), "nMels": fb.shape[0], "nBins": fb.shape[1]},
    }
    (OUT / "index.json").write_text(json.dumps(index, indent=1) + "\n")
    total = sum(p.stat().st_size for p in OUT.iterdir())
    print(f"wrote {len(cases)} cases + filterbank to {OUT} ({total / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
