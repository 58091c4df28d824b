"""Masked conditional flow matching (optimal-transport path, sigma_min = 0), as F5-TTS / Voicebox.

Shapes: B batch, T frames, M mel bins. Masks are bool [B, T]; True on frames the model must generate.
The pure pieces are separate functions so tests can check them in closed form.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch


@dataclass
class MaskConfig:
    frac_min: float = 0.7  # span covers U(frac_min, frac_max) of the valid length
    frac_max: float = 1.0
    p_whole: float = 0.3  # mask the whole sequence (TTS from phones alone)
    p_uncond: float = 0.2  # guidance dropout: cond and phones all zero
    # Editing replaces a word or three inside a longer recording, so the region is often only
    # 10-60 % of the window the engine sends. With p_edit, a (non-whole) row draws its span from
    # U(edit_min, edit_max) instead, so such windows are not out of distribution at inference.
    p_edit: float = 0.0
    edit_min: float = 0.1
    edit_max: float = 0.6


def interpolate(x0: torch.Tensor, x1: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """x_t = (1 - t) x0 + t x1; x0, x1 [B, T, M], t [B]."""
    tt = t[:, None, None]
    return (1 - tt) * x0 + tt * x1


def target_velocity(x0: torch.Tensor, x1: torch.Tensor) -> torch.Tensor:
    """u = d x_t / dt = x1 - x0 (constant along the straight path)."""
    return x1 - x0


def span_mask(lengths: torch.Tensor, T: int, frac: torch.Tensor, start_u: torch.Tensor) -> torch.Tensor:
    """One contiguous span per row: round(frac * len) frames starting at floor(start_u * (len - span + 1)).

    lengths [B] long, frac [B] in [0, 1], start_u [B] in [0, 1) -> bool [B, T]. Never past lengths.
    """
    span = torch.clamp((frac * lengths.float()).round().long(), min=1)
    span = torch.minimum(span, lengths)
    start = (start_u * (lengths - span + 1).float()).floor().long()
    start = torch.minimum(start, lengths - span)
    idx = torch.arange(T, device=lengths.device)[None, :]
    return (idx >= start[:, None]) & (idx < (start + span)[:, None])


def sample_mask(lengths: torch.Tensor, T: int, cfg: MaskConfig, gen: torch.Generator | None = None):
    """Training mask: a 70-100 % span, or with p_whole the whole valid length, or with p_edit
    (of the remaining rows) a shorter editing-sized span.

    Returns (mask bool [B, T], uncond bool [B]) where uncond rows get guidance dropout.
    """
    B = lengths.shape[0]
    frac = cfg.frac_min + (cfg.frac_max - cfg.frac_min) * torch.rand(B, generator=gen)
    whole = torch.rand(B, generator=gen) < cfg.p_whole
    if cfg.p_edit > 0:  # drawn only when enabled, so the default stream of random numbers is unchanged
        edit_frac = cfg.edit_min + (cfg.edit_max - cfg.edit_min) * torch.rand(B, generator=gen)
        edit = torch.rand(B, generator=gen) < cfg.p_edit
        frac = torch.where(edit, edit_frac, frac)
    frac = torch.where(whole, torch.ones_like(frac), frac)
    mask = span_mask(lengths, T, frac, torch.rand(B, generator=gen))
    uncond = torch.rand(B, generator=gen) < cfg.p_uncond
    return mask, uncond


def conditioning(x1: torch.Tensor, phones: torch.Tensor, mask: torch.Tensor, uncond: torch.Tensor):
    """cond = x1 with masked frames zeroed; phones only on masked frames; uncond rows all zero.

    x1 [B, T, M], phones long [B, T], mask bool [B, T], uncond bool [B] -> (cond, phones_in).
    """
    keep_ctx = (~mask) & (~uncond[:, None])
    cond = x1 * keep_ctx[:, :, None].to(x1.dtype)
    ph = phones * (mask & (~uncond[:, None])).long()
    return cond, ph


def masked_mse(pred: torch.Tensor, target: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean squared error over masked frames and all bins; pred/target [B, T, M], mask [B, T]."""
    m = mask[:, :, None].to(pred.dtype)
    return ((pred - target) ** 2 * m).sum() / (m.sum() * pred.shape[-1]).clamp(min=1.0)


def cfm_loss(model, x1, phones, lengths, cfg: MaskConfig, gen: torch.Generator | None = None):
    """One masked CFM loss evaluation. x1 [B, T, M] normalised mel, phones long [B, T], lengths [B]."""
    B, T, _ = x1.shape
    dev = x1.device
    # Random draws come from the CPU generator whatever the device, so a run is the same on either.
    lengths_cpu = lengths.cpu()
    mask, uncond = sample_mask(lengths_cpu, T, cfg, gen)
    x0 = torch.randn(x1.shape, generator=gen).to(dev)
    t = torch.rand(B, generator=gen).to(dev)
    mask, uncond, lengths = mask.to(dev), uncond.to(dev), lengths.to(dev)
    pad = torch.arange(T, device=dev)[None, :] < lengths[:, None]
    cond, ph = conditioning(x1, phones, mask, uncond)
    # Padded frames carry nothing, as the graph's own padding to whole tokens (patch > 1) does.
    xt = interpolate(x0, x1, t) * pad[:, :, None].to(x1.dtype)
    pred = model(xt, t, cond, ph, pad_mask=None if bool(pad.all()) else pad)
    return masked_mse(pred, target_velocity(x0, x1), mask)
