"""Magnitude network: normalised log-mel [B, T, M] → linear STFT magnitude [B, T, nFft/2+1].

The built-in vocoder's weak step is the mel inversion, not the phase: with the true magnitude, its
phase reconstruction (PGHI + two Griffin-Lim iterations) is read by the ASR as well as the recording
(`training/recall_probe.py`-style check, session 5: 79 % of masked words found both ways), while the
inverted mel gives 69 %. Above ~1 kHz a mel band spans several harmonics, and the inversion can only
spread energy smoothly across them. This small ConvNeXt stack learns the fine structure from the
neighbouring frames and the low bands (where harmonics are resolved), on top of a fixed log-domain
interpolation of the mel bands; the engine keeps its phase reconstruction (docs/model-format.md,
graphs.magnitude).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .features import DEFAULT_FEATURES, mel_filterbank


@dataclass
class MagnitudeConfig:
    n_mels: int = 80
    n_bins: int = 513
    dim: int = 192
    layers: int = 4
    kernel: int = 7

    def to_dict(self) -> dict:
        return asdict(self)


def log_interpolation(fb: np.ndarray) -> np.ndarray:
    """[n_bins, n_mels]: each FFT bin's log magnitude as a linear interpolation of the two mel bands
    whose filter centres surround it (a crude inverse that the network corrects)."""
    n_mels, n_bins = fb.shape
    centres = (fb * np.arange(n_bins)).sum(1) / np.maximum(fb.sum(1), 1e-12)
    w = np.zeros((n_bins, n_mels))
    for k in range(n_bins):
        j = int(np.searchsorted(centres, k))
        if j == 0:
            w[k, 0] = 1
        elif j >= n_mels:
            w[k, -1] = 1
        else:
            t = (k - centres[j - 1]) / (centres[j] - centres[j - 1])
            w[k, j - 1], w[k, j] = 1 - t, t
    return w


class Block(nn.Module):
    def __init__(self, dim: int, kernel: int) -> None:
        super().__init__()
        self.dw = nn.Conv1d(dim, dim, kernel, padding=kernel // 2, groups=dim)
        self.norm = nn.LayerNorm(dim)
        self.up = nn.Linear(dim, 3 * dim)
        self.down = nn.Linear(3 * dim, dim)
        self.scale = nn.Parameter(torch.full((dim,), 0.1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # [B, T, D]
        h = self.dw(x.transpose(1, 2)).transpose(1, 2)
        return x + self.scale * self.down(F.gelu(self.up(self.norm(h))))


class MagnitudeNet(nn.Module):
    def __init__(self, cfg: MagnitudeConfig, mean: np.ndarray, std: np.ndarray, features: dict = DEFAULT_FEATURES) -> None:
        super().__init__()
        self.cfg = cfg
        fb = mel_filterbank(features["sampleRate"], features["nFft"], cfg.n_mels, features["fMin"], features["fMax"])
        self.register_buffer("mean", torch.tensor(np.asarray(mean), dtype=torch.float32))
        self.register_buffer("std", torch.tensor(np.asarray(std), dtype=torch.float32))
        self.register_buffer("interp", torch.tensor(log_interpolation(fb).T, dtype=torch.float32))  # [M, K]
        self.inp = nn.Conv1d(cfg.n_mels, cfg.dim, cfg.kernel, padding=cfg.kernel // 2)
        self.blocks = nn.ModuleList(Block(cfg.dim, cfg.kernel) for _ in range(cfg.layers))
        self.norm = nn.LayerNorm(cfg.dim)
        self.out = nn.Linear(cfg.dim, cfg.n_bins)
        nn.init.zeros_(self.out.weight)
        nn.init.zeros_(self.out.bias)
        self.log_floor = float(np.log(features["logFloor"]))

    def log_magnitude(self, mel: torch.Tensor) -> torch.Tensor:
        """mel: normalised log-mel [B, T, M] → ln magnitude [B, T, K]."""
        logmel = mel * self.std + self.mean
        base = logmel @ self.interp
        h = self.inp(mel.transpose(1, 2)).transpose(1, 2)
        for b in self.blocks:
            h = b(h)
        return base + self.out(self.norm(h))

    def forward(self, mel: torch.Tensor) -> torch.Tensor:
        # Clamped so no frame can blow up to inf in the graph (e^12 is far above any real STFT bin).
        return torch.exp(torch.clamp(self.log_magnitude(mel), self.log_floor, 12.0))


def stft_magnitude(audio: torch.Tensor, features: dict = DEFAULT_FEATURES) -> torch.Tensor:
    """[B, S] → [B, T, K], T = 1 + S // hop: the feature definition's centred, reflect-padded STFT."""
    n_fft, hop = features["nFft"], features["hop"]
    win = torch.hann_window(features["win"], periodic=True, dtype=audio.dtype)
    spec = torch.stft(audio, n_fft, hop, features["win"], win, center=True, pad_mode="reflect", return_complex=True)
    return spec.abs().transpose(1, 2)


def log_mel_from_magnitude(mag: torch.Tensor, fb: torch.Tensor, floor: float) -> torch.Tensor:
    """[B, T, K] magnitude → ln mel [B, T, M], as features.log_mel does from the same STFT."""
    return torch.log(torch.clamp(mag @ fb.T, min=floor))


def losses(pred_log: torch.Tensor, target: torch.Tensor, floor: float) -> tuple[torch.Tensor, torch.Tensor]:
    """(L1 of ln magnitude above the floor, spectral convergence): the first weighs quiet bins, the
    second the peaks (harmonics)."""
    t_log = torch.log(torch.clamp(target, min=floor))
    l1 = (pred_log.clamp(min=float(np.log(floor))) - t_log).abs().mean()
    pred = torch.exp(pred_log.clamp(max=12.0))
    sc = torch.linalg.norm(pred - target) / torch.linalg.norm(target).clamp(min=1e-8)
    return l1, sc
