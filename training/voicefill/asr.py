"""Whisper base as a judge and a transcriber, from the Debian Python (training, evaluation only).

faster-whisper needs its own venv (training/setup_whisper.sh); this client keeps one server process
(training/whisper_server.py) alive and sends it file paths.
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from scipy.io import wavfile

HERE = Path(__file__).resolve().parent.parent


def whisper_paths() -> tuple[Path, Path]:
    env = Path(os.environ.get("VOICEFILL_WHISPER_ENV", HERE / "whisper" / "env"))
    model = Path(os.environ.get("VOICEFILL_WHISPER_MODEL", HERE / "whisper" / "model"))
    return env / "bin" / "python", model


def whisper_available() -> bool:
    py, model = whisper_paths()
    return py.exists() and (model / "model.bin").exists()


class Whisper:
    """w(path) or w(array, sr) -> {"text", "words": [[word, start, end, prob], ...]}."""

    def __init__(self, threads: int = 2) -> None:
        py, model = whisper_paths()
        if not whisper_available():
            raise RuntimeError(f"Whisper is not set up ({py}, {model}): run training/setup_whisper.sh")
        self.proc = subprocess.Popen([str(py), str(HERE / "whisper_server.py"), str(model), str(threads)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        ready = self.proc.stdout.readline()
        if not ready.strip().startswith('{"ready"'):
            raise RuntimeError(f"Whisper server did not start: {ready!r}")
        self.tmp = tempfile.TemporaryDirectory()

    @staticmethod
    def describe() -> str:
        return "Whisper base (MIT; faster-whisper int8, beam 5, temperature 0)"

    def __call__(self, x, sr: int = 16000) -> dict:
        if isinstance(x, np.ndarray):
            path = Path(self.tmp.name) / "clip.wav"
            wavfile.write(path, sr, (np.clip(x, -1, 1) * 32767).astype(np.int16))
        else:
            path = Path(x)
        self.proc.stdin.write(json.dumps({"path": str(path)}) + "\n")
        out = json.loads(self.proc.stdout.readline())
        if "error" in out:
            raise RuntimeError(f"Whisper failed on {path}: {out['error']}")
        return out

    def text(self, x, sr: int = 16000) -> str:
        return self(x, sr)["text"]

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)
        self.tmp.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
