"""The real-voice evaluation clips (training/eval/librivox): alignment consistent with text and audio."""
import json
from pathlib import Path

from scipy.io import wavfile

DATA = Path(__file__).resolve().parents[2] / "training" / "eval" / "librivox"


def test_clips_have_ordered_word_times_inside_the_audio():
    clips = sorted(DATA.glob("*.json"))
    assert len(clips) == 5
    for js in clips:
        info = json.loads(js.read_text())
        sr, x = wavfile.read(js.with_suffix(".wav"))
        assert sr == 16000 and x.ndim == 1
        words = info["words"]
        assert " ".join(w for *_, w in words) == info["text"]
        assert all(0 <= a < b for a, b, _ in words)
        assert all(words[i][1] <= words[i + 1][0] + 1e-9 for i in range(len(words) - 1))
        assert words[-1][1] <= len(x) / sr
