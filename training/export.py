"""Export a checkpoint (EMA weights) to a model folder in the engine's format (docs/model-format.md).

    /usr/bin/python3 training/export.py --ckpt training/runs/main/best.pt --out resources/models/default

Writes OUT/manifest.json and OUT/velocity.onnx (OUT/epsilon.onnx for a ddpm-epsilon checkpoint: the
manifest then carries `objective` and the beta schedule), then runs the ONNX graph (onnxruntime if installed,
else onnx's reference evaluator) on a random input with an odd frame count and prints the max abs
difference to PyTorch; exits non-zero if it exceeds --tol.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from voicefill import phones as ph  # noqa: E402
from voicefill.diffusion import DiffusionConfig  # noqa: E402
from voicefill.features import DEFAULT_FEATURES  # noqa: E402
from voicefill.model import ModelConfig, VelocityNet, count_parameters  # noqa: E402

OPSET = 17
INPUT_NAMES = ["x", "t", "cond", "phones"]
OUTPUT_NAMES = ["v"]
DYNAMIC_AXES = {"x": {0: "batch", 1: "frames"}, "t": {0: "batch"}, "cond": {0: "batch", 1: "frames"},
                "phones": {0: "batch", 1: "frames"}, "v": {0: "batch", 1: "frames"}}
SAMPLER_DEFAULTS = {"steps": 16, "solver": "midpoint", "guidance": 2.0, "sway": -1.0}
# Per objective: the graph's output name, its file and manifest key, and the sampler defaults.
# Voicebox's diffusion baseline needs 16-64 calls, so a diffusion model starts at 32 DDIM steps.
GRAPH = {"flow-matching": ("v", "velocity"), "ddpm-epsilon": ("eps", "epsilon")}
DDPM_SAMPLER_DEFAULTS = {"steps": 32, "solver": "ddim", "guidance": 2.0, "eta": 0.0}


def objective_of(ck: dict) -> str:
    """A checkpoint's objective; ones saved before ddpm-epsilon existed are flow matching."""
    return ck.get("objective", "flow-matching")
HERE = Path(__file__).resolve().parent


def load_model(ckpt_path: Path) -> tuple[VelocityNet, dict]:
    """Any of our checkpoints: last.pt (uses 'ema'), best.pt / latest-fp16.pt ('model' = EMA weights)."""
    ck = torch.load(ckpt_path, map_location="cpu")
    sd = ck["ema"] if "ema" in ck else ck["model"]
    model = VelocityNet(ModelConfig.from_dict(ck["config"]))
    model.load_state_dict({k: v.float() if v.is_floating_point() else v for k, v in sd.items()})
    return model.eval(), ck


def example_inputs(n_mels: int, B: int = 2, T: int = 37, seed: int = 0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(B, T, n_mels, generator=g)
    t = torch.rand(B, generator=g)
    cond = torch.randn(B, T, n_mels, generator=g)
    phones = torch.randint(0, len(ph.SYMBOLS), (B, T), generator=g)
    cond[:, T // 3 : 2 * T // 3] = 0
    return x, t, cond, phones


def export_onnx(model: VelocityNet, path: Path, output: str = "v") -> None:
    args = example_inputs(model.cfg.n_mels)
    axes = {**{k: v for k, v in DYNAMIC_AXES.items() if k != "v"}, output: DYNAMIC_AXES["v"]}
    with torch.no_grad():
        torch.onnx.export(model, args, str(path), input_names=INPUT_NAMES, output_names=[output],
                          dynamic_axes=axes, opset_version=OPSET, do_constant_folding=True)


def run_onnx(path: Path, feeds: dict[str, np.ndarray], output: str = "v") -> np.ndarray:
    """Run the graph with onnxruntime when available (what the engine uses), else onnx.reference."""
    try:
        import onnxruntime as ort

        so = ort.SessionOptions()
        so.intra_op_num_threads = 1
        sess = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
        return sess.run([output], feeds)[0]
    except ImportError:
        from onnx.reference import ReferenceEvaluator

        return ReferenceEvaluator(str(path)).run([output], feeds)[0]


def verify(model: VelocityNet, path: Path, B: int = 2, T: int = 53, output: str = "v") -> float:
    """Max abs difference between ONNX and PyTorch on inputs of a size unlike the export example."""
    x, t, cond, phones = example_inputs(model.cfg.n_mels, B, T, seed=1)
    with torch.no_grad():
        ref = model(x, t, cond, phones).numpy()
    got = run_onnx(path, {"x": x.numpy(), "t": t.numpy(), "cond": cond.numpy(), "phones": phones.numpy()}, output)
    assert got.shape == ref.shape, f"ONNX output shape {got.shape} != {ref.shape}"
    return float(np.abs(got - ref).max())


def real_summary(real: list[str]) -> str:
    """'42.6 min from librispeech_rz, ...' for real_<source> voices, from training/real/<source>.json."""
    parts = []
    for v in real:
        rec = HERE / "real" / f"{v[len('real_'):]}.json"
        if rec.exists():
            d = json.loads(rec.read_text())
            kept = [u for u in d["utterances"] if not u.get("rejected") and "alignment" in u]
            parts.append(f"{sum(u.get('seconds', 0) for u in kept) / 60:.1f} min from {d['repo']}")
        else:
            parts.append(v)
    return ", ".join(parts) + " (training/real/README.md)"


def real_licences(real: list[str]) -> list[str]:
    out = []
    for v in real:
        rec = HERE / "real" / f"{v[len('real_'):]}.json"
        if rec.exists():
            d = json.loads(rec.read_text())
            out.append(f"{v}: {d['license']}")
    return sorted(set(out))


OPTIONAL_GRAPHS = ("duration", "vocoder", "magnitude", "aligner")


def take_graphs(src: Path, out: Path) -> list[str]:
    """Copies the optional graphs (and their provenance) of model folder src into out: a new velocity
    export keeps the shipped vocoder network and aligner, which are trained apart."""
    old = json.loads((src / "manifest.json").read_text())
    man = json.loads((out / "manifest.json").read_text())
    taken = []
    for key in OPTIONAL_GRAPHS:
        name = old.get("graphs", {}).get(key)
        if name:
            shutil.copy(src / name, out / name)
            man["graphs"][key] = name
            taken.append(key)
    for k in ("magnitudeSteps", "aligner"):
        if k in old.get("provenance", {}):
            man["provenance"][k] = old["provenance"][k]
    (out / "manifest.json").write_text(json.dumps(man, indent=1) + "\n")
    return taken


def build_manifest(model: VelocityNet, ck: dict, stats: dict, name: str, command: str,
                   context_seconds: float | None = None, guidance: float | None = None) -> dict:
    n_mels = model.cfg.n_mels
    if len(stats["mean"]) != n_mels or len(stats["std"]) != n_mels:
        raise ValueError(f"stats mean/std have {len(stats['mean'])}/{len(stats['std'])} bins, model expects {n_mels}")
    features = dict(DEFAULT_FEATURES)
    features["mean"] = [float(v) for v in stats["mean"]]
    features["std"] = [float(v) for v in stats["std"]]
    voices = ck.get("voices") or sorted(v for v, i in stats.get("voices", {}).items() if not i.get("heldOut"))
    hours = ck.get("corpusHours", stats.get("trainHours", 0))
    objective = objective_of(ck)
    _, key = GRAPH[objective]
    defaults = SAMPLER_DEFAULTS if objective == "flow-matching" else DDPM_SAMPLER_DEFAULTS
    real = [v for v in voices if v.startswith("real_")]
    synth = [v for v in voices if not v.startswith("real_")]
    data = (f"synthetic speech: {stats.get('textSource', 'unknown text')} read by {len(synth)} synthetic voices"
            + (f"; real human speech: {real_summary(real)}" if real else "")
            + f" ({hours} h of training audio in all); "
            f"held-out voices: {', '.join(ck.get('heldOut') or stats.get('heldOutVoices') or ['none'])}")
    licences = ([f"text: {stats.get('textLicense', 'unknown')}"] + [f"{k}: {v}" for k, v in stats.get("voiceLicenses", {}).items()]
                + real_licences(real))
    return {
        "format": "voicefill-model",
        "formatVersion": 1,
        "name": name,
        "objective": objective,
        **({"diffusion": DiffusionConfig(**ck["diffusion"]).to_manifest()} if objective == "ddpm-epsilon" else {}),
        "features": features,
        "phones": {"set": ph.PHONE_SET, "symbols": list(ph.SYMBOLS)},
        "graphs": {key: f"{key}.onnx", "duration": None, "vocoder": None},
        "durations": {"unit": "frames", "mean": {p: float(v) for p, v in stats["durations"].items()}},
        "sampler": {**defaults, **({"guidance": guidance} if guidance is not None else {}),
                    **({"contextSeconds": context_seconds} if context_seconds else {})},
        "provenance": {
            "data": data,
            "voices": voices,
            "license": "; ".join(licences),
            "trainingSteps": int(ck.get("step", 0)),
            "trainingHours": round(float(ck.get("trainHours", 0.0)), 3),
            "parameters": count_parameters(model),
            "command": ck.get("command", command),
        },
    }


def export_folder(model: VelocityNet, ck: dict, stats: dict, out: Path, name: str, command: str, tol: float,
                  context_seconds: float | None = None, guidance: float | None = None) -> float:
    out.mkdir(parents=True, exist_ok=True)
    output, key = GRAPH[objective_of(ck)]
    export_onnx(model, out / f"{key}.onnx", output)
    manifest = build_manifest(model, ck, stats, name, command, context_seconds, guidance)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    diff = verify(model, out / f"{key}.onnx", output=output)
    if diff > tol:
        raise SystemExit(f"export {out}: ONNX vs PyTorch max abs diff {diff:.3g} exceeds {tol}")
    return diff


def main() -> None:
    ap = argparse.ArgumentParser(description="checkpoint -> model folder (manifest.json + velocity.onnx or epsilon.onnx)")
    ap.add_argument("--ckpt", default=str(HERE / "runs" / "main" / "best.pt"))
    ap.add_argument("--stats", default=str(HERE / "corpus" / "stats.json"), help="only if the checkpoint has none")
    ap.add_argument("--out", default=str(HERE.parent / "resources" / "models" / "default"))
    ap.add_argument("--name", default="Voicefill default")
    ap.add_argument("--tol", type=float, default=1e-3)
    ap.add_argument("--context-seconds", type=float, default=None,
                    help="manifest sampler.contextSeconds: audio the model hears each side of a region "
                         "(match the training crop; the engine's default is 3)")
    ap.add_argument("--guidance", type=float, default=None,
                    help=f"manifest sampler.guidance (default {SAMPLER_DEFAULTS['guidance']}); measure it with evaluate.py")
    ap.add_argument("--graphs-from", default=None, metavar="MODEL_DIR",
                    help="copy the optional graphs (magnitude, aligner, ...) of this model folder into --out")
    args = ap.parse_args()
    if args.graphs_from and Path(args.graphs_from).resolve() == Path(args.out).resolve():
        sys.exit("--graphs-from must be another folder than --out (export to a new folder, then copy)")
    model, ck = load_model(Path(args.ckpt))
    # The stats a checkpoint was trained with win; --stats is for checkpoints that lack them.
    stats = ck.get("stats") or json.loads(Path(args.stats).read_text())
    diff = export_folder(model, ck, stats, Path(args.out), args.name, " ".join(["/usr/bin/python3"] + sys.argv), args.tol,
                         args.context_seconds, args.guidance)
    if args.graphs_from:
        print(f"optional graphs from {args.graphs_from}: {', '.join(take_graphs(Path(args.graphs_from), Path(args.out))) or 'none'}")
    print(f"exported {args.ckpt} ({objective_of(ck)}, step {ck.get('step', 0)}, {count_parameters(model)} params) -> {args.out}; "
          f"ONNX vs PyTorch max abs diff {diff:.2e}")


if __name__ == "__main__":
    main()
