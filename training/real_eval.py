"""Real voices, judged by a real recogniser: mask one to three words inside real recordings, fill them with
the same words through the CLI over several seeds, and measure what a listener would.

    nice -n 10 /usr/bin/python3 training/real_eval.py --model resources/models/default --n 24 --seeds 4 \
        --out training/eval/real.json --markdown

Sets: the held-out LibriSpeech speakers (training/real/librispeech_rz_test.json, clips made by
`training/real_corpus.py --source librispeech_rz_test`; never trained on) and the five LibriVox clips
(training/eval/librivox). Cases are picked by --seed, spans by a stable hash of the clip, so runs compare.
Each case is filled at the CLI's defaults (the manifest's sampler) and at --steps-check steps, once per seed.

Per set, reported against the untouched recording (targets of the real-voices issue):
  heard     share of the masked words Whisper base hears in their place, per take (mean over takes);
            original: the same for the recording; target fill >= 0.97 x original
  speaker   resemblyzer cosine of the region +- 0.25 s against the rest of the clip; target >= 0.95 x original's
  steps     region log-mel L1 (vs the recording) at the default steps over that at --steps-check; target <= 1.05
  room      2-7 kHz level of the quietest 10 % of the region's frames, fill minus original (dB); target |.| <= 4
With --files A B … the cases are your own recordings instead (any format and rate the CLI reads): Whisper
transcribes each, --per-file spans of one to three words are masked by Whisper's word times (as a judge
with only a recogniser would), filled in the file itself, and both are measured at 16 kHz mono.
With --swap each region is given other words (an edit rather than a repair) and heard counts those;
Whisper's language model then no longer helps the fill, so the rate is lower than the same-words one.
With --whisper-times --rate 8000 the clips are first copied at 8 kHz (telephone audio) and the copies are judged;
with --whisper-times --noise 15, copies with pink noise 15 dB under the speech (a noisy room).
With --insert the masked words are first deleted from the recording (the CLI's delete: a crossfaded cut)
and then inserted back at the cut through the CLI (start = end: natural length at the speaker's tempo), as a
user restoring a dropped phrase would; heard counts them, and "length" is the median |log(inserted / the
speaker's own span)|. The speaker and room measures follow the inserted span; L1 needs equal lengths (NaN).
Writes OUT (JSON, every take) and with --markdown OUT.md.
"""
from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import evaluate as E  # noqa: E402
from voicefill import evaluation as ev  # noqa: E402
from voicefill.asr import Whisper  # noqa: E402
from voicefill.features import log_mel, normalise  # noqa: E402
from voicefill.ids import stable_int  # noqa: E402

SR, HOP = E.SR, E.HOP
TARGETS = {"heardRatio": 0.97, "speakerRatio": 0.95, "stepsRatio": 1.05, "roomDb": 4.0}
ROOM_BAND = (2000.0, 7000.0)
ROOM_QUIET = 0.10


def real_cases(record: Path, clips: Path) -> list[dict]:
    """Kept utterances of a real_corpus source: {id, wav, words [[start, end, word]], speaker}."""
    d = json.loads(record.read_text())
    out = []
    for u in d["utterances"]:
        wav = clips / f"{Path(u['file']).stem}.wav"
        if u.get("rejected") or "alignment" not in u or not wav.exists():
            continue
        words = [[s, e, w.split("(")[0]] for s, e, w in u["alignment"]["words"] if not w.startswith("<")]
        out.append({"id": Path(u["file"]).stem, "wav": wav, "words": words, "speaker": u["speaker"]})
    return out


def librivox_cases(folder: Path) -> list[dict]:
    out = []
    for js in sorted(folder.glob("*.json")):
        d = json.loads(js.read_text())
        out.append({"id": js.stem, "wav": js.with_suffix(".wav"), "words": d["words"], "speaker": "librivox"})
    return out


def pick(cases: list[dict], n: int, seed: int) -> list[dict]:
    """n cases spread over speakers: round-robin over speakers, each speaker's clips in a seeded order."""
    by: dict[str, list[dict]] = {}
    for c in sorted(cases, key=lambda c: stable_int(f"{seed}|{c['id']}")):
        by.setdefault(c["speaker"], []).append(c)
    order = sorted(by, key=lambda s: stable_int(f"{seed}|spk|{s}"))
    out = []
    while len(out) < n and any(by.values()):
        for s in order:
            if by[s] and len(out) < n:
                out.append(by[s].pop(0))
    return out


def room_level(x: np.ndarray, start: float, end: float) -> float:
    """dB of the mean 2-7 kHz power of the quietest ROOM_QUIET of frames (512-point, hop 128) in [start, end]."""
    n, hop = 512, 128
    seg = x[int(start * SR): int(end * SR)].astype(np.float64)
    if len(seg) < n:
        seg = np.pad(seg, (0, n - len(seg)))
    w = np.hanning(n)
    frames = np.lib.stride_tricks.sliding_window_view(seg, n)[::hop] * w
    spec = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    f = np.fft.rfftfreq(n, 1 / SR)
    band = spec[:, (f >= ROOM_BAND[0]) & (f < ROOM_BAND[1])].mean(axis=1)
    quiet = np.sort(band)[: max(1, int(round(len(band) * ROOM_QUIET)))]
    return float(10 * np.log10(quiet.mean() + 1e-20))


def case_span(c: dict, seed: int) -> tuple[float, float, str, list[str], tuple[int, int]]:
    """The words a case masks (picked by seed and case id): start, end, their text, the whole
    transcript as spoken words and the masked words' [start, stop) among them."""
    words = c["words"]
    rng = np.random.default_rng([seed, stable_int(c["id"])])
    first, count = ev.pick_span(len(words), rng)
    start, end = words[first][0], words[first + count - 1][1]
    text = " ".join(w for _, _, w in words[first:first + count])
    ref = [w for _, _, w in words]
    span = (len(ev.spoken_words(" ".join(ref[:first]))), len(ev.spoken_words(" ".join(ref[:first + count]))))
    return start, end, text, ev.spoken_words(" ".join(ref)), span


def rate_copy(src: Path, dst: Path, rate: int) -> Path:
    """src as 16-bit mono WAV at `rate` (--rate: the evaluation clips as telephone audio, say)."""
    import soundfile as sf
    from math import gcd
    from scipy.signal import resample_poly
    x, sr = sf.read(str(src), dtype="float64", always_2d=True)
    x = x.mean(axis=1)
    if sr != rate:
        g = gcd(int(sr), rate)
        x = resample_poly(x, rate // g, int(sr) // g)
    sf.write(str(dst), x, rate, subtype="PCM_16")
    return dst


def noise_copy(src: Path, dst: Path, snr_db: float) -> Path:
    """src with pink noise `snr_db` under its active speech level (--noise: a noisy room), 16-bit, same rate.
    The noise is seeded by the file's name, so every run and every engine hears the same recording."""
    import soundfile as sf
    import zlib
    x, sr = sf.read(str(src), dtype="float64", always_2d=True)
    x = x.mean(axis=1)
    rng = np.random.default_rng(zlib.crc32(src.stem.encode()))
    spec = np.fft.rfft(rng.standard_normal(len(x)))
    f = np.maximum(np.fft.rfftfreq(len(x), 1 / sr), 20.0)
    pink = np.fft.irfft(spec / np.sqrt(f), len(x))
    hop = 256
    frames = np.array([np.mean(x[i:i + hop] ** 2) for i in range(0, len(x) - hop, hop)])
    active = frames[frames > frames.max() * 1e-3]
    speech_rms = np.sqrt(active.mean())
    y = x + pink * speech_rms / np.sqrt(np.mean(pink ** 2)) * 10 ** (-snr_db / 20)
    y = y / max(1.0, np.abs(y).max() / 0.99)
    sf.write(str(dst), y, sr, subtype="PCM_16")
    return dst


def analysis_copy(src: Path, dst: Path) -> Path:
    """src as 16-bit mono 16 kHz WAV (what the measures read), whatever its format, rate and channels."""
    import soundfile as sf
    from scipy.signal import resample_poly
    x, sr = sf.read(str(src), dtype="float64", always_2d=True)
    x = x.mean(axis=1)
    if sr != SR:
        from math import gcd
        g = gcd(int(sr), SR)
        x = resample_poly(x, SR // g, int(sr) // g)
    E.wavfile.write(dst, SR, (np.clip(x, -1, 32767 / 32768) * 32768).astype(np.int16))
    return dst


def file_cases(files: list[Path], per_file: int, asr: Whisper, work: Path) -> list[dict]:
    """--files: cases from the user's recordings, words and times by Whisper (per_file spans each)."""
    out = []
    for f in files:
        copy = analysis_copy(f, work / f"{f.stem}-16k.wav")
        words = []
        for w, a, b, _ in asr(str(copy))["words"]:
            sp = ev.spoken_words(w)
            if sp:
                words.append([float(a), float(b), " ".join(sp)])
        if len(words) < 3:
            print(f"skipped {f}: Whisper heard {len(words)} words", flush=True)
            continue
        for k in range(per_file):
            out.append({"id": f"{f.stem}#{k}", "wav": f, "analysis": copy, "words": words, "speaker": f.stem})
    return out


def eval_sets(n: int, seed: int) -> dict[str, list[dict]]:
    return {
        "librispeech-heldout": pick(real_cases(HERE / "real" / "librispeech_rz_test.json",
                                               HERE / "data" / "real" / "librispeech_rz_test"), n, seed),
        "librivox": librivox_cases(HERE / "eval" / "librivox"),
    }


def swap_texts(cases: list[dict], seed: int) -> dict[str, str]:
    """For --swap: each case's region gets the words of the case in its set whose span is closest in length
    (ties by order), so the new words fit the region about as well as the old ones; never the same words."""
    spans = {c["id"]: case_span(c, seed) for c in cases}
    out = {}
    for c in cases:
        s, e, text = spans[c["id"]][:3]
        others = [o for o in cases if ev.spoken_words(spans[o["id"]][2]) != ev.spoken_words(text)]
        if others:
            best = min(others, key=lambda o: abs((spans[o["id"]][1] - spans[o["id"]][0]) - (e - s)))
            out[c["id"]] = spans[best["id"]][2]
    return out


def swapped(ref_sp: list[str], span: tuple[int, int], new_text: str) -> tuple[list[str], tuple[int, int]]:
    """The transcript with the masked words replaced by new_text, and the new words' [start, stop)."""
    new = ev.spoken_words(new_text)
    return ref_sp[:span[0]] + new + ref_sp[span[1]:], (span[0], span[0] + len(new))


def rescore(path: Path, markdown: bool) -> None:
    """Count the heard words of a finished run again from its stored transcripts (after a change to
    the counting, e.g. spelled_like_ref), with the cases and spans its own command picked."""
    result = json.loads(path.read_text())
    cmd = shlex.split(result["meta"]["command"])
    args_at = next(i for i, a in enumerate(cmd) if a.endswith("real_eval.py")) + 1
    opts, _ = build_parser().parse_known_args(cmd[args_at:])
    cases = {(name, c["id"]): c for name, cs in eval_sets(opts.n, opts.seed).items() for c in cs}
    for rec in result["records"]:
        _, _, text, ref_sp, span = case_span(cases[(rec["set"], rec["id"])], opts.seed)
        assert text == rec["text"], (rec["id"], text, rec["text"])
        rec["original"]["heard"] = heard(ref_sp, span, rec["original"]["hyp"])
        if "newText" in rec:
            ref_sp, span = swapped(ref_sp, span, rec["newText"])
        for t in rec["takes"]:
            t["heard"] = heard(ref_sp, span, t["hyp"])
    result["summary"] = summarise(result["records"])
    result["meta"]["rescored"] = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    path.write_text(json.dumps(result, indent=1))
    print(table(result))
    if markdown:
        path.with_suffix(".md").write_text(table(result) + "\n")


def heard(ref_words: list[str], span: tuple[int, int], hyp: str) -> tuple[int, int]:
    found = ev.matched_ref_words(*ev.spelled_like_ref(ref_words, ev.spoken_words(hyp)))
    return sum(found[span[0]:span[1]]), span[1] - span[0]


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default=str(E.REPO / "resources" / "models" / "default"))
    ap.add_argument("--n", type=int, default=24, help="held-out LibriSpeech cases (LibriVox clips are all used)")
    ap.add_argument("--seeds", type=int, default=4)
    ap.add_argument("--seed", type=int, default=0, help="picks the cases and spans")
    ap.add_argument("--steps-check", type=int, default=32, help="steps of the comparison fill (0: none)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", default=str(HERE / "eval" / "real.json"))
    ap.add_argument("--work", default="/tmp/voicefill-real-eval")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--extra", default="", help="more CLI fill options, e.g. '--takes 4'")
    ap.add_argument("--swap", nargs="?", const="nearest", metavar="JSON",
                    help="say other words in each region and count those: from JSON's swaps (case id -> words, e.g. "
                         "training/eval/swaps.json) or, alone, the masked words of the case in the same set whose span "
                         "is closest in length")
    ap.add_argument("--insert", action="store_true",
                    help="delete the masked words, then insert them back at the cut (natural length) and judge that")
    ap.add_argument("--files", type=Path, nargs="+", metavar="AUDIO",
                    help="judge fills in these recordings instead of the two built-in sets (any format the CLI reads)")
    ap.add_argument("--per-file", type=int, default=2, help="with --files: spans masked per recording")
    ap.add_argument("--whisper-times", action="store_true",
                    help="the built-in sets' clips as --files (one span each): spans masked by Whisper's word times, "
                         "as a judge with only a recogniser would mask them, instead of the clips' forced alignment")
    ap.add_argument("--rate", type=int, metavar="HZ",
                    help="with --whisper-times: copy the clips at this sample rate first (16-bit mono, e.g. 8000 for "
                         "telephone audio) and mask and fill the copies")
    ap.add_argument("--noise", type=float, metavar="SNR_DB",
                    help="with --whisper-times: add pink noise this many dB under the speech first (a noisy room; seeded "
                         "per clip) and mask and fill the noisy copies")
    ap.add_argument("--keep", action="store_true", help="keep every take's WAV in --work (for listening or analysis)")
    ap.add_argument("--rescore", type=Path, metavar="JSON",
                    help="count heard words again in a finished run's JSON from its stored transcripts, and stop")
    return ap


def main() -> None:
    args = build_parser().parse_args()
    if args.rescore:
        rescore(args.rescore, args.markdown)
        return
    model = Path(args.model).resolve()
    man = json.loads((model / "manifest.json").read_text())
    mean, std = man["features"]["mean"], man["features"]["std"]
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    from evaluate import Speaker
    speaker = Speaker()
    t_start = time.time()
    records = []
    with Whisper(threads=args.threads) as asr:
        files = [f.resolve() for f in args.files] if args.files else []
        if args.whisper_times:
            files = [Path(c["wav"]) for cases in eval_sets(args.n, args.seed).values() for c in cases]
            args.per_file = 1
            if args.rate:
                (work / f"rate-{args.rate}").mkdir(exist_ok=True)
                files = [rate_copy(f, work / f"rate-{args.rate}" / f"{f.stem}.wav", args.rate) for f in files]
            if args.noise is not None:
                (work / f"noise-{args.noise:g}").mkdir(exist_ok=True)
                files = [noise_copy(f, work / f"noise-{args.noise:g}" / f"{f.stem}.wav", args.noise) for f in files]
        sets = {"files": file_cases(files, args.per_file, asr, work)} if files else eval_sets(args.n, args.seed)
        for set_name, cases in sets.items():
            swaps = {}
            if args.swap == "nearest":
                swaps = swap_texts(cases, args.seed)
            elif args.swap:
                swaps = json.loads(Path(args.swap).read_text())["swaps"]
            for k, c in enumerate(cases):
                t0 = time.time()
                x = E.read_wav(c.get("analysis", c["wav"]))
                start, end, text, ref_sp, span = case_span(c, args.seed)
                a, b = ev.frame_range(start, end, SR, HOP)
                f_x = normalise(log_mel(x), mean, std)
                clip, rest = ev.clip_and_rest(x, start, end, E.CONTEXT, SR)
                e_rest = speaker(rest)
                rec = {"set": set_name, "id": c["id"], "speaker": c["speaker"], "text": text, "start": start, "end": end,
                       "original": {"hyp": asr.text(x), "speaker": ev.cosine(speaker(clip), e_rest), "room": room_level(x, start, end)},
                       "takes": []}
                rec["original"]["heard"] = heard(ref_sp, span, rec["original"]["hyp"])
                fill_text = text
                if c["id"] in swaps:
                    fill_text = rec["newText"] = swaps[c["id"]]
                    ref_sp, span = swapped(ref_sp, span, fill_text)
                source, fill_end = c["wav"], end
                if args.insert:
                    # The recording without the words (the CLI's own delete), then the words put back at the cut.
                    source = work / f"{c['id']}-cut.wav"
                    p = E.subprocess.run(E.CLI + ["fill", str(c["wav"]), "--start", f"{start:.4f}", "--end", f"{end:.4f}", "--text", "",
                                                  "--model", str(model), "--out", str(source), "--json"],
                                         cwd=E.REPO, capture_output=True, text=True, timeout=900)
                    if p.returncode != 0:
                        raise RuntimeError(f"delete failed: {p.stderr.strip()[-300:]}")
                    fill_end = start
                for seed in range(1, args.seeds + 1):
                    for steps in [None] + ([args.steps_check] if args.steps_check else []):
                        out = work / f"{c['id']}-{seed}-{steps or 'default'}.wav"
                        extra = (["--steps", str(steps)] if steps else []) + args.extra.split()
                        cmd = E.CLI + ["fill", str(source), "--start", f"{start:.4f}", "--end", f"{fill_end:.4f}", "--text", fill_text,
                                       "--seed", str(seed), "--threads", str(args.threads), "--model", str(model),
                                       "--out", str(out), "--json", *extra]
                        p = E.subprocess.run(cmd, cwd=E.REPO, capture_output=True, text=True, timeout=900)
                        if p.returncode != 0:
                            raise RuntimeError(f"fill failed: {p.stderr.strip()[-300:]}")
                        result = json.loads(p.stdout.strip().splitlines()[-1])
                        calls = result["networkCalls"]
                        y = E.read_wav(analysis_copy(out, work / "take-16k.wav") if "analysis" in c else out)
                        f_y = normalise(log_mel(y), mean, std)
                        hyp = asr.text(y)
                        # A fill at natural length (--extra '--length natural') moves the region's end: the speaker
                        # and room measures follow it; the frame-by-frame L1 needs equal lengths (NaN otherwise).
                        end_y = end + (len(y) - len(x)) / SR
                        rec["takes"].append({"seed": seed, "steps": steps or "default", "hyp": hyp, "heard": heard(ref_sp, span, hyp),
                                             "speaker": ev.cosine(speaker(ev.clip_and_rest(y, start, end_y, E.CONTEXT, SR)[0]), e_rest),
                                             "l1": ev.region_l1(f_y, f_x, a, b) if f_y.shape == f_x.shape else float("nan"),
                                             "lengthRatio": (end_y - start) / max(end - start, 1e-3),
                                             "room": room_level(y, start, end_y), "calls": calls,
                                             "narrowed": result["regions"][0].get("narrowed"),
                                             **({"checked": result["checked"]} if "checked" in result else {})})
                        if not args.keep:
                            out.unlink()
                records.append(rec)
                d = [t for t in rec["takes"] if t["steps"] == "default"]
                print(f"[{set_name} {k + 1}/{len(cases)}] {c['id']} '{text}'"
                      f"{' -> ' + repr(fill_text) if fill_text != text else ''}: heard "
                      f"{sum(t['heard'][0] for t in d)}/{sum(t['heard'][1] for t in d)} (orig {rec['original']['heard'][0]}/"
                      f"{rec['original']['heard'][1]}), {time.time() - t0:.0f}s", flush=True)
    summary = summarise(records)
    result = {"meta": {"model": str(model), "modelName": man.get("name"), "trainingSteps": man.get("provenance", {}).get("trainingSteps"),
                       "date": datetime.now(timezone.utc).strftime("%Y-%m-%d"), "command": " ".join(["/usr/bin/python3"] + sys.argv),
                       "asr": Whisper.describe(), "speakerEncoder": Speaker.describe(), "seeds": args.seeds,
                       "minutes": round((time.time() - t_start) / 60, 1), "targets": TARGETS},
              "summary": summary, "records": records}
    Path(args.out).write_text(json.dumps(result, indent=1))
    print(table(result))
    if args.markdown:
        Path(args.out).with_suffix(".md").write_text(table(result) + "\n")


def summarise(records: list[dict]) -> dict:
    out = {}
    for s in sorted({r["set"] for r in records}):
        recs = [r for r in records if r["set"] == s]
        o = np.sum([r["original"]["heard"] for r in recs], axis=0)
        row = {"cases": len(recs), "originalHeard": float(o[0] / o[1]),
               "originalSpeaker": float(np.mean([r["original"]["speaker"] for r in recs]))}
        for steps in sorted({str(t["steps"]) for r in recs for t in r["takes"]}):
            takes = [(r, t) for r in recs for t in r["takes"] if str(t["steps"]) == steps]
            h = np.sum([t["heard"] for _, t in takes], axis=0)
            per_take = [t["heard"][0] == t["heard"][1] for _, t in takes]
            room = [t["room"] - r["original"]["room"] for r, t in takes]
            row[f"steps={steps}"] = {
                "takes": len(takes), "heard": float(h[0] / h[1]), "heardRatio": float(h[0] / h[1]) / max(1e-9, row["originalHeard"]),
                "takesAllHeard": float(np.mean(per_take)),
                "speaker": float(np.mean([t["speaker"] for _, t in takes])),
                "speakerRatio": float(np.mean([t["speaker"] for _, t in takes])) / row["originalSpeaker"],
                "l1": float(np.mean([t["l1"] for _, t in takes])),
                "calls": float(np.mean([t.get("calls", 0) for _, t in takes])),
                "roomDb": float(np.mean(room)), "roomAbsDb": float(np.mean(np.abs(room))),
                **({"narrowed": float(np.mean([bool(t["narrowed"]) for _, t in takes]))} if all("narrowed" in t for _, t in takes) else {}),
                "roomWithin4": float(np.mean(np.abs(room) <= TARGETS["roomDb"])),
                # with a length change (natural length): median |log(filled span / original span)|
                **({"lengthAbsLog": float(np.median([abs(np.log(t["lengthRatio"])) for _, t in takes]))}
                   if all("lengthRatio" in t for _, t in takes) else {}),
            }
        keys = [k for k in row if k.startswith("steps=")]
        if "steps=default" in row and len(keys) == 2:
            other = next(k for k in keys if k != "steps=default")
            row["stepsRatio"] = row["steps=default"]["l1"] / row[other]["l1"]
        out[s] = row
    return out


def table(result: dict) -> str:
    m = result["meta"]
    lines = [f"Real voices: `{m['model']}` (step {m['trainingSteps']}), {m['date']}, {m['seeds']} seeds per case; "
             f"ASR {m['asr']}; `{m['command']}`", "",
             "| set | cases | setting | words heard (orig) | ratio | takes all heard | speaker (orig) | ratio | L1 | room dB (|.|, within 4 dB) |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for s, row in result["summary"].items():
        for k, r in row.items():
            if not k.startswith("steps="):
                continue
            lines.append(f"| {s} | {row['cases']} | {k} | {r['heard']:.3f} ({row['originalHeard']:.3f}) | {r['heardRatio']:.3f} | "
                         f"{r['takesAllHeard']:.2f} | {r['speaker']:.3f} ({row['originalSpeaker']:.3f}) | {r['speakerRatio']:.3f} | "
                         f"{r['l1']:.3f} | {r['roomDb']:+.1f} ({r['roomAbsDb']:.1f}, {r['roomWithin4']:.0%}) |")
        if "stepsRatio" in row:
            lines.append(f"| {s} | | default / check L1 | | {row['stepsRatio']:.3f} | | | | | |")
    narrowed = [f"{s} {r['narrowed']:.0%}" for s, row in result["summary"].items() for k, r in row.items()
                if k.startswith("steps=") and "narrowed" in r]
    if narrowed:
        lines += ["", "Takes generated only where the region's words are said (the engine's narrowing, edit/said.ts): " + ", ".join(narrowed) + "."]
    lengths = [f"{s} {r['lengthAbsLog']:.3f}" for s, row in result["summary"].items() for k, r in row.items()
               if k.startswith("steps=") and "lengthAbsLog" in r]
    if lengths:
        lines += ["", "Filled span against the speaker's own, median |log(length ratio)| (natural length): " + ", ".join(lengths) + "."]
    t = TARGETS
    lines += ["", f"Targets: heard ratio >= {t['heardRatio']}, speaker ratio >= {t['speakerRatio']}, "
              f"steps L1 ratio <= {t['stepsRatio']}, room |dB| <= {t['roomDb']}."]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
