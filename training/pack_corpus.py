"""A compact copy of the corpus for a training machine the full corpus cannot travel to (a GPU lent for
minutes, with a 64 MiB limit on what travels).

    /usr/bin/python3 training/pack_corpus.py --out /tmp/pack --budget-mb 48 --real-all

Log-mels are stored as 8-bit codes over [LO, LO + SPAN] (step 0.06 in ln units, far below the model's own
error) delta-coded along time and xz-compressed (about 1.6x on top of the 2x of 8 bits). Every real shard
goes in whole; synthetic voices share what is left of the budget, the same number of training utterances
each (picked by a stable hash, so the same pack comes out of the same corpus) plus their test utterances.
`voicefill.data.load_corpus` reads a pack folder like a corpus folder.
"""
from __future__ import annotations

import argparse
import json
import lzma
import shutil
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from voicefill.data import PACK_LO, PACK_SPAN, pack_mel  # noqa: E402
from voicefill.ids import stable_int  # noqa: E402

HERE = Path(__file__).resolve().parent


def write_shard(out: Path, voice: str, info: dict, mel: np.ndarray, phones: np.ndarray, off: np.ndarray, keep: list[int]) -> int:
    utts = [info["utterances"][i] for i in keep]
    mels = [mel[off[i]:off[i + 1]] for i in keep]
    phs = [phones[off[i]:off[i + 1]] for i in keep]
    offsets = np.concatenate([[0], np.cumsum([len(m) for m in mels])]).astype(np.int64)
    blob = lzma.compress(pack_mel(np.concatenate(mels)).tobytes(), preset=6)
    (out / f"{voice}.mel.xz").write_bytes(blob)
    np.savez(out / f"{voice}.idx.npz", phones=np.concatenate(phs), offsets=offsets)
    meta = {k: v for k, v in info.items() if k not in ("utterances", "durations")}
    meta["utterances"] = [{k: u[k] for k in ("id", "text", "split", "frames", "seconds", "speaker") if k in u} for u in utts]
    meta["packed"] = {"lo": PACK_LO, "span": PACK_SPAN, "of": len(info["utterances"])}
    (out / f"{voice}.json").write_text(json.dumps(meta))
    return len(blob) + (out / f"{voice}.idx.npz").stat().st_size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=str(HERE / "corpus"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--budget-mb", type=float, default=48.0)
    ap.add_argument("--exclude", default="", help="comma list of voices to leave out")
    args = ap.parse_args()
    src = Path(args.corpus) / "shards"
    out = Path(args.out) / "shards"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    shutil.copy(Path(args.corpus) / "stats.json", Path(args.out) / "stats.json")
    exclude = set(filter(None, args.exclude.split(",")))
    infos = {}
    for js in sorted(src.glob("*.json")):
        if js.with_suffix(".npz").exists() and js.stem not in exclude:
            infos[js.stem] = json.loads(js.read_text())
    used = 0
    for v, info in infos.items():
        if info.get("real"):
            d = np.load(src / f"{v}.npz")
            used += write_shard(out, v, info, d["mel"], d["phones"], d["offsets"], list(range(len(info["utterances"]))))
            print(f"{v}: all {len(info['utterances'])} utterances, {used / 1e6:.1f} MB so far", flush=True)
    synth = [v for v, i in infos.items() if not i.get("real")]
    if not synth:
        return
    # Bytes per training utterance measured on the first voice, then the same count for each voice.
    budget = args.budget_mb * 1e6 - used
    order = {v: sorted(range(len(infos[v]["utterances"])), key=lambda i: stable_int(f"pack|{v}|{i}")) for v in synth}
    probe = synth[0]
    d = np.load(src / f"{probe}.npz")
    trial = [i for i in order[probe] if infos[probe]["utterances"][i]["split"] == "train"][:100]
    per_utt = write_shard(out, probe, infos[probe], d["mel"], d["phones"], d["offsets"], trial) / len(trial)
    n = max(1, int(budget / per_utt / len(synth) * 0.97))
    for v in synth:
        d = np.load(src / f"{v}.npz")
        utts = infos[v]["utterances"]
        # The first 48 test utterances in corpus order: the ones train.py's fixed validation batches use.
        tests = [i for i in range(len(utts)) if utts[i]["split"] != "train"][:48]
        keep = tests + [i for i in order[v] if utts[i]["split"] == "train"][:n]
        used += write_shard(out, v, infos[v], d["mel"], d["phones"], d["offsets"], sorted(keep))
        print(f"{v}: {len(keep)}/{len(utts)} utterances, {used / 1e6:.1f} MB so far", flush=True)


if __name__ == "__main__":
    main()
