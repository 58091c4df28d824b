"""Closed-form checks of the DDPM pieces (voicefill.diffusion) and its export round trip."""
import json
import math

import numpy as np
import pytest
import torch

from export import export_folder, run_onnx
from make_tiny import tiny_model
from train import make_loss
from voicefill.diffusion import (DiffusionConfig, EpsLoss, alpha_bars, betas_for, cosine_betas, ddpm_to_flow,
                                 eps_from_x0, flow_to_ddpm, linear_betas, network_time, predict_x0, q_sample)
from voicefill.flow import MaskConfig, cfm_loss, interpolate

STATS = {"mean": [-5.0] * 80, "std": [2.0] * 80, "durations": {"sil": 12.5, "AA": 7.0}}


@pytest.mark.parametrize("cfg", [DiffusionConfig(), DiffusionConfig(schedule="cosine")], ids=["linear", "cosine"])
def test_alpha_bar_is_the_product_of_alphas(cfg):
    betas = betas_for(cfg)
    abar = alpha_bars(betas)
    assert betas.shape == (1000,) and abar.shape == (1001,) and abar[0] == 1.0
    prod = 1.0
    for t in range(1, 1001):
        prod *= 1.0 - float(betas[t - 1])
        assert abs(float(abar[t]) - prod) <= 1e-12 * max(prod, 1e-30) + 1e-15
    assert bool((abar[1:] < abar[:-1]).all())  # strictly decreasing: every step adds noise


def test_linear_schedule_is_ddpms():
    betas = linear_betas(1000, 1e-4, 0.02)
    assert float(betas[0]) == pytest.approx(1e-4) and float(betas[-1]) == pytest.approx(0.02)
    assert np.allclose(np.diff(betas.numpy()), (0.02 - 1e-4) / 999)
    abar = alpha_bars(betas)
    assert float(abar[1000]) == pytest.approx(4.04e-5, rel=0.01)  # x_T is noise to 0.6 % of the data's amplitude


def test_cosine_schedule_follows_its_closed_form_and_clip():
    abar = alpha_bars(cosine_betas(1000))
    f = lambda t: math.cos((t / 1000 + 0.008) / 1.008 * math.pi / 2) ** 2  # noqa: E731
    for t in (1, 10, 250, 500, 750, 990):
        assert float(abar[t]) == pytest.approx(f(t) / f(0), rel=1e-9)
    assert float(cosine_betas(1000).max()) == pytest.approx(0.999)  # the last step is clipped


def test_q_sample_mean_and_variance_over_many_draws():
    g = torch.Generator().manual_seed(0)
    x0 = torch.tensor([[[2.0, -1.0, 0.5]]]).expand(20000, 1, 3)
    for abar in (0.9, 0.3, 0.01):
        z = torch.randn(x0.shape, generator=g)
        xt = q_sample(x0, z, torch.full((20000,), abar))
        mean, var = xt.mean(0), xt.var(0)
        assert torch.allclose(mean, math.sqrt(abar) * x0[0], atol=0.03)
        assert torch.allclose(var, torch.full_like(var, 1 - abar), rtol=0.05)


def test_eps_and_x0_hat_map_into_each_other():
    g = torch.Generator().manual_seed(1)
    x0, z = torch.randn(4, 6, 5, generator=g), torch.randn(4, 6, 5, generator=g)
    abar = torch.tensor([0.999, 0.5, 0.1, 0.001])
    xt = q_sample(x0, z, abar)
    assert torch.allclose(predict_x0(xt, z, abar), x0, atol=1e-3)  # the true noise gives the data back
    assert torch.allclose(eps_from_x0(xt, x0, abar), z, atol=1e-3)
    eps = torch.randn(4, 6, 5, generator=g)  # any eps: the two maps are inverses
    assert torch.allclose(eps_from_x0(xt, predict_x0(xt, eps, abar), abar), eps, atol=1e-3)


def test_ddpm_state_is_the_flow_state_with_the_same_snr():
    """Careful with notation: DDPM x_0 = data and x_T = noise; flow x0 = noise and x1 = data."""
    g = torch.Generator().manual_seed(2)
    data, noise = torch.randn(3, 7, 4, generator=g), torch.randn(3, 7, 4, generator=g)
    abar = torch.tensor([0.98, 0.5, 0.02])
    x_tau, tau = ddpm_to_flow(q_sample(data, noise, abar), abar)
    assert torch.allclose(x_tau, interpolate(noise, data, tau), atol=1e-6)  # flow: x0 = noise, x1 = data
    assert bool((tau[1:] < tau[:-1]).all()) and abs(float(tau[1]) - 0.5) < 1e-6  # abar 1/2 is flow time 1/2
    back, abar_back = flow_to_ddpm(x_tau, tau)
    assert torch.allclose(abar_back, abar, atol=1e-6) and torch.allclose(back, q_sample(data, noise, abar), atol=1e-5)
    # The ends: abar 1 is flow time 1 (data), abar 0 is flow time 0 (noise).
    _, ends = ddpm_to_flow(torch.zeros(2, 1, 1), torch.tensor([1.0, 0.0]))
    assert ends.tolist() == [1.0, 0.0]


def test_network_time_is_t_over_T():
    assert network_time(torch.tensor([1, 500, 1000]), 1000).tolist() == pytest.approx([0.001, 0.5, 1.0])


class Oracle(torch.nn.Module):
    """Predicts the true noise from x_t and the data (as a perfect network would); records its inputs."""

    def __init__(self, x1: torch.Tensor, abar: torch.Tensor):
        super().__init__()
        self.x1, self.abar, self.seen = x1, abar, {}

    def forward(self, xt, t, cond, phones, pad_mask=None):
        self.seen = {"t": t, "cond": cond, "phones": phones}
        steps = torch.round(t * 1000).long()
        return eps_from_x0(xt, self.x1, self.abar[steps])


def test_eps_loss_targets_the_noise_with_flows_masks():
    g = torch.Generator().manual_seed(3)
    x1 = torch.randn(8, 40, 80, generator=g) + 3.0  # nowhere zero
    phones = torch.randint(1, 41, (8, 40), generator=g)
    lengths = torch.full((8,), 40)
    loss_fn = EpsLoss(DiffusionConfig())
    oracle = Oracle(x1, loss_fn.abar)
    perfect = loss_fn(oracle, x1, phones, lengths, MaskConfig(p_uncond=0.0, p_whole=0.0), torch.Generator().manual_seed(4))
    assert float(perfect) < 1e-6
    seen = oracle.seen
    assert bool((seen["t"] > 0).all()) and bool((seen["t"] <= 1).all())
    gen_frames = seen["cond"].abs().sum(-1) == 0  # masked frames have no context ...
    assert bool(((seen["phones"] != 0) == gen_frames).all())  # ... and carry the phones, context frames none
    zero = loss_fn(lambda *a, **k: torch.zeros_like(a[0]), x1, phones, lengths, MaskConfig(), torch.Generator().manual_seed(4))
    assert 0.9 < float(zero) < 1.1  # E[z^2] = 1: predicting nothing costs the noise's variance


def test_guidance_dropout_rows_see_nothing():
    x1 = torch.randn(64, 20, 80) + 3.0
    loss_fn = EpsLoss(DiffusionConfig())
    oracle = Oracle(x1, loss_fn.abar)
    loss_fn(oracle, x1, torch.randint(1, 41, (64, 20)), torch.full((64,), 20), MaskConfig(p_uncond=0.5),
            torch.Generator().manual_seed(5))
    blind = (oracle.seen["cond"].abs().sum((1, 2)) == 0) & (oracle.seen["phones"].sum(1) == 0)
    assert 16 < int(blind.sum()) < 48  # about half the rows, as flow.py's p_uncond


def test_make_loss_dispatches_on_the_objective():
    assert make_loss("flow-matching", DiffusionConfig()) is cfm_loss
    assert isinstance(make_loss("ddpm-epsilon", DiffusionConfig(schedule="cosine")), EpsLoss)


def test_config_rejects_nonsense():
    with pytest.raises(ValueError, match="schedule"):
        DiffusionConfig(schedule="quadratic")
    with pytest.raises(ValueError, match="beta"):
        DiffusionConfig(beta_start=0.1, beta_end=0.01)


@pytest.mark.parametrize("schedule", ["linear", "cosine"])
def test_tiny_ddpm_export_round_trip(tmp_path, schedule):
    """A DDPM checkpoint exports epsilon.onnx (output eps) and a manifest with its objective and schedule."""
    model = tiny_model(seed=7, patch=2).eval()
    cfg = DiffusionConfig(schedule=schedule)
    ck = {"step": 3, "objective": "ddpm-epsilon", "diffusion": cfg.to_dict()}
    diff = export_folder(model, ck, STATS, tmp_path, "tiny-ddpm", "cmd", 1e-4)
    assert diff < 1e-4
    man = json.loads((tmp_path / "manifest.json").read_text())
    assert man["objective"] == "ddpm-epsilon"
    assert man["diffusion"] == cfg.to_manifest() and man["diffusion"]["steps"] == 1000
    assert man["graphs"] == {"epsilon": "epsilon.onnx", "duration": None, "vocoder": None}
    assert man["sampler"]["solver"] == "ddim" and man["sampler"]["eta"] == 0.0
    assert not (tmp_path / "velocity.onnx").exists()
    import onnx

    g = onnx.load(str(tmp_path / "epsilon.onnx")).graph
    assert [o.name for o in g.output] == ["eps"]
    x, cond = torch.randn(2, 37, 80), torch.randn(2, 37, 80)
    t, phones = torch.tensor([1.0, 0.001]), torch.randint(0, 41, (2, 37))
    with torch.no_grad():
        ref = model(x, t, cond, phones).numpy()
    got = run_onnx(tmp_path / "epsilon.onnx", {"x": x.numpy(), "t": t.numpy(), "cond": cond.numpy(),
                                                "phones": phones.numpy()}, "eps")
    np.testing.assert_allclose(got, ref, atol=1e-4)


def test_flow_export_names_its_objective(tmp_path):
    export_folder(tiny_model(seed=1).eval(), {"step": 1}, STATS, tmp_path, "tiny", "cmd", 1e-4)
    man = json.loads((tmp_path / "manifest.json").read_text())
    assert man["objective"] == "flow-matching" and "diffusion" not in man
    assert man["graphs"]["velocity"] == "velocity.onnx"
