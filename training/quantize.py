"""int8 dynamic quantisation of a model folder's velocity graph (weights int8, activations quantised
per call), with the error and speed against the float graph measured on the same inputs.

onnxruntime's quantiser needs a newer `onnx` than Debian's 1.12, so this runs in its own venv:
    python3 -m venv /tmp/qenv && /tmp/qenv/bin/pip install -r training/requirements-quant.txt
    /tmp/qenv/bin/python training/quantize.py resources/models/default [--use]

Writes DIR/velocity.int8.onnx (DIR/epsilon.int8.onnx for a ddpm-epsilon model); with --use the
manifest's graphs.velocity (graphs.epsilon) points at it (the float graph is then removed, so the folder
ships one network graph). Prints one JSON line.
Shapes: B batch (2: guidance), T frames, M mel bins.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnxruntime.quantization import QuantType, quantize_dynamic
from onnxruntime.quantization.preprocess import quant_pre_process


def session(path: Path, threads: int) -> ort.InferenceSession:
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])


def feeds(n_mels: int, B: int, T: int, seed: int) -> dict:
    """Speech-like inputs: the state halfway along the path, real-looking context, phones on the gap."""
    rng = np.random.default_rng(seed)
    cond = rng.standard_normal((B, T, n_mels)).astype(np.float32)
    gap = slice(T // 3, 2 * T // 3)
    cond[:, gap] = 0
    phones = np.zeros((B, T), np.int64)
    phones[:, gap] = rng.integers(2, 41, (B, gap.stop - gap.start))
    x = (0.5 * rng.standard_normal((B, T, n_mels)) + 0.5 * cond).astype(np.float32)
    return {"x": x, "t": np.full((B,), 0.5, np.float32), "cond": cond, "phones": phones}


def timed(sess: ort.InferenceSession, f: dict, n: int, output: str = "v") -> tuple[float, np.ndarray]:
    out = sess.run([output], f)[0]
    ts = []
    for _ in range(n):
        t0 = time.perf_counter()
        sess.run([output], f)
        ts.append(time.perf_counter() - t0)
    return float(np.median(ts)), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model_dir")
    ap.add_argument("--use", action="store_true", help="point the manifest at the int8 graph")
    ap.add_argument("--frames", type=int, default=282, help="T for the speed/error check")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--per-channel", action="store_true", help="per-channel weight scales")
    ap.add_argument("--repeats", type=int, default=10)
    args = ap.parse_args()
    folder = Path(args.model_dir)
    manifest_path = folder / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    # The network graph and its output: velocity (v) for flow matching, epsilon (eps) for DDPM.
    key, output = ("epsilon", "eps") if manifest.get("objective") == "ddpm-epsilon" else ("velocity", "v")
    src = folder / manifest["graphs"][key]
    if src.name.endswith(".int8.onnx"):
        raise SystemExit(f"{src} is already quantised")
    dst = folder / f"{key}.int8.onnx"
    pre = folder / f"{key}.pre.onnx"
    # Shape inference + constant folding first, as onnxruntime recommends before quantising.
    quant_pre_process(str(src), str(pre), skip_symbolic_shape=True)
    # Frame-wise MatMuls only. The time-conditioning path (time MLP, adaLN projections: Gemms that
    # pre-processing turns into MatMuls) runs on a few rows per call, so int8 saves nothing there,
    # and it puts error into every adaLN scale and gate (measured: 16 % relative error in v).
    # The quantiser rewrites each Gemm as a MatMul named NAME_MatMul before it quantises, so both.
    conditioning = [name for n in onnx.load(str(pre)).graph.node
                    if n.op_type in ("MatMul", "Gemm") and ("Gemm" in n.name or "ada" in n.name or "time" in n.name)
                    for name in (n.name, f"{n.name}_MatMul")]
    quantize_dynamic(str(pre), str(dst), weight_type=QuantType.QInt8, per_channel=args.per_channel,
                     op_types_to_quantize=["MatMul"], nodes_to_exclude=conditioning)
    pre.unlink()

    f = feeds(manifest["features"]["nMels"], 2, args.frames, seed=0)
    t_f, v_f = timed(session(src, args.threads), f, args.repeats, output)
    t_q, v_q = timed(session(dst, args.threads), f, args.repeats, output)
    err = np.abs(v_q - v_f)
    report = {
        "float": src.name, "int8": dst.name,
        "floatMb": round(src.stat().st_size / 1e6, 2), "int8Mb": round(dst.stat().st_size / 1e6, 2),
        "frames": args.frames, "floatMs": round(t_f * 1e3, 1), "int8Ms": round(t_q * 1e3, 1),
        "speedup": round(t_f / t_q, 2),
        "maxAbsDiff": round(float(err.max()), 4),
        # mean |int8 - float| relative to mean |float| (an untrained adaLN-Zero net outputs 0: report 0)
        "relL1": round(float(err.mean() / max(float(np.abs(v_f).mean()), 1e-12)), 4),
    }
    if args.use:
        manifest["graphs"][key] = dst.name
        manifest.setdefault("provenance", {})["quantisation"] = {
            "method": f"onnxruntime quantize_dynamic, int8 weights ({'per-channel' if args.per_channel else 'per-tensor'}), MatMul only",
            "relL1VsFloat": report["relL1"], "command": "training/quantize.py --use"}
        manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")
        src.unlink()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
