"""Voice-space augmentation: reproducible draws in range, and the room/noise steps keep timing."""
import numpy as np
import pytest

from voicefill.augment import _noise, _room, apply_warp, draw_warp

SR = 16000


def test_draws_are_seeded_by_key_and_in_range():
    a, b = draw_warp("fest_kal_vx/7"), draw_warp("fest_kal_vx/7")
    assert a == b
    draws = [draw_warp(f"v/{i}") for i in range(400)]
    assert len({d.formant for d in draws}) == 400  # every utterance its own speaker
    assert all(0.86 <= d.formant <= 1.17 and 0.85 <= d.duration <= 1.2 for d in draws)
    assert all(-12 <= d.gain_db <= 2 for d in draws)
    # pitch follows the vocal tract: short tracts get higher voices on average
    f = np.array([d.formant for d in draws])
    p = np.array([d.pitch for d in draws])
    assert np.corrcoef(np.log(f), np.log(p))[0, 1] > 0.5
    share_reverb = np.mean([d.rt60 is not None for d in draws])
    share_noise = np.mean([d.snr_db is not None for d in draws])
    assert 0.2 < share_reverb < 0.4 and 0.3 < share_noise < 0.5


def test_room_keeps_the_direct_path_at_lag_zero():
    x = np.zeros(SR)
    x[1000] = 1.0
    y = _room(x, SR, rt60=0.3, drr_db=6.0, rng=np.random.default_rng(0))
    assert len(y) == len(x)
    assert np.all(np.abs(y[:1000]) < 1e-12) and y[1000] == pytest.approx(1.0)
    tail = y[1001:]
    assert np.sum(tail**2) == pytest.approx(10 ** (-6 / 10), rel=1e-6)  # direct-to-reverberant ratio


def test_noise_sits_at_the_requested_snr_below_speech():
    rng = np.random.default_rng(1)
    x = np.concatenate([np.zeros(SR), 0.3 * np.sign(np.sin(2 * np.pi * 200 * (np.arange(SR) + 0.5) / SR))])
    y = _noise(x, 30.0, rng)
    nz = y - x
    speech = 0.3  # level over active samples; the silent second does not dilute it
    assert 20 * np.log10(speech / np.sqrt(np.mean(nz**2))) == pytest.approx(30.0, abs=0.01)


def test_praat_warp_scales_duration_and_moves_pitch():
    pytest.importorskip("parselmouth")  # corpus tool only; CI does not install it
    t = np.arange(int(1.5 * SR)) / SR
    f0 = 120.0
    x = 0.3 * sum(np.sin(2 * np.pi * k * f0 * t) / k for k in range(1, 15))
    w = draw_warp("test/pitch")
    y = apply_warp(x, SR, w, "test/pitch")
    assert len(y) == pytest.approx(len(x) * w.duration, rel=0.01)
    import parselmouth
    from parselmouth.praat import call

    med = call(parselmouth.Sound(y, SR).to_pitch(0.01, 60, 600), "Get quantile", 0, 0, 0.5, "Hertz")
    assert med == pytest.approx(f0 * w.pitch, rel=0.05)
