"""Evaluate a model folder: mask one to three words inside test utterances and fill them with the same
words through the real engine (the CLI, i.e. the ONNX graph under onnxruntime-node), at 1-32
network calls for Euler and midpoint, same seed.

    nice -n 15 /usr/bin/python3 training/evaluate.py --model resources/models/default --n 40 \
        --out training/eval/default.json --markdown

Utterances: N from the corpus' test split (sentences never trained on) read by the model's training
voices, and N read by the held-out voice(s), picked deterministically from --seed. The corpus keeps
features, not audio, so each one is synthesised again as build_corpus.py did (same synthesiser,
voice and sox pitch shift; checked against the stored log-mel), with word times from the
synthesiser's Word relation (festival: a scheme loop; flite: flite_segs.c -DWORDS).
Plus a human set: the real recordings of one person that alsa-utils ships (/usr/share/sounds/alsa,
"Front left" ... "Side right"), three prompts in a row with the middle one masked and filled with its
own words (`apt-get install alsa-utils`; --human-dir '' leaves it out); and a second real voice, five
public-domain LibriVox clips with forced word alignments (training/eval/librivox; --librivox-dir '').

Metrics, per utterance, then per set x (solver, network calls):
  WER      pocketsphinx (bundled en-us model) word error rate against the words the synthesiser
           spoke, of the filled utterance, the untouched original, and the original resynthesised by
           the model's vocoder as the engine runs it (electron/cli/resynth.ts: the best a fill can
           sound here; records keep the key "griffinLim"); and how many masked words the transcript
           has in their place ("masked words found");
  speaker  resemblyzer (bundled weights) cosine between the region +- CONTEXT s and the rest of the
           utterance, for the fill vs. for the original (two different clips of the same voice);
  L1       mean |diff| of normalised log-mel (features.py, the manifest's mean/std) over the region;
  splice   L2 jump between adjacent normalised log-mel frames at the region's edges vs. the mean jump
           across untouched frame boundaries (voicefill/evaluation.py).
Writes OUT (JSON) and OUT.items.jsonl (one record per utterance; --resume reuses it); --markdown
also writes OUT.md, the table for the model card. Install: training/requirements-eval.txt.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

import numpy as np
from scipy.io import wavfile

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import build_corpus as bc  # noqa: E402
from voicefill import evaluation as ev  # noqa: E402
from voicefill.features import log_mel, normalise  # noqa: E402

SR = bc.SR
HOP = bc.HOP
CONTEXT = 0.25  # seconds of original audio around the region in the speaker-similarity clip
CLI = [str(REPO / "node_modules" / ".bin" / "tsx"), "electron/cli/main.ts"]  # what `npm run cli --` runs
RESYNTH = [str(REPO / "node_modules" / ".bin" / "tsx"), "electron/cli/resynth.ts"]
# Word span = end of the segment before the word's first phone .. end of its last phone.
FIRST_SEG_PREV_END = "R:SylStructure.daughter1.daughter1.R:Segment.p.end"
LAST_SEG_END = "R:SylStructure.daughtern.daughtern.R:Segment.end"
TARGETS = {"werRatio": 1.25, "speakerRatio": 0.90, "stepsL1Ratio": 1.05}
# Network calls per step: flow solvers (midpoint and Heun two), and a diffusion model's samplers (one).
CALLS_PER_STEP = {"euler": 1, "midpoint": 2, "heun": 2, "ancestral": 1, "ddim": 1}


# ---------------------------------------------------------------- utterances

def test_candidates(voice: str, corpus: Path) -> list[tuple[str, str]]:
    """[(id, text)] of test-split sentences for a voice: the corpus' own test items when its shard
    exists, else every test sentence of the text pool (a held-out voice may have no shard)."""
    meta = corpus / "shards" / f"{voice}.json"
    if meta.exists():
        return [(u["id"], u["text"]) for u in json.loads(meta.read_text())["utterances"] if u["split"] == "test"]
    text = corpus / "text.json"
    pool = json.loads(text.read_text())["sentences"] if text.exists() else bc.load_sentences()
    return [(f"{voice}/pool{i}", s) for i, s in enumerate(pool) if bc.is_test_sentence(s)]


def pick_items(voices: list[str], n: int, split: str, corpus: Path, rng: np.random.Generator) -> list[dict]:
    """n utterances, voices taken in turn, sentences drawn without replacement."""
    cands = {v: test_candidates(v, corpus) for v in voices}
    order = {v: list(rng.permutation(len(c))) for v, c in cands.items()}
    items = []
    for i in range(n):
        v = voices[i % len(voices)]
        if not order[v]:
            raise SystemExit(f"voice {v}: only {len(cands[v])} test sentences for --n {n}")
        uid, text = cands[v][order[v].pop(0)]
        items.append({"set": split, "voice": v, "id": uid, "text": text})
    return items


REAL_SETS = ("human", "librivox")  # recordings of real people
HUMAN_DIR = Path("/usr/share/sounds/alsa")  # alsa-utils' channel-test prompts: one person reading two words each


def human_items(folder: Path, work: Path, rng: np.random.Generator) -> list[dict]:
    """A real human voice (the only recordings a package ships here): every prompt in turn is masked
    between two other prompts of the same speaker ("front left | rear right | side left"); the fill
    gets the masked prompt's own words. Writes work/human-<name>/orig.wav; ASR uses the bundled
    LM (the prompts' words are not in the corpus' LM)."""
    clips = sorted(p for p in folder.glob("*.wav") if p.stem.lower() != "noise")
    speech = {}
    for p in clips:
        x = bc.load_audio(p, 0, work / "human-tmp.wav")
        env = np.convolve(np.abs(x), np.ones(160) / 160, mode="same")
        loud = np.flatnonzero(env > 0.03 * env.max())
        margin = int(0.12 * SR)  # keep some of the room around the words, as a real pause
        speech[p] = (x[max(0, loud[0] - margin):loud[-1] + margin], margin)
    items = []
    for i, p in enumerate(clips):
        others = [q for q in clips if q != p]
        a, b = (others[j] for j in rng.choice(len(others), 2, replace=False))
        parts, words, t = [], [], 0.0
        for q in (a, p, b):
            x, margin = speech[q]
            words.append((t + margin / SR * 0.75, t + (len(x) - 0.75 * margin) / SR, q.stem.replace("_", ", ").lower()))  # spoken with a pause
            parts.append(x)
            t += len(x) / SR
        d = work / f"human-{p.stem}"
        d.mkdir(parents=True, exist_ok=True)
        y = np.concatenate(parts)
        wavfile.write(d / "orig.wav", SR, np.clip(np.round(y * 32768), -32768, 32767).astype(np.int16))
        items.append({"set": "human", "voice": "alsa", "id": f"human/{p.stem}", "text": " ".join(w for *_, w in words),
                      "words": words, "span": [1, 1], "dir": d.name})
    return items


LIBRIVOX_DIR = Path(__file__).resolve().parent / "eval" / "librivox"  # public-domain reader, see its README


def librivox_items(folder: Path, work: Path, rng: np.random.Generator) -> list[dict]:
    """A second real voice: LibriVox clips with their forced word alignment; one span of 1-3 words per
    clip, two in clips longer than 5 s. Writes work/librivox-<clip>/orig.wav (shared by a clip's spans)."""
    items = []
    for js in sorted(folder.glob("*.json")):
        info = json.loads(js.read_text())
        d = work / f"librivox-{js.stem}"
        d.mkdir(parents=True, exist_ok=True)
        x = bc.load_audio(js.with_suffix(".wav"), 0, work / "librivox-tmp.wav")
        wavfile.write(d / "orig.wav", SR, np.clip(np.round(x * 32768), -32768, 32767).astype(np.int16))
        words = [tuple(w) for w in info["words"]]
        for j in range(2 if len(x) > 5 * SR else 1):
            first, count = ev.pick_span(len(words), rng)
            items.append({"set": "librivox", "voice": "librivox", "id": f"librivox/{js.stem}/{j}",
                          "text": info["text"], "words": words, "span": [int(first), int(count)], "dir": d.name})
    return items


def synth_festival_words(base: str, texts: list[str], raw: Path) -> None:
    """u<i>.wav + u<i>.words ("start\\tend\\tword") from festival's Word relation, one process."""
    lines = [f"(voice_{base})"]
    for i, text in enumerate(texts):
        lines += [f"(set! u (utt.synth (Utterance Text {bc.scheme_string(text)})))",
                  f"(utt.save.wave u \"{raw / f'u{i}.wav'}\" 'riff)",
                  f"(set! fd (fopen \"{raw / f'u{i}.words'}\" \"w\"))",
                  f"(mapcar (lambda (w) (format fd \"%s\\t%s\\t%s\\n\" (item.feat w \"{FIRST_SEG_PREV_END}\") "
                  f"(item.feat w \"{LAST_SEG_END}\") (item.name w))) (utt.relation.items u 'Word))",
                  "(fclose fd)"]
    script = raw / "words.scm"
    script.write_text("\n".join(lines) + "\n")
    subprocess.run(["festival", "-b", str(script)], check=True, stdout=subprocess.DEVNULL)


def synth_flite_words(base: str, texts: list[str], raw: Path) -> None:
    """The same pair through flite_segs.c built with -DWORDS for this voice."""
    exe = raw / f"flite_words_{base}"
    subprocess.run(["cc", "-O2", "-DWORDS", f"-DVOICE={base}", "-o", str(exe), str(HERE / "flite_segs.c"),
                    f"-lflite_cmu_us_{base}", "-lflite_usenglish", "-lflite_cmulex", "-lflite", "-lm"], check=True)
    listing = raw / "texts.txt"
    listing.write_text("".join(f"{raw / f'u{i}'}\t{t}\n" for i, t in enumerate(texts)))
    subprocess.run([str(exe), str(listing)], check=True)


def read_words(path: Path) -> list[tuple[float, float, str]]:
    out = []
    for line in path.read_text().splitlines():
        start, end, word = line.split("\t")
        if float(end) > float(start):  # a word with no phones has no time to mask
            out.append((float(start), float(end), word.lower()))
    return out


def synthesise(items: list[dict], work: Path, log) -> None:
    """Writes work/<k>/orig.wav (16 kHz 16-bit mono) for item k and sets item['words']."""
    by_voice: dict[str, list[int]] = {}
    for k, it in enumerate(items):
        by_voice.setdefault(it["voice"], []).append(k)
    for voice, ks in by_voice.items():
        if voice not in bc.VOICES:
            raise SystemExit(f"unknown voice {voice!r}; known: {', '.join(bc.VOICES)}")
        engine, base, cents = bc.VOICES[voice]
        raw = work / "raw" / voice
        raw.mkdir(parents=True, exist_ok=True)
        t0 = time.time()
        (synth_festival_words if engine == "festival" else synth_flite_words)(base, [items[k]["text"] for k in ks], raw)
        for i, k in enumerate(ks):
            x = bc.load_audio(raw / f"u{i}.wav", cents, raw / "tmp.wav")
            d = work / str(k)
            d.mkdir(exist_ok=True)
            wavfile.write(d / "orig.wav", SR, np.clip(np.round(x * 32768), -32768, 32767).astype(np.int16))
            items[k]["words"] = read_words(raw / f"u{i}.words")
        log(f"synthesised {len(ks)} utterances of {voice} in {time.time() - t0:.0f}s")


def corpus_mel_check(items: list[dict], work: Path, corpus: Path) -> None:
    """Mean |log-mel diff| between each resynthesised original and the corpus' stored features: ~0.01
    for festival voices and flite's kal16 (sox's dither differs in the last bit). flite's clustergen
    voices (awb, rms, slt) give different samples for the same text within one process (their state
    runs on across utterances), so their copies differ more (~0.2) with the same voice and timing."""
    for voice in sorted({it["voice"] for it in items}):
        npz, meta = corpus / "shards" / f"{voice}.npz", corpus / "shards" / f"{voice}.json"
        if not npz.exists():
            continue
        index = {u["id"]: i for i, u in enumerate(json.loads(meta.read_text())["utterances"])}
        d = np.load(npz)
        mel, off = d["mel"], d["offsets"]
        for k, it in enumerate(items):
            if it["voice"] == voice and it["id"] in index:
                u = index[it["id"]]
                stored = mel[off[u]:off[u + 1]].astype(np.float64)
                mine = log_mel(read_wav(work / str(k) / "orig.wav"))
                it["corpusMelDiff"] = round(float(np.abs(mine - stored).mean()), 4) if mine.shape == stored.shape else None


def read_wav(path: Path) -> np.ndarray:
    sr, x = wavfile.read(path)
    if sr != SR or x.ndim != 1 or x.dtype != np.int16:
        raise ValueError(f"{path}: expected 16-bit mono {SR} Hz (got {x.dtype}, {x.ndim} dims, {sr} Hz)")
    return x.astype(np.float64) / 32768.0


# ---------------------------------------------------------------- engine calls

def configs(nfes: list[int], solvers: list[str]) -> list[tuple[str, int]]:
    """(solver, network calls) pairs; midpoint makes 2 calls a step, so it has no 1-call setting."""
    return [(s, n) for s in solvers for n in nfes if n % CALLS_PER_STEP[s] == 0]


def cli_fill(src: Path, dst: Path, start: float, end: float, text: str, solver: str, nfe: int, seed: int,
             model: Path, threads: int, extra: list[str] | None = None, takes: int = 1) -> dict:
    """One fill through the CLI (extra: more sampler options, e.g. --cfg 2); checks the network calls
    (nfe per take; with `takes` > 1 the caller passes --takes N in extra)."""
    steps = nfe // CALLS_PER_STEP[solver]
    cmd = CLI + ["fill", str(src), "--start", f"{start:.4f}", "--end", f"{end:.4f}", "--text", text,
                 "--length", "region", "--steps", str(steps), "--solver", solver, "--seed", str(seed),
                 "--threads", str(threads), "--model", str(model), "--out", str(dst), "--json", *(extra or [])]
    p = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=900)
    if p.returncode != 0:
        raise RuntimeError(f"fill {solver} {nfe} calls: {p.stderr.strip() or p.stdout.strip()[-300:]}")
    result = json.loads(p.stdout.strip().splitlines()[-1])
    if result["networkCalls"] != nfe * takes:
        raise RuntimeError(f"fill {solver} {steps} steps made {result['networkCalls']} network calls, expected {nfe * takes}")
    return result


def corpus_lm(corpus: Path, path: Path) -> Path:
    """Writes the ASR's domain LM: every training sentence of the text pool (test sentences never
    enter it), over the words the bundled pocketsphinx dictionary can pronounce."""
    from pocketsphinx import get_model_path

    text = corpus / "text.json"
    pool = json.loads(text.read_text())["sentences"] if text.exists() else bc.load_sentences()
    with open(Path(get_model_path()) / "en-us" / "cmudict-en-us.dict") as f:
        vocab = {line.split(" ", 1)[0] for line in f if "(" not in line.split(" ", 1)[0]}
    train = [ev.normalise_words(s) for s in pool if not bc.is_test_sentence(s)]
    path.write_text(ev.bigram_arpa(train, vocab))
    return path


def resynthesise(paths: list[tuple[Path, Path]], model: Path, extra: list[str] | None = None) -> None:
    cmd = RESYNTH + ["--model", str(model)] + (extra or []) + [str(p) for pair in paths for p in pair]
    p = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"resynthesis failed: {p.stderr.strip()}")


# ---------------------------------------------------------------- ASR and speaker encoder

class Asr:
    """pocketsphinx 5 with its bundled en-us acoustic model and dictionary, and either its bundled
    general-English LM or (lm given) a bigram LM of the corpus' training sentences."""

    def __init__(self, lm: Path | None) -> None:
        from pocketsphinx import Decoder

        self.decoder = Decoder(loglevel="FATAL", **({"lm": str(lm)} if lm else {}))
        self._bundled = None if lm else self

    def bundled(self) -> "Asr":
        if self._bundled is None:
            self._bundled = Asr(None)
        return self._bundled

    @staticmethod
    def describe(lm_kind: str) -> str:
        what = "bigram LM of the corpus' training sentences (no test sentence)" if lm_kind == "corpus" else "bundled en-us LM"
        return f"pocketsphinx {version('pocketsphinx')}, bundled en-us acoustic model and dictionary, {what}"

    def __call__(self, x: np.ndarray) -> str:
        pcm = np.clip(np.round(x * 32768), -32768, 32767).astype(np.int16).tobytes()
        self.decoder.start_utt()
        self.decoder.process_raw(pcm, full_utt=True)
        self.decoder.end_utt()
        hyp = self.decoder.hyp()
        return hyp.hypstr if hyp else ""


class Speaker:
    """resemblyzer's GE2E encoder (weights ship in the package); 256-d unit embeddings."""

    MIN_SECONDS = 0.3

    def __init__(self) -> None:
        import torch
        from resemblyzer import VoiceEncoder, preprocess_wav

        torch.set_num_threads(1)  # share the machine with training
        self.encoder = VoiceEncoder("cpu", verbose=False)
        self.preprocess = preprocess_wav

    @staticmethod
    def describe() -> str:
        return f"resemblyzer {version('resemblyzer')} VoiceEncoder, bundled pretrained.pt"

    def __call__(self, x: np.ndarray) -> np.ndarray:
        w = self.preprocess(x.astype(np.float32), source_sr=SR)
        if len(w) < self.MIN_SECONDS * SR:  # its VAD trimmed a short clip to nothing: use it untrimmed
            w = x.astype(np.float32)
        return self.encoder.embed_utterance(w)


# ---------------------------------------------------------------- one utterance

def evaluate_item(item: dict, k: int, work: Path, model: Path, args, mean, std, asr: Asr, speaker: Speaker, log) -> dict:
    t0 = time.time()
    if item["set"] in REAL_SETS:  # their words are not in the corpus LM
        asr = asr.bundled()
    d = work / item.get("dir", str(k))
    rng = np.random.default_rng([args.seed, bc.sha_int(item["id"])])
    words = item["words"]
    first, count = item.get("span") or ev.pick_span(len(words), rng)
    start, end = words[first][0], words[first + count - 1][1]
    text = " ".join(w for _, _, w in words[first:first + count])
    ref = " ".join(w for _, _, w in words)
    a, b = ev.frame_range(start, end, SR, HOP)
    orig, gl = read_wav(d / "orig.wav"), read_wav(d / "gl.wav")
    f_orig, f_gl = (normalise(log_mel(x), mean, std) for x in (orig, gl))
    clip, rest = ev.clip_and_rest(orig, start, end, CONTEXT, SR)
    e_rest, e_clip = speaker(rest), speaker(clip)
    rec = {"set": item["set"], "voice": item["voice"], "id": item["id"], "text": item["text"], "reference": ref,
           "region": {"start": start, "end": end, "text": text, "words": count, "tokens": list(ev.region_token_span([w for *_, w in words], first, count)),
                      "frames": [a, b]},
           "corpusMelDiff": item.get("corpusMelDiff"),
           "original": {"hyp": asr(orig), "speaker": ev.cosine(e_clip, e_rest)},
           "griffinLim": {"hyp": asr(gl), "speaker": ev.cosine(speaker(ev.clip_and_rest(gl, start, end, CONTEXT, SR)[0]), e_rest),
                          "l1": ev.region_l1(f_gl, f_orig, a, b)},
           "embeddings": {"clip": e_clip.round(5).tolist(), "rest": e_rest.round(5).tolist()},
           "fills": []}
    rec["original"]["edge"], rec["original"]["untouched"] = ev.splice_discontinuity(f_orig, a, b)
    rec["griffinLim"]["edge"], rec["griffinLim"]["untouched"] = ev.splice_discontinuity(f_gl, a, b)
    for solver, nfe in configs(args.nfe, args.solvers):
        out = d / f"fill-{solver}-{nfe}.wav"
        res = cli_fill(d / "orig.wav", out, start, end, text, solver, nfe, args.seed, model, args.threads)
        y = read_wav(out)
        if len(y) != len(orig):
            raise RuntimeError(f"fill changed the length: {len(y)} vs {len(orig)} samples")
        f_y = normalise(log_mel(y), mean, std)
        edge, untouched = ev.splice_discontinuity(f_y, a, b)
        rec["fills"].append({"solver": solver, "networkCalls": nfe, "hyp": asr(y),
                             "speaker": ev.cosine(speaker(ev.clip_and_rest(y, start, end, CONTEXT, SR)[0]), e_rest),
                             "l1": ev.region_l1(f_y, f_orig, a, b), "edge": edge, "untouched": untouched,
                             "wallMs": res["elapsedMs"], "engineMs": res["engineMs"]})
        if not args.keep_audio:
            out.unlink()
    rec["seconds"] = round(time.time() - t0, 1)
    log(f"[{k + 1}] {item['set']} {item['id']} ({item['voice']}): '{text}' {start:.2f}-{end:.2f}s, {rec['seconds']}s")
    return rec


# ---------------------------------------------------------------- aggregation and report

def summarise(records: list[dict], cfgs: list[tuple[str, int]]) -> dict:
    """Per set: rows for original, resynthesis (the model's vocoder alone) and each (solver, calls) with
    WER, masked words found, speaker, L1, splice."""
    out = {}
    for split in ("test", "heldout", *REAL_SETS):
        recs = [r for r in records if r["set"] == split and "error" not in r]
        if not recs:
            continue
        refs = [r["reference"] for r in recs]
        sim_orig = float(np.mean([r["original"]["speaker"] for r in recs]))

        def row(rows: list[dict], wall: bool = False) -> dict:
            sim = float(np.mean([x["speaker"] for x in rows]))
            edge = [x["edge"] / x["untouched"] for x in rows]
            found = np.sum([region_found(r, x["hyp"]) for r, x in zip(recs, rows)], axis=0)
            r = {"wer": ev.wer(refs, [x["hyp"] for x in rows]), "regionFound": float(found[0] / found[1]),
                 "speaker": sim, "speakerRatio": sim / sim_orig,
                 "edge": float(np.mean([x["edge"] for x in rows])), "untouched": float(np.mean([x["untouched"] for x in rows])),
                 "edgeRatio": float(np.mean(edge))}
            if "l1" in rows[0]:
                r["l1"] = float(np.mean([x["l1"] for x in rows]))
            if wall:
                r["wallMs"] = float(np.mean([x["wallMs"] for x in rows]))
            return r

        rows = {"original": row([r["original"] for r in recs]), "resynthesis": row([r["griffinLim"] for r in recs])}
        for solver, nfe in cfgs:
            rows[f"{solver}-{nfe}"] = row([next(f for f in r["fills"] if f["solver"] == solver and f["networkCalls"] == nfe)
                                           for r in recs], wall=True)
        out[split] = {"utterances": len(recs), "voices": sorted({r["voice"] for r in recs}),
                      "crossClip": cross_clip_similarity(recs), "rows": rows}
    return out


def region_found(rec: dict, hyp: str) -> tuple[int, int]:
    """(found, total) masked words of rec's region in a transcript (records from before "tokens" was
    stored: the region's first occurrence after the reference's first word)."""
    span = rec["region"].get("tokens")
    if span is None:
        ref, want = ev.normalise_words(rec["reference"]), ev.normalise_words(rec["region"]["text"])
        s = next(i for i in range(1, len(ref)) if ref[i:i + len(want)] == want)
        span = (s, s + len(want))
    return ev.region_words_found(rec["reference"], tuple(span), hyp)


def cross_clip_similarity(recs: list[dict]) -> dict:
    """Scale for the speaker numbers: region clip of one utterance vs. the rest of another utterance of
    the same voice, and of a different voice (every ordered pair in the set)."""
    same, diff = [], []
    for i, r in enumerate(recs):
        for j, s in enumerate(recs):
            if i != j:
                c = ev.cosine(np.asarray(r["embeddings"]["clip"]), np.asarray(s["embeddings"]["rest"]))
                (same if r["voice"] == s["voice"] else diff).append(c)
    return {"sameVoice": float(np.mean(same)) if same else None, "differentVoice": float(np.mean(diff)) if diff else None}


def check_targets(summary: dict, default: str) -> dict:
    """The three pass/fail targets of the model card, on the test split at the manifest's default sampler."""
    rows = summary.get("test", {}).get("rows", {})
    out = {}
    if default in rows:
        w, w0 = rows[default]["wer"], rows["original"]["wer"]
        out["wer"] = {"what": f"test WER of fills ({default}) <= {TARGETS['werRatio']} x original's", "fill": w,
                      "original": w0, "pass": w <= TARGETS["werRatio"] * w0}
        s = rows[default]["speakerRatio"]
        out["speaker"] = {"what": f"test speaker similarity of fills ({default}) >= {TARGETS['speakerRatio']:.0%} of the original's",
                          "ratio": s, "pass": s >= TARGETS["speakerRatio"]}
        held = summary.get("heldout", {}).get("rows", {}).get(default)
        if held:
            out["speaker"]["heldOutRatio"] = held["speakerRatio"]
    if "midpoint-32" in rows and "euler-32" in rows:
        r = rows["midpoint-32"]["l1"] / rows["euler-32"]["l1"]
        out["steps"] = {"what": f"test log-mel L1 of 16-step midpoint <= {TARGETS['stepsL1Ratio']} x 32-step Euler's (both 32 network calls)",
                        "ratio": r, "pass": r <= TARGETS["stepsL1Ratio"]}
    return out


def markdown(result: dict) -> str:
    m = result["meta"]
    lines = [f"Evaluation of `{m['model']}` ({m['modelName']}, training step {m['trainingSteps']}), {m['date']}, "
             f"N = {m['n']} per set, seed {m['seed']}: `{m['command']}`", "",
             f"ASR: {m['asr']}. Speaker encoder: {m['speaker']}. Mean {m['secondsPerUtterance']:.0f} s per utterance "
             f"({len(m['configs'])} fills each).", ""]
    names = {"test": "Test split (unseen sentences, training voices)", "heldout": "Held-out voice (never trained on)",
             "human": "Human voice (alsa-utils' recorded prompts; ASR with the bundled LM)",
             "librivox": "Human voice 2 (LibriVox reader, training/eval/librivox; ASR with the bundled LM)"}
    for split, s in result["summary"].items():
        cc = s["crossClip"]
        lines += [f"**{names[split]}**: {s['utterances']} utterances, voices {', '.join(s['voices'])}; "
                  f"speaker similarity of a clip to another utterance: same voice {fmt(cc['sameVoice'])}, "
                  f"different voice {fmt(cc['differentVoice'])}.", "",
                  "| audio | network calls | WER % | masked words found % | speaker sim | sim / original | log-mel L1 | edge jump | edge / untouched | ms per fill |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for name, r in s["rows"].items():
            solver, _, nfe = name.partition("-")
            if name in ("original", "resynthesis"):
                solver, nfe = name, "–"
            lines.append(f"| {solver} | {nfe} | {100 * r['wer']:.1f} | {100 * r['regionFound']:.0f} | {r['speaker']:.3f} | {r['speakerRatio']:.3f} | "
                         f"{fmt(r.get('l1'))} | {r['edge']:.2f} | {r['edgeRatio']:.2f} | {fmt(r.get('wallMs'), 0)} |")
        lines.append("")
    lines.append("Targets (test split, default sampler " + result["meta"]["defaultConfig"] + "):")
    for t in result["targets"].values():
        val = ", ".join(f"{k} {v:.3f}" for k, v in t.items() if isinstance(v, float))
        lines.append(f"- {'PASS' if t['pass'] else 'FAIL'}: {t['what']} ({val})")
    if result["failures"]:
        lines.append(f"- {len(result['failures'])} utterance(s) failed and are left out: "
                     + "; ".join(f"{f['id']}: {f['error']}" for f in result["failures"][:5]))
    return "\n".join(lines) + "\n"


def fmt(v, digits: int = 3) -> str:
    return "–" if v is None else f"{v:.{digits}f}"


# ---------------------------------------------------------------- main

def files_hash(folder: Path) -> str:
    """Identity of a model: its manifest and graphs (not its model card)."""
    files = [folder / "manifest.json"] + sorted(folder.glob("*.onnx"))
    return hashlib.sha1(b"".join(p.read_bytes() for p in files)).hexdigest()[:12]


def model_voices(manifest: dict, stats: Path) -> list[str]:
    voices = (manifest.get("provenance") or {}).get("voices") or []
    if not voices and stats.exists():
        voices = [v for v, i in json.loads(stats.read_text())["voices"].items() if not i["heldOut"]]
    # Voice-space copies and espeak-ng mixes have no test utterances: each utterance is a different speaker.
    return sorted(v for v in voices if v not in bc.NO_TEST_VOICES) or list(bc.DEFAULT_VOICES)


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", type=Path, default=REPO / "resources" / "models" / "default")
    ap.add_argument("--n", type=int, default=40, help="utterances per set (test split, held-out voice)")
    ap.add_argument("--out", type=Path, required=True, help="result JSON; OUT.md and OUT.items.jsonl beside it")
    ap.add_argument("--markdown", action="store_true", help="also write OUT.md (model-card table)")
    ap.add_argument("--seed", type=int, default=1, help="picks utterances and spans, and seeds every fill")
    ap.add_argument("--nfe", default="1,2,4,8,16,32", help="network calls per fill (midpoint: 2 per step)")
    ap.add_argument("--solvers", default="euler,midpoint")
    ap.add_argument("--train-voices", help="comma list (default: the manifest's provenance.voices)")
    ap.add_argument("--heldout-voices", default=",".join(sorted(bc.HELD_OUT)))
    ap.add_argument("--corpus", type=Path, default=HERE / "corpus")
    ap.add_argument("--asr-lm", choices=["corpus", "bundled"], default="corpus",
                    help="ASR language model: bigram of the training sentences, or pocketsphinx's general English")
    ap.add_argument("--threads", type=int, default=1, help="onnxruntime threads per fill")
    ap.add_argument("--resume", action="store_true", help="reuse OUT.items.jsonl records of the same settings")
    ap.add_argument("--keep-audio", type=Path, metavar="DIR", help="keep originals and fills in DIR")
    ap.add_argument("--human-dir", default=str(HUMAN_DIR),
                    help="folder of real recordings (alsa-utils' prompts); '' to leave the human set out")
    ap.add_argument("--librivox-dir", default=str(LIBRIVOX_DIR),
                    help="folder of aligned LibriVox clips (wav + json); '' to leave that set out")
    args = ap.parse_args()
    args.nfe = [int(v) for v in args.nfe.split(",")]
    args.solvers = args.solvers.split(",")
    if bad := [s for s in args.solvers if s not in CALLS_PER_STEP]:
        sys.exit(f"--solvers: unknown {', '.join(bad)} ({', '.join(CALLS_PER_STEP)})")
    args.model = args.model.resolve()
    if not (args.model / "manifest.json").exists():
        sys.exit(f"--model {args.model}: no manifest.json")
    return args


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="voicefill-eval-") as tmp:
        # Fill from a snapshot: a re-export of the model mid-run must not mix two models' results.
        model = Path(shutil.copytree(args.model, Path(tmp) / "model"))
        work = args.keep_audio.resolve() if args.keep_audio else Path(tmp) / "work"
        work.mkdir(parents=True, exist_ok=True)
        run(args, model, work)


def run(args: argparse.Namespace, model: Path, work: Path) -> None:
    manifest = json.loads((model / "manifest.json").read_text())
    mean, std = manifest["features"]["mean"], manifest["features"]["std"]
    sampler = manifest["sampler"]
    default = f"{sampler['solver']}-{sampler['steps'] * CALLS_PER_STEP[sampler['solver']]}"
    cfgs = configs(args.nfe, args.solvers)

    def log(msg: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {msg}", flush=True)

    train_voices = args.train_voices.split(",") if args.train_voices else model_voices(manifest, args.corpus / "stats.json")
    heldout = [v for v in args.heldout_voices.split(",") if v]
    rng = np.random.default_rng(args.seed)
    items = pick_items(train_voices, args.n, "test", args.corpus, rng)
    if heldout:
        items += pick_items(heldout, args.n, "heldout", args.corpus, rng)

    # Records are reused only for the same model files, settings and utterance.
    model_hash = files_hash(model)
    key = f"{model_hash}|{args.seed}|{cfgs}|{args.asr_lm}"
    items_path = args.out.with_suffix(".items.jsonl")
    done = {}
    if args.resume and items_path.exists():
        for line in items_path.read_text().splitlines():
            r = json.loads(line)
            if r.get("key") == key:
                done[r["id"]] = r
    args.out.parent.mkdir(parents=True, exist_ok=True)
    todo = [it for it in items if it["id"] not in done]
    log(f"{len(items)} utterances ({len(done)} from a previous run), {len(cfgs)} fills each, model {args.model} ({model_hash})")

    records = [done[it["id"]] for it in items if it["id"] in done]
    started = time.time()
    human = []
    if args.human_dir and Path(args.human_dir).is_dir():
        human = [it for it in human_items(Path(args.human_dir), work, rng) if it["id"] not in done]
        records += [done[h] for h in done if h.startswith("human/")]
    if args.librivox_dir and Path(args.librivox_dir).is_dir():
        # Own generator: the same spans whatever --n is, so small and full runs compare on this set.
        lrng = np.random.default_rng([args.seed, bc.sha_int("librivox")])
        human += [it for it in librivox_items(Path(args.librivox_dir), work, lrng) if it["id"] not in done]
        records += [done[h] for h in done if h.startswith("librivox/")]
    if todo or human:
        synthesise(todo, work, log)
        todo += human
        corpus_mel_check(todo, work, args.corpus)
        dirs = [work / it.get("dir", str(k)) for k, it in enumerate(todo)]
        resynthesise([(d / "orig.wav", d / "gl.wav") for d in dirs], model)
        asr = Asr(corpus_lm(args.corpus, work / "corpus.arpa") if args.asr_lm == "corpus" else None)
        speaker = Speaker()
        with items_path.open("a" if done else "w") as f:
            for k, it in enumerate(todo):
                try:
                    rec = evaluate_item(it, k, work, model, args, mean, std, asr, speaker, log)
                except (RuntimeError, ValueError, subprocess.TimeoutExpired) as e:
                    rec = {"set": it["set"], "voice": it["voice"], "id": it["id"], "text": it["text"], "error": str(e)}
                    log(f"[{k + 1}] {it['id']}: FAILED {e}")
                rec["key"] = key
                f.write(json.dumps(rec) + "\n")
                f.flush()
                records.append(rec)

    ok = [r for r in records if "error" not in r]
    summary = summarise(ok, cfgs)
    # --resume only reuses records of identical settings, so the command shown leaves it out.
    meta = {"command": shlex.join(["/usr/bin/python3"] + [str(Path(sys.argv[0]))] + [a for a in sys.argv[1:] if a != "--resume"]),
            "model": str(args.model.relative_to(REPO) if args.model.is_relative_to(REPO) else args.model),
            "modelName": manifest.get("name", ""), "modelHash": model_hash,
            "trainingSteps": (manifest.get("provenance") or {}).get("trainingSteps"),
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "n": args.n, "seed": args.seed,
            "configs": [f"{s}-{n}" for s, n in cfgs], "defaultConfig": default, "trainVoices": train_voices,
            "heldOutVoices": heldout, "context": CONTEXT,
            "asr": Asr.describe(args.asr_lm), "speaker": Speaker.describe(),
            "secondsPerUtterance": float(np.mean([r["seconds"] for r in ok])) if ok else 0.0,
            "wallSeconds": round(time.time() - started, 1)}
    result = {"meta": meta, "summary": summary, "targets": check_targets(summary, default),
              "failures": [{"id": r["id"], "error": r["error"]} for r in records if "error" in r],
              "utterances": [{k: v for k, v in r.items() if k not in ("embeddings", "key")} for r in records]}
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    if args.markdown:
        md = markdown(result)
        args.out.with_suffix(".md").write_text(md)
        print(md)
    log(f"wrote {args.out}")


if __name__ == "__main__":
    main()
