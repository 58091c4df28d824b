"""Log-mel features: the single definition shared with the engine (electron/engine/dsp).

Everything here is plain numpy in float64 so the TypeScript port can match it to 1e-4;
`export_golden.py` writes golden arrays from these functions for the TypeScript tests.
"""
from __future__ import annotations

import numpy as np

# Default feature definition; copied verbatim into every manifest's "features" block.
DEFAULT_FEATURES = {
    "sampleRate": 16000,
    "nFft": 1024,
    "win": 1024,
    "hop": 256,
    "nMels": 80,
    "fMin": 0.0,
    "fMax": 8000.0,
    "window": "hann-periodic",
    "center": True,
    "padMode": "reflect",
    "power": 1.0,
    "melScale": "slaney",
    "melNorm": "slaney",
    "logFloor": 1e-5,
    "log": "ln",
}


def hz_to_mel_slaney(f):
    f = np.asarray(f, dtype=np.float64)
    f_sp = 200.0 / 3
    mels = f / f_sp
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-10) / min_log_hz) / logstep, mels)


def mel_to_hz_slaney(m):
    m = np.asarray(m, dtype=np.float64)
    f_sp = 200.0 / 3
    freqs = f_sp * m
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), freqs)


def mel_filterbank(sr: int, n_fft: int, n_mels: int, f_min: float, f_max: float) -> np.ndarray:
    """[n_mels, n_fft//2+1] triangular filters, slaney scale and area normalisation (librosa's default)."""
    n_bins = n_fft // 2 + 1
    fft_freqs = np.linspace(0, sr / 2, n_bins)
    mel_pts = np.linspace(hz_to_mel_slaney(f_min), hz_to_mel_slaney(f_max), n_mels + 2)
    hz_pts = mel_to_hz_slaney(mel_pts)
    fdiff = np.diff(hz_pts)
    ramps = hz_pts[:, None] - fft_freqs[None, :]
    weights = np.zeros((n_mels, n_bins))
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    enorm = 2.0 / (hz_pts[2 : n_mels + 2] - hz_pts[:n_mels])
    return weights * enorm[:, None]


def hann_periodic(n: int) -> np.ndarray:
    return 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(n) / n)


def n_frames(n_samples: int, hop: int) -> int:
    """Frames produced by a centred STFT: the same rule as the engine's secondsToFrames path."""
    return 1 + n_samples // hop


def reflect_pad(x: np.ndarray, pad: int) -> np.ndarray:
    """numpy 'reflect' padding that also works when the signal is shorter than the pad
    (reflect repeatedly, as a mirror would), so tiny inputs never crash."""
    if len(x) == 0:
        return np.zeros(2 * pad)
    if len(x) == 1:
        return np.full(len(x) + 2 * pad, x[0])
    period = 2 * (len(x) - 1)
    idx = np.arange(-pad, len(x) + pad)
    idx = np.abs(idx) % period
    idx = np.where(idx >= len(x), period - idx, idx)
    return x[idx]


def stft_magnitude(x: np.ndarray, n_fft: int, hop: int, win: int) -> np.ndarray:
    """[frames, n_fft//2+1] magnitude of a centred, reflect-padded STFT with a periodic Hann window."""
    x = np.asarray(x, dtype=np.float64)
    padded = reflect_pad(x, n_fft // 2)
    w = np.zeros(n_fft)
    off = (n_fft - win) // 2
    w[off : off + win] = hann_periodic(win)
    t = n_frames(len(x), hop)
    idx = np.arange(n_fft)[None, :] + hop * np.arange(t)[:, None]
    frames = padded[idx] * w[None, :]
    return np.abs(np.fft.rfft(frames, axis=1))


def log_mel(x: np.ndarray, feat: dict = DEFAULT_FEATURES) -> np.ndarray:
    """[frames, nMels] natural-log mel magnitudes, floored at logFloor. Not normalised."""
    mag = stft_magnitude(x, feat["nFft"], feat["hop"], feat["win"])
    fb = mel_filterbank(feat["sampleRate"], feat["nFft"], feat["nMels"], feat["fMin"], feat["fMax"])
    mel = mag @ fb.T
    return np.log(np.maximum(mel, feat["logFloor"]))


def normalise(logmel: np.ndarray, mean, std) -> np.ndarray:
    return (logmel - np.asarray(mean)[None, :]) / np.asarray(std)[None, :]


def denormalise(feats: np.ndarray, mean, std) -> np.ndarray:
    return feats * np.asarray(std)[None, :] + np.asarray(mean)[None, :]


# Band fill for audio sampled below 2·fMax: the engine's electron/engine/dsp/band.ts (same constants).
BAND_MISSING_FROM = 0.9
BAND_REFERENCE = (0.6, 0.85)


def mel_centres(feat: dict = DEFAULT_FEATURES) -> np.ndarray:
    """Centre frequency (Hz) of each mel band, as the engine's melFilterbank().centreHz."""
    mels = np.linspace(hz_to_mel_slaney(feat["fMin"]), hz_to_mel_slaney(feat["fMax"]), feat["nMels"] + 2)
    return mel_to_hz_slaney(mels)[1:-1]


def extend_band(feats: np.ndarray, input_rate: float, feat: dict = DEFAULT_FEATURES) -> np.ndarray:
    """Normalised features [T, nMels] of audio recorded at `input_rate`: each bin above its Nyquist gets
    the frame's mean over the reference band (band.ts extendBand). A new array; unchanged copy at or
    above 2·fMax."""
    out = np.array(feats, dtype=np.float32, copy=True)
    nyq = input_rate / 2
    if input_rate >= 2 * feat["fMax"]:
        return out
    c = mel_centres(feat)
    missing = c > BAND_MISSING_FROM * nyq
    reference = (c >= BAND_REFERENCE[0] * nyq) & (c <= BAND_REFERENCE[1] * nyq)
    if missing.any() and reference.any():
        out[:, missing] = out[:, reference].mean(axis=1, keepdims=True)
    return out


def extension_for(table: dict | None, input_rate: float, feat: dict = DEFAULT_FEATURES) -> dict | None:
    """The learned band extension's entry for an input rate (band.ts extensionFor): the highest rate not
    above it, when the input lacks bins at all."""
    if table is None or input_rate >= 2 * feat["fMax"]:
        return None
    c = mel_centres(feat)
    if not (c > BAND_MISSING_FROM * input_rate / 2).any():
        return None
    fits = [r for r in table["rates"] if r["rate"] <= input_rate]
    return max(fits, key=lambda r: r["rate"]) if fits else None


def band_design(feats: np.ndarray, low, context: int) -> np.ndarray:
    """[T, (2·context + 1)·len(low) + 1]: the low bins of frames t − context … t + context (edge frames
    repeated), then 1 for the bias: the rows a learned band extension multiplies."""
    x = np.asarray(feats, dtype=np.float64)[:, low]
    T = len(x)
    pad = np.pad(x, ((context, context), (0, 0)), mode="edge")
    return np.concatenate([pad[k:k + T] for k in range(2 * context + 1)] + [np.ones((T, 1))], axis=1)


def extend_band_learned(feats: np.ndarray, input_rate: float, table: dict | None, feat: dict = DEFAULT_FEATURES) -> np.ndarray:
    """Normalised features [T, nMels] of audio recorded at `input_rate` as the velocity model sees them
    (band.ts extendBandLearned): the missing bins predicted by the table's linear map, else extend_band."""
    r = extension_for(table, input_rate, feat)
    if r is None:
        return extend_band(feats, input_rate, feat)
    out = np.array(feats, dtype=np.float32, copy=True)
    out[:, r["missing"]] = band_design(feats, r["low"], r["context"]) @ np.asarray(r["weights"], dtype=np.float64)
    return out
