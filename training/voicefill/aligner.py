"""Aligner: normalised log-mel [B, T, M] → per-frame log posteriors over the phone inventory [B, T, P].

Frame classification: the corpus has frame-aligned phones (data.py), so every frame is a labelled
example and no CTC is needed; the engine's forced alignment (electron/engine/align/) runs Viterbi over
these posteriors with the transcript's phones. A 1-D ConvNeXt stack with a few dilated blocks sees
about 1.8 s around each frame (115 frames), which is enough to tell coarticulated phones apart and cheap enough
for a 60 s recording to be classified in well under a second on two cores.

Augmentation works on the log-mel crops themselves (cheap, on the fly): level, vocal-tract length
(a warp of the mel axis), tempo (frames resampled, labels with them), a room tail, a noise floor and
frequency masks. The corpus' own voice-space copies (augment.py, the *_vx voices) add the PSOLA
speakers on top when they are in the corpus.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from . import phones as ph
from .features import DEFAULT_FEATURES, hz_to_mel_slaney, mel_to_hz_slaney

LOG_FLOOR = float(np.log(DEFAULT_FEATURES["logFloor"]))


@dataclass
class AlignerConfig:
    n_mels: int = 80
    n_phones: int = len(ph.SYMBOLS)  # output index = phone id; id 0 (<none>) is never a target
    dim: int = 128
    kernel: int = 9
    dilations: list[int] = field(default_factory=lambda: [1, 1, 2, 1, 2, 4, 1, 2])
    mlp: int = 2

    def to_dict(self) -> dict:
        return asdict(self)

    @staticmethod
    def from_dict(d: dict) -> "AlignerConfig":
        return AlignerConfig(**d)

    def receptive_frames(self) -> int:
        return 3 + sum((self.kernel - 1) * d for d in self.dilations)


class Block(nn.Module):
    """ConvNeXt block over time: depthwise (dilated) conv, LayerNorm, pointwise MLP, scaled residual."""

    def __init__(self, dim: int, kernel: int, dilation: int, mlp: int) -> None:
        super().__init__()
        self.dw = nn.Conv1d(dim, dim, kernel, padding=dilation * (kernel // 2), dilation=dilation, groups=dim)
        self.norm = nn.LayerNorm(dim)
        self.up = nn.Linear(dim, mlp * dim)
        self.down = nn.Linear(mlp * dim, dim)
        self.scale = nn.Parameter(torch.full((dim,), 0.1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # [B, T, D]
        h = self.dw(x.transpose(1, 2)).transpose(1, 2)
        return x + self.scale * self.down(F.gelu(self.up(self.norm(h))))


class AlignerNet(nn.Module):
    def __init__(self, cfg: AlignerConfig) -> None:
        super().__init__()
        self.cfg = cfg
        self.inp = nn.Conv1d(cfg.n_mels, cfg.dim, 3, padding=1)
        self.inp_norm = nn.LayerNorm(cfg.dim)
        self.blocks = nn.ModuleList(Block(cfg.dim, cfg.kernel, d, cfg.mlp) for d in cfg.dilations)
        self.norm = nn.LayerNorm(cfg.dim)
        self.out = nn.Linear(cfg.dim, cfg.n_phones)

    def logits(self, mel: torch.Tensor) -> torch.Tensor:
        h = self.inp_norm(self.inp(mel.transpose(1, 2)).transpose(1, 2))
        for b in self.blocks:
            h = b(h)
        return self.out(self.norm(h))

    def forward(self, mel: torch.Tensor) -> torch.Tensor:
        """The exported graph: log-softmax over the inventory, id 0 pushed to (almost) zero probability."""
        z = self.logits(mel)
        none = torch.zeros_like(z[..., :1]) - 1e4
        return F.log_softmax(torch.cat([none, z[..., 1:]], dim=-1), dim=-1)


def count_parameters(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())


def frame_loss(net: AlignerNet, mel: torch.Tensor, phones: torch.Tensor, lengths: torch.Tensor,
               smoothing: float = 0.05) -> tuple[torch.Tensor, torch.Tensor]:
    """Cross-entropy over real frames (id > 0, inside the crop) and the frame accuracy."""
    z = net.logits(mel)[..., 1:]  # class k ↔ phone id k + 1
    T = phones.shape[1]
    valid = (torch.arange(T)[None, :] < lengths[:, None]) & (phones > 0)
    target = (phones - 1).clamp(min=0)
    ce = F.cross_entropy(z.float().reshape(-1, z.shape[-1]), target.reshape(-1), reduction="none",
                         label_smoothing=smoothing).reshape(phones.shape)
    n = valid.sum().clamp(min=1)
    loss = (ce * valid).sum() / n
    acc = ((z.argmax(-1) == target) & valid).sum().float() / n
    return loss, acc


# ---------------------------------------------------------------- augmentation (log-mel domain)

@dataclass(frozen=True)
class MelAugment:
    """Probabilities and ranges of the log-mel augmentations (defaults: what train_aligner.py uses)."""
    p_warp: float = 0.6
    warp: tuple[float, float] = (0.86, 1.17)  # vocal-tract ratio, as augment.draw_warp
    p_tempo: float = 0.5
    tempo: tuple[float, float] = (0.8, 1.25)  # >1: slower speech (more frames)
    gain_db: tuple[float, float] = (-12.0, 6.0)
    p_room: float = 0.3
    p_noise: float = 0.4
    snr_db: tuple[float, float] = (8.0, 40.0)
    p_freq_mask: float = 0.3


def mel_warp_matrix(n_mels: int, ratio: float, f_max: float = DEFAULT_FEATURES["fMax"]) -> np.ndarray:
    """[n_mels, n_mels] linear interpolation taking band m from frequency f_m / ratio of the input
    (ratio > 1 moves formants up, as a shorter vocal tract does)."""
    mels = np.linspace(hz_to_mel_slaney(0.0), hz_to_mel_slaney(f_max), n_mels + 2)[1:-1]
    centres = mel_to_hz_slaney(mels)
    src = np.interp(centres / ratio, centres, np.arange(n_mels))
    w = np.zeros((n_mels, n_mels))
    lo = np.floor(src).astype(int)
    hi = np.minimum(lo + 1, n_mels - 1)
    t = src - lo
    w[np.arange(n_mels), lo] += 1 - t
    w[np.arange(n_mels), hi] += t
    return w


def augment_crop(mel: np.ndarray, phones: np.ndarray, rng: np.random.Generator,
                 cfg: MelAugment = MelAugment()) -> tuple[np.ndarray, np.ndarray]:
    """One crop: mel float32 [T, M] (unnormalised ln mel), phones [T] → augmented copies (T may change)."""
    x = mel.astype(np.float32)
    if rng.random() < cfg.p_tempo:
        r = float(np.exp(rng.uniform(*np.log(cfg.tempo))))
        n = max(1, int(round(len(x) * r)))
        idx = np.minimum((np.arange(n) / r).astype(int), len(x) - 1)
        x, phones = x[idx], phones[idx]
    if rng.random() < cfg.p_warp:
        ratio = float(np.exp(rng.uniform(*np.log(cfg.warp))))
        x = x @ mel_warp_matrix(x.shape[1], ratio).T.astype(np.float32)
    lin = np.exp(x)
    if rng.random() < cfg.p_room:
        # Room tail on band energies: a one-pole decay (rt60 0.15-0.5 s at 62.5 frames/s) mixed in.
        rt60 = rng.uniform(0.15, 0.5)
        decay = float(np.exp(-6.9 / (rt60 * 62.5)))
        mix = float(10 ** (-rng.uniform(0.0, 10.0) / 20))
        tail = np.zeros_like(lin[0])
        out = np.empty_like(lin)
        for t in range(len(lin)):
            tail = decay * tail + lin[t]
            out[t] = lin[t] + mix * (1 - decay) * (tail - lin[t])
        lin = out
    if rng.random() < cfg.p_noise:
        level = float(np.sqrt(np.mean(np.sort(lin.mean(1))[len(lin) // 2:] ** 2)))  # louder half of the frames
        snr = rng.uniform(*cfg.snr_db)
        shape = np.exp(-np.linspace(0, rng.uniform(0.5, 3.0), lin.shape[1]))  # pinkish: falls with band
        noise = shape / shape.mean() * level * 10 ** (-snr / 20)
        lin = lin + noise[None, :] * rng.uniform(0.6, 1.4, size=lin.shape)
    x = np.log(np.maximum(lin, DEFAULT_FEATURES["logFloor"]))
    x = x + np.float32(rng.uniform(*cfg.gain_db) / 20 * np.log(10))
    x = np.maximum(x, LOG_FLOOR)
    if rng.random() < cfg.p_freq_mask:
        w = int(rng.integers(2, 9))
        f0 = int(rng.integers(0, x.shape[1] - w))
        x[:, f0:f0 + w] = x[:, f0:f0 + w].mean()
    return x.astype(np.float32), phones
