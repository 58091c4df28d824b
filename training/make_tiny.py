"""Tiny model fixture for the engine and app tests: tests/fixtures/tiny-model/ (manifest.json + velocity.onnx).

    /usr/bin/python3 training/make_tiny.py
    /usr/bin/python3 training/make_tiny.py --objective ddpm-epsilon --like tests/fixtures/tiny-model \
        --out tests/fixtures/tiny-diffusion        # its DDPM twin (epsilon.onnx), same normalisation

Same architecture and export path as the real model, just small (d=48, 2 layers, ~0.1M params).
The zero-initialised output layers are re-drawn with a fixed seed so the velocity depends on every
input (a zero network would hide wiring mistakes in the engine), then it takes a few hundred
seeded training steps on the corpus so its output looks like a (very bad) velocity field.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from export import export_folder  # noqa: E402
from voicefill.data import Batcher, load_corpus  # noqa: E402
from voicefill.diffusion import OBJECTIVES, DiffusionConfig, EpsLoss  # noqa: E402
from voicefill.flow import MaskConfig, cfm_loss  # noqa: E402
from voicefill.model import ModelConfig, VelocityNet, count_parameters  # noqa: E402

HERE = Path(__file__).resolve().parent
TINY = ModelConfig(dim=48, layers=2, heads=2, ff_mult=2.0, phone_dim=16, conv_kernel=15)


def tiny_model(seed: int = 0, patch: int = 1) -> VelocityNet:
    torch.manual_seed(seed)
    model = VelocityNet(dataclasses.replace(TINY, patch=patch))
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() == 2 and not p.any():
                p.normal_(0.0, 0.02)
    return model


def overfit(model: VelocityNet, corpus: Path, stats: dict, steps: int, seed: int, loss_fn=cfm_loss) -> float:
    """A few seeded CFM (or epsilon) steps on the training split; returns the last loss."""
    data = load_corpus(corpus)["train"]
    batcher = Batcher(data, stats["mean"], stats["std"], crop=96, seed=seed)
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3)
    gen = torch.Generator().manual_seed(seed)
    loss = torch.tensor(float("nan"))
    for _ in range(steps):
        x1, ph, lengths = batcher.batch(8)
        loss = loss_fn(model, x1, ph, lengths, MaskConfig(), gen)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return float(loss)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=str(HERE / "corpus"))
    ap.add_argument("--out", default=str(HERE.parent / "tests" / "fixtures" / "tiny-model"))
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--objective", choices=OBJECTIVES, default="flow-matching")
    ap.add_argument("--like", help="a model folder whose normalisation (features mean/std) and durations to use "
                                   "instead of the corpus' stats, so two fixtures see features alike")
    args = ap.parse_args()
    torch.set_num_threads(1)
    stats = json.loads((Path(args.corpus) / "stats.json").read_text())
    if args.like:
        like = json.loads((Path(args.like) / "manifest.json").read_text())
        stats = {**stats, "mean": like["features"]["mean"], "std": like["features"]["std"],
                 "durations": like["durations"]["mean"]}
    model = tiny_model(args.seed)
    ddpm = args.objective == "ddpm-epsilon"
    loss_fn = EpsLoss(DiffusionConfig()) if ddpm else cfm_loss
    loss = overfit(model, Path(args.corpus), stats, args.steps, args.seed, loss_fn) if args.steps else float("nan")
    model.eval()
    ck = {"step": args.steps, "trainHours": 0.0, "command": " ".join(["/usr/bin/python3"] + sys.argv),
          "objective": args.objective, **({"diffusion": DiffusionConfig().to_dict()} if ddpm else {})}
    name = "Voicefill tiny DDPM test model (not for use)" if ddpm else "Voicefill tiny test model (not for use)"
    diff = export_folder(model, ck, stats, Path(args.out), name, ck["command"], 1e-4)
    size = sum(f.stat().st_size for f in Path(args.out).iterdir())
    print(f"tiny model: {count_parameters(model)} params, last loss {loss:.3f}, {size / 1024:.0f} KiB in {args.out}; "
          f"ONNX vs PyTorch max abs diff {diff:.2e}")


if __name__ == "__main__":
    main()
