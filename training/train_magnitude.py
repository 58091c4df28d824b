"""Train the magnitude network (voicefill/magnitude.py) on the audio of training/vocoder_data.py, and
export it into a model folder as graphs.magnitude.

    /usr/bin/python3 training/train_magnitude.py --run training/runs/mag            # train (resumable: --resume)
    /usr/bin/python3 training/train_magnitude.py --run training/runs/mag --export resources/models/default
    /usr/bin/python3 training/train_magnitude.py --run training/runs/mag --save-fp16 training/checkpoints/magnitude-fp16.pt
    /usr/bin/python3 training/train_magnitude.py --run training/runs/mag2 --init training/checkpoints/magnitude-fp16.pt

Training: random 2 s crops with a random gain, log-mel from the crop's own STFT (the feature
definition of the model folder's manifest, its mean/std), loss = L1 of ln magnitude + spectral
convergence. Validation every --val-every steps on fixed crops of the training voices and of the
held-out voice; best.pt keeps the lowest held-out loss. RUN/metrics.csv logs both.
Export: ONNX `mel` float32 [B, T, M] → `magnitude` float32 [B, T, nFft/2+1], checked against torch
(max relative difference printed), and the manifest's graphs.magnitude set.
"""
from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import numpy as np
import torch

from voicefill.features import mel_filterbank
from voicefill.magnitude import MagnitudeConfig, MagnitudeNet, log_mel_from_magnitude, losses, stft_magnitude

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


class Audio:
    def __init__(self, path: Path, split: str) -> None:
        d = np.load(path)
        keep = np.flatnonzero(d["splits"] == split)
        off, audio = d["offsets"], d["audio"]  # NpzFile reads an array again on every access
        self.clips = [audio[off[i]:off[i + 1]] for i in keep]
        self.voices = d["voices"][keep]
        self.weights = np.asarray([len(c) for c in self.clips], dtype=np.float64)
        self.weights /= self.weights.sum()

    def batch(self, rng: np.random.Generator, n: int, samples: int) -> torch.Tensor:
        out = np.zeros((n, samples), dtype=np.float32)
        for b, i in enumerate(rng.choice(len(self.clips), n, p=self.weights)):
            c = self.clips[i]
            s = int(rng.integers(0, max(1, len(c) - samples)))
            seg = c[s:s + samples].astype(np.float32) / 32768.0
            out[b, :len(seg)] = seg * 10 ** (rng.uniform(-25, 8) / 20)  # level: quiet to hot recordings
        return torch.from_numpy(out)


def features_of(manifest: Path) -> dict:
    m = json.loads(manifest.read_text())
    return m["features"]


def step_loss(net: MagnitudeNet, audio: torch.Tensor, fb: torch.Tensor, feats: dict) -> tuple[torch.Tensor, torch.Tensor]:
    mag = stft_magnitude(audio, feats)
    mel = (log_mel_from_magnitude(mag, fb, feats["logFloor"]) - net.mean) / net.std
    return losses(net.log_magnitude(mel), mag, feats["logFloor"])


def train(args: argparse.Namespace) -> None:
    torch.set_num_threads(args.threads)
    run = args.run
    run.mkdir(parents=True, exist_ok=True)
    feats = features_of(args.manifest)
    fb = torch.tensor(mel_filterbank(feats["sampleRate"], feats["nFft"], feats["nMels"], feats["fMin"], feats["fMax"]),
                      dtype=torch.float32)
    cfg = MagnitudeConfig(n_mels=feats["nMels"], n_bins=feats["nFft"] // 2 + 1, dim=args.dim, layers=args.layers)
    init = torch.load(args.init, map_location="cpu") if args.init else None
    if init is not None:
        cfg = MagnitudeConfig(**init["config"])  # the checkpoint's shape, whatever --dim/--layers say
    net = MagnitudeNet(cfg, feats["mean"], feats["std"], feats)
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=0.01)
    step, best = 0, math.inf
    if init is not None and not (args.resume and (run / "last.pt").exists()):
        net.load_state_dict({k: v.float() for k, v in init["model"].items()})  # weights only (fp16)
    if args.resume and (run / "last.pt").exists():
        ck = torch.load(run / "last.pt", map_location="cpu")
        net.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step, best = ck["step"], ck["best"]
    train_set, held = Audio(args.data, "train"), Audio(args.data, "heldout")
    samples = args.crop * feats["hop"]
    vrng = np.random.default_rng(7)
    val = {"train": [train_set.batch(vrng, 16, samples) for _ in range(4)], "heldout": [held.batch(vrng, 16, samples) for _ in range(4)]}
    rng = np.random.default_rng(step + 1)
    log = (run / "train.log").open("a")
    metrics = run / "metrics.csv"
    if not metrics.exists():
        metrics.write_text("step,l1,sc,val_l1,val_sc,held_l1,held_sc,sec_per_step\n")
    n_params = sum(p.numel() for p in net.parameters())
    print(f"magnitude net {n_params / 1e6:.2f}M params {cfg.to_dict()}; {len(train_set.clips)} train clips, "
          f"{len(held.clips)} held-out; start step {step}", file=log, flush=True)
    t0, acc = time.time(), []
    while step < args.steps:
        lr = args.lr * min(1.0, (step + 1) / 500) * 0.5 * (1 + math.cos(math.pi * step / args.steps))
        for g in opt.param_groups:
            g["lr"] = lr
        l1, sc = step_loss(net, train_set.batch(rng, args.batch, samples), fb, feats)
        opt.zero_grad()
        (l1 + sc).backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step()
        step += 1
        acc.append((l1.item(), sc.item()))
        if step % args.val_every == 0 or step == args.steps:
            net.eval()
            with torch.no_grad():
                v = {k: np.mean([[t.item() for t in step_loss(net, b, fb, feats)] for b in bs], axis=0) for k, bs in val.items()}
            net.train()
            tr = np.mean(acc, axis=0)
            sps = (time.time() - t0) / len(acc)
            acc, t0 = [], time.time()
            held_loss = float(v["heldout"].sum())
            state = {"model": net.state_dict(), "config": cfg.to_dict(), "step": step, "features": feats}
            if held_loss < best:
                best = held_loss
                torch.save(state, run / "best.pt")
            torch.save({**state, "opt": opt.state_dict(), "best": best}, run / "last.pt")
            with metrics.open("a") as f:
                f.write(f"{step},{tr[0]:.4f},{tr[1]:.4f},{v['train'][0]:.4f},{v['train'][1]:.4f},"
                        f"{v['heldout'][0]:.4f},{v['heldout'][1]:.4f},{sps:.3f}\n")
            print(f"step {step} loss l1 {tr[0]:.4f} sc {tr[1]:.4f} | val l1 {v['train'][0]:.4f} sc {v['train'][1]:.4f} | "
                  f"held-out l1 {v['heldout'][0]:.4f} sc {v['heldout'][1]:.4f} | lr {lr:.2e} {sps:.3f}s/step", file=log, flush=True)


def export(args: argparse.Namespace) -> None:
    import onnxruntime as ort

    ck = torch.load(args.run / "best.pt", map_location="cpu")
    out = args.export
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    feats = manifest["features"]
    if any(feats[k] != ck["features"][k] for k in ("sampleRate", "nFft", "win", "hop", "nMels", "fMin", "fMax", "mean", "std")):
        raise SystemExit(f"{args.run / 'best.pt'} was trained on other features than {manifest_path}")
    net = MagnitudeNet(MagnitudeConfig(**ck["config"]), feats["mean"], feats["std"], feats)
    net.load_state_dict(ck["model"])
    net.eval()
    mel = torch.randn(2, 173, feats["nMels"])
    name = "magnitude.onnx"
    torch.onnx.export(net, (mel,), str(out / name), input_names=["mel"], output_names=["magnitude"], opset_version=17,
                      dynamic_axes={"mel": {0: "batch", 1: "frames"}, "magnitude": {0: "batch", 1: "frames"}})
    sess = ort.InferenceSession(str(out / name), providers=["CPUExecutionProvider"])
    with torch.no_grad():
        ref = net(mel).numpy()
    got = sess.run(None, {"mel": mel.numpy()})[0]
    rel = float(np.max(np.abs(got - ref) / (np.abs(ref) + 1e-3)))
    manifest.setdefault("graphs", {})["magnitude"] = name
    manifest.setdefault("provenance", {})["magnitudeSteps"] = ck["step"]
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"exported {out / name} (step {ck['step']}, {(out / name).stat().st_size / 1e6:.1f} MB); "
          f"onnxruntime vs torch max relative diff {rel:.2e}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", type=Path, required=True)
    ap.add_argument("--data", type=Path, default=HERE / "corpus" / "vocoder.npz")
    ap.add_argument("--manifest", type=Path, default=REPO / "resources" / "models" / "default" / "manifest.json",
                    help="feature definition and mean/std to train against")
    ap.add_argument("--steps", type=int, default=20000)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--crop", type=int, default=128, help="frames per training crop")
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--dim", type=int, default=192)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--val-every", type=int, default=250)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--init", type=Path, help="start from these weights (training/checkpoints/magnitude-fp16.pt)")
    ap.add_argument("--save-fp16", type=Path, metavar="PATH", help="write RUN/best.pt's weights as fp16 to PATH and stop")
    ap.add_argument("--export", type=Path, metavar="MODEL_DIR", help="export RUN/best.pt into MODEL_DIR and stop")
    args = ap.parse_args()
    if args.save_fp16:
        ck = torch.load(args.run / "best.pt", map_location="cpu")
        torch.save({**ck, "model": {k: v.half() for k, v in ck["model"].items()}}, args.save_fp16)
        print(f"wrote {args.save_fp16} (step {ck['step']})")
    else:
        export(args) if args.export else train(args)


if __name__ == "__main__":
    main()
