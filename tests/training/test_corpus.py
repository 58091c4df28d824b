"""Pure pieces of the corpus builder and the training schedule (no synthesis, no corpus needed)."""
import numpy as np
import pytest

from build_corpus import clean_clause, frame_phones, is_test_sentence, pick_sentences, read_segs
from train import lr_at
from voicefill import phones as ph


def test_clean_clause_rules():
    assert clean_clause("and the LORD spake unto Moses, saying,") == "And the Lord spake unto Moses, saying."
    assert clean_clause("Jesus wept.") is None  # too short
    assert clean_clause("In the 12th year of the reign of the king") is None  # digits
    assert clean_clause(" ".join(["word"] * 21)) is None  # too long
    assert clean_clause("[And] the earth was without form; and void") == "And the earth was without form and void."


def test_test_split_is_by_content_and_never_trained():
    pool = [f"Sentence number {w} of the pool here." for w in "abcdefghijklmnopqrstuvwxyz" * 8]
    pool = sorted(set(pool)) + [f"Another long sentence variant {i} here now." for i in range(300)]
    assert is_test_sentence(pool[5]) == is_test_sentence(str(pool[5]))
    items = pick_sentences(pool, "v1", n_train=100, n_test=5)
    train = {t for s, t in items if s == "train"}
    test = {t for s, t in items if s == "test"}
    assert train and test and not (train & test)
    assert all(is_test_sentence(t) for t in test) and not any(is_test_sentence(t) for t in train)
    assert not any(s == "train" for s, _ in pick_sentences(pool, "flite_awb", 100, 5))  # held-out voice


def test_read_segs_and_frame_alignment(tmp_path):
    seg = tmp_path / "u.segs"
    seg.write_text("EST_File Segment\nDataType ascii\n#\n0.0800 100 pau\n0.2400 100 ax\n0.3200 100 t\n")
    segs = read_segs(seg)
    assert segs == [(0.08, "pau"), (0.24, "ax"), (0.32, "t")]
    # frame i is centred at i * 256 / 16000 = 16 ms steps
    ids, durs = frame_phones(segs, 21)
    names = [ph.SYMBOLS[i] for i in ids]
    assert names[:5] == ["sil"] * 5  # 0..64 ms < 80 ms
    assert names[5:15] == ["AH"] * 10  # 80..224 ms
    assert names[15:20] == ["T"] * 5  # 240..304 ms
    assert names[20] == "sil"  # past the last segment
    assert [p for p, _ in durs] == ["sil", "AH", "T"]
    assert durs[1][1] == pytest.approx(0.16 * 16000 / 256)


def test_unknown_festival_phone_is_an_error():
    with pytest.raises(KeyError):
        frame_phones([(0.1, "qq")], 10)


def test_lr_schedule_warmup_peak_and_floor():
    assert lr_at(0, 1.0, 100, 1000) == pytest.approx(0.01)
    assert lr_at(99, 1.0, 100, 1000) == pytest.approx(1.0)
    assert lr_at(100, 1.0, 100, 1000) == pytest.approx(1.0)
    mid = lr_at(550, 1.0, 100, 1000)
    assert 0.5 < mid < 0.6  # halfway down the cosine: 0.1 + 0.9 * 0.5
    assert lr_at(5000, 1.0, 100, 1000) == pytest.approx(0.1)
    assert np.all(np.diff([lr_at(s, 1.0, 100, 1000) for s in range(100, 1000, 50)]) <= 0)
