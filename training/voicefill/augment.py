"""Voice-space augmentation: turn one synthetic utterance into the voice of a random new speaker.

Five diphone/HTS voices are too few speakers for a model that must continue voices it never heard
(the held-out voice's loss stopped improving early while the training voices' kept falling). So the
`*_vx` corpus voices give every utterance its own speaker: vocal-tract length (formant shift),
pitch median and range, speaking rate, level, a synthetic room and background noise, all drawn
from a generator seeded by the utterance's id (reproducible corpus).

Praat's "Change gender" (PSOLA, through praat-parselmouth) does the formant, pitch and duration
changes. Timing changes by exactly `duration`, so phone end times are scaled by it; room and noise
keep the timing (the room's direct path is at lag 0).
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
from scipy.signal import fftconvolve, lfilter

from .ids import stable_int


@dataclass(frozen=True)
class VoiceWarp:
    formant: float  # vocal-tract ratio (>1: shorter tract, higher formants)
    pitch: float  # factor on the utterance's median F0
    pitch_range: float  # factor on F0 excursions around the median
    duration: float  # >1: slower speech
    gain_db: float
    rt60: float | None  # seconds; None: dry
    drr_db: float  # direct-to-reverberant ratio when rt60 is set
    snr_db: float | None  # None: no added noise

    def to_dict(self) -> dict:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def _seed(key: str) -> int:
    return stable_int(key)


def draw_warp(key: str) -> VoiceWarp:
    """Random speaker for utterance `key`. Pitch follows the vocal tract loosely, as in real voices."""
    rng = np.random.default_rng(_seed("vx|" + key))
    formant = math.exp(rng.uniform(math.log(0.86), math.log(1.17)))
    pitch = formant**1.5 * math.exp(rng.uniform(math.log(0.8), math.log(1.25)))
    reverb = rng.random() < 0.3
    noisy = rng.random() < 0.4
    return VoiceWarp(
        formant=formant,
        pitch=pitch,
        pitch_range=float(rng.uniform(0.6, 1.6)),
        duration=math.exp(rng.uniform(math.log(0.85), math.log(1.2))),
        gain_db=float(rng.uniform(-12.0, 2.0)),
        rt60=float(rng.uniform(0.15, 0.5)) if reverb else None,
        drr_db=float(rng.uniform(0.0, 10.0)),
        snr_db=float(rng.uniform(25.0, 45.0)) if noisy else None,
    )


def _room(x: np.ndarray, sr: int, rt60: float, drr_db: float, rng: np.random.Generator) -> np.ndarray:
    """Exponentially decaying noise tail after a unit direct path (lag 0, so timings hold)."""
    n = int(rt60 * sr)
    t = np.arange(1, n) / sr
    tail = rng.standard_normal(n - 1) * np.exp(-6.9 * t / rt60)
    tail *= 10 ** (-drr_db / 20) / max(np.sqrt(np.sum(tail**2)), 1e-9)
    h = np.concatenate([[1.0], tail])
    return fftconvolve(x, h)[: len(x)]


def _noise(x: np.ndarray, snr_db: float, rng: np.random.Generator) -> np.ndarray:
    """Pinkish noise (white plus a one-pole low-passed part) at `snr_db` below the speech level."""
    w = rng.standard_normal(len(x))
    nz = 0.3 * w + lfilter([0.05], [1.0, -0.95], w)
    loud = np.abs(x) > 0.05 * (np.abs(x).max() + 1e-12)  # speech level over active samples only
    level = np.sqrt(np.mean(x[loud] ** 2)) if loud.any() else np.sqrt(np.mean(x**2))
    nz *= level * 10 ** (-snr_db / 20) / max(np.sqrt(np.mean(nz**2)), 1e-12)
    return x + nz


def apply_warp(x: np.ndarray, sr: int, warp: VoiceWarp, key: str) -> np.ndarray:
    """x float [-1, 1] mono -> warped float mono at `sr`, length ≈ len(x) * warp.duration.

    Raises ValueError when Praat finds no pitch (nothing voiced), so the caller can skip the utterance.
    """
    import parselmouth  # augmentation only: training and CI never import this module's caller
    from parselmouth.praat import call

    snd = parselmouth.Sound(np.asarray(x, dtype=np.float64), sampling_frequency=sr)
    median = call(snd.to_pitch(0.01, 60, 600), "Get quantile", 0, 0, 0.5, "Hertz")
    if not median or math.isnan(median):
        raise ValueError("no voiced frames for Praat's pitch analysis")
    out = call(snd, "Change gender", 60, 600, warp.formant, median * warp.pitch, warp.pitch_range, warp.duration)
    if int(out.sampling_frequency) != sr:
        out = call(out, "Resample", sr, 50)
    y = out.values[0].astype(np.float64)
    rng = np.random.default_rng(_seed("vx-noise|" + key))
    if warp.rt60 is not None:
        y = _room(y, sr, warp.rt60, warp.drr_db, rng)
    if warp.snr_db is not None:
        y = _noise(y, warp.snr_db, rng)
    y *= 10 ** (warp.gain_db / 20)
    peak = np.abs(y).max()
    return y * (0.98 / peak) if peak > 0.98 else y
