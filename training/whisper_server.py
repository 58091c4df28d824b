"""Whisper base as a line server, run by the whisper venv's Python (training/setup_whisper.sh).

    training/whisper/env/bin/python training/whisper_server.py MODEL_DIR
stdin: one JSON object per line, {"path": "x.wav"} (any sample rate, mono or stereo).
stdout: one JSON object per line, {"text": ..., "words": [[word, start, end, probability], ...]}
or {"error": ...}. Decoding is deterministic (beam 5, temperature 0, no conditioning on earlier
windows), so the same file always gives the same transcript.
"""
import json
import sys

from faster_whisper import WhisperModel


def main() -> None:
    model = WhisperModel(sys.argv[1], device="cpu", compute_type="int8", cpu_threads=int(sys.argv[2]) if len(sys.argv) > 2 else 2)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        try:
            req = json.loads(line)
            segs, _ = model.transcribe(req["path"], language="en", beam_size=5, temperature=0.0,
                                       condition_on_previous_text=False, word_timestamps=True, vad_filter=False)
            words, text = [], []
            for s in segs:
                text.append(s.text.strip())
                words += [[w.word.strip(), round(float(w.start), 3), round(float(w.end), 3), round(float(w.probability), 4)]
                          for w in (s.words or [])]
            out = {"text": " ".join(text), "words": words}
        except Exception as e:  # one bad file must not end the server
            out = {"error": f"{type(e).__name__}: {e}"}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
