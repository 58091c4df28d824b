"""Closed-form checks of the flow-matching pieces (voicefill.flow)."""
import pytest
import torch

from voicefill.flow import (MaskConfig, cfm_loss, conditioning, interpolate, masked_mse, sample_mask,
                            span_mask, target_velocity)


@pytest.mark.parametrize("t", [0.0, 0.25, 0.5, 1.0])
def test_interpolate_is_straight_line(t):
    g = torch.Generator().manual_seed(0)
    x0, x1 = torch.randn(3, 5, 4, generator=g), torch.randn(3, 5, 4, generator=g)
    xt = interpolate(x0, x1, torch.full((3,), t))
    assert torch.allclose(xt, (1 - t) * x0 + t * x1, atol=1e-6)


def test_endpoints_and_velocity_integrate_to_x1():
    g = torch.Generator().manual_seed(1)
    x0, x1 = torch.randn(2, 7, 3, generator=g), torch.randn(2, 7, 3, generator=g)
    assert torch.equal(interpolate(x0, x1, torch.zeros(2)), x0)
    assert torch.allclose(interpolate(x0, x1, torch.ones(2)), x1)
    u = target_velocity(x0, x1)
    # Per-row t: x_t + (1 - t) u lands on x1 for every row.
    t = torch.tensor([0.1, 0.8])
    assert torch.allclose(interpolate(x0, x1, t) + (1 - t)[:, None, None] * u, x1, atol=1e-6)


def test_span_mask_exact_positions():
    lengths = torch.tensor([10, 10, 4])
    m = span_mask(lengths, 12, torch.tensor([0.5, 1.0, 0.5]), torch.tensor([0.0, 0.3, 0.999]))
    assert m[0].nonzero().flatten().tolist() == [0, 1, 2, 3, 4]
    assert m[1].nonzero().flatten().tolist() == list(range(10))
    assert m[2].nonzero().flatten().tolist() == [2, 3]


def test_sample_mask_ratio_contiguity_and_bounds():
    g = torch.Generator().manual_seed(2)
    lengths = torch.randint(20, 200, (400,), generator=g)
    T = int(lengths.max())
    mask, uncond = sample_mask(lengths, T, MaskConfig(), g)
    frac = mask.sum(1).float() / lengths.float()
    assert bool((frac >= 0.69).all()) and bool((frac <= 1.0).all())
    whole = (mask.sum(1) == lengths).float().mean()
    assert 0.22 < float(whole) < 0.40  # p_whole = 0.3 (+ spans that round to 100 %)
    assert 0.12 < float(uncond.float().mean()) < 0.28  # p_uncond = 0.2
    for row, n in zip(mask, lengths):
        idx = row.nonzero().flatten()
        assert int(idx.max()) < int(n)
        assert int(idx.max() - idx.min() + 1) == len(idx)  # one contiguous span


def test_conditioning_phones_only_on_masked_frames_and_dropout_zeroes_both():
    x1 = torch.randn(2, 6, 3) + 5.0  # nowhere zero
    phones = torch.arange(1, 13).reshape(2, 6)
    mask = torch.tensor([[False, True, True, False, False, False]] * 2)
    cond, ph = conditioning(x1, phones, mask, torch.tensor([False, True]))
    assert torch.equal(cond[0, ~mask[0]], x1[0, ~mask[0]])
    assert bool((cond[0, mask[0]] == 0).all())
    assert ph[0].tolist() == [0, 2, 3, 0, 0, 0]
    assert bool((cond[1] == 0).all()) and bool((ph[1] == 0).all())


def test_masked_mse_ignores_unmasked_frames():
    pred, target = torch.zeros(1, 4, 2), torch.zeros(1, 4, 2)
    target[0, 0] = 100.0  # unmasked: must not count
    target[0, 2] = 2.0
    mask = torch.tensor([[False, True, True, False]])
    assert float(masked_mse(pred, target, mask)) == pytest.approx((2 * 4.0) / (2 * 2))


def test_cfm_loss_matches_manual_computation():
    """The loss equals MSE(model(x_t), x1 - x0) on masked frames for the same random draws."""
    calls = {}

    def model(xt, t, cond, ph, pad_mask=None):
        calls.update(xt=xt, t=t, cond=cond, ph=ph)
        return torch.zeros_like(xt)

    x1 = torch.randn(3, 8, 2)
    phones = torch.randint(1, 40, (3, 8))
    lengths = torch.tensor([8, 8, 8])
    loss = cfm_loss(model, x1, phones, lengths, MaskConfig(p_uncond=0.0), torch.Generator().manual_seed(3))
    g = torch.Generator().manual_seed(3)
    mask, _ = sample_mask(lengths, 8, MaskConfig(p_uncond=0.0), g)
    x0 = torch.randn(x1.shape, generator=g)
    t = torch.rand(3, generator=g)
    assert torch.allclose(calls["t"], t) and torch.allclose(calls["xt"], interpolate(x0, x1, t))
    assert float(loss) == pytest.approx(float(masked_mse(torch.zeros_like(x1), x1 - x0, mask)), rel=1e-5)

def test_sample_mask_editing_spans_mix_with_the_default_ones():
    g = torch.Generator().manual_seed(3)
    lengths = torch.randint(50, 200, (2000,), generator=g)
    T = int(lengths.max())
    mask, _ = sample_mask(lengths, T, MaskConfig(p_whole=0.0, p_edit=0.5), g)
    frac = mask.sum(1).float() / lengths.float()
    short = frac < 0.65
    assert 0.42 < float(short.float().mean()) < 0.58  # p_edit = 0.5 of the rows
    assert bool((frac[short] >= 0.09).all())  # editing spans: 10-60 % (+ rounding)
    assert bool((frac[~short] >= 0.69).all())  # the rest keep the 70-100 %
    for row in mask[:50]:
        idx = row.nonzero().flatten()
        assert int(idx.max() - idx.min() + 1) == len(idx)
