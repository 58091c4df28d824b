"""Two real_eval.py runs of the same cases side by side, take by take (same case, same seed).

    /usr/bin/python3 training/compare_evals.py BEFORE.json AFTER.json

Per set: words heard before -> after (and the takes whose count changed), speaker similarity with the
paired difference and its standard error, region log-mel L1, room-tone error. A change of an engine
setting keeps each take's starting noise, so its paired differences are far less noisy than the two
runs' means; a change of weights does not (the same seed gives a different fill).
"""
from __future__ import annotations

import json
import sys

import numpy as np


def default_takes(result: dict) -> dict[tuple[str, str, int], tuple[dict, dict]]:
    """(set, case id, seed) -> (take, record) for the takes at the default steps."""
    return {(r["set"], r["id"], t["seed"]): (t, r) for r in result["records"] for t in r["takes"] if t["steps"] == "default"}


def compare(before: dict, after: dict) -> list[dict]:
    a, b = default_takes(before), default_takes(after)
    keys = sorted(set(a) & set(b))
    rows = []
    for s in sorted({k[0] for k in keys}):
        ks = [k for k in keys if k[0] == s]
        sp = np.array([b[k][0]["speaker"] - a[k][0]["speaker"] for k in ks])
        room = lambda d, k: abs(d[k][0]["room"] - d[k][1]["original"]["room"])  # noqa: E731
        rows.append({
            "set": s, "takes": len(ks), "words": sum(a[k][0]["heard"][1] for k in ks),
            "heardBefore": sum(a[k][0]["heard"][0] for k in ks), "heardAfter": sum(b[k][0]["heard"][0] for k in ks),
            "speakerBefore": float(np.mean([a[k][0]["speaker"] for k in ks])), "speakerAfter": float(np.mean([b[k][0]["speaker"] for k in ks])),
            "speakerDiff": float(sp.mean()), "speakerDiffSem": float(sp.std() / np.sqrt(max(1, len(sp)))),
            "l1Before": float(np.mean([a[k][0]["l1"] for k in ks])), "l1After": float(np.mean([b[k][0]["l1"] for k in ks])),
            "roomBefore": float(np.mean([room(a, k) for k in ks])), "roomAfter": float(np.mean([room(b, k) for k in ks])),
            "changed": [(k[1], k[2], a[k][0]["heard"][0], b[k][0]["heard"][0]) for k in ks if a[k][0]["heard"][0] != b[k][0]["heard"][0]],
        })
    return rows


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    before, after = (json.load(open(p)) for p in sys.argv[1:3])
    for r in compare(before, after):
        n = r["words"]
        print(f"{r['set']} ({r['takes']} takes): words heard {r['heardBefore']}/{n} -> {r['heardAfter']}/{n}; "
              f"speaker {r['speakerBefore']:.4f} -> {r['speakerAfter']:.4f} (paired {r['speakerDiff']:+.4f} +- {r['speakerDiffSem']:.4f}); "
              f"L1 {r['l1Before']:.4f} -> {r['l1After']:.4f}; room |dB| {r['roomBefore']:.2f} -> {r['roomAfter']:.2f}")
        if r["changed"]:
            print("  heard changed: " + " ".join(f"{c}/seed {s}: {x}->{y}" for c, s, x, y in r["changed"]))


if __name__ == "__main__":
    main()
