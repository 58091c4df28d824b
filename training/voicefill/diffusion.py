"""DDPM epsilon prediction (Ho et al. 2020) for the same masked infilling network as flow.py.

Notation. DDPM: x_0 is the data, x_T the noise, t in {1, ..., T} (T = `DiffusionConfig.steps`, 1000),
    q(x_t | x_0) = N(sqrt(abar_t) x_0, (1 - abar_t) I),  abar_t = prod_{s <= t} (1 - beta_s),  abar_0 = 1.
Our flow code (flow.py) has it the other way round: x0 is the noise, x1 the data, flow time tau in
[0, 1]. `ddpm_to_flow` / `flow_to_ddpm` are the one mapping between the two (tested both ways, and
mirrored by electron/engine/diffusion.ts).

Shapes: B batch, F frames, M mel bins. Masks are bool [B, F]; True on frames the model must generate.
The network is VelocityNet unchanged: it reads (x_t, t / T, cond, phones) and its output is read as eps.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch

from .flow import MaskConfig, conditioning, masked_mse, sample_mask

OBJECTIVES = ("flow-matching", "ddpm-epsilon")
SCHEDULES = ("linear", "cosine")


@dataclass
class DiffusionConfig:
    schedule: str = "linear"  # DDPM's linear betas; "cosine" is Nichol & Dhariwal (2021)
    steps: int = 1000  # T
    beta_start: float = 1e-4  # linear only
    beta_end: float = 0.02
    cosine_s: float = 0.008  # cosine only: offset that keeps beta_1 from being tiny
    max_beta: float = 0.999  # cosine only: clip near t = T, where abar_t / abar_{t-1} -> 0

    def __post_init__(self) -> None:
        if self.schedule not in SCHEDULES:
            raise ValueError(f"schedule must be one of {', '.join(SCHEDULES)}, got {self.schedule!r}")
        if self.steps < 1:
            raise ValueError(f"steps must be positive, got {self.steps}")
        if not 0 < self.beta_start <= self.beta_end < 1:
            raise ValueError(f"need 0 < beta_start <= beta_end < 1, got {self.beta_start}, {self.beta_end}")

    def to_dict(self) -> dict:
        return asdict(self)

    def to_manifest(self) -> dict:
        """The manifest's `diffusion` object (docs/model-format.md): only the fields its schedule uses."""
        if self.schedule == "linear":
            return {"schedule": "linear", "steps": self.steps, "betaStart": self.beta_start, "betaEnd": self.beta_end}
        return {"schedule": "cosine", "steps": self.steps, "cosineS": self.cosine_s, "maxBeta": self.max_beta}


def linear_betas(steps: int, beta_start: float, beta_end: float) -> torch.Tensor:
    """beta_1 .. beta_T evenly from beta_start to beta_end (float64 [T]; index i holds beta_{i+1})."""
    return torch.linspace(beta_start, beta_end, steps, dtype=torch.float64)


def cosine_betas(steps: int, s: float = 0.008, max_beta: float = 0.999) -> torch.Tensor:
    """abar(t) = f(t) / f(0), f(t) = cos((t / T + s) / (1 + s) * pi / 2)^2; beta_t = 1 - abar(t) / abar(t - 1),
    clipped at max_beta (float64 [T])."""
    t = torch.arange(steps + 1, dtype=torch.float64)
    f = torch.cos((t / steps + s) / (1 + s) * math.pi / 2) ** 2
    return torch.clamp(1 - f[1:] / f[:-1], max=max_beta)


def betas_for(cfg: DiffusionConfig) -> torch.Tensor:
    if cfg.schedule == "linear":
        return linear_betas(cfg.steps, cfg.beta_start, cfg.beta_end)
    return cosine_betas(cfg.steps, cfg.cosine_s, cfg.max_beta)


def alpha_bars(betas: torch.Tensor) -> torch.Tensor:
    """[T + 1]: abar_0 = 1 (clean data), abar_t = prod_{s <= t} (1 - beta_s)."""
    return torch.cat([torch.ones(1, dtype=betas.dtype), torch.cumprod(1 - betas, dim=0)])


def q_sample(x_data: torch.Tensor, z: torch.Tensor, abar_t: torch.Tensor) -> torch.Tensor:
    """Closed-form forward process x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) z; x_data, z [B, F, M], abar_t [B]."""
    a = abar_t.to(x_data.dtype)[:, None, None]
    return a.sqrt() * x_data + (1 - a).sqrt() * z


def predict_x0(x_t: torch.Tensor, eps: torch.Tensor, abar_t: torch.Tensor) -> torch.Tensor:
    """The model's estimate of the clean data: x0_hat = (x_t - sqrt(1 - abar_t) eps) / sqrt(abar_t)."""
    a = abar_t.to(x_t.dtype)[:, None, None]
    return (x_t - (1 - a).sqrt() * eps) / a.sqrt()


def eps_from_x0(x_t: torch.Tensor, x0: torch.Tensor, abar_t: torch.Tensor) -> torch.Tensor:
    """Inverse of predict_x0: eps = (x_t - sqrt(abar_t) x0) / sqrt(1 - abar_t)."""
    a = abar_t.to(x_t.dtype)[:, None, None]
    return (x_t - a.sqrt() * x0) / (1 - a).sqrt()


def ddpm_to_flow(x_t: torch.Tensor, abar_t: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """The DDPM state at abar_t as the flow state with the same signal-to-noise ratio.

    DDPM: x_t = sqrt(abar) x_0 + sqrt(1 - abar) z (x_0 data). Flow: x_tau = (1 - tau) z + tau x1 (x1 data).
    Dividing x_t by sqrt(abar) + sqrt(1 - abar) gives exactly the flow path with
    tau = sqrt(abar) / (sqrt(abar) + sqrt(1 - abar)), for the same data and noise. Returns (x_tau, tau [B]).
    """
    a = abar_t.to(torch.float64)
    scale = a.sqrt() + (1 - a).sqrt()
    tau = a.sqrt() / scale
    return x_t / scale.to(x_t.dtype)[:, None, None], tau.to(x_t.dtype)


def flow_to_ddpm(x_tau: torch.Tensor, tau: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Inverse of ddpm_to_flow: abar = tau^2 / (tau^2 + (1 - tau)^2), x_t = x_tau / sqrt(tau^2 + (1 - tau)^2)."""
    t = tau.to(torch.float64)
    norm = (t**2 + (1 - t) ** 2).sqrt()
    return x_tau / norm.to(x_tau.dtype)[:, None, None], (t**2 / norm**2).to(x_tau.dtype)


def network_time(t: torch.Tensor, steps: int) -> torch.Tensor:
    """What the graph's `t` input gets: t / T in (0, 1] (1 = pure noise, unlike flow time)."""
    return t.to(torch.float32) / steps


class EpsLoss:
    """Masked epsilon-prediction loss with flow.py's masks and guidance dropout.

    Callable like flow.cfm_loss: loss(model, x1, phones, lengths, mask_cfg, gen). x1 is the data
    (DDPM's x_0) [B, F, M], phones long [B, F], lengths [B].
    """

    def __init__(self, cfg: DiffusionConfig):
        self.cfg = cfg
        self.abar = alpha_bars(betas_for(cfg))

    def __call__(self, model, x1: torch.Tensor, phones: torch.Tensor, lengths: torch.Tensor, mcfg: MaskConfig,
                 gen: torch.Generator | None = None) -> torch.Tensor:
        B, F, _ = x1.shape
        dev = x1.device
        # Random draws from the CPU generator whatever the device (as flow.cfm_loss), same order as before.
        mask, uncond = sample_mask(lengths.cpu(), F, mcfg, gen)
        z = torch.randn(x1.shape, generator=gen).to(dev)
        t = torch.randint(1, self.cfg.steps + 1, (B,), generator=gen)  # uniform over 1..T, as DDPM
        mask, uncond, lengths = mask.to(dev), uncond.to(dev), lengths.to(dev)
        pad = torch.arange(F, device=dev)[None, :] < lengths[:, None]
        cond, ph = conditioning(x1, phones, mask, uncond)
        xt = q_sample(x1, z, self.abar.to(dev)[t.to(dev)]) * pad[:, :, None].to(x1.dtype)
        t = t.to(dev)
        pred = model(xt, network_time(t, self.cfg.steps), cond, ph, pad_mask=None if bool(pad.all()) else pad)
        return masked_mse(pred, z, mask)
