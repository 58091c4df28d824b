"""ONNX export round trip of a tiny model through the same code as the real export (training/export.py)."""
import json

import numpy as np
import pytest
import torch

from export import DYNAMIC_AXES, build_manifest, export_folder, run_onnx
from make_tiny import tiny_model
from voicefill import phones as ph
from voicefill.features import DEFAULT_FEATURES

STATS = {"mean": [-5.0 + 0.01 * i for i in range(80)], "std": [2.0] * 80, "durations": {"sil": 12.5, "AA": 7.0},
         "trainHours": 1.5, "voices": {"a": {"heldOut": False}, "b": {"heldOut": True}}, "textSource": "txt",
         "textLicense": "public domain", "voiceLicenses": {"festival": "free"}}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("model")
    model = tiny_model(seed=3).eval()
    diff = export_folder(model, {"step": 12, "trainHours": 0.5}, STATS, out, "tiny", "cmd", 1e-4)
    return model, out, diff


def test_manifest_follows_model_format(exported):
    model, out, _ = exported
    man = json.loads((out / "manifest.json").read_text())
    assert man["format"] == "voicefill-model" and man["formatVersion"] == 1
    for k, v in DEFAULT_FEATURES.items():
        assert man["features"][k] == v
    assert man["features"]["mean"] == STATS["mean"] and len(man["features"]["std"]) == 80
    assert man["phones"] == {"set": ph.PHONE_SET, "symbols": ph.SYMBOLS}
    assert man["graphs"] == {"velocity": "velocity.onnx", "duration": None, "vocoder": None}
    assert man["durations"] == {"unit": "frames", "mean": {"sil": 12.5, "AA": 7.0}}
    assert set(man["sampler"]) == {"steps", "solver", "guidance", "sway"}
    prov = man["provenance"]
    assert prov["voices"] == ["a"] and prov["trainingSteps"] == 12 and prov["parameters"] == sum(
        p.numel() for p in model.parameters())


@pytest.mark.parametrize("B,T", [(1, 1), (2, 41), (1, 300)])
def test_onnx_matches_torch_for_dynamic_shapes(exported, B, T):
    model, out, diff = exported
    assert diff < 1e-4
    g = torch.Generator().manual_seed(B * 1000 + T)
    x, cond = torch.randn(B, T, 80, generator=g), torch.randn(B, T, 80, generator=g)
    t, phones = torch.rand(B, generator=g), torch.randint(0, 41, (B, T), generator=g)
    with torch.no_grad():
        ref = model(x, t, cond, phones).numpy()
    got = run_onnx(out / "velocity.onnx", {"x": x.numpy(), "t": t.numpy(), "cond": cond.numpy(),
                                            "phones": phones.numpy()})
    assert got.shape == (B, T, 80)
    np.testing.assert_allclose(got, ref, atol=1e-4)


def test_graph_io_names_and_types(exported):
    import onnx

    g = onnx.load(str(exported[1] / "velocity.onnx")).graph
    types = {i.name: i.type.tensor_type.elem_type for i in list(g.input) + list(g.output)}
    F, I64 = onnx.TensorProto.FLOAT, onnx.TensorProto.INT64
    assert types == {"x": F, "t": F, "cond": F, "phones": I64, "v": F}
    assert set(DYNAMIC_AXES) == set(types)


def test_manifest_rejects_stats_of_wrong_size():
    with pytest.raises(ValueError, match="bins"):
        build_manifest(tiny_model(), {}, dict(STATS, mean=[0.0] * 79), "x", "cmd")


@pytest.mark.parametrize("T", [1, 2, 41, 300])
def test_patched_model_exports_with_dynamic_odd_lengths(tmp_path, T):
    """patch 2 pads and folds inside the graph: any T, including odd ones, round-trips."""
    model = tiny_model(seed=5, patch=2).eval()
    diff = export_folder(model, {"step": 1}, STATS, tmp_path, "tiny-p2", "cmd", 1e-4, context_seconds=1.25)
    assert diff < 1e-4
    man = json.loads((tmp_path / "manifest.json").read_text())
    assert man["sampler"]["contextSeconds"] == 1.25
    g = torch.Generator().manual_seed(T)
    x, cond = torch.randn(2, T, 80, generator=g), torch.randn(2, T, 80, generator=g)
    t, phones = torch.rand(2, generator=g), torch.randint(0, 41, (2, T), generator=g)
    with torch.no_grad():
        ref = model(x, t, cond, phones).numpy()
    got = run_onnx(tmp_path / "velocity.onnx", {"x": x.numpy(), "t": t.numpy(), "cond": cond.numpy(),
                                                 "phones": phones.numpy()})
    assert got.shape == (2, T, 80)
    np.testing.assert_allclose(got, ref, atol=1e-4)
