"""Real-voice intelligibility probe: in every real recording the repository carries, mask each
inner word in turn (LibriVox clips) or each middle prompt (alsa-utils' prompts), fill it with the same
words through the real engine, and count how many masked words the ASR finds in their place.

    /usr/bin/python3 training/recall_probe.py --model resources/models/default --out /tmp/probe.json
    /usr/bin/python3 training/recall_probe.py --model DIR --cfg 2 --steps 16 --out /tmp/probe-cfg2.json
    /usr/bin/python3 training/recall_probe.py --takes 4 --out /tmp/probe-takes.json   # checked takes

With --takes N every fill is made twice from the same seed: once as a single take, and once as
`fill --takes N` (N seeds from that one, each checked by the model's aligner, the best kept); "kept"
counts the masked words the ASR finds in the kept take, "found" in the single take (the first of the N).

evaluate.py's real sets hold 16 fills (13 LibriVox words); this holds ~70 masked words, one region per
fill, so two models or two sampler settings can be told apart on real speech in a few minutes. The
original and its resynthesis by the model's vocoder (key "griffinLim": electron/cli/resynth.ts, the
engine's vocoder path) are counted over the same words (what the recording and the vocoder alone
score); --resynth-only counts just those two. Same ASR as evaluate.py (pocketsphinx, bundled en-us model and LM).
Prints one line per set and writes OUT (JSON, one record per fill).
"""
from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

import evaluate as E
from voicefill import evaluation as ev
from voicefill.features import log_mel, normalise


def probe_items(work: Path, librivox: Path | None, human: Path | None) -> list[dict]:
    """One item per region: LibriVox every inner word; alsa every middle prompt of evaluate.py's triples."""
    items = []
    if librivox and librivox.is_dir():
        for it in E.librivox_items(librivox, work, np.random.default_rng(0)):
            if it["id"].endswith("/0"):  # one audio per clip; spans are ours
                for first in range(1, len(it["words"]) - 1):
                    items.append({**it, "id": f"{it['id'][:-2]}/w{first}", "span": [first, 1]})
    if human and human.is_dir():
        items += E.human_items(human, work, np.random.default_rng(1))
    return items


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=E.REPO / "resources" / "models" / "default")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--steps", type=int, help="sampler steps (default: the manifest's)")
    ap.add_argument("--solver", choices=["euler", "midpoint"], help="default: the manifest's (evaluate.py's solvers)")
    ap.add_argument("--cfg", type=float, help="guidance weight (default: the manifest's)")
    ap.add_argument("--sway", type=float, help="sway coefficient (schedule sway)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--librivox-dir", type=Path, default=E.LIBRIVOX_DIR)
    ap.add_argument("--human-dir", type=Path, default=Path(E.HUMAN_DIR))
    ap.add_argument("--takes", type=int, default=0, help="also fill with `fill --takes N` and count the kept take's words")
    ap.add_argument("--limit", type=int, default=0, help="at most this many fills (0: all)")
    ap.add_argument("--resynth-only", action="store_true",
                    help="no fills: only the original and its resynthesis by the model's vocoder (seconds, not minutes)")
    args = ap.parse_args()
    manifest = json.loads((args.model / "manifest.json").read_text())
    mean, std = manifest["features"]["mean"], manifest["features"]["std"]
    sampler = manifest["sampler"]
    steps, solver = args.steps or sampler["steps"], args.solver or sampler["solver"]
    extra = []
    if args.cfg is not None:
        extra += ["--cfg", str(args.cfg)]
    if args.sway is not None:
        extra += ["--schedule", "sway", "--sway", str(args.sway)]

    asr = E.Asr(None)
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix="voicefill-probe-") as tmp:
        work = Path(tmp)
        items = probe_items(work, args.librivox_dir, args.human_dir)
        if args.limit:
            items = items[:: max(1, len(items) // args.limit)][: args.limit]
        dirs = sorted({it["dir"] for it in items})
        E.resynthesise([(work / d / "orig.wav", work / d / "gl.wav") for d in dirs], args.model)
        heard = {d: {k: asr(E.read_wav(work / d / f"{k}.wav")) for k in ("orig", "gl")} for d in dirs}
        records = []
        for k, it in enumerate(items):
            if args.resynth_only:
                ref = " ".join(w for *_, w in it["words"])
                span = ev.region_token_span([w for *_, w in it["words"]], *it["span"])
                records.append({"set": it["set"], "id": it["id"], "found": (0, span[1] - span[0]), "l1": 0.0,
                                "original": ev.region_words_found(ref, span, heard[it["dir"]]["orig"]),
                                "griffinLim": ev.region_words_found(ref, span, heard[it["dir"]]["gl"])})
                continue
            words = it["words"]
            first, count = it["span"]
            start, end = words[first][0], words[first + count - 1][1]
            text = " ".join(w for *_, w in words[first:first + count])
            ref = " ".join(w for *_, w in words)
            span = ev.region_token_span([w for *_, w in words], first, count)
            d = work / it["dir"]
            out = d / "fill.wav"
            nfe = steps * (2 if solver == "midpoint" else 1)
            try:
                E.cli_fill(d / "orig.wav", out, start, end, text, solver, nfe, args.seed, args.model, args.threads, extra)
            except RuntimeError as e:
                raise SystemExit(f"{it['id']}: {e}")
            y, x = E.read_wav(out), E.read_wav(d / "orig.wav")
            a, b = ev.frame_range(start, end, E.SR, E.HOP)
            hyp = asr(y)
            kept = {}
            if args.takes:
                res = E.cli_fill(d / "orig.wav", d / "kept.wav", start, end, text, solver, nfe, args.seed, args.model,
                                 args.threads, extra + ["--takes", str(args.takes)], takes=args.takes)
                kept_hyp = asr(E.read_wav(d / "kept.wav"))
                checked = res["checked"][0]  # one region: one window
                kept = {"kept": ev.region_words_found(ref, span, kept_hyp), "keptHyp": kept_hyp, "keptIndex": checked["kept"],
                        "takes": [{"seed": t["seed"], "score": t["score"], "passes": t["passes"]} for t in checked["takes"]]}
            records.append({"set": it["set"], "id": it["id"], "text": text, "hyp": hyp, **kept,
                            "found": ev.region_words_found(ref, span, hyp),
                            "original": ev.region_words_found(ref, span, heard[it["dir"]]["orig"]),
                            "griffinLim": ev.region_words_found(ref, span, heard[it["dir"]]["gl"]),
                            "l1": ev.region_l1(normalise(log_mel(y), mean, std), normalise(log_mel(x), mean, std), a, b)})
    summary = {}
    for s in sorted({r["set"] for r in records}) + ["all"]:
        rs = [r for r in records if s in ("all", r["set"])]
        tot = sum(r["found"][1] for r in rs)
        keys = ("found", "original", "griffinLim") + (("kept",) if args.takes else ())
        summary[s] = {"fills": len(rs), "words": tot, "l1": float(np.mean([r["l1"] for r in rs])),
                      **{k: sum(r[k][0] for r in rs) / tot for k in keys}}
        m = summary[s]
        print(f"{s:9s} {m['fills']:3d} fills, {tot:3d} masked words found: fill {m['found']:.1%}, "
              f"original {m['original']:.1%}, resynthesised {m['griffinLim']:.1%}; region log-mel L1 {m['l1']:.3f}")
        if args.takes:
            passed = sum(any(t["passes"] for t in r["takes"]) for r in rs)
            print(f"{s:9s} checked takes (best of {args.takes}): kept take {m['kept']:.1%} against single take {m['found']:.1%}; "
                  f"{passed} of {len(rs)} fills had a take that checks")
    # Whole-recording WER of the original and of its resynthesis (every word, not only masked ones).
    refs = {it["dir"]: " ".join(w for *_, w in it["words"]) for it in items}
    for s in sorted({it["set"] for it in items}):
        ds = sorted({it["dir"] for it in items if it["set"] == s})
        summary[s]["werOriginal"] = ev.wer([refs[d] for d in ds], [heard[d]["orig"] for d in ds])
        summary[s]["werResynth"] = ev.wer([refs[d] for d in ds], [heard[d]["gl"] for d in ds])
        print(f"{s:9s} whole recordings ({len(ds)}): WER original {summary[s]['werOriginal']:.1%}, "
              f"resynthesised {summary[s]['werResynth']:.1%}")
    meta = {"model": str(args.model), "modelHash": E.files_hash(args.model), "steps": steps, "solver": solver, "takes": args.takes,
            "cfg": args.cfg, "sway": args.sway, "seed": args.seed, "seconds": round(time.time() - t0, 1)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"meta": meta, "summary": summary, "records": records}, indent=1) + "\n")


if __name__ == "__main__":
    main()
