"""Voicebox-style velocity network for masked flow-matching infilling.

Shapes: B batch, T frames, M mel bins, D model width, H heads, P phone-embedding width.

    x     f32 [B, T, M]  state at flow time t (t=0 noise, t=1 speech)
    t     f32 [B]        flow time
    cond  f32 [B, T, M]  normalised context, zeros on frames to generate
    phones i64 [B, T]    phone ids on frames to generate, 0 elsewhere
    ->  v f32 [B, T, M]  velocity

No absolute positions anywhere (depthwise-conv position embedding + rotary attention), so any T
works at inference. Only ops that export cleanly to ONNX opset 17 from torch 1.13 are used.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
from torch import nn
from torch.nn import functional as F

from .phones import SYMBOLS


@dataclass
class ModelConfig:
    n_mels: int = 80
    n_phones: int = len(SYMBOLS)
    phone_dim: int = 64
    dim: int = 192
    layers: int = 6
    heads: int = 4
    ff_mult: float = 2.0
    conv_kernel: int = 31
    unet_skips: bool = True
    # Frames per transformer token. 2 halves the network's cost per second of audio (a token is
    # 32 ms at 16 kHz / hop 256, still several per phone); the graph's T stays in frames.
    patch: int = 2

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "ModelConfig":
        """A checkpoint's config; ones saved before `patch` existed are one frame per token."""
        return cls(**{"patch": 1, **d})


def sinusoidal_embedding(t: torch.Tensor, dim: int, scale: float = 1000.0) -> torch.Tensor:
    """t [B] -> [B, dim]; t is scaled so that t in [0, 1] spans many periods."""
    half = dim // 2
    freqs = torch.exp(torch.arange(half, dtype=torch.float32, device=t.device) * (-math.log(10000.0) / (half - 1)))
    args = (t.float() * scale)[:, None] * freqs[None, :]
    return torch.cat([torch.sin(args), torch.cos(args)], dim=-1)


def rotary_tables(T: torch.Tensor | int, head_dim: int, device) -> tuple[torch.Tensor, torch.Tensor]:
    """cos/sin [T, head_dim] for rotary attention, built from arange(T) so ONNX keeps T dynamic."""
    half = head_dim // 2
    inv = torch.exp(torch.arange(half, dtype=torch.float32, device=device) * (-math.log(10000.0) / half))
    pos = torch.arange(T, device=device).float()
    ang = pos[:, None] * inv[None, :]
    ang = torch.cat([ang, ang], dim=-1)
    return torch.cos(ang), torch.sin(ang)


def apply_rotary(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """x [B, H, T, Dh]: rotate halves (GPT-NeoX layout)."""
    half = x.shape[-1] // 2
    x1, x2 = x[..., :half], x[..., half:]
    rot = torch.cat([-x2, x1], dim=-1)
    return x * cos + rot * sin


class PlainLayerNorm(nn.Module):
    """LayerNorm without learned affine (adaLN supplies scale/shift).

    torch 1.13 exports nn.LayerNorm(elementwise_affine=False) to opset 17 with an empty weight input,
    which the ONNX checker rejects; fixed unit weight/zero bias buffers (not saved) avoid that.
    """

    def __init__(self, dim: int, eps: float = 1e-6):
        super().__init__()
        self.dim, self.eps = dim, eps
        self.register_buffer("weight", torch.ones(dim), persistent=False)
        self.register_buffer("bias", torch.zeros(dim), persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.layer_norm(x, (self.dim,), self.weight, self.bias, self.eps)


class ConvPositionEmbedding(nn.Module):
    """Two depthwise-ish grouped convs (F5-TTS style): gives each frame its local context and position."""

    def __init__(self, dim: int, kernel: int, groups: int = 16):
        super().__init__()
        self.conv1 = nn.Conv1d(dim, dim, kernel, padding=kernel // 2, groups=groups)
        self.conv2 = nn.Conv1d(dim, dim, kernel, padding=kernel // 2, groups=groups)

    def forward(self, x: torch.Tensor, keep: torch.Tensor | None) -> torch.Tensor:
        """x [B, T, D], keep [B, T, 1] float (1 = real frame) or None -> [B, T, D]."""
        if keep is not None:
            x = x * keep
        # Padded frames are zeroed before each conv so a padded row sees exactly the zero padding
        # an unpadded row of its true length would.
        h = F.mish(self.conv1(x.transpose(1, 2)))
        if keep is not None:
            h = h * keep.transpose(1, 2)
        h = F.mish(self.conv2(h)).transpose(1, 2)
        return h * keep if keep is not None else h


class Block(nn.Module):
    """Pre-norm transformer block with adaptive LayerNorm (shift, scale, gate) from the time embedding."""

    def __init__(self, dim: int, heads: int, ff_mult: float):
        super().__init__()
        self.heads = heads
        self.norm1 = PlainLayerNorm(dim)
        self.norm2 = PlainLayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        hidden = int(dim * ff_mult)
        self.ff1 = nn.Linear(dim, hidden)
        self.ff2 = nn.Linear(hidden, dim)
        self.ada = nn.Linear(dim, 6 * dim)
        # adaLN-Zero: every block starts as the identity, which keeps early training stable.
        nn.init.zeros_(self.ada.weight)
        nn.init.zeros_(self.ada.bias)

    def forward(self, x, temb, cos, sin, attn_bias):
        """x [B, T, D], temb [B, D], cos/sin [T, Dh], attn_bias [B, 1, 1, T] or None."""
        B, T, D = x.shape
        sh1, sc1, g1, sh2, sc2, g2 = self.ada(temb)[:, None, :].chunk(6, dim=-1)
        h = self.norm1(x) * (1 + sc1) + sh1
        q, k, v = self.qkv(h).reshape(B, T, 3, self.heads, D // self.heads).permute(2, 0, 3, 1, 4)
        q, k = apply_rotary(q, cos, sin), apply_rotary(k, cos, sin)
        # A contiguous K^T makes this matmul ~3x faster on CPU BLAS than a strided transpose.
        scores = torch.matmul(q * (1.0 / math.sqrt(D // self.heads)), k.transpose(-1, -2).contiguous())
        if attn_bias is not None:
            scores = scores + attn_bias
        a = torch.matmul(scores.softmax(dim=-1), v).transpose(1, 2).reshape(B, T, D)
        x = x + g1 * self.proj(a)
        h = self.norm2(x) * (1 + sc2) + sh2
        return x + g2 * self.ff2(F.gelu(self.ff1(h)))


class VelocityNet(nn.Module):
    def __init__(self, cfg: ModelConfig = ModelConfig()):
        super().__init__()
        self.cfg = cfg
        D = cfg.dim
        self.phone_emb = nn.Embedding(cfg.n_phones, cfg.phone_dim)
        P = cfg.patch
        self.inp = nn.Linear(P * (2 * cfg.n_mels + cfg.phone_dim), D)
        self.pos = ConvPositionEmbedding(D, cfg.conv_kernel)
        self.time_mlp = nn.Sequential(nn.Linear(D, 2 * D), nn.SiLU(), nn.Linear(2 * D, D))
        self.blocks = nn.ModuleList(Block(D, cfg.heads, cfg.ff_mult) for _ in range(cfg.layers))
        # U-Net skips (Voicebox): block i of the second half also sees block (L-1-i)'s input.
        n_skip = cfg.layers // 2 if cfg.unet_skips else 0
        self.skip_proj = nn.ModuleList(nn.Linear(2 * D, D) for _ in range(n_skip))
        self.norm_out = PlainLayerNorm(D)
        self.ada_out = nn.Linear(D, 2 * D)
        self.out = nn.Linear(D, P * cfg.n_mels)
        for m in (self.ada_out, self.out):
            nn.init.zeros_(m.weight)
            nn.init.zeros_(m.bias)

    def forward(self, x, t, cond, phones, pad_mask: torch.Tensor | None = None):
        """See module docstring; pad_mask bool [B, T] (True = real frame) is for training batches only."""
        P = self.cfg.patch
        B, T = x.shape[0], x.shape[1]
        if P > 1:
            # Pad T up to a multiple of P with empty frames (x and context zero, phone 0 = none),
            # then fold each P frames into one token. Concat + slice keeps T dynamic in ONNX.
            Tp = torch.div(T + P - 1, P, rounding_mode="floor") * P
            x = torch.cat([x, x.new_zeros(B, P - 1, x.shape[-1])], dim=1)[:, :Tp]
            cond = torch.cat([cond, cond.new_zeros(B, P - 1, cond.shape[-1])], dim=1)[:, :Tp]
            phones = torch.cat([phones, phones.new_zeros(B, P - 1)], dim=1)[:, :Tp]
            if pad_mask is not None:
                pm = torch.cat([pad_mask, pad_mask.new_zeros(B, P - 1)], dim=1)[:, :Tp]
                pad_mask = pm.reshape(B, -1, P).any(dim=-1)  # a token is real if any frame is
        feats = torch.cat([x, cond, self.phone_emb(phones)], dim=-1)  # [B, Tp, F]
        if P > 1:
            feats = feats.reshape(B, -1, P * feats.shape[-1])  # [B, Tp/P, P*F]
        keep = pad_mask[:, :, None].float() if pad_mask is not None else None
        attn_bias = None
        if pad_mask is not None:
            attn_bias = (~pad_mask)[:, None, None, :].float() * -1e9
        h = self.inp(feats)
        h = h + self.pos(h, keep)
        temb = self.time_mlp(sinusoidal_embedding(t, self.cfg.dim))
        cos, sin = rotary_tables(h.shape[1], self.cfg.dim // self.cfg.heads, x.device)
        n_skip = len(self.skip_proj)
        L = len(self.blocks)
        saved = []
        for i, blk in enumerate(self.blocks):
            if n_skip and i < n_skip:
                saved.append(h)
            elif n_skip and i >= L - n_skip:
                h = self.skip_proj[i - (L - n_skip)](torch.cat([h, saved.pop()], dim=-1))
            h = blk(h, temb, cos, sin, attn_bias)
        sh, sc = self.ada_out(temb)[:, None, :].chunk(2, dim=-1)
        v = self.out(self.norm_out(h) * (1 + sc) + sh)
        if P > 1:
            v = v.reshape(B, -1, self.cfg.n_mels)[:, :T]  # unfold tokens back to frames
        return v


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
