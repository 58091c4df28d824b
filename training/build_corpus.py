"""Build the synthetic training corpus: text -> festival/flite speech -> log-mel + frame-aligned phones.

One reproducible command (all defaults):
    /usr/bin/python3 training/build_corpus.py

Output (gitignored) in training/corpus/:
    text.json               the cleaned sentence pool with its train/test split
    shards/<voice>.npz      mel float16 [F, M] (log-mel, NOT normalised), phones uint8 [F],
                            offsets int64 [U+1] (utterance u is frames offsets[u]:offsets[u+1])
    shards/<voice>.json     per-utterance metadata: id, text, split, frames, seconds
    stats.json              per-bin mean/std over training frames, per-phone mean durations (frames),
                            voice list, hours, text source and license

Text: the King James Bible as shipped by Debian's `bible-kjv-text` (text out of copyright, 1611;
package data "for unrestricted use"), read with the `bible` program from Debian's `bible-kjv`.
Sentences are clause-split to 4-20 words; a sentence is a test sentence iff sha1(text) % 20 == 0,
so test sentences are never trained on, whatever voices are added later.

Voices (name -> engine, base voice, pitch shift in cents; pitch shifts keep tempo so timings hold):
festival kal_diphone, ked_diphone, cmu_us_slt_arctic_hts and pitch-shifted copies; flite voices
(through training/flite_segs.c) in phase 2; VX_VOICES: voice-space augmented copies; espeak_mix: espeak-ng
(training/espeak_segs.c, phoneme events) with a different accent/variant/rate/pitch per utterance (--voices all_espeak). HELD_OUT voices contribute only test utterances and are
never used for training or for the statistics.

Shapes: F = total frames of a voice, M = nMels (80), U = utterances.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from scipy.io import wavfile

sys.path.insert(0, str(Path(__file__).resolve().parent))
from voicefill import phones as ph  # noqa: E402
from voicefill.ids import stable_int  # noqa: E402
from voicefill.features import DEFAULT_FEATURES, log_mel  # noqa: E402

SR = DEFAULT_FEATURES["sampleRate"]
HOP = DEFAULT_FEATURES["hop"]
TEXT_SOURCE = "King James Version of the Bible (1611), Debian package bible-kjv-text 4.38"
TEXT_LICENSE = "public domain text (copyright expired); Debian package data 'for unrestricted use'"

# name: (engine, base voice, pitch cents)
VOICES = {
    "fest_kal": ("festival", "kal_diphone", 0),
    "fest_ked": ("festival", "ked_diphone", 0),
    "fest_slt": ("festival", "cmu_us_slt_arctic_hts", 0),
    "fest_kal_p+300": ("festival", "kal_diphone", 300),
    "fest_slt_p-300": ("festival", "cmu_us_slt_arctic_hts", -300),
    "fest_ked_p+400": ("festival", "ked_diphone", 400),
    "flite_slt": ("flite", "slt", 0),
    "flite_rms": ("flite", "rms", 0),
    "flite_kal16": ("flite", "kal16", 0),
    "flite_awb": ("flite", "awb", 0),
}
VOICE_LICENSES = {
    "espeak": "espeak-ng 1.51 voices and variants: GPL-3 (Debian main; a corpus tool only, nothing of it ships)",
    "festival": "festvox voices (kallpc16k, kdlpc16k, us-slt-hts): free use/redistribution (festvox/CMU licenses, Debian main)",
    "flite": "CMU flite voices (slt, rms, awb, kal16): BSD-style CMU license (Debian main)",
}
# Voice-space copies (training/voicefill/augment.py): same engine voice, but every utterance gets its own
# random speaker (formants, pitch, rate, level, room, noise); they add no test utterances, so the
# validation sets stay comparable across corpus versions.
VX_VOICES = {f"{v}_{tag}": v for tag in ("vx", "vx2") for v in ["fest_kal", "fest_ked", "fest_slt", "flite_rms", "flite_slt"]}
ALIASES = {"all_vx": list(VX_VOICES), "all_espeak": ["espeak_mix", "espeak_mix_vx"]}
# espeak-ng (through training/espeak_segs.c and its phoneme events): one voice name, but every utterance
# draws its own accent, variant, rate, pitch and range (see espeak_params), so it adds many speakers
# without outweighing the natural-sounding voices in the per-voice batch sampling.
VOICES["espeak_mix"] = ("espeak", "mix", 0)
VX_VOICES["espeak_mix_vx"] = "espeak_mix"
VOICES.update({vx: VOICES[v] for vx, v in VX_VOICES.items()})
ESPEAK_ACCENTS = ["en-us", "en", "en-gb-scotland", "en-gb-x-rp", "en-gb-x-gbclan", "en-gb-x-gbcwmd", "en-029",
                  "en-us-nyc"]
# Human-like variants only (no robots, whisper or effects voices).
ESPEAK_VARIANTS = ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5", "klatt", "klatt2",
                   "klatt3", "klatt4", "adam", "Alex", "Andrea", "Annie", "belinda", "benjamin", "david", "ed",
                   "edward", "Gene", "Henrique", "Jacky", "john", "Lee", "linda", "max", "Michael", "Mike",
                   "paul", "quincy", "rob", "robert", "steph", "anika", "grandma", "grandpa", "shelby",
                   "travis", "victor", "norbert"]
# Voices that add no test utterances (each utterance is its own speaker), so evaluation skips them.
NO_TEST_VOICES = set(VX_VOICES) | {"espeak_mix"}
VOICE_LICENSES["augmentation"] = ("voice-space copies made with Praat through praat-parselmouth 0.4.7 (GPL-3; a corpus "
                                  "tool only, nothing of it ships)")
HELD_OUT = {"flite_awb"}
DEFAULT_VOICES = ["fest_kal", "fest_ked", "fest_slt", "fest_kal_p+300", "fest_slt_p-300", "fest_ked_p+400"]


def sha_int(s: str) -> int:
    return stable_int(s)


def espeak_params(key: str) -> tuple[str, int, int, int]:
    """Deterministic per-utterance espeak-ng speaker: (voice+variant, rate wpm, pitch 0-100, range 0-100)."""
    h = sha_int("espeak|" + key)
    acc = ESPEAK_ACCENTS[h % len(ESPEAK_ACCENTS)]
    var = ESPEAK_VARIANTS[(h // 8) % len(ESPEAK_VARIANTS)]
    return f"{acc}+{var}", 135 + (h >> 12) % 56, 25 + (h >> 20) % 51, 20 + (h >> 28) % 61


def is_test_sentence(text: str) -> bool:
    """Deterministic held-out split by content: stable whatever the pool order or size."""
    return sha_int(text) % 20 == 0


def clean_clause(c: str) -> str | None:
    """One clause -> speakable sentence of 4-20 words, or None."""
    c = re.sub(r"[\[\]()]", "", c).strip()
    if re.search(r"[0-9]", c):
        return None
    # ALL-CAPS words (LORD) would be spelled out letter by letter by the synthesisers.
    c = re.sub(r"\b([A-Z])([A-Z]+)\b", lambda m: m.group(1) + m.group(2).lower(), c)
    c = re.sub(r"[^A-Za-z',.?! ]", " ", c)
    c = re.sub(r"\s+", " ", c).strip(" ,")
    n = len(c.split())
    if n < 4 or n > 20:
        return None
    if c[-1] not in ".?!":
        c += "."
    return c[0].upper() + c[1:]


def load_sentences() -> list[str]:
    """Unique cleaned sentences from the KJV text, in a fixed order."""
    raw = subprocess.run(["bible", "-f", "gen1:1-rev22:21"], capture_output=True, text=True, check=True).stdout
    seen, out = set(), []
    for line in raw.splitlines():
        verse = line.split(" ", 1)[1] if " " in line else ""
        for clause in re.split(r"(?<=[.;:?!])\s+", verse):
            s = clean_clause(clause.rstrip(";:"))
            if s and s.lower() not in seen:
                seen.add(s.lower())
                out.append(s)
    return out


def pick_sentences(pool: list[str], voice: str, n_train: int, n_test: int) -> list[tuple[str, str]]:
    """Per-voice sample (different sentences for each voice widens text coverage): [(split, text)]."""
    order = sorted(pool, key=lambda s: sha_int(voice + "|" + s))
    train = [s for s in order if not is_test_sentence(s)]
    test = sorted((s for s in pool if is_test_sentence(s)), key=lambda s: sha_int("test|" + s))
    picked = [] if voice in HELD_OUT else [("train", s) for s in train[:n_train]]
    return picked + [("test", s) for s in test[:n_test]]


def scheme_string(s: str) -> str:
    return '"' + s.replace("\\", " ").replace('"', " ") + '"'


def synth_festival(base: str, items: list[tuple[str, str]], raw: Path) -> None:
    """One festival process for the whole voice: u<i>.wav (riff) + u<i>.segs (phone end times)."""
    lines = [f"(voice_{base})"]
    for i, (_, text) in enumerate(items):
        w, sg = raw / f"u{i}.wav", raw / f"u{i}.segs"
        lines.append(f"(set! u (utt.synth (Utterance Text {scheme_string(text)})))")
        lines.append(f'(utt.save.wave u "{w}" \'riff)')
        lines.append(f'(utt.save.segs u "{sg}")')
    script = raw / "synth.scm"
    script.write_text("\n".join(lines) + "\n")
    subprocess.run(["festival", "-b", str(script)], check=True, stdout=subprocess.DEVNULL)


def synth_flite(base: str, items: list[tuple[str, str]], raw: Path) -> None:
    """flite through the tiny C helper flite_segs.c (built per voice), which writes the same .wav/.segs pair."""
    src = Path(__file__).resolve().parent / "flite_segs.c"
    exe = raw.parent.parent / "bin" / f"flite_segs_{base}"
    exe.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cc", "-O2", f"-DVOICE={base}", "-o", str(exe), str(src), f"-lflite_cmu_us_{base}",
                    "-lflite_usenglish", "-lflite_cmulex", "-lflite", "-lm"], check=True)
    listing = raw / "texts.txt"
    listing.write_text("".join(f"{raw / f'u{i}'}\t{t}\n" for i, (_, t) in enumerate(items)))
    subprocess.run([str(exe), str(listing)], check=True)


def synth_espeak(name: str, items: list[tuple[str, str]], raw: Path) -> None:
    """espeak-ng through the tiny C helper espeak_segs.c: u<i>.wav + u<i>.phon (phoneme start times)."""
    src = Path(__file__).resolve().parent / "espeak_segs.c"
    exe = raw.parent.parent / "bin" / "espeak_segs"
    exe.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cc", "-O2", "-o", str(exe), str(src), "-lespeak-ng"], check=True)
    rows = []
    for i, (_, t) in enumerate(items):
        voice, rate, pitch, rng = espeak_params(f"{name}/{i}")
        rows.append(f"{raw / f'u{i}'}\t{voice}\t{rate}\t{pitch}\t{rng}\t{t}\n")
    listing = raw / "texts.txt"
    listing.write_text("".join(rows))
    subprocess.run([str(exe), str(listing)], check=True)


def read_segs(path: Path) -> list[tuple[float, list[str]]]:
    """festival's .segs: header up to '#', then 'end_time 100 phone' lines -> [(end, inventory phones)]."""
    out, body = [], False
    for line in path.read_text().splitlines():
        if line.strip() == "#":
            body = True
            continue
        if body and line.strip():
            end, _, p = line.split()[:3]
            out.append((float(end), ph.festival_to_inventory(p)))
    return out


def read_phon(path: Path) -> list[tuple[float, list[str]]]:
    """espeak_segs' .phon: 'start<TAB>ipa' per phoneme, then 'end<TAB>#' -> [(end, inventory phones)].

    Audio before the first phoneme is a pause; an empty name is one of espeak-ng's pauses.
    """
    rows = [line.split("\t") for line in path.read_text().splitlines() if "\t" in line]
    if not rows or rows[-1][1] != "#":
        raise ValueError(f"{path}: no end marker")
    out = [(float(rows[0][0]), ["sil"])] if float(rows[0][0]) > 0 else []
    for (start, p), (nxt, _) in zip(rows[:-1], rows[1:]):
        if float(nxt) > float(start):
            out.append((float(nxt), ph.espeak_to_inventory(p)))
    return out


def load_audio(wav: Path, cents: int, tmp: Path) -> np.ndarray:
    """16 kHz mono float audio; sox does resampling and tempo-preserving pitch shift (no dither, so
    the same file always gives the same samples)."""
    sr, _ = wavfile.read(wav, mmap=True)
    if sr != SR or cents:
        args = ["sox", "-D", str(wav), "-r", str(SR), str(tmp)]
        if cents:
            args += ["pitch", str(cents)]
        args += ["rate", "-v", str(SR)]
        subprocess.run(args, check=True)
        wav = tmp
    sr, x = wavfile.read(wav)
    assert sr == SR, f"{wav}: sample rate {sr}"
    x = x.astype(np.float64)
    if x.ndim == 2:
        x = x.mean(axis=1)
    return x / 32768.0


def frame_phones(segs: list[tuple[float, list[str]]], n: int) -> tuple[np.ndarray, list[tuple[str, float]]]:
    """Frame i (centred at i*hop/sr) gets the phone whose interval holds that time.

    Returns ids uint8 [n] and the (phone, frames) durations of the segments.
    """
    ids = np.full(n, ph.ID["sil"], dtype=np.uint8)
    t = np.arange(n) * HOP / SR
    start, durs = 0.0, []
    for end, syms in segs:
        step = (end - start) / len(syms)
        for k, s in enumerate(syms):
            a, b = start + k * step, start + (k + 1) * step
            ids[(t >= a) & (t < b)] = ph.ID[s]
            durs.append((s, (b - a) * SR / HOP))
        start = end
    return ids, durs


def build_voice(name: str, pool: list[str], out: Path, n_train: int, n_test: int, log) -> None:
    engine, base, cents = VOICES[name]
    vx = name in VX_VOICES
    items = pick_sentences(pool, name, n_train, 0 if name in NO_TEST_VOICES else n_test)
    if vx:
        from voicefill.augment import apply_warp, draw_warp
    raw = out / "raw" / name
    shutil.rmtree(raw, ignore_errors=True)
    raw.mkdir(parents=True)
    t0 = time.time()
    if engine == "espeak":
        synth_espeak(name, items, raw)
    else:
        (synth_festival if engine == "festival" else synth_flite)(base, items, raw)
    log(f"{name}: synthesised {len(items)} utterances in {time.time() - t0:.0f}s")
    mels, phs, meta, durs, offsets = [], [], [], [], [0]
    for i, (split, text) in enumerate(items):
        try:
            x = load_audio(raw / f"u{i}.wav", cents, raw / "tmp.wav")
            segs = read_phon(raw / f"u{i}.phon") if engine == "espeak" else read_segs(raw / f"u{i}.segs")
            warp = None
            if vx:
                warp = draw_warp(f"{name}/{i}")
                x = apply_warp(x, SR, warp, f"{name}/{i}")
                segs = [(end * warp.duration, p) for end, p in segs]
            m = log_mel(x).astype(np.float16)
            ids, d = frame_phones(segs, len(m))
        except (KeyError, OSError, ValueError, subprocess.CalledProcessError) as e:
            log(f"{name}: skip u{i} ({e})")
            continue
        mels.append(m)
        phs.append(ids)
        offsets.append(offsets[-1] + len(m))
        meta.append({"id": f"{name}/{i}", "text": text, "split": split, "frames": len(m), "seconds": len(x) / SR,
                     **({"warp": warp.to_dict()} if warp else {})})
        durs.append(d)
    shards = out / "shards"
    shards.mkdir(exist_ok=True)
    np.savez(shards / f"{name}.tmp.npz", mel=np.concatenate(mels), phones=np.concatenate(phs),
             offsets=np.asarray(offsets, dtype=np.int64))
    (shards / f"{name}.json").write_text(json.dumps({"voice": name, "engine": engine, "base": base,
                                                      "pitchCents": cents, "heldOut": name in HELD_OUT,
                                                      "utterances": meta, "durations": durs}))
    os.replace(shards / f"{name}.tmp.npz", shards / f"{name}.npz")  # atomic: training never sees half a shard
    shutil.rmtree(raw)
    log(f"{name}: {len(meta)} utterances, {sum(u['seconds'] for u in meta) / 3600:.2f} h, {time.time() - t0:.0f}s")


def compute_stats(out: Path) -> dict:
    """Per-bin mean/std and per-phone mean durations over the training split of training voices."""
    s1 = np.zeros(DEFAULT_FEATURES["nMels"])
    s2 = np.zeros_like(s1)
    count = 0
    dsum: dict[str, float] = {}
    dn: dict[str, int] = {}
    voices, hours = {}, 0.0
    for js in sorted((out / "shards").glob("*.json")):
        info = json.loads(js.read_text())
        npz = js.with_suffix(".npz")
        if not npz.exists():
            continue
        utts = info["utterances"]
        h = sum(u["seconds"] for u in utts) / 3600
        voices[info["voice"]] = {"engine": info["engine"], "base": info["base"], "pitchCents": info["pitchCents"],
                                 "heldOut": info["heldOut"], "utterances": len(utts), "hours": round(h, 3)}
        if info["heldOut"]:
            continue
        hours += sum(u["seconds"] for u in utts if u["split"] == "train") / 3600
        d = np.load(npz)
        mel, off = d["mel"].astype(np.float64), d["offsets"]
        for u, dur in zip(utts, info["durations"]):
            if u["split"] != "train":
                continue
            for p, f in dur:
                dsum[p] = dsum.get(p, 0.0) + f
                dn[p] = dn.get(p, 0) + 1
        train_rows = np.concatenate([np.arange(off[i], off[i + 1]) for i, u in enumerate(utts) if u["split"] == "train"])
        m = mel[train_rows]
        s1 += m.sum(0)
        s2 += (m * m).sum(0)
        count += len(m)
    mean = s1 / max(count, 1)
    std = np.sqrt(np.maximum(s2 / max(count, 1) - mean * mean, 1e-8))
    stats = {
        "mean": [round(float(v), 6) for v in mean],
        "std": [round(float(v), 6) for v in std],
        "durations": {p: round(dsum[p] / dn[p], 3) for p in ph.SYMBOLS if p in dn},
        "trainFrames": count,
        "trainHours": round(hours, 3),
        "voices": voices,
        "heldOutVoices": sorted(v for v, i in voices.items() if i["heldOut"]),
        "textSource": TEXT_SOURCE,
        "textLicense": TEXT_LICENSE,
        "voiceLicenses": VOICE_LICENSES,
    }
    (out / "stats.json").write_text(json.dumps(stats, indent=1))
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=str(Path(__file__).resolve().parent / "corpus"))
    ap.add_argument("--voices", default=",".join(DEFAULT_VOICES),
                    help="comma list; see VOICES; all_vx = the voice-space copies; all_espeak = the espeak-ng mixes")
    ap.add_argument("--train-per-voice", type=int, default=1500)
    ap.add_argument("--test-per-voice", type=int, default=60)
    ap.add_argument("--skip-existing", action="store_true", help="keep shards already built")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    def log(msg: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {msg}", flush=True)

    pool = load_sentences()
    n_test = sum(map(is_test_sentence, pool))
    (out / "text.json").write_text(json.dumps({"source": TEXT_SOURCE, "license": TEXT_LICENSE,
                                               "sentences": pool}))
    log(f"text pool: {len(pool)} sentences ({n_test} test)")
    names = [n for v in args.voices.split(",") for n in ALIASES.get(v, [v])]
    for name in names:
        if name not in VOICES:
            sys.exit(f"unknown voice {name!r}; known: {', '.join(VOICES)}")
        if args.skip_existing and (out / "shards" / f"{name}.npz").exists():
            continue
        build_voice(name, pool, out, args.train_per_voice, args.test_per_voice, log)
        st = compute_stats(out)  # after every voice so training can start on what exists
        log(f"stats: {st['trainHours']} h of training audio over {len(st['voices'])} voices")


if __name__ == "__main__":
    main()
