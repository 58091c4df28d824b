"""Voiceover intelligibility: `say` through the CLI at its defaults, judged by Whisper base.

    /usr/bin/python3 training/say_eval.py [--voice FILE ...] [--seeds 2] [--noise DB] [--extra '--cfg 3']

Each sentence below (written for this test: plain words, a number, names, a question) is said with each
voice prompt (none = the built-in voice) and each seed; Whisper transcribes the clip and the share of the
sentence's words it hears (numbers and case normalised as in real_eval.py) is reported per voice, with
the room: the 2-7 kHz level of the clip's quietest tenth of frames against the voice prompt's (the
engine's room tone carries the prompt's floor; real_eval.py's measure). --noise DB first adds seeded pink
noise DB under each voice's speech (real_eval.py --noise: a voice recorded in a noisy room).
Prints one line per voice and, with --json, a JSON object last.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import evaluate as E  # noqa: E402
import real_eval as R  # noqa: E402
from voicefill import evaluation as ev  # noqa: E402
from voicefill.asr import Whisper  # noqa: E402

SENTENCES = [
    "The quick brown fox jumps over the lazy dog.",
    "Please call Stella and ask her to bring these things with her from the store.",
    "We will meet at the old stone bridge after lunch.",
    "The weather today is cold and windy, so wear a warm coat.",
    "She opened the window and listened to the rain.",
    "Our new studio can fill a gap in any recording.",
    "He counted twelve boats in the harbor this morning.",
    "Nobody knew where the little river began.",
    "Could you read the last page of the letter again?",
    "The train to the city leaves at seven in the evening.",
    "A small garden grew behind the yellow house.",
    "They painted the kitchen blue and the hallway white.",
    "My brother found an old map in the attic.",
    "Turn left at the bakery and walk for five minutes.",
    "The children laughed when the puppy chased its tail.",
    "Fresh bread and warm soup make a good supper.",
    "The museum opens on Monday and closes on Friday.",
    "He wrote his name at the top of the paper.",
    "The wind blew the last leaves from the tall trees.",
    "Thank you for waiting, the doctor will see you now.",
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--voice", action="append", default=[], help="voice prompt file (repeat for several; 'builtin' = none)")
    ap.add_argument("--seeds", type=int, default=2)
    ap.add_argument("--extra", default="", help="more CLI say options, e.g. '--cfg 3'")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--noise", type=float, default=None, help="add pink noise this many dB under each voice's speech first")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    voices = args.voice or ["builtin"]
    results = {}
    with tempfile.TemporaryDirectory() as tmp, Whisper(threads=args.threads) as asr:
        for vi, voice in enumerate(voices):
            heard = total = 0
            prompt = E.REPO / "resources/voices/sample.wav" if voice == "builtin" else Path(voice).resolve()
            if args.noise is not None:
                prompt = R.noise_copy(prompt, Path(tmp) / f"voice{vi}-{prompt.stem}.wav", args.noise)
            # The prompt's room as say() hears it: its first PROMPT_SECONDS (8 s), 16 kHz mono.
            prompt_room = R.room_level(E.read_wav(R.analysis_copy(prompt, Path(tmp) / f"voice{vi}-16k.wav")), 0, 8)
            rooms = []
            for seed in range(1, args.seeds + 1):
                for i, text in enumerate(SENTENCES):
                    out = Path(tmp) / f"{i}-{seed}.wav"
                    cmd = E.CLI + ["say", text, "--seed", str(seed), "--threads", str(args.threads), "--out", str(out)]
                    if voice != "builtin" or args.noise is not None:
                        cmd += ["--voice", str(prompt)]
                    cmd += args.extra.split()
                    p = E.subprocess.run(cmd, cwd=E.REPO, capture_output=True, text=True, timeout=600)
                    if p.returncode != 0:
                        raise RuntimeError(f"say failed: {p.stderr.strip()[-300:]}")
                    ref = ev.spoken_words(text)
                    y = E.read_wav(out)
                    found = ev.matched_ref_words(*ev.spelled_like_ref(ref, ev.spoken_words(asr.text(y))))
                    heard += sum(found)
                    total += len(ref)
                    rooms.append(R.room_level(y, 0, len(y) / E.SR) - prompt_room)
            room = np.array(rooms)
            results[voice] = {"heard": heard / total, "words": total, "clips": len(SENTENCES) * args.seeds,
                              "roomDb": float(room.mean()), "roomAbsDb": float(np.abs(room).mean()),
                              "roomWithin4": float(np.mean(np.abs(room) <= 4.0)), "promptRoomDb": prompt_room}
            print(f"{voice}: words heard {heard / total:.3f} of {total} ({len(SENTENCES)} sentences x {args.seeds} seeds); "
                  f"room {room.mean():+.1f} dB against the voice's {prompt_room:.1f} dB (|.| {np.abs(room).mean():.1f}, "
                  f"{np.mean(np.abs(room) <= 4.0):.0%} within 4 dB)", flush=True)
    if args.json:
        print(json.dumps({"asr": Whisper.describe(), "extra": args.extra, "noise": args.noise, "results": results}))


if __name__ == "__main__":
    main()
