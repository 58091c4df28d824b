"""Train the velocity network with masked conditional flow matching on the synthetic corpus
(or, with --objective ddpm-epsilon, the same network as a DDPM noise predictor: voicefill/diffusion.py;
training/twins.sh trains the two as a fair pair).

    nohup nice -n 5 /usr/bin/python3 training/train.py --run training/runs/main \
        > training/runs/main/train.log 2>&1 &
    ... later, same command with --resume (picks up RUN/last.pt); a fresh clone continues from the
    committed weights with --init training/checkpoints/latest-fp16.pt

RUN/ gets: stats.json (the corpus stats frozen at the run's first start), config.json, metrics.csv (step, loss, lr, sec/step, val losses), last.pt (full state,
every --save-min minutes), best.pt (EMA weights with the lowest validation loss).
training/checkpoints/latest-fp16.pt gets the EMA weights in fp16 (small enough for git).
"""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import queue
import threading
import copy
import json
import math
import os
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from voicefill.data import Batcher, Warp, fixed_batches, load_corpus, load_stats  # noqa: E402
from voicefill.diffusion import OBJECTIVES, SCHEDULES, DiffusionConfig, EpsLoss  # noqa: E402
from voicefill.flow import MaskConfig, cfm_loss  # noqa: E402
from voicefill.model import ModelConfig, VelocityNet, count_parameters  # noqa: E402

HERE = Path(__file__).resolve().parent


def lr_at(step: int, peak: float, warmup: int, total: int, floor: float = 0.1) -> float:
    """Linear warmup, then cosine from peak down to floor*peak at `total`, flat after."""
    if step < warmup:
        return peak * (step + 1) / warmup
    p = min(1.0, (step - warmup) / max(1, total - warmup))
    return peak * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * p)))


@torch.no_grad()
def ema_update(ema: torch.nn.Module, model: torch.nn.Module, decay: float) -> None:
    for pe, pm in zip(ema.parameters(), model.parameters()):
        pe.mul_(decay).add_(pm.detach(), alpha=1 - decay)


def make_loss(objective: str, dcfg: DiffusionConfig):
    """The training objective, called as loss(model, x1, phones, lengths, mask_cfg, gen): masked CFM
    (voicefill/flow.py) or masked epsilon prediction (voicefill/diffusion.py), same masks and dropout."""
    return cfm_loss if objective == "flow-matching" else EpsLoss(dcfg)


@torch.no_grad()
def validate(model, batches, mcfg: MaskConfig, seed: int, loss_fn=cfm_loss, device: str = "cpu") -> float:
    """Loss on fixed batches with a fixed generator: comparable across steps, runs and devices."""
    model.eval()
    gen = torch.Generator().manual_seed(seed)
    vcfg = dataclasses.replace(mcfg, p_uncond=0.0)  # guidance dropout off
    tot = n = 0.0
    for x1, ph, lengths in batches:
        tot += float(loss_fn(model, x1.to(device), ph.to(device), lengths, vcfg, gen)) * len(lengths)
        n += len(lengths)
    model.train()
    return tot / max(n, 1)


class Prefetch:
    """Batches made on a background thread (numpy indexing releases the GIL), so a GPU never waits for
    the CPU side of the next step."""

    def __init__(self, make, depth: int = 6):
        self.q: queue.Queue = queue.Queue(maxsize=depth)
        self.make = make
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while True:
            x1, ph, lengths = self.make()
            self.q.put((x1.pin_memory(), ph.pin_memory(), lengths))

    def next(self):
        return self.q.get()


def save_fp16(ema, cfg: ModelConfig, step: int, path: Path, extra: dict) -> None:
    sd = {k: v.detach().cpu().half() if v.is_floating_point() else v.detach().cpu() for k, v in ema.state_dict().items()}
    tmp = path.with_suffix(".tmp")
    torch.save({"model": sd, "config": cfg.to_dict(), "step": step, **extra}, tmp)
    os.replace(tmp, path)


def main() -> None:
    ap = argparse.ArgumentParser(description="masked CFM (or DDPM epsilon) training")
    ap.add_argument("--run", default=str(HERE / "runs" / "main"))
    ap.add_argument("--corpus", default=str(HERE / "corpus"))
    ap.add_argument("--resume", action="store_true", help="continue from RUN/last.pt if it exists")
    ap.add_argument("--init", default=None, help="start from a weights checkpoint (e.g. latest-fp16.pt)")
    ap.add_argument("--fp16-out", default=None,
                    help="EMA weights in fp16 (default checkpoints/latest-fp16.pt, latest-ddpm-fp16.pt for ddpm-epsilon)")
    ap.add_argument("--objective", choices=OBJECTIVES, default=None,
                    help="flow-matching (default) or ddpm-epsilon; a resumed or --init run keeps its checkpoint's")
    ap.add_argument("--beta-schedule", choices=SCHEDULES, default="linear", help="ddpm-epsilon: T = 1000 betas")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--crop", type=int, default=256)
    ap.add_argument("--val-crop", type=int, default=192, help="kept fixed so validation stays comparable")
    ap.add_argument("--p-edit", type=float, default=0.4, help="share of non-whole rows with editing-sized spans")
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--warmup", type=int, default=300)
    ap.add_argument("--total-steps", type=int, default=40000, help="cosine horizon")
    ap.add_argument("--max-steps", type=int, default=10**9)
    ap.add_argument("--ema", type=float, default=0.999)
    ap.add_argument("--val-every", type=int, default=250)
    ap.add_argument("--save-min", type=float, default=5.0)
    ap.add_argument("--log-every", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dim", type=int, default=ModelConfig.dim)
    ap.add_argument("--layers", type=int, default=ModelConfig.layers)
    ap.add_argument("--heads", type=int, default=ModelConfig.heads)
    ap.add_argument("--ff-mult", type=float, default=ModelConfig.ff_mult)
    ap.add_argument("--patch", type=int, default=ModelConfig.patch, help="frames per transformer token")
    ap.add_argument("--device", default="cpu", help="cpu or cuda")
    ap.add_argument("--amp", choices=["none", "bf16"], default="none", help="mixed precision on cuda")
    ap.add_argument("--real-weight", type=float, default=1.0,
                    help="batch share of each real-speech voice (real_*) relative to one synthetic voice")
    ap.add_argument("--real-share", type=float, default=None,
                    help="share of each batch from real speech, over the real voices by size (overrides --real-weight)")
    ap.add_argument("--warp-real", type=float, default=0.0,
                    help="share of real-speech picks given a new vocal-tract length and speaking rate (voicefill.data.Warp)")
    ap.add_argument("--p-band", type=float, default=0.0,
                    help="share of crops shown as audio recorded at a low rate would be (dsp/band.ts's fill above its Nyquist)")
    ap.add_argument("--band-rates", default="8000,11025,12000", help="sample rates drawn for --p-band crops")
    ap.add_argument("--select", choices=["val", "real", "real-band"], default="val",
                    help="best.pt by the synthetic validation loss, or by unseen real speakers' loss (real_* test split), "
                         "or by that plus the same speakers as 8 kHz audio (real-band, with --p-band)")
    ap.add_argument("--max-minutes", type=float, default=None, help="stop (and save) after this much wall time")
    ap.add_argument("--best-fp16", default=None, help="also write best.pt's weights in fp16 here (small)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    run = Path(args.run)
    run.mkdir(parents=True, exist_ok=True)
    ckpt = run / "last.pt"
    state = torch.load(ckpt, map_location="cpu") if args.resume and ckpt.exists() else None

    cfg = ModelConfig.from_dict(state["config"]) if state else ModelConfig(
        dim=args.dim, layers=args.layers, heads=args.heads, ff_mult=args.ff_mult, patch=args.patch)
    if args.init and not state:
        init = torch.load(args.init, map_location="cpu")
        cfg = ModelConfig.from_dict(init["config"])
    # The objective (and beta schedule) belong to the weights: a checkpoint keeps its own.
    source = state or (init if args.init else None) or {}
    objective = source.get("objective", "flow-matching" if source else args.objective or "flow-matching")
    if args.objective and args.objective != objective:
        raise SystemExit(f"--objective {args.objective}: the checkpoint was trained with {objective}")
    dcfg = DiffusionConfig(**source["diffusion"]) if source.get("diffusion") else DiffusionConfig(schedule=args.beta_schedule)
    loss_fn = make_loss(objective, dcfg)
    args.fp16_out = args.fp16_out or str(HERE / "checkpoints" / ("latest-fp16.pt" if objective == "flow-matching" else "latest-ddpm-fp16.pt"))
    model = VelocityNet(cfg)
    ema = copy.deepcopy(model).requires_grad_(False)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.99), weight_decay=0.01)
    step, best, hours_prev = 0, float("inf"), 0.0
    if state:
        model.load_state_dict(state["model"])
        ema.load_state_dict(state["ema"])
        opt.load_state_dict(state["opt"])
        step, best, hours_prev = state["step"], state["best"], state.get("trainHours", 0.0)
    elif args.init:
        sd = {k: v.float() if v.is_floating_point() else v for k, v in init["model"].items()}
        model.load_state_dict(sd)
        ema.load_state_dict(sd)
        step, hours_prev = init.get("step", 0), init.get("trainHours", 0.0)
    mcfg = MaskConfig(p_edit=args.p_edit)
    val_cfg = MaskConfig()  # the 70-100 % spans: comparable across runs whatever p_edit is
    edit_cfg = MaskConfig(p_whole=0.0, p_edit=1.0)  # word-sized fills with context, as the editor asks
    rewarm_from = step if args.init and not state else None

    # Normalisation is frozen per run: a corpus that grows later must not shift what the weights
    # were trained on. The stats travel inside every checkpoint so export needs no corpus.
    run_stats = run / "stats.json"
    if not run_stats.exists():
        # Continuing from --init weights keeps the normalisation those weights were trained with.
        frozen = init.get("stats") if args.init and not state else None
        frozen = frozen if frozen and "mean" in frozen else None
        run_stats.write_text(json.dumps(frozen or load_stats(Path(args.corpus)), indent=1))
    stats = json.loads(run_stats.read_text())
    corpus = load_corpus(Path(args.corpus))
    weights = {v: args.real_weight for v in corpus["train"] if v.startswith("real_")}
    if args.real_share is not None and weights:
        # A fixed share of every batch from real speech, spread over the real sources by their size (a
        # source of ten clips must not weigh as much as one of hundreds).
        frames = {v: sum(len(u.phones) for u in corpus["train"][v]) for v in weights}
        n_synth = len(corpus["train"]) - len(weights)
        total = sum(frames.values())
        weights = {v: args.real_share / (1 - args.real_share) * max(1, n_synth) * f / total for v, f in frames.items()}
        print("real voice weights: " + ", ".join(f"{v} {w:.2f}" for v, w in sorted(weights.items())), flush=True)
    band_rates = tuple(float(r) for r in args.band_rates.split(","))
    train = Batcher(corpus["train"], stats["mean"], stats["std"], args.crop, args.seed * 1000 + step, weights,
                    Warp(p=args.warp_real) if args.warp_real > 0 else None,
                    (args.p_band, band_rates) if args.p_band > 0 else None)
    # Synthetic validation and held-out voice as before (comparable with earlier runs); real speech is
    # measured apart: unseen speakers of the training sources (their test split) and the held-out sources.
    synth = lambda d: {v: u for v, u in d.items() if not v.startswith("real_")}  # noqa: E731
    real = lambda d: {v: u for v, u in d.items() if v.startswith("real_")}  # noqa: E731
    val = fixed_batches(synth(corpus["test"]), stats["mean"], stats["std"], args.val_crop, 24, 16)
    heldout = fixed_batches(synth(corpus["heldout"]), stats["mean"], stats["std"], args.val_crop, 48, 16)
    real_val = fixed_batches(real(corpus["test"]), stats["mean"], stats["std"], args.val_crop, 64, 16)
    real_held = fixed_batches(real(corpus["heldout"]), stats["mean"], stats["std"], args.val_crop, 100, 16)
    # Telephone audio: the unseen real speakers as 8 kHz recordings show them (only with --p-band).
    real_val8 = fixed_batches(real(corpus["test"]), stats["mean"], stats["std"], args.val_crop, 64, 16, band_rate=8000) \
        if args.p_band > 0 else []
    n_train = sum(len(v) for v in corpus["train"].values())
    # "best" is only comparable on the same validation set; a grown corpus starts a new record.
    val_sig = f"{sorted(synth(corpus['test']))}:{sum(len(b[2]) for b in val)}:{args.select}"
    if state and state.get("valSig") != val_sig:
        best = float("inf")
    print(f"model {count_parameters(model) / 1e6:.2f}M params {cfg.to_dict()}, objective {objective}"
          + (f" {dcfg.to_manifest()}" if objective != "flow-matching" else ""), flush=True)
    print(f"train: {n_train} utterances, voices {sorted(corpus['train'])}; val batches {len(val)}; "
          f"held-out voices {sorted(corpus['heldout'])} ({len(heldout)} batches); start step {step}", flush=True)
    (run / "config.json").write_text(json.dumps({"model": cfg.to_dict(), "args": vars(args),
                                                 "argv": sys.argv}, indent=1))

    metrics = run / "metrics.csv"
    if not metrics.exists():
        metrics.write_text("step,loss,lr,sec_per_step,val_loss,heldout_loss,val_edit_loss,time,real_val_loss,real_heldout_loss,real_val8k_loss\n")
    dev = args.device
    model.to(dev)
    ema.to(dev)
    if state:  # optimiser moments follow their parameters' device
        for st in opt.state.values():
            for k, v in st.items():
                if torch.is_tensor(v) and k != "step":
                    st[k] = v.to(dev)
    autocast = (lambda: torch.autocast("cuda", dtype=torch.bfloat16)) if args.amp == "bf16" else contextlib.nullcontext
    batches = Prefetch(lambda: train.batch(args.batch)) if dev != "cpu" else None
    command = " ".join(["/usr/bin/python3"] + sys.argv)
    provenance = {"voices": sorted(corpus["train"]), "heldOut": sorted(corpus["heldout"]),
                  "corpusHours": round(sum(len(u.phones) for v in corpus["train"].values() for u in v)
                                       * 256 / 16000 / 3600, 3),
                  "stats": stats, "command": command, "objective": objective,
                  **({"diffusion": dcfg.to_dict()} if objective != "flow-matching" else {}),
                  "realVoices": sorted(v for v in corpus["train"] if v.startswith("real_")), "realWeight": args.real_weight}

    def checkpoint(hours: float) -> None:
        tmp = ckpt.with_suffix(".tmp")
        torch.save({"model": model.state_dict(), "ema": ema.state_dict(), "opt": opt.state_dict(),
                    "step": step, "best": best, "valSig": val_sig, "config": cfg.to_dict(), "trainHours": hours,
                    "objective": objective, **({"diffusion": dcfg.to_dict()} if objective != "flow-matching" else {})}, tmp)
        os.replace(tmp, ckpt)
        Path(args.fp16_out).parent.mkdir(parents=True, exist_ok=True)
        save_fp16(ema, cfg, step, Path(args.fp16_out), {"trainHours": hours, **provenance})

    gen = torch.Generator().manual_seed(args.seed * 7919 + step)
    t_start = last_save = time.time()
    loss_avg, t_log = None, time.time()
    def over_time() -> bool:
        return args.max_minutes is not None and time.time() - t_start > args.max_minutes * 60

    while step < args.max_steps and not over_time():
        lr = lr_at(step, args.lr, args.warmup, args.total_steps)
        if rewarm_from:  # fresh optimiser moments on loaded weights: warm up again
            lr *= min(1.0, (step - rewarm_from + 1) / args.warmup)
        for g in opt.param_groups:
            g["lr"] = lr
        x1, ph, lengths = batches.next() if batches else train.batch(args.batch)
        with autocast():
            loss = loss_fn(model, x1.to(dev, non_blocking=True), ph.to(dev, non_blocking=True), lengths, mcfg, gen)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        # Short warm-up of the EMA so early checkpoints are not dominated by the random init.
        ema_update(ema, model, min(args.ema, (1 + step) / (10 + step)))
        loss_avg = float(loss) if loss_avg is None else 0.98 * loss_avg + 0.02 * float(loss)
        hours = hours_prev + (time.time() - t_start) / 3600
        val_loss = held_loss = edit_loss = ""
        real_val_loss = real_held_loss = real_val8_loss = ""
        if step % args.val_every == 0:
            v = validate(ema, val, val_cfg, 1234, loss_fn, dev)
            val_loss = f"{v:.5f}"
            edit_loss = f"{validate(ema, val, edit_cfg, 1234, loss_fn, dev):.5f}"
            if heldout:
                held_loss = f"{validate(ema, heldout, val_cfg, 1234, loss_fn, dev):.5f}"
            rv = validate(ema, real_val, val_cfg, 1234, loss_fn, dev) if real_val else None
            if rv is not None:
                real_val_loss = f"{rv:.5f}"
            if real_held:
                real_held_loss = f"{validate(ema, real_held, val_cfg, 1234, loss_fn, dev):.5f}"
            rv8 = validate(ema, real_val8, val_cfg, 1234, loss_fn, dev) if real_val8 else None
            real_val8_loss = f"{rv8:.5f}" if rv8 is not None else ""
            score = rv if args.select == "real" and rv is not None else v
            if args.select == "real-band" and rv is not None:
                score = rv + (rv8 or 0.0)
            if score < best:
                best = score
                sd = {k: t.detach().cpu() for k, t in ema.state_dict().items()}
                torch.save({"model": sd, "config": cfg.to_dict(), "step": step, "val": v, "realVal": rv,
                            "trainHours": hours, **provenance}, run / "best.pt")
                if args.best_fp16:
                    save_fp16(ema, cfg, step, Path(args.best_fp16), {"trainHours": hours, "val": v, "realVal": rv, **provenance})
            print(f"step {step} val {val_loss} heldout {held_loss or '-'} edit {edit_loss} real {real_val_loss or '-'} "
                  f"real-heldout {real_held_loss or '-'}" + (f" real-8k {rv8:.5f}" if rv8 is not None else "")
                  + f" best {best:.5f}", flush=True)
        if step % args.log_every == 0 or val_loss:
            sps = (time.time() - t_log) / args.log_every if step % args.log_every == 0 else float("nan")
            t_log = time.time()
            with metrics.open("a") as f:
                f.write(f"{step},{loss_avg:.5f},{lr:.3e},{sps:.3f},{val_loss},{held_loss},{edit_loss},{time.strftime('%H:%M:%S')},"
                        f"{real_val_loss},{real_held_loss},{real_val8_loss}\n")
            print(f"step {step} loss {loss_avg:.4f} lr {lr:.2e} {sps:.2f}s/step", flush=True)
        if time.time() - last_save > args.save_min * 60:
            checkpoint(hours)
            last_save = time.time()
    checkpoint(hours_prev + (time.time() - t_start) / 3600)


if __name__ == "__main__":
    main()
