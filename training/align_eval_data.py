"""Write the aligner's synthetic evaluation set: held-out utterances with their true phone timings.

    /usr/bin/python3 training/align_eval_data.py --out /tmp/align-eval            # test split + held-out voices
    npx tsx electron/cli/align-check.ts --synthetic /tmp/align-eval                # word-boundary errors

From every --corpus (build_corpus.py's shard format): up to --per-voice utterances of each voice's
test split (and of held-out voices), never the training split. Writes OUT/mel.f32 (raw ln log-mel,
float32 [frames, nMels], utterances one after another) and OUT/index.json:
[{id, voice, real, text, offset, frames, phones: [[symbol, start, end], ...]}] with times in seconds:
the synthesiser's own segment times, as build_corpus.py labelled the frames, or for real recordings
("real": true, training/real_corpus.py) pocketsphinx's forced alignment.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
HOP, SR = 256, 16000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", action="append", help="corpus folder (repeatable); default training/corpus")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--per-voice", type=int, default=20)
    ap.add_argument("--skip-real", action="store_true", help="leave out corpora of real recordings (their timings come from another aligner)")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    index, mels, offset = [], [], 0
    for corpus in [Path(c) for c in (args.corpus or [HERE / "corpus"])]:
        for js in sorted((corpus / "shards").glob("*.json")):
            npz = js.with_suffix(".npz")
            if not npz.exists():
                continue
            info = json.loads(js.read_text())
            if args.skip_real and info.get("real"):
                continue
            d = np.load(npz)
            mel, off = d["mel"], d["offsets"]
            picked = [i for i, u in enumerate(info["utterances"]) if info["heldOut"] or u["split"] == "test"][: args.per_voice]
            for i in picked:
                u, durs = info["utterances"][i], info["durations"][i]
                m = mel[off[i]:off[i + 1]].astype(np.float32)
                t, phones = 0.0, []
                for sym, frames in durs:
                    phones.append([sym, round(t * HOP / SR, 5), round((t + frames) * HOP / SR, 5)])
                    t += frames
                index.append({"id": u["id"], "voice": info["voice"], "real": bool(info.get("real")), "text": u["text"], "offset": offset,
                              "frames": len(m), "phones": phones})
                mels.append(m)
                offset += len(m)
    if not index:
        raise SystemExit("no test-split or held-out utterances found")
    np.concatenate(mels).tofile(args.out / "mel.f32")
    (args.out / "index.json").write_text(json.dumps(index))
    voices = sorted({u["voice"] for u in index})
    print(f"wrote {len(index)} utterances ({offset} frames) of {len(voices)} voices to {args.out}")


if __name__ == "__main__":
    main()
