"""Pure pieces of the corpus builder and the training schedule (no synthesis, no corpus needed)."""
import numpy as np
import pytest

from build_corpus import (ESPEAK_ACCENTS, ESPEAK_VARIANTS, clean_clause, espeak_params, frame_phones,
                          is_test_sentence, pick_sentences, read_phon, read_segs)
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
    assert segs == [(0.08, ["sil"]), (0.24, ["AH"]), (0.32, ["T"])]
    # frame i is centred at i * 256 / 16000 = 16 ms steps
    ids, durs = frame_phones(segs, 21)
    names = [ph.SYMBOLS[i] for i in ids]
    assert names[:5] == ["sil"] * 5  # 0..64 ms < 80 ms
    assert names[5:15] == ["AH"] * 10  # 80..224 ms
    assert names[15:20] == ["T"] * 5  # 240..304 ms
    assert names[20] == "sil"  # past the last segment
    assert [p for p, _ in durs] == ["sil", "AH", "T"]
    assert durs[1][1] == pytest.approx(0.16 * 16000 / 256)


def test_unknown_festival_phone_is_an_error(tmp_path):
    seg = tmp_path / "u.segs"
    seg.write_text("#\n0.1000 100 qq\n")
    with pytest.raises(KeyError):
        read_segs(seg)


def test_lr_schedule_warmup_peak_and_floor():
    assert lr_at(0, 1.0, 100, 1000) == pytest.approx(0.01)
    assert lr_at(99, 1.0, 100, 1000) == pytest.approx(1.0)
    assert lr_at(100, 1.0, 100, 1000) == pytest.approx(1.0)
    mid = lr_at(550, 1.0, 100, 1000)
    assert 0.5 < mid < 0.6  # halfway down the cosine: 0.1 + 0.9 * 0.5
    assert lr_at(5000, 1.0, 100, 1000) == pytest.approx(0.1)
    assert np.all(np.diff([lr_at(s, 1.0, 100, 1000) for s in range(100, 1000, 50)]) <= 0)


def test_read_phon_espeak_events(tmp_path):
    # espeak_segs.c writes phoneme start times; a phoneme ends where the next begins, "" is a pause,
    # zero-length events vanish, audio before the first event is a pause.
    f = tmp_path / "u.phon"
    f.write_text("0.0400\tð\n0.1000\tɪ\n0.1600\t\n0.1600\t\n0.2400\tɔːɹ\n0.4000\tk\n0.4500\t#\n")
    segs = read_phon(f)
    assert segs == [(0.04, ["sil"]), (0.1, ["DH"]), (0.16, ["IH"]), (0.24, ["sil"]), (0.4, ["AO", "R"]),
                    (0.45, ["K"])]
    ids, durs = frame_phones(segs, 30)
    names = [ph.SYMBOLS[i] for i in ids]
    assert names[15:20] == ["AO"] * 5 and names[20:25] == ["R"] * 5  # 240..400 ms split in two


def test_read_phon_needs_end_marker(tmp_path):
    f = tmp_path / "u.phon"
    f.write_text("0.0\tð\n0.1\tɪ\n")  # cut off: espeak_segs always ends with '#'
    with pytest.raises(ValueError):
        read_phon(f)


def test_espeak_phones_map_to_inventory():
    assert ph.espeak_to_inventory("tʃ") == ["CH"]
    assert ph.espeak_to_inventory("ˈaɪ") == ["AY"]  # stress marks ignored
    assert ph.espeak_to_inventory("eə") == ["EH", "R"]
    assert ph.espeak_to_inventory("ɑːɹ") == ["AA", "R"]
    assert ph.espeak_to_inventory("") == ["sil"]
    with pytest.raises(KeyError):
        ph.espeak_to_inventory("ʘ")  # a click is no English phone


def test_espeak_params_are_deterministic_and_in_range():
    seen = {espeak_params(f"espeak_mix/{i}") for i in range(200)}
    assert espeak_params("espeak_mix/7") == espeak_params("espeak_mix/7")
    assert len({v for v, *_ in seen}) > 50  # many accent x variant speakers
    for voice, rate, pitch, rng in seen:
        acc, var = voice.split("+")
        assert acc in ESPEAK_ACCENTS and var in ESPEAK_VARIANTS
        assert 135 <= rate <= 190 and 25 <= pitch <= 75 and 20 <= rng <= 80


def test_warp_moves_formants_and_rate_and_is_identity_at_one():
    import numpy as np
    from voicefill.data import _mel_centres, warp_frequency, warp_phones, warp_time
    c = _mel_centres(80, 8000.0)
    mel = np.full((50, 80), -8.0, dtype=np.float16)
    k = int(np.argmin(np.abs(c - 1000)))  # a "formant" at 1 kHz
    mel[:, k] = 0.0
    assert np.array_equal(warp_frequency(mel, 1.0), mel)
    up = warp_frequency(mel, 1.15).astype(np.float32)
    peak = c[int(np.argmax(up[0]))]
    assert 1080 < peak < 1230  # moved up by about 15 %
    assert warp_time(mel, 1.2).shape == (60, 80)
    ph = np.repeat(np.arange(10, dtype=np.uint8), 10)
    slow = warp_phones(ph, 1.2)
    assert len(slow) == 120 and np.bincount(slow).min() >= 11  # every phone lasts longer
    assert list(dict.fromkeys(slow.tolist())) == list(range(10))  # order kept


def test_band_limited_batches_fill_the_top_as_the_engine_does():
    import numpy as np
    from voicefill.data import Batcher, Utterance, fixed_batches
    from voicefill.features import BAND_MISSING_FROM, extend_band, mel_centres
    rng = np.random.default_rng(5)
    utts = {"v": [Utterance(rng.normal(-4, 2, (60, 80)).astype(np.float16), np.ones(60, dtype=np.uint8), "v", "t")]}
    mean, std = [-4.0] * 80, [2.0] * 80
    plain = Batcher(utts, mean, std, 60, 0).batch(2)[0].numpy()
    banded = Batcher(utts, mean, std, 60, 0, band=(1.0, (8000.0,))).batch(2)[0].numpy()
    missing = mel_centres() > BAND_MISSING_FROM * 4000
    assert np.allclose(banded[0], extend_band(plain[0], 8000), atol=1e-6)
    assert not np.allclose(banded[0][:, missing], plain[0][:, missing])
    assert np.array_equal(banded[0][:, ~missing], plain[0][:, ~missing])
    val8 = fixed_batches(utts, mean, std, 60, 1, 4, band_rate=8000)[0][0].numpy()
    assert np.allclose(val8[0], extend_band(fixed_batches(utts, mean, std, 60, 1, 4)[0][0].numpy()[0], 8000), atol=1e-6)


def test_extend_band_learned_applies_the_table_and_falls_back_to_the_flat_fill():
    """features.extend_band_learned: the fitted linear map over a frame and its neighbours on the bins an
    input keeps (band.ts extendBandLearned is checked against it by golden arrays); flat fill without a table."""
    from voicefill.features import BAND_MISSING_FROM, band_design, extend_band, extend_band_learned, mel_centres

    rng = np.random.default_rng(3)
    feats = rng.normal(size=(7, 80)).astype(np.float32)
    c = mel_centres()
    low = np.nonzero(c <= BAND_MISSING_FROM * 4000)[0].tolist()
    missing = np.nonzero(c > BAND_MISSING_FROM * 4000)[0].tolist()
    X = band_design(feats, low, 1)
    assert X.shape == (7, 3 * len(low) + 1) and np.all(X[:, -1] == 1)
    assert np.allclose(X[0, :len(low)], feats[0, low]) and np.allclose(X[3, :len(low)], feats[2, low])  # edge repeats, then t-1
    W = rng.normal(size=(X.shape[1], len(missing)))
    table = {"rates": [{"rate": 8000, "context": 1, "low": low, "missing": missing, "weights": W.tolist()}]}
    out = extend_band_learned(feats, 8000, table)
    assert np.allclose(out[:, missing], X @ W, atol=1e-4)
    assert np.array_equal(out[:, low], feats[:, low])
    assert np.array_equal(extend_band_learned(feats, 8000, None), extend_band(feats, 8000))
    assert np.array_equal(extend_band_learned(feats, 6000, table), extend_band(feats, 6000))  # below every table
    assert np.array_equal(extend_band_learned(feats, 16000, table), feats)
