"""How much an 8 kHz recording's missing band costs the velocity model, in loss: the masked CFM loss
on the mel bins an 8 kHz recording keeps (centres ≤ 0.9 × 4 kHz), with the crop as recorded (full
band) and as the engine shows 8 kHz audio (band.ts's fill above its Nyquist, everywhere in the crop),
on the same masks, noise and times. The gap is what training on band-limited crops
(`train.py --p-band`) could win on those bins.

    /usr/bin/python3 training/band_headroom.py training/checkpoints/latest-fp16.pt [--rate 8000]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from voicefill.data import band_limit, fixed_batches, load_corpus  # noqa: E402
from voicefill.features import BAND_MISSING_FROM, mel_centres  # noqa: E402
from voicefill.flow import MaskConfig, conditioning, interpolate, sample_mask, target_velocity  # noqa: E402
from voicefill.model import ModelConfig, VelocityNet  # noqa: E402

HERE = Path(__file__).resolve().parent


def low_bin_loss(model, batches, rate: float | None, keep: torch.Tensor, seed: int = 7) -> float:
    cfg = MaskConfig(p_whole=0.0, p_edit=1.0, p_uncond=0.0)  # word-sized fills with context, as the editor asks
    tot = n = 0.0
    for x1, ph, lengths in batches:
        gen = torch.Generator().manual_seed(seed)
        B, T, _ = x1.shape
        mask, uncond = sample_mask(lengths, T, cfg, gen)
        x0 = torch.randn(x1.shape, generator=gen)
        t = torch.rand(B, generator=gen)
        x = x1.clone()
        if rate:
            for row in x:
                band_limit(row, rate)
        pad = torch.arange(T)[None] < lengths[:, None]
        cond, p = conditioning(x, ph, mask, uncond)
        with torch.no_grad():
            pred = model(interpolate(x0, x, t) * pad[:, :, None], t, cond, p, pad_mask=None if bool(pad.all()) else pad)
        err = ((pred - target_velocity(x0, x)) ** 2)[:, :, keep] * mask[:, :, None]
        tot += float(err.sum() / (mask.sum() * keep.sum())) * B
        n += B
    return tot / max(n, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("weights", type=Path)
    ap.add_argument("--rate", type=float, default=8000)
    ap.add_argument("--corpus", type=Path, default=HERE / "corpus")
    args = ap.parse_args()
    torch.set_num_threads(2)
    ck = torch.load(args.weights, map_location="cpu")
    model = VelocityNet(ModelConfig.from_dict(ck["config"]))
    model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in ck["model"].items()})
    model.eval()
    stats = ck.get("stats") or json.loads((args.corpus / "stats.json").read_text())
    corpus = load_corpus(args.corpus)
    keep = torch.from_numpy(mel_centres() <= BAND_MISSING_FROM * args.rate / 2)
    real = lambda d: {v: u for v, u in d.items() if v.startswith("real_")}  # noqa: E731
    for name, split, per in [("unseen real speakers (test split)", "test", 64), ("held-out real speakers", "heldout", 100)]:
        batches = fixed_batches(real(corpus[split]), stats["mean"], stats["std"], 192, per, 16)
        full, band = low_bin_loss(model, batches, None, keep), low_bin_loss(model, batches, args.rate, keep)
        print(f"{name}: loss on the {int(keep.sum())} bins below {BAND_MISSING_FROM * args.rate / 2:.0f} Hz: "
              f"full band {full:.4f}, as {args.rate / 1000:g} kHz audio {band:.4f} ({(band / full - 1) * 100:+.1f} %)")


if __name__ == "__main__":
    main()
