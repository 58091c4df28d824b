"""Quality against network calls, flow matching beside diffusion (issue 14): a table and a plot.

    nice -n 15 /usr/bin/python3 training/nfe_sweep.py --flow training/runs/twin-flow/model \\
        --diffusion resources/models/diffusion --n 20 --out docs/nfe-sweep.json --plot docs/nfe-sweep.png

Each twin goes through evaluate.py's own run (the same utterances, masked spans and seed for both,
filled by the real engine through the CLI) at 1, 2, 4, 8, 16, 32 and 64 network calls with each of its
samplers: flow Euler, midpoint and Heun (two calls a step, so no 1-call point), diffusion DDPM ancestral
(sigma^2 = beta) and DDIM (eta = 0). Sets: unseen test sentences of the training voices, the held-out
voice, and the real recordings (alsa-utils' prompts, LibriVox). Metrics, per set, sampler and calls:
  recall   masked words the ASR (pocketsphinx) finds in the fill ("masked words found")
  speaker  speaker similarity of the region to the rest of the utterance, over the original's
  L1       mean |diff| of normalised log-mel over the region, against the original
Writes OUT (both evaluations' summaries and the sweep), OUT.md (tables, and where each sampler reaches
its plateau), OUT.flow.json / OUT.diffusion.json (evaluate.py's full results; --resume reuses their
.items.jsonl) and the PNG (matplotlib; Debian: apt-get install python3-matplotlib).
"""
from __future__ import annotations

import argparse
import json
import shlex
import shutil
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import evaluate  # noqa: E402

SAMPLERS = {"flow": ["euler", "midpoint", "heun"], "diffusion": ["ancestral", "ddim"]}
OBJECTIVE = {"flow": "flow-matching", "diffusion": "ddpm-epsilon"}
# (summary key, label, +1 when higher is better)
METRICS = (("regionFound", "masked-word recall", +1), ("speakerRatio", "speaker similarity / original's", +1),
           ("l1", "log-mel L1 of the region", -1))
SET_NAMES = {"test": "test sentences (training voices)", "heldout": "held-out voice", "human": "real voice: alsa-utils prompts",
             "librivox": "real voice: LibriVox reader"}
PLATEAU = 0.05  # a sampler "has arrived" within 5 % of the best its family (flow or diffusion) reaches


def evaluate_twin(role: str, model_dir: Path, args: argparse.Namespace, train_voices: list[str]) -> dict:
    """evaluate.run on one twin (from a snapshot of its folder); returns its result JSON."""
    manifest = json.loads((model_dir / "manifest.json").read_text())
    objective = manifest.get("objective", "flow-matching")
    if objective != OBJECTIVE[role]:
        raise SystemExit(f"--{role} {model_dir}: that is a {objective} model, not {OBJECTIVE[role]}")
    out = args.out.with_suffix(f".{role}.json")
    ns = argparse.Namespace(model=model_dir.resolve(), n=args.n, out=out, markdown=False, seed=args.seed, nfe=args.nfe,
                            solvers=args.samplers[role], train_voices=",".join(train_voices),
                            heldout_voices=args.heldout_voices, corpus=args.corpus, asr_lm=args.asr_lm,
                            threads=args.threads, resume=args.resume, keep_audio=None, human_dir=args.human_dir,
                            librivox_dir=args.librivox_dir)
    with tempfile.TemporaryDirectory(prefix="voicefill-sweep-") as tmp:
        model = Path(shutil.copytree(ns.model, Path(tmp) / "model"))
        work = Path(tmp) / "work"
        work.mkdir()
        evaluate.run(ns, model, work)
    return json.loads(out.read_text())


def sweep_rows(results: dict[str, dict], nfes: list[int]) -> dict:
    """{set: {"curves": {"flow euler": {metric: {calls: value}}}, "original": {...}, "resynthesis": {...}}}."""
    out: dict = {}
    for role, res in results.items():
        for split, s in res["summary"].items():
            entry = out.setdefault(split, {"utterances": s["utterances"], "curves": {}})
            entry.setdefault("original", {m: s["rows"]["original"].get(m) for m, *_ in METRICS})
            entry.setdefault("resynthesis", {m: s["rows"]["resynthesis"].get(m) for m, *_ in METRICS})
            for name, row in s["rows"].items():
                solver, _, calls = name.partition("-")
                if not calls.isdigit() or int(calls) not in nfes:
                    continue
                curve = entry["curves"].setdefault(f"{role} {solver}", {m: {} for m, *_ in METRICS})
                for m, *_ in METRICS:
                    if m in row:
                        curve[m][int(calls)] = row[m]
    return out


def best_of(curves: list[dict[int, float]], sign: int) -> float | None:
    values = [v for c in curves for v in c.values()]
    return (max(values) if sign > 0 else min(values)) if values else None


def plateau_calls(curve: dict[int, float], sign: int, best: float | None = None) -> int | None:
    """Fewest calls whose value is within PLATEAU of `best` (default: the curve's own); None if never,
    or for a best of zero."""
    best = best_of([curve], sign) if best is None else best
    if best is None or best <= 0:
        return None
    for calls in sorted(curve):
        v = curve[calls]
        if (sign > 0 and v >= best * (1 - PLATEAU)) or (sign < 0 and v <= best * (1 + PLATEAU)):
            return calls
    return None


def shape(sweep: dict) -> dict:
    """Per set and metric: the best value each family reaches at any calls, the calls each sampler
    needs to come within PLATEAU of its family's best, and the family's fewest (for the verdict)."""
    out = {}
    for split, entry in sweep.items():
        family = lambda name: name.split(" ")[0]  # noqa: E731
        best = {role: {m: best_of([c[m] for k, c in entry["curves"].items() if family(k) == role], sign) for m, _, sign in METRICS}
                for role in ("flow", "diffusion")}
        per = {name: {m: plateau_calls(c[m], sign, best[family(name)][m]) for m, _, sign in METRICS}
               for name, c in entry["curves"].items()}
        fam = {role: {m: min((v[m] for k, v in per.items() if family(k) == role and v[m] is not None), default=None)
                      for m, *_ in METRICS} for role in ("flow", "diffusion")}
        out[split] = {"best": best, "samplers": per, "families": fam}
    return out


def fmt(v, digits=3) -> str:
    return "–" if v is None else f"{v:.{digits}f}"


def markdown(result: dict) -> str:
    m = result["meta"]
    lines = [f"Quality against network calls, {m['date']}: `{m['command']}`", "",
             f"Flow twin: `{m['flow']['model']}` ({m['flow']['name']}, step {m['flow']['trainingSteps']}); "
             f"diffusion twin: `{m['diffusion']['model']}` ({m['diffusion']['name']}, step {m['diffusion']['trainingSteps']}). "
             f"N = {m['n']} per set, seed {m['seed']}, the same utterances and spans for both. "
             f"Plateau: the fewest calls at which a sampler comes within {PLATEAU:.0%} of the best value its "
             "family (flow or diffusion) reaches at any number of calls.", ""]
    nfes = m["nfe"]
    for split, entry in result["sweep"].items():
        lines += [f"**{SET_NAMES.get(split, split)}** ({entry['utterances']} utterances)", ""]
        for key, label, sign in METRICS:
            digits = 0 if key == "regionFound" else 3
            scale = 100 if key == "regionFound" else 1
            lines += [f"{label}{' (%)' if key == 'regionFound' else ''}; original {fmt(_scaled(entry['original'][key], scale), digits)}, "
                      f"resynthesis {fmt(_scaled(entry['resynthesis'][key], scale), digits)}:", "",
                      "| sampler | " + " | ".join(str(n) for n in nfes) + " | plateau (calls) |",
                      "| --- | " + " | ".join("---:" for _ in nfes) + " | ---: |"]
            for name, curve in entry["curves"].items():
                cells = [fmt(_scaled(curve[key].get(n), scale), digits) for n in nfes]
                p = result["shape"][split]["samplers"][name][key]
                lines.append(f"| {name} | " + " | ".join(cells) + f" | {_calls(p)} |")
            lines.append("")
        fam, best = result["shape"][split]["families"], result["shape"][split]["best"]
        lines.append("Fewest calls to a family's plateau (its best value): " + "; ".join(
            f"{label}: flow {_calls(fam['flow'][key])} ({fmt(best['flow'][key])}), diffusion {_calls(fam['diffusion'][key])} ({fmt(best['diffusion'][key])})"
            for key, label, _ in METRICS))
        lines.append("")
    return "\n".join(lines) + "\n"


def _calls(v: int | None) -> str:
    return "–" if v is None else str(v)


def _scaled(v, scale):
    return None if v is None else v * scale


def plot(result: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sweep, nfes = result["sweep"], result["meta"]["nfe"]
    splits = list(sweep)
    fig, axes = plt.subplots(len(splits), len(METRICS), figsize=(4.2 * len(METRICS), 2.9 * len(splits)), squeeze=False)
    style = {"flow euler": ("tab:blue", "-"), "flow midpoint": ("tab:green", "-"), "flow heun": ("tab:olive", "-"),
             "diffusion ancestral": ("tab:red", "--"), "diffusion ddim": ("tab:purple", "--")}
    for r, split in enumerate(splits):
        entry = sweep[split]
        for c, (key, label, _) in enumerate(METRICS):
            ax = axes[r][c]
            for name, curve in entry["curves"].items():
                xs = sorted(curve[key])
                if xs:
                    color, ls = style.get(name, ("black", ":"))
                    ax.plot(xs, [curve[key][x] for x in xs], ls, color=color, marker="o", ms=3, label=name)
            for ref, ls in (("original", ":"), ("resynthesis", "-.")):
                if entry[ref][key] is not None:
                    ax.axhline(entry[ref][key], color="grey", ls=ls, lw=1, label=ref)
            ax.set_xscale("log", base=2)
            ax.set_xticks(nfes)
            ax.set_xticklabels([str(n) for n in nfes])
            ax.grid(alpha=0.3)
            if r == 0:
                ax.set_title(label, fontsize=10)
            if c == 0:
                ax.set_ylabel(SET_NAMES.get(split, split), fontsize=9)
            if r == len(splits) - 1:
                ax.set_xlabel("network calls")
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=min(7, len(labels)), fontsize=8, frameon=False)
    fig.suptitle("Flow matching vs DDPM (same network, corpus, steps, seed): quality against network calls", fontsize=11)
    fig.tight_layout(rect=(0, 0.04, 1, 0.97))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--flow", type=Path, required=True, help="the flow-matching twin's model folder")
    ap.add_argument("--diffusion", type=Path, required=True, help="the DDPM (ddpm-epsilon) twin's model folder")
    ap.add_argument("--out", type=Path, required=True, help="result JSON; OUT.md, OUT.flow.json, OUT.diffusion.json beside it")
    ap.add_argument("--plot", type=Path, help="PNG of the curves (default OUT with .png)")
    ap.add_argument("--n", type=int, default=20, help="utterances per synthetic set (test split, held-out voice)")
    ap.add_argument("--nfe", default="1,2,4,8,16,32,64", help="network calls per fill")
    ap.add_argument("--flow-samplers", default=",".join(SAMPLERS["flow"]))
    ap.add_argument("--diffusion-samplers", default=",".join(SAMPLERS["diffusion"]))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--train-voices", help="comma list (default: the flow twin's provenance.voices)")
    ap.add_argument("--heldout-voices", default=",".join(sorted(evaluate.bc.HELD_OUT)))
    ap.add_argument("--corpus", type=Path, default=HERE / "corpus")
    ap.add_argument("--asr-lm", choices=["corpus", "bundled"], default="corpus")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--resume", action="store_true", help="reuse each twin's records of the same settings")
    ap.add_argument("--human-dir", default=str(evaluate.HUMAN_DIR), help="'' leaves the alsa-utils prompts out")
    ap.add_argument("--librivox-dir", default=str(evaluate.LIBRIVOX_DIR), help="'' leaves the LibriVox clips out")
    args = ap.parse_args()
    args.nfe = [int(v) for v in args.nfe.split(",")]
    args.samplers = {"flow": args.flow_samplers.split(","), "diffusion": args.diffusion_samplers.split(",")}
    for role, names in args.samplers.items():
        if bad := [s for s in names if s not in SAMPLERS[role]]:
            sys.exit(f"--{role}-samplers: unknown {', '.join(bad)} ({', '.join(SAMPLERS[role])})")
    for role in ("flow", "diffusion"):
        if not (getattr(args, role) / "manifest.json").exists():
            sys.exit(f"--{role} {getattr(args, role)}: no manifest.json")
    return args


def main() -> None:
    args = parse_args()
    flow_manifest = json.loads((args.flow / "manifest.json").read_text())
    voices = args.train_voices.split(",") if args.train_voices else evaluate.model_voices(flow_manifest, args.corpus / "stats.json")
    results = {role: evaluate_twin(role, getattr(args, role), args, voices) for role in ("flow", "diffusion")}
    sweep = sweep_rows(results, args.nfe)

    def about(role: str) -> dict:
        meta = results[role]["meta"]
        return {"model": meta["model"], "name": meta["modelName"], "trainingSteps": meta["trainingSteps"], "hash": meta["modelHash"]}

    result = {
        "meta": {"command": shlex.join(["/usr/bin/python3", str(Path(sys.argv[0]))] + [a for a in sys.argv[1:] if a != "--resume"]),
                 "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "n": args.n, "seed": args.seed,
                 "nfe": args.nfe, "samplers": args.samplers, "trainVoices": voices,
                 "flow": about("flow"), "diffusion": about("diffusion"), "asr": results["flow"]["meta"]["asr"],
                 "speaker": results["flow"]["meta"]["speaker"]},
        "sweep": sweep,
        "shape": shape(sweep),
        "summaries": {role: r["summary"] for role, r in results.items()},
    }
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    md = markdown(result)
    args.out.with_suffix(".md").write_text(md)
    print(md)
    png = args.plot or args.out.with_suffix(".png")
    plot(result, png)
    print(f"wrote {args.out}, {args.out.with_suffix('.md')} and {png}")


if __name__ == "__main__":
    main()
