"""Audio for the magnitude network (training/magnitude.py): the corpus keeps log-mel, not audio, so
synthesise again a slice of its training sentences with each voice, the way build_corpus.py did
(same synthesiser, sox pitch shift, and for voice-space copies the same per-utterance warp).

    /usr/bin/python3 training/vocoder_data.py                    # --per-voice 120 → training/corpus/vocoder.npz
    /usr/bin/python3 training/vocoder_data.py --per-voice 8 --out /tmp/v.npz   # a quick one

Writes int16 audio at the corpus rate, concatenated, with offsets and each utterance's voice and split
("train" from the training voices' training sentences; "heldout" from the held-out voice, for
validation). No sentence of the test split is used. Needs what build_corpus.py needs.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

import build_corpus as bc

HERE = Path(__file__).resolve().parent


def utterances(corpus: Path, voice: str, n: int) -> list[tuple[str, str]]:
    """First n training-split (id, text) of a voice's shard; the held-out voice has no shard, so its
    sentences come from the pool's training side (never a test sentence)."""
    meta = corpus / "shards" / f"{voice}.json"
    if meta.exists() and voice not in bc.HELD_OUT:
        return [(u["id"], u["text"]) for u in json.loads(meta.read_text())["utterances"] if u["split"] == "train"][:n]
    pool = json.loads((corpus / "text.json").read_text())["sentences"]
    rng = np.random.default_rng(bc.sha_int("vocoder|" + voice))
    train = [s for s in pool if not bc.is_test_sentence(s)]
    return [(f"{voice}/v{i}", train[j]) for i, j in enumerate(rng.choice(len(train), n, replace=False))]


def synthesise_voice(voice: str, items: list[tuple[str, str]], work: Path) -> list[np.ndarray]:
    engine, base, cents = bc.VOICES[voice]
    raw = work / voice
    raw.mkdir(parents=True)
    pairs = [("train", t) for _, t in items]
    if engine == "espeak":
        bc.synth_espeak(voice, pairs, raw)
    elif engine == "festival":
        bc.synth_festival(base, pairs, raw)
    else:
        bc.synth_flite(base, pairs, raw)
    out = []
    for i, (uid, _) in enumerate(items):
        try:
            x = bc.load_audio(raw / f"u{i}.wav", cents, raw / "tmp.wav")
            if voice in bc.VX_VOICES:
                from voicefill.augment import apply_warp, draw_warp
                x = apply_warp(x, bc.SR, draw_warp(uid), uid)
        except (OSError, ValueError) as e:
            print(f"{voice}: skip {uid} ({e})", flush=True)
            continue
        out.append(np.clip(np.round(x * 32767), -32768, 32767).astype(np.int16))
    shutil.rmtree(raw)
    return out


def real_audio(corpus: Path, voice: str, n: int) -> tuple[list[np.ndarray], list[str]]:
    """Up to n kept clips of a real-speech voice (real_<source>, training/real_corpus.py), from the 16 kHz
    copies it keeps; the source's test split and held-out sources validate ("heldout"), never train."""
    from scipy.io import wavfile
    from real_corpus import clip_dir
    info = json.loads((corpus / "shards" / f"{voice}.json").read_text())
    folder = clip_dir(voice[len("real_"):])
    xs, splits = [], []
    for u in info["utterances"][:n]:
        path = folder / f"{u['id'].split('/', 1)[1]}.wav"
        if not path.exists():
            continue
        sr, x = wavfile.read(path)
        assert sr == bc.SR, f"{path}: {sr} Hz"
        xs.append(x.astype(np.int16))
        splits.append("heldout" if info["heldOut"] or u["split"] != "train" else "train")
    return xs, splits


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=HERE / "corpus")
    ap.add_argument("--out", type=Path, default=HERE / "corpus" / "vocoder.npz")
    ap.add_argument("--per-voice", type=int, default=120)
    ap.add_argument("--voices", help="comma list (default: every training voice of the corpus, plus the held-out one; "
                    "real_* voices are the kept clips of training/real_corpus.py)")
    ap.add_argument("--real-per-voice", type=int, default=400, help="clips per real-speech voice")
    args = ap.parse_args()
    stats = json.loads((args.corpus / "stats.json").read_text())
    voices = args.voices.split(",") if args.voices else sorted(v for v in stats["voices"] if v not in bc.HELD_OUT) + sorted(bc.HELD_OUT)
    voices = [v for v in voices if v in bc.VOICES or (args.corpus / "shards" / f"{v}.json").exists()]
    audio, names, splits = [], [], []
    with tempfile.TemporaryDirectory(prefix="voicefill-voc-") as tmp:
        for v in voices:
            t0 = time.time()
            if v.startswith("real_"):
                xs, sp = real_audio(args.corpus, v, args.real_per_voice)
            else:
                xs = synthesise_voice(v, utterances(args.corpus, v, args.per_voice), Path(tmp))
                sp = ["heldout" if v in bc.HELD_OUT else "train"] * len(xs)
            audio += xs
            names += [v] * len(xs)
            splits += sp
            print(f"{v}: {len(xs)} utterances, {sum(len(x) for x in xs) / bc.SR / 60:.1f} min, {time.time() - t0:.0f}s", flush=True)
    offsets = np.cumsum([0] + [len(x) for x in audio]).astype(np.int64)
    tmp_out = args.out.with_suffix(".tmp.npz")
    np.savez(tmp_out, audio=np.concatenate(audio), offsets=offsets, voices=np.asarray(names), splits=np.asarray(splits),
             sampleRate=bc.SR)
    os.replace(tmp_out, args.out)
    print(f"wrote {args.out}: {len(audio)} utterances, {offsets[-1] / bc.SR / 3600:.2f} h", flush=True)


if __name__ == "__main__":
    main()
