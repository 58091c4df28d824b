"""Train the aligner (voicefill/aligner.py: per-frame phone posteriors) and export it as graphs.aligner.

    nice -n 5 /usr/bin/python3 training/train_aligner.py --run training/runs/aligner            # train
    nice -n 5 /usr/bin/python3 training/train_aligner.py --run training/runs/aligner --resume   # continue RUN/last.pt
    /usr/bin/python3 training/train_aligner.py --run training/runs/aligner2 --init training/checkpoints/aligner-fp16.pt
    /usr/bin/python3 training/train_aligner.py --run training/runs/aligner --export resources/models/default
    # on a GPU machine, more data:
    python3 training/train_aligner.py --run runs/al --device cuda --bf16 --batch 64 \
        --corpus training/corpus --corpus /data/real-corpus

Data: every --corpus folder in build_corpus.py's shard format (frame-aligned phones; voices of the
same name in two corpora are kept apart). Features are normalised with the model folder's mean/std
(--manifest), the ones the engine applies, so the exported graph reads the engine's features as is.
Each crop is augmented in the log-mel domain (voicefill.aligner.augment_crop).

RUN/ gets: config.json, metrics.csv (step, loss, frame accuracy, validation loss and accuracy on the
corpus' test split and held-out voices), train.log, last.pt (full state, every --save-min minutes
and at the end), best.pt (EMA weights with the lowest validation loss); --fp16-out gets best.pt's
weights in fp16 (small enough for git) each time it improves. --max-minutes stops a run on time.
"""
from __future__ import annotations

import argparse
import copy
import json
import math
import os
import sys
import time
from contextlib import nullcontext
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from voicefill import phones as ph  # noqa: E402
from voicefill.aligner import AlignerConfig, AlignerNet, MelAugment, augment_crop, count_parameters, frame_loss  # noqa: E402
from voicefill.data import Utterance, band_limit, load_corpus  # noqa: E402

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GRAPH = "aligner.onnx"
# --export --graph: the manifest key and file (alignerBandLimited: for recordings sampled below 2·fMax)
GRAPHS = {"aligner": GRAPH, "alignerBandLimited": "aligner-band.onnx"}


def load_corpora(paths: list[Path], voices: set[str] | None, max_per_voice: int | None) -> dict[str, dict[str, list[Utterance]]]:
    """Splits of several corpora merged; a voice name that two corpora share gets the corpus' folder name."""
    out: dict[str, dict[str, list[Utterance]]] = {"train": {}, "test": {}, "heldout": {}}
    for path in paths:
        for split, by_voice in load_corpus(path).items():
            for v, utts in by_voice.items():
                if voices and v not in voices:
                    continue
                key = v if v not in out[split] else f"{path.name}/{v}"
                out[split][key] = utts[:max_per_voice] if max_per_voice else utts
    return out


class Crops:
    """Random augmented crops: voices uniformly, then an utterance of the voice."""

    def __init__(self, by_voice: dict[str, list[Utterance]], mean, std, crop: int, seed: int, aug: MelAugment | None,
                 p_band: float = 0.0, band_rates: tuple[float, ...] = ()):
        self.p_band, self.band_rates = p_band, band_rates
        self.voices = sorted(by_voice)
        self.by_voice = by_voice
        self.mean = np.asarray(mean, dtype=np.float32)
        self.inv_std = 1.0 / np.asarray(std, dtype=np.float32)
        self.crop = crop
        self.aug = aug
        self.rng = np.random.default_rng(seed)

    def batch(self, size: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        items, rates = [], []
        for _ in range(size):
            utts = self.by_voice[self.voices[self.rng.integers(len(self.voices))]]
            u = utts[self.rng.integers(len(utts))]
            n = len(u.phones)
            s = int(self.rng.integers(0, n - self.crop + 1)) if n > self.crop else 0
            mel, phones = u.mel[s:s + self.crop].astype(np.float32), u.phones[s:s + self.crop].astype(np.int64)
            if self.aug:
                mel, phones = augment_crop(mel, phones, self.rng, self.aug)
                mel, phones = mel[: self.crop], phones[: self.crop]
            band = self.band_rates and self.rng.random() < self.p_band
            rates.append(float(self.rng.choice(self.band_rates)) if band else None)
            items.append((mel, phones))
        return pad(items, self.mean, self.inv_std, rates)


def pad(items, mean, inv_std, band_rates=None):
    """Normalised, zero-padded batch; a row with a rate in `band_rates` is shown as audio recorded at that
    rate is (data.band_limit: the engine's fill above its Nyquist)."""
    T = max(len(p) for _, p in items)
    x = np.zeros((len(items), T, len(mean)), dtype=np.float32)
    y = np.zeros((len(items), T), dtype=np.int64)
    for b, (mel, phones) in enumerate(items):
        x[b, : len(phones)] = (mel - mean) * inv_std
        y[b, : len(phones)] = phones
    x = torch.from_numpy(x)
    for b, rate in enumerate(band_rates or []):
        if rate:
            band_limit(x[b], rate)
    return x, torch.from_numpy(y), torch.tensor([len(p) for _, p in items])


def fixed_batches(by_voice: dict[str, list[Utterance]], mean, std, crop: int, per_voice: int, batch: int,
                  band_rate: float | None = None):
    """Deterministic validation batches: the first `per_voice` utterances of each voice, centre crops
    (as recorded at `band_rate`, when given)."""
    mean, inv_std = np.asarray(mean, dtype=np.float32), 1.0 / np.asarray(std, dtype=np.float32)
    items = []
    for v in sorted(by_voice):
        for u in by_voice[v][:per_voice]:
            n = len(u.phones)
            s = max(0, (n - crop) // 2)
            items.append((u.mel[s:s + crop].astype(np.float32), u.phones[s:s + crop].astype(np.int64)))
    return [pad(items[i:i + batch], mean, inv_std, [band_rate] * len(items[i:i + batch])) for i in range(0, len(items), batch)]


@torch.no_grad()
def validate(net: AlignerNet, batches, device: str) -> tuple[float, float]:
    net.eval()
    tot_l = tot_a = n = 0.0
    for x, y, lengths in batches:
        loss, acc = frame_loss(net, x.to(device), y.to(device), lengths.to(device), smoothing=0.0)
        w = float(((y > 0) & (torch.arange(y.shape[1])[None] < lengths[:, None])).sum())
        tot_l, tot_a, n = tot_l + float(loss) * w, tot_a + float(acc) * w, n + w
    net.train()
    return tot_l / max(n, 1), tot_a / max(n, 1)


def save_fp16(net: AlignerNet, extra: dict, path: Path) -> None:
    sd = {k: v.half() if v.is_floating_point() else v for k, v in net.state_dict().items()}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    torch.save({"model": sd, "config": net.cfg.to_dict(), **extra}, tmp)
    os.replace(tmp, path)


def load_net(path: Path) -> tuple[AlignerNet, dict]:
    """best.pt, last.pt ('ema') or an fp16 weights file."""
    ck = torch.load(path, map_location="cpu")
    net = AlignerNet(AlignerConfig.from_dict(ck["config"]))
    sd = ck["ema"] if "ema" in ck else ck["model"]
    net.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in sd.items()})
    return net.eval(), ck


def train(args: argparse.Namespace) -> None:
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    device = args.device
    run = args.run
    run.mkdir(parents=True, exist_ok=True)
    log_file = (run / "train.log").open("a")

    def log(msg: str) -> None:
        print(msg, flush=True)
        print(f"{time.strftime('%H:%M:%S')} {msg}", file=log_file, flush=True)

    manifest = json.loads(args.manifest.read_text())
    mean, std = manifest["features"]["mean"], manifest["features"]["std"]
    if manifest["phones"]["symbols"] != ph.SYMBOLS:
        raise SystemExit(f"{args.manifest}: phones.symbols differ from training/voicefill/phones.py")
    last = run / "last.pt"
    state = torch.load(last, map_location="cpu") if args.resume and last.exists() else None
    init = torch.load(args.init, map_location="cpu") if args.init and not state else None
    if state:
        cfg = AlignerConfig.from_dict(state["config"])
    elif init:
        cfg = AlignerConfig.from_dict(init["config"])
    else:
        cfg = AlignerConfig(dim=args.dim, dilations=[int(d) for d in args.dilations.split(",")], kernel=args.kernel)
    net = AlignerNet(cfg)
    ema = copy.deepcopy(net).requires_grad_(False)
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=0.01)
    step, best, hours_prev = 0, math.inf, 0.0
    if state:
        net.load_state_dict(state["model"])
        ema.load_state_dict(state["ema"])
        opt.load_state_dict(state["opt"])
        step, best, hours_prev = state["step"], state["best"], state.get("trainHours", 0.0)
    elif init:
        sd = {k: v.float() if v.is_floating_point() else v for k, v in init["model"].items()}
        net.load_state_dict(sd)
        ema.load_state_dict(sd)
    net.to(device)
    ema.to(device)

    corpora = [Path(c) for c in (args.corpus or [HERE / "corpus"])]
    data = load_corpora(corpora, set(args.voices.split(",")) if args.voices else None, args.max_per_voice)
    if not data["train"]:
        raise SystemExit(f"no training utterances in {', '.join(map(str, corpora))}")
    band_rates = tuple(float(r) for r in args.band_rates.split(",")) if args.p_band > 0 else ()
    crops = Crops(data["train"], mean, std, args.crop, args.seed * 1000 + step, MelAugment() if not args.no_augment else None,
                  args.p_band, band_rates)
    val = fixed_batches(data["test"], mean, std, args.val_crop, 24, 32)
    held = fixed_batches(data["heldout"], mean, std, args.val_crop, 48, 32)
    # With band-limited crops in training, the same sets as 8 kHz audio shows them; best.pt is then chosen
    # by the sum of both validation losses (telephone audio must not be bought with wide-band accuracy).
    val8 = fixed_batches(data["test"], mean, std, args.val_crop, 24, 32, band_rate=8000) if band_rates else []
    held8 = fixed_batches(data["heldout"], mean, std, args.val_crop, 48, 32, band_rate=8000) if band_rates else []
    val_sig = f"{sorted(data['test'])}:{sum(len(b[2]) for b in val)}"
    if state and state.get("valSig") != val_sig:
        best = math.inf  # a grown corpus validates on other utterances: a new record
    train_frames = sum(len(u.phones) for us in data["train"].values() for u in us)
    provenance = {"corpora": [str(c) for c in corpora], "voices": sorted(data["train"]), "heldOut": sorted(data["heldout"]),
                  "corpusHours": round(train_frames * 256 / 16000 / 3600, 3), "augment": not args.no_augment,
                  **({"bandLimited": {"p": args.p_band, "rates": list(band_rates)}} if band_rates else {}),
                  "command": " ".join(["/usr/bin/python3"] + sys.argv)}
    log(f"aligner {count_parameters(net) / 1e6:.2f}M params {cfg.to_dict()} (sees {cfg.receptive_frames()} frames); "
        f"{sum(len(v) for v in data['train'].values())} train utterances ({provenance['corpusHours']} h) in "
        f"{len(data['train'])} voices; {len(val)} val batches, {len(held)} held-out; start step {step}; device {device}")
    (run / "config.json").write_text(json.dumps({"model": cfg.to_dict(), "args": {k: str(v) for k, v in vars(args).items()},
                                                 "argv": sys.argv}, indent=1))
    metrics = run / "metrics.csv"
    if not metrics.exists():
        metrics.write_text("step,loss,acc,lr,sec_per_step,val_loss,val_acc,held_loss,held_acc,time,val8_loss,val8_acc,held8_loss,held8_acc\n")

    def checkpoint(hours: float) -> None:
        tmp = last.with_suffix(".tmp")
        torch.save({"model": net.state_dict(), "ema": ema.state_dict(), "opt": opt.state_dict(), "step": step,
                    "best": best, "valSig": val_sig, "config": cfg.to_dict(), "trainHours": hours}, tmp)
        os.replace(tmp, last)

    autocast = torch.autocast(device_type=device.split(":")[0], dtype=torch.bfloat16) if args.bf16 else nullcontext()
    t_start = last_save = t_log = time.time()
    avg_l = avg_a = None
    while step < args.max_steps and (time.time() - t_start) / 60 < args.max_minutes:
        lr = args.lr * min(1.0, (step + 1) / args.warmup)
        lr *= 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, step / args.total_steps)))
        for g in opt.param_groups:
            g["lr"] = lr
        x, y, lengths = crops.batch(args.batch)
        with autocast:
            loss, acc = frame_loss(net, x.to(device), y.to(device), lengths.to(device))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step()
        step += 1
        with torch.no_grad():
            d = min(args.ema, (1 + step) / (10 + step))
            for pe, pm in zip(ema.parameters(), net.parameters()):
                pe.mul_(d).add_(pm.detach(), alpha=1 - d)
        avg_l = float(loss) if avg_l is None else 0.98 * avg_l + 0.02 * float(loss)
        avg_a = float(acc) if avg_a is None else 0.98 * avg_a + 0.02 * float(acc)
        hours = hours_prev + (time.time() - t_start) / 3600
        row = None
        if step % args.val_every == 0:
            vl, va = validate(ema, val, device) if val else (math.nan, math.nan)
            hl, ha = validate(ema, held, device) if held else (math.nan, math.nan)
            vl8, va8 = validate(ema, val8, device) if val8 else (math.nan, math.nan)
            hl8, ha8 = validate(ema, held8, device) if held8 else (math.nan, math.nan)
            score = vl + vl8 if val8 else vl
            if score < best:
                best = score
                extra = {"step": step, "val": vl, "valAcc": va, "heldAcc": ha, "trainHours": hours, **provenance,
                         **({"val8k": vl8, "val8kAcc": va8, "held8kAcc": ha8} if val8 else {})}
                torch.save({"model": ema.state_dict(), "config": cfg.to_dict(), **extra}, run / "best.pt")
                if args.fp16_out:
                    save_fp16(ema, extra, args.fp16_out)
            log(f"step {step} val loss {vl:.4f} acc {va:.4f} | held-out loss {hl:.4f} acc {ha:.4f}"
                + (f" | 8 kHz val {vl8:.4f} acc {va8:.4f} held-out {hl8:.4f} acc {ha8:.4f}" if val8 else "") + f" | best {best:.4f}")
            row = (f"{vl:.5f}", f"{va:.4f}", f"{hl:.5f}", f"{ha:.4f}")
            row8 = (f"{vl8:.5f}", f"{va8:.4f}", f"{hl8:.5f}", f"{ha8:.4f}") if val8 else ("",) * 4
        if step % args.log_every == 0 or row:
            sps = (time.time() - t_log) / args.log_every if step % args.log_every == 0 else math.nan
            if step % args.log_every == 0:
                t_log = time.time()
                log(f"step {step} loss {avg_l:.4f} acc {avg_a:.4f} lr {lr:.2e} {sps:.2f}s/step")
            with metrics.open("a") as f:
                f.write(f"{step},{avg_l:.5f},{avg_a:.4f},{lr:.3e},{sps:.3f},{','.join(row or ('',) * 4)},{time.strftime('%H:%M:%S')},"
                        f"{','.join(row8 if row else ('',) * 4)}\n")
        if time.time() - last_save > args.save_min * 60:
            checkpoint(hours)
            last_save = time.time()
    checkpoint(hours_prev + (time.time() - t_start) / 3600)
    log(f"stopped at step {step} (best validation loss {best:.4f})")


def example_mel(n_mels: int, B: int, T: int, seed: int) -> torch.Tensor:
    return torch.randn(B, T, n_mels, generator=torch.Generator().manual_seed(seed))


def export_graph(net: AlignerNet, path: Path) -> float:
    """Writes the ONNX graph (mel [B, T, M] → logp [B, T, P]); returns onnxruntime's max abs difference to torch
    on a shape unlike the export example."""
    import onnxruntime as ort

    with torch.no_grad():
        torch.onnx.export(net, (example_mel(net.cfg.n_mels, 2, 173, 0),), str(path), input_names=["mel"], output_names=["logp"],
                          opset_version=17, dynamic_axes={"mel": {0: "batch", 1: "frames"}, "logp": {0: "batch", 1: "frames"}})
    mel = example_mel(net.cfg.n_mels, 1, 411, 1)
    with torch.no_grad():
        ref = net(mel).numpy()
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    got = sess.run(None, {"mel": mel.numpy()})[0]
    keep = ref > -50  # log probabilities far below any decision are clamped differently; compare the rest
    return float(np.max(np.abs(got - ref)[keep]))


def export(args: argparse.Namespace) -> None:
    ckpt = args.ckpt or args.run / "best.pt"
    net, ck = load_net(ckpt)
    out = args.export
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    if manifest["phones"]["symbols"][: net.cfg.n_phones] != ph.SYMBOLS or net.cfg.n_mels != manifest["features"]["nMels"]:
        raise SystemExit(f"{ckpt} does not fit {manifest_path} (phones or nMels differ)")
    key = args.graph
    if key == "alignerBandLimited" and not manifest.get("graphs", {}).get("aligner"):
        raise SystemExit(f"{manifest_path}: graphs.alignerBandLimited needs graphs.aligner beside it")
    graph = GRAPHS[key]
    diff = export_graph(net, out / graph)
    if diff > args.tol:
        raise SystemExit(f"export {out / graph}: onnxruntime vs torch max abs diff {diff:.3g} exceeds {args.tol}")
    manifest.setdefault("graphs", {})[key] = graph
    manifest.setdefault("provenance", {})[key] = {
        "steps": int(ck.get("step", 0)), "trainingHours": round(float(ck.get("trainHours", 0.0)), 3),
        "parameters": count_parameters(net), "validationFrameAccuracy": round(float(ck.get("valAcc", math.nan)), 4),
        "voices": ck.get("voices", []), "corpusHours": ck.get("corpusHours"), "command": ck.get("command", ""),
        **({"bandLimited": ck["bandLimited"]} if "bandLimited" in ck else {}),
        **({"validationFrameAccuracy8k": round(float(ck["val8kAcc"]), 4)} if "val8kAcc" in ck else {}),
    }
    manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"exported {ckpt} (step {ck.get('step', 0)}, {count_parameters(net)} params) -> {out / graph} as graphs.{key} "
          f"({(out / graph).stat().st_size / 1e6:.1f} MB); onnxruntime vs torch max abs diff {diff:.2e}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", type=Path, required=True)
    ap.add_argument("--corpus", action="append", help="corpus folder (repeatable); default training/corpus")
    ap.add_argument("--voices", default="", help="comma-separated voices to train on (default: all)")
    ap.add_argument("--max-per-voice", type=int, default=None, help="cap utterances per voice (memory)")
    ap.add_argument("--manifest", type=Path, default=REPO / "resources" / "models" / "default" / "manifest.json",
                    help="model folder manifest whose features (mean/std) the aligner reads")
    ap.add_argument("--device", default="cpu", help="cpu | cuda | cuda:N")
    ap.add_argument("--bf16", action="store_true", help="bf16 autocast for the forward pass")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--crop", type=int, default=256)
    ap.add_argument("--val-crop", type=int, default=256)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--total-steps", type=int, default=20000, help="cosine horizon")
    ap.add_argument("--max-steps", type=int, default=10**9)
    ap.add_argument("--max-minutes", type=float, default=math.inf, help="stop (and save) after this much wall time")
    ap.add_argument("--ema", type=float, default=0.998)
    ap.add_argument("--val-every", type=int, default=200)
    ap.add_argument("--log-every", type=int, default=20)
    ap.add_argument("--save-min", type=float, default=5.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-augment", action="store_true")
    ap.add_argument("--p-band", type=float, default=0.0,
                    help="share of crops shown as audio recorded at a low rate would be (band.ts's fill above its Nyquist)")
    ap.add_argument("--band-rates", default="8000,11025,12000", help="sample rates drawn for --p-band crops")
    ap.add_argument("--dim", type=int, default=AlignerConfig.dim)
    ap.add_argument("--kernel", type=int, default=AlignerConfig.kernel)
    ap.add_argument("--dilations", default=",".join(map(str, AlignerConfig().dilations)), help="one block per entry")
    ap.add_argument("--resume", action="store_true", help="continue from RUN/last.pt")
    ap.add_argument("--init", type=Path, help="start from these weights (training/checkpoints/aligner-fp16.pt)")
    ap.add_argument("--fp16-out", type=Path, default=HERE / "checkpoints" / "aligner-fp16.pt")
    ap.add_argument("--export", type=Path, metavar="MODEL_DIR", help="export --ckpt (default RUN/best.pt) into MODEL_DIR and stop")
    ap.add_argument("--graph", choices=sorted(GRAPHS), default="aligner",
                    help="with --export: the manifest entry to write (alignerBandLimited: used for recordings below 2·fMax)")
    ap.add_argument("--ckpt", type=Path, help="checkpoint to export (best.pt, last.pt or an fp16 weights file)")
    ap.add_argument("--tol", type=float, default=1e-3)
    return ap.parse_args(argv)


def main() -> None:
    args = parse_args()
    export(args) if args.export else train(args)


if __name__ == "__main__":
    main()
