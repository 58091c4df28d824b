"""Aligner: ONNX export round trip through the same code as the real export, augmentation, loss."""
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

import train_aligner
from voicefill import phones as ph
from voicefill.aligner import AlignerConfig, AlignerNet, augment_crop, frame_loss, mel_warp_matrix

REPO = Path(__file__).resolve().parents[2]
MANIFEST = REPO / "resources" / "models" / "default" / "manifest.json"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("aligner")
    torch.manual_seed(0)
    net = AlignerNet(AlignerConfig(dim=24, dilations=[1, 2], kernel=5)).eval()
    train_aligner.save_fp16(net, {"step": 7, "valAcc": 0.5, "voices": ["a"], "command": "cmd"}, tmp / "w.pt")
    model = tmp / "model"
    model.mkdir()
    shutil.copy(MANIFEST, model / "manifest.json")
    train_aligner.export(train_aligner.parse_args(["--run", str(tmp), "--ckpt", str(tmp / "w.pt"), "--export", str(model)]))
    net16, _ = train_aligner.load_net(tmp / "w.pt")  # the exported weights went through fp16
    return net16, model


def test_manifest_names_the_graph_and_keeps_the_rest(exported):
    _, model = exported
    man = json.loads((model / "manifest.json").read_text())
    before = json.loads(MANIFEST.read_text())
    assert man["graphs"]["aligner"] == "aligner.onnx"
    assert {k: v for k, v in man["graphs"].items() if k != "aligner"} == {k: v for k, v in before["graphs"].items() if k != "aligner"}
    assert man["features"] == before["features"] and man["phones"] == before["phones"]
    assert man["provenance"]["aligner"]["steps"] == 7 and man["provenance"]["aligner"]["parameters"] > 0


@pytest.mark.parametrize("B,T", [(1, 1), (1, 57), (2, 300)])
def test_onnx_matches_torch_and_gives_log_posteriors(exported, B, T):
    import onnxruntime as ort

    net, model = exported
    mel = torch.randn(B, T, 80, generator=torch.Generator().manual_seed(T))
    with torch.no_grad():
        ref = net(mel).numpy()
    got = ort.InferenceSession(str(model / "aligner.onnx"), providers=["CPUExecutionProvider"]).run(None, {"mel": mel.numpy()})[0]
    assert got.shape == (B, T, len(ph.SYMBOLS))
    np.testing.assert_allclose(got[..., 1:], ref[..., 1:], atol=1e-4)
    np.testing.assert_allclose(np.exp(got).sum(-1), 1.0, atol=1e-4)
    assert np.all(got[..., 0] < -100)  # id 0 ("no phone") is never a class


def test_graph_io_names_and_types(exported):
    import onnx

    g = onnx.load(str(exported[1] / "aligner.onnx")).graph
    assert [i.name for i in g.input] == ["mel"] and [o.name for o in g.output] == ["logp"]
    assert g.input[0].type.tensor_type.elem_type == onnx.TensorProto.FLOAT


def test_augmentation_keeps_labels_with_their_frames():
    rng = np.random.default_rng(0)
    phones = np.repeat(np.arange(1, 11), 20)
    mel = np.tile(np.linspace(-8, -2, 80, dtype=np.float32), (200, 1))
    for _ in range(20):
        x, y = augment_crop(mel, phones, rng)
        assert x.shape == (len(y), 80) and x.dtype == np.float32 and np.isfinite(x).all()
        assert 0.75 * 200 <= len(y) <= 1.3 * 200
        assert np.all(np.diff(y) >= 0) and set(y) == set(phones)  # order kept, no phone lost
    w = mel_warp_matrix(80, 1.1)
    np.testing.assert_allclose(w.sum(1), 1.0)
    assert np.allclose(mel_warp_matrix(80, 1.0), np.eye(80))


def test_frame_loss_learns_separable_frames():
    torch.manual_seed(0)
    net = AlignerNet(AlignerConfig(dim=32, dilations=[1], kernel=3))
    y = torch.randint(1, len(ph.SYMBOLS), (4, 50))
    x = torch.nn.functional.one_hot(y, 80).float() * 3 + 0.1 * torch.randn(4, 50, 80)
    lengths = torch.tensor([50, 50, 40, 20])
    opt = torch.optim.Adam(net.parameters(), lr=3e-3)
    first = None
    for _ in range(60):
        loss, acc = frame_loss(net, x, y, lengths)
        first = first or float(loss)
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert float(loss) < first / 3 and float(acc) > 0.9


def test_band_limited_crops_are_what_the_engine_shows_for_8k_audio():
    from voicefill.features import BAND_MISSING_FROM, BAND_REFERENCE, mel_centres
    rng = np.random.default_rng(3)
    mean, std = rng.normal(-4, 1, 80).astype(np.float32), rng.uniform(1, 3, 80).astype(np.float32)
    mel = rng.normal(-4, 2, (50, 80)).astype(np.float32)
    phones = np.ones(50, dtype=np.int64)
    norm = (mel - mean) / std
    out = train_aligner.pad([(mel, phones)], mean, 1 / std, [8000.0])[0][0].numpy()
    c = mel_centres()
    missing, ref = c > BAND_MISSING_FROM * 4000, (c >= BAND_REFERENCE[0] * 4000) & (c <= BAND_REFERENCE[1] * 4000)
    assert missing.sum() > 10 and ref.sum() > 2
    np.testing.assert_allclose(out[:, ~missing], norm[:, ~missing], atol=1e-5)
    want = norm[:, ref].mean(1, keepdims=True)
    np.testing.assert_allclose(out[:, missing], np.repeat(want, missing.sum(), 1), atol=1e-4)
    # a wide-band recording is left alone; a crop drawn with p_band 1 is always band-limited
    np.testing.assert_allclose(train_aligner.pad([(mel, phones)], mean, 1 / std, [16000.0])[0][0].numpy(), norm, atol=1e-5)
    utt = type("U", (), {"mel": mel, "phones": phones})()
    crops = train_aligner.Crops({"v": [utt]}, mean, std, 50, 0, None, p_band=1.0, band_rates=(8000.0,))
    x, _, _ = crops.batch(2)
    np.testing.assert_allclose(x[0].numpy()[:, missing], np.repeat(want, missing.sum(), 1), atol=1e-4)
    val8 = train_aligner.fixed_batches({"v": [utt]}, mean, std, 50, 1, 4, band_rate=8000)[0][0].numpy()
    np.testing.assert_allclose(val8[0], out, atol=1e-6)
