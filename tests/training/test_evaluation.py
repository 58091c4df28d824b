"""Pure helpers of training/evaluate.py (voicefill/evaluation.py): WER, span picking, frame ranges,
splice discontinuity, the ASR bigram LM. The ASR and speaker-encoder checks run only when
pocketsphinx / resemblyzer are installed."""
import importlib.util
import math

import numpy as np
import pytest

from voicefill import evaluation as ev
from voicefill.features import DEFAULT_FEATURES, log_mel

SR, HOP = DEFAULT_FEATURES["sampleRate"], DEFAULT_FEATURES["hop"]


@pytest.mark.parametrize("ref, hyp, errors", [
    ("the cat sat", "the cat sat", 0),
    ("the cat sat", "the bat sat", 1),  # substitution
    ("the cat sat", "the sat", 1),  # deletion
    ("the cat sat", "the cat sat down", 1),  # insertion
    ("the cat sat on the mat", "cat sat on a mat today", 3),
    ("a b", "", 2),
    ("", "a b", 2),
])
def test_word_errors_known_strings(ref, hyp, errors):
    assert ev.word_errors(ref.split(), hyp.split()) == errors


def test_wer_normalises_case_and_punctuation_and_pools_words():
    assert ev.normalise_words("And the LORD's house, void; 12") == ["and", "the", "lord's", "house", "void"]
    # 1 error in 3 words + 2 errors in 2 words = 3 / 5, not the mean of the two rates
    assert ev.wer(["The cat, sat.", "Go home!"], ["the bat sat", "no"]) == pytest.approx(3 / 5)
    with pytest.raises(ValueError):
        ev.wer(["a"], [])


@pytest.mark.parametrize("n_words", [3, 4, 5, 8, 20])
def test_pick_span_stays_inside_the_utterance(n_words):
    rng = np.random.default_rng(0)
    seen = set()
    for _ in range(300):
        first, count = ev.pick_span(n_words, rng)
        assert 1 <= count <= 3
        assert first >= 1 and first + count - 1 <= n_words - 2, (first, count)
        seen.add((first, count))
    assert len(seen) > 1 or n_words == 3  # it does vary


def test_pick_span_refuses_too_short_utterances_and_is_deterministic():
    with pytest.raises(ValueError):
        ev.pick_span(2, np.random.default_rng(0))
    a = [ev.pick_span(12, np.random.default_rng([1, 7])) for _ in range(3)]
    assert a == [ev.pick_span(12, np.random.default_rng([1, 7]))] * 3


def test_frame_range_rounds_like_the_engine():
    assert ev.seconds_to_frame(0.5 * HOP / SR, SR, HOP) == 1  # half rounds up, like Math.round
    assert ev.frame_range(1.0, 1.5, SR, HOP) == (63, 94)  # 62.5 -> 63, 93.75 -> 94
    assert ev.frame_range(1.0, 1.0, SR, HOP) == (63, 64)  # never empty


def test_splice_discontinuity_finds_a_hard_splice():
    """A sine whose frequency jumps at a region edge: the edge jump is far above untouched jumps; the
    same region of the unbroken sine shows no such jump."""
    t = np.arange(3 * SR) / SR
    steady = 0.3 * np.sin(2 * np.pi * 440 * t)
    a, b = 80, 110
    cut = a * HOP
    spliced = steady.copy()
    spliced[cut:b * HOP] = 0.3 * np.sin(2 * np.pi * 1800 * t[cut:b * HOP])
    edge, untouched = ev.splice_discontinuity(log_mel(spliced), a, b)
    assert edge > 10 * untouched
    edge0, untouched0 = ev.splice_discontinuity(log_mel(steady), a, b)
    assert edge0 < 2 * untouched0 + 1e-6
    with pytest.raises(ValueError):
        ev.splice_discontinuity(log_mel(steady[:HOP * 10]), 0, 10)


def test_region_l1_and_clip_and_rest():
    x = np.zeros((10, 4))
    y = x.copy()
    y[3:5] = 2.0
    assert ev.region_l1(y, x, 3, 5) == 2.0 and ev.region_l1(y, x, 5, 10) == 0.0
    sig = np.arange(SR * 2, dtype=np.float64)
    clip, rest = ev.clip_and_rest(sig, 0.5, 1.0, 0.25, SR)
    assert clip[0] == 0.25 * SR and len(clip) == 1.0 * SR and len(rest) == len(sig) - len(clip)
    clip, rest = ev.clip_and_rest(sig, 0.1, 1.95, 0.25, SR)  # clipped at both ends
    assert len(clip) == len(sig) and len(rest) == 0
    assert ev.cosine(np.array([1.0, 0]), np.array([1.0, 1])) == pytest.approx(math.sqrt(0.5))


def test_bigram_arpa_is_a_normalised_backoff_model():
    sents = [["the", "lord", "said"], ["the", "lord", "spake"], ["and", "the", "people", "said"], ["zzz", "said"]]
    vocab = {"the", "lord", "said", "spake", "and", "people"}
    arpa = ev.bigram_arpa(sents, vocab)
    uni, bi, section = {}, {}, None
    for line in arpa.splitlines():
        if line.startswith("\\"):
            section = line
        elif line and section == "\\1-grams:":
            f = line.split()
            uni[f[1]] = (10 ** float(f[0]), 10 ** float(f[2]) if len(f) > 2 else 1.0)
        elif line and section == "\\2-grams:":
            f = line.split()
            bi[(f[1], f[2])] = 10 ** float(f[0])
    assert "zzz" not in uni and ("zzz", "said") not in bi  # out-of-vocabulary words never enter
    assert f"ngram 1={len(uni)}" in arpa and f"ngram 2={len(bi)}" in arpa
    predicted = [w for w in uni if w != "<s>"]
    assert sum(uni[w][0] for w in predicted) == pytest.approx(1.0, rel=1e-3)  # 4-decimal log10s
    for h in ("<s>", "the", "lord"):  # every context's distribution sums to one after backoff
        total = sum(bi[(h, w)] if (h, w) in bi else uni[h][1] * uni[w][0] for w in predicted)
        assert total == pytest.approx(1.0, rel=1e-3), h


@pytest.mark.skipif(importlib.util.find_spec("pocketsphinx") is None, reason="pocketsphinx not installed")
def test_pocketsphinx_decodes_silence_to_nothing_much():
    from pocketsphinx import Decoder

    d = Decoder(loglevel="FATAL")
    d.start_utt()
    d.process_raw(np.zeros(SR, dtype=np.int16).tobytes(), full_utt=True)
    d.end_utt()
    hyp = d.hyp()
    assert hyp is None or len(hyp.hypstr.split()) <= 1


def test_human_items_mask_the_middle_prompt_between_two_others(tmp_path):
    """Real-voice set: three trimmed prompts in a row, the middle one masked with its own words."""
    from scipy.io import wavfile

    from evaluate import human_items

    src = tmp_path / "alsa"
    src.mkdir()
    t = np.arange(SR) / SR
    for k, name in enumerate(["Front_Left", "Rear_Right", "Side_Left", "Noise"]):
        x = np.zeros(2 * SR)
        x[SR // 2:SR // 2 + SR] = 0.3 * np.sin(2 * np.pi * (150 + 20 * k) * t)  # 1 s of "speech" in 2 s
        wavfile.write(src / f"{name}.wav", SR, (x * 32767).astype(np.int16))
    work = tmp_path / "work"
    work.mkdir()
    items = human_items(src, work, np.random.default_rng(0))
    assert [it["id"] for it in items] == ["human/Front_Left", "human/Rear_Right", "human/Side_Left"]  # Noise left out
    for it in items:
        assert it["span"] == [1, 1] and it["set"] == "human"
        (s0, e0, w0), (s1, e1, w1), (s2, e2, w2) = it["words"]
        assert w1 == it["id"].split("/")[1].replace("_", ", ").lower()  # "rear, right": the prompts pause
        assert 0 < s0 < e0 < s1 < e1 < s2 < e2
        sr, y = wavfile.read(work / it["dir"] / "orig.wav")
        assert sr == SR and len(y) / SR == pytest.approx(3 * 1.24, abs=0.05)  # 1 s of speech + 2 x 0.12 s room each
        assert e1 - s1 == pytest.approx(1.0 + 0.06, abs=0.03)  # the masked span hugs the words


def test_voice_space_copies_are_not_test_voices(tmp_path):
    """Their utterances are each a different speaker and have no test split: the test set skips them."""
    from evaluate import model_voices

    manifest = {"provenance": {"voices": ["fest_kal", "fest_kal_vx", "flite_rms_vx2", "flite_slt"]}}
    assert model_voices(manifest, tmp_path / "none.json") == ["fest_kal", "flite_slt"]


def test_region_words_found_counts_only_the_masked_words_in_their_place():
    words = ["he", "was", "not", "an", "ill", "disposed", "young", "man"]
    ref = " ".join(words)
    span = ev.region_token_span(words, 3, 2)
    assert span == (3, 5)
    # Region "an ill": the transcript has "an" in place, "ill" replaced.
    assert ev.region_words_found(ref, span, "he was not an old disposed young man") == (1, 2)
    # Words of the region said elsewhere do not count; the rest of the utterance does not matter.
    assert ev.region_words_found(ref, span, "ill he was not disposed young") == (0, 2)
    assert ev.region_words_found(ref, span, "an ill") == (2, 2)
    assert ev.region_words_found(ref, (1, 2), "") == (0, 1)
    # Entries holding several words (the human set's prompts) and punctuation are tokenised like the WER.
    prompts = ["Front, left", "rear, right", "side left."]
    assert ev.region_token_span(prompts, 1, 1) == (2, 4)
    assert ev.region_words_found(" ".join(prompts), (2, 4), "front left rear right side left") == (2, 2)


def test_matched_ref_words_prefers_matches_among_equal_cost_paths():
    assert ev.matched_ref_words(["a", "b", "a"], ["a"]) in ([True, False, False], [False, False, True])
    assert ev.matched_ref_words(["a", "b"], ["a", "b"]) == [True, True]
    assert ev.matched_ref_words([], ["x"]) == []


def test_spoken_words_match_what_a_recogniser_writes():
    from voicefill.evaluation import spoken_words
    assert spoken_words("Mr. Smith had 10 dogs.") == ["mister", "smith", "had", "ten", "dogs"]
    assert spoken_words("in 1999, the 21st of 3,500") == ["in", "nineteen", "ninety", "nine", "the", "twenty", "first",
                                                          "of", "three", "thousand", "five", "hundred"]
    assert spoken_words("12% & well-known") == ["twelve", "percent", "and", "well", "known"]
    assert spoken_words("the 1990s in 2005") == ["the", "nineteen", "nineties", "in", "two", "thousand", "five"]
    assert spoken_words("it's OK") == ["it's", "okay"]


def test_spelled_like_ref_makes_spellings_that_sound_alike_equal():
    sp = ev.spelled_like_ref
    # apostrophes, both sides, and the reference keeps its length (spans index it)
    assert sp(["that", "it's", "meat"], ["that", "its", "meat"]) == (["that", "its", "meat"], ["that", "its", "meat"])
    # a word the recogniser split in two, or joined
    assert sp(["from", "someone", "who"], ["from", "some", "one", "who"])[1] == ["from", "someone", "who"]
    assert sp(["go", "in", "to", "it"], ["go", "into", "it"])[1] == ["go", "in", "to", "it"]
    # two words that are both in the reference stay two words
    assert sp(["a", "way", "away"], ["a", "way"])[1] == ["a", "way"]
    # other words are left alone: a different word is still a miss
    r, h = sp(["well", "go", "into"], ["welcome", "into"])
    assert ev.matched_ref_words(r, h) == [False, False, True]
    r, h = sp(["from", "someone", "who"], ["from", "some", "one", "who"])
    assert ev.matched_ref_words(r, h) == [True, True, True]


def test_compare_evals_pairs_takes_by_case_and_seed():
    import compare_evals as C

    def run(heard, speaker):
        takes = [{"seed": s, "steps": "default", "heard": [h, 2], "speaker": sp, "l1": 0.5, "room": -30.0}
                 for s, (h, sp) in enumerate(zip(heard, speaker), 1)]
        takes.append({"seed": 1, "steps": 32, "heard": [0, 2], "speaker": 0.0, "l1": 9.0, "room": 0.0})  # not the default: left out
        return {"records": [{"set": "s", "id": "c1", "original": {"room": -31.0}, "takes": takes}]}

    (row,) = C.compare(run([2, 1], [0.7, 0.6]), run([1, 2], [0.8, 0.6]))
    assert (row["takes"], row["words"], row["heardBefore"], row["heardAfter"]) == (2, 4, 3, 3)
    assert row["changed"] == [("c1", 1, 2, 1), ("c1", 2, 1, 2)]
    assert abs(row["speakerDiff"] - 0.05) < 1e-9 and row["l1After"] == 0.5 and row["roomAfter"] == 1.0


def test_real_eval_swaps_count_the_new_words_in_their_place():
    import real_eval as R

    ref = ev.spoken_words("he would not be afraid of his affliction")
    new_ref, span = R.swapped(ref, (3, 6), "be ashamed of")
    assert new_ref == ["he", "would", "not", "be", "ashamed", "of", "his", "affliction"] and span == (3, 6)
    assert R.heard(new_ref, span, "He would not be ashamed of his affliction.") == (3, 3)
    # the old words in the new words' place are not heard
    assert R.heard(new_ref, span, "He would not be afraid of his affliction.") == (2, 3)
    new_ref, span = R.swapped(ref, (3, 6), "dread")  # fewer words: the span shrinks with them
    assert span == (3, 4) and new_ref[4:] == ["his", "affliction"]


def test_real_eval_nearest_swap_takes_other_words_of_a_similar_length():
    import real_eval as R

    def case(cid, word, length):  # three words: pick_span masks the middle one whatever the seed
        return {"id": cid, "speaker": cid, "words": [[0.0, 0.2, "x"], [0.2, 0.2 + length, word], [0.2 + length, 0.5 + length, "y"]]}
    cases = [case("a", "one", 0.3), case("b", "two", 0.35), case("c", "three", 0.9), case("d", "one", 0.3)]
    swaps = R.swap_texts(cases, 0)
    # never the same words (d's "one" is nearest for a, but says the same), else the nearest length
    assert swaps == {"a": "two", "b": "one", "c": "two", "d": "two"}


def test_real_eval_files_are_measured_from_a_16k_mono_copy(tmp_path):
    import real_eval as R
    import soundfile as sf

    t = np.arange(44100) / 44100
    stereo = np.stack([0.5 * np.sin(2 * np.pi * 440 * t), 0.5 * np.sin(2 * np.pi * 440 * t)], axis=1)
    src = tmp_path / "in.flac"
    sf.write(src, stereo, 44100, subtype="PCM_24")
    x = R.E.read_wav(R.analysis_copy(src, tmp_path / "copy.wav"))  # read_wav refuses anything but 16-bit mono 16 kHz
    assert len(x) == 16000
    assert abs(np.sqrt(np.mean(x[1000:-1000] ** 2)) - 0.5 / np.sqrt(2)) < 0.01

    class FakeAsr:  # the recogniser's words, with times; punctuation and numbers as Whisper writes them
        def __call__(self, path):
            return {"words": [["Hello,", 0.0, 0.4, 0.9], ["10", 0.4, 0.8, 0.9], ["cats.", 0.8, 1.0, 0.9]]}

    cases = R.file_cases([src], 2, FakeAsr(), tmp_path)
    assert [c["id"] for c in cases] == ["in#0", "in#1"]
    assert cases[0]["words"] == [[0.0, 0.4, "hello"], [0.4, 0.8, "ten"], [0.8, 1.0, "cats"]]
    assert cases[0]["wav"] == src and cases[0]["analysis"].exists()


def test_real_eval_rate_copy_is_mono_16_bit_at_the_rate_asked(tmp_path):
    import real_eval as R
    import soundfile as sf

    t = np.arange(16000) / 16000
    tone = 0.5 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * 6000 * t)  # 6 kHz lies above 8 kHz audio's band
    src = tmp_path / "in.wav"
    sf.write(src, np.stack([tone, tone], axis=1), 16000, subtype="PCM_16")
    dst = R.rate_copy(src, tmp_path / "8k.wav", 8000)
    info = sf.info(str(dst))
    assert (info.samplerate, info.channels, info.subtype) == (8000, 1, "PCM_16")
    y, _ = sf.read(str(dst), dtype="float64")
    assert len(y) == 8000
    # The 440 Hz tone stays, the 6 kHz one is gone.
    assert abs(np.sqrt(np.mean(y[500:-500] ** 2)) - 0.5 / np.sqrt(2)) < 0.01


def test_real_eval_summary_reports_the_length_of_natural_length_fills():
    import real_eval as R

    def take(ratio, l1):
        return {"steps": "default", "heard": [1, 1], "speaker": 0.7, "l1": l1, "room": -20.0, "calls": 32, "lengthRatio": ratio}
    rec = {"set": "s", "original": {"heard": [1, 1], "speaker": 0.7, "room": -20.0},
           "takes": [take(1.0, float("nan")), take(np.exp(0.2), float("nan")), take(np.exp(-0.4), float("nan"))]}
    row = R.summarise([rec])["s"]["steps=default"]
    assert abs(row["lengthAbsLog"] - 0.2) < 1e-9  # median of |log| 0, 0.2, 0.4
    assert "natural length" in R.table({"meta": {"model": "m", "trainingSteps": 1, "date": "d", "seeds": 1, "asr": "a", "command": "c"},
                                        "summary": R.summarise([rec])})
    # region-length takes (no lengthRatio) have no length row
    del rec["takes"][0]["lengthRatio"]
    assert "lengthAbsLog" not in R.summarise([rec])["s"]["steps=default"]
