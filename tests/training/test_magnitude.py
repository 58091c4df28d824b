"""Magnitude network (training/voicefill/magnitude.py): its STFT and mel are the feature definition's,
its fixed base interpolates the mel bands, and its ONNX export keeps the engine's signature."""
import json
from argparse import Namespace

import numpy as np
import torch

from train_magnitude import export
from voicefill import features as F
from voicefill.magnitude import (MagnitudeConfig, MagnitudeNet, log_interpolation, log_mel_from_magnitude, losses,
                                 stft_magnitude)

FEATS = F.DEFAULT_FEATURES
FB = F.mel_filterbank(FEATS["sampleRate"], FEATS["nFft"], FEATS["nMels"], FEATS["fMin"], FEATS["fMax"])


def speechlike(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(n) / FEATS["sampleRate"]
    f0 = 120 + 30 * np.sin(2 * np.pi * 3 * t)
    phase = 2 * np.pi * np.cumsum(f0) / FEATS["sampleRate"]
    x = sum(np.sin(k * phase) / k for k in range(1, 30)) * (0.5 + 0.5 * np.sin(2 * np.pi * 4 * t))
    return 0.1 * x + 0.001 * rng.standard_normal(n)


def test_training_features_are_the_feature_definition():
    x = speechlike(12345)
    mag = stft_magnitude(torch.tensor(x[None], dtype=torch.float64)).numpy()[0]
    np.testing.assert_allclose(mag, F.stft_magnitude(x, FEATS["nFft"], FEATS["hop"], FEATS["win"]), atol=1e-9)
    mel = log_mel_from_magnitude(torch.tensor(mag), torch.tensor(FB), FEATS["logFloor"]).numpy()
    np.testing.assert_allclose(mel, F.log_mel(x), atol=1e-9)


def test_log_interpolation_rows_are_convex_weights_of_at_most_two_neighbouring_bands():
    w = log_interpolation(FB)
    assert w.shape == (FEATS["nFft"] // 2 + 1, FEATS["nMels"])
    np.testing.assert_allclose(w.sum(1), 1.0)
    assert (w >= 0).all()
    for row in w:
        nz = np.flatnonzero(row)
        assert len(nz) <= 2 and (len(nz) < 2 or nz[1] == nz[0] + 1)


def test_untrained_net_is_its_base_and_losses_see_a_perfect_prediction():
    mean, std = np.full(80, -4.0), np.full(80, 2.0)
    net = MagnitudeNet(MagnitudeConfig(dim=16, layers=1), mean, std).eval()
    mel = torch.randn(1, 9, 80)
    with torch.no_grad():
        base = (mel * 2.0 - 4.0) @ torch.tensor(log_interpolation(FB).T, dtype=torch.float32)
        torch.testing.assert_close(net.log_magnitude(mel), base)  # output layer starts at zero
    target = torch.rand(2, 5, 513) + 0.1
    l1, sc = losses(torch.log(target), target, FEATS["logFloor"])
    assert l1.item() < 1e-6 and sc.item() < 1e-6
    l1, sc = losses(torch.log(target) + 0.5, target, FEATS["logFloor"])
    assert abs(l1.item() - 0.5) < 1e-5 and sc.item() > 0.5


def test_export_keeps_the_engine_signature_and_matches_torch(tmp_path):
    feats = {**FEATS, "mean": [-4.0] * 80, "std": [2.0] * 80}
    net = MagnitudeNet(MagnitudeConfig(dim=16, layers=1), feats["mean"], feats["std"], feats)
    torch.nn.init.normal_(net.out.weight, std=0.01)  # not the zero start, so the check means something
    run, model = tmp_path / "run", tmp_path / "model"
    run.mkdir()
    model.mkdir()
    torch.save({"model": net.state_dict(), "config": net.cfg.to_dict(), "step": 3, "features": feats}, run / "best.pt")
    (model / "manifest.json").write_text(json.dumps({"features": feats, "graphs": {"velocity": "v.onnx"}}))
    export(Namespace(run=run, export=model))
    import onnx
    import onnxruntime as ort

    g = onnx.load(str(model / "magnitude.onnx")).graph
    assert [i.name for i in g.input] == ["mel"] and [o.name for o in g.output] == ["magnitude"]
    assert [d.dim_value for d in g.output[0].type.tensor_type.shape.dim][2] == 513
    man = json.loads((model / "manifest.json").read_text())
    assert man["graphs"]["magnitude"] == "magnitude.onnx" and man["provenance"]["magnitudeSteps"] == 3
    mel = np.random.default_rng(1).standard_normal((1, 31, 80)).astype(np.float32)  # odd length, not the export's
    got = ort.InferenceSession(str(model / "magnitude.onnx"), providers=["CPUExecutionProvider"]).run(None, {"mel": mel})[0]
    with torch.no_grad():
        ref = net.eval()(torch.tensor(mel)).numpy()
    np.testing.assert_allclose(got, ref, rtol=1e-4, atol=1e-6)
