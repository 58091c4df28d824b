"""Velocity network shapes, conditioning paths and padding behaviour (voicefill.model)."""
import pytest
import torch

from voicefill.model import ModelConfig, VelocityNet, count_parameters

SMALL = ModelConfig(dim=32, layers=3, heads=2, ff_mult=2.0, phone_dim=8, conv_kernel=7)


def small_model(seed=0):
    torch.manual_seed(seed)
    m = VelocityNet(SMALL)
    with torch.no_grad():  # un-zero the adaLN-Zero / output layers so every path matters
        for p in m.parameters():
            if p.dim() == 2 and not p.any():
                p.normal_(0, 0.05)
    return m.eval()


def inputs(B, T, seed=0):
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(B, T, 80, generator=g), torch.rand(B, generator=g),
            torch.randn(B, T, 80, generator=g), torch.randint(0, 41, (B, T), generator=g))


@pytest.mark.parametrize("B,T", [(1, 1), (2, 37), (3, 193)])
def test_forward_shapes_any_length(B, T):
    v = small_model()(*inputs(B, T))
    assert v.shape == (B, T, 80) and bool(torch.isfinite(v).all())


def test_fresh_model_starts_at_zero_velocity():
    """adaLN-Zero + zero output layer: training starts from v = 0."""
    m = VelocityNet(SMALL)
    assert torch.equal(m(*inputs(2, 11)), torch.zeros(2, 11, 80))


def test_every_input_changes_the_output():
    m = small_model()
    x, t, cond, ph = inputs(1, 20)
    base = m(x, t, cond, ph)
    assert not torch.allclose(base, m(x + 1, t, cond, ph))
    assert not torch.allclose(base, m(x, t * 0.5, cond, ph))
    assert not torch.allclose(base, m(x, t, torch.zeros_like(cond), ph))
    assert not torch.allclose(base, m(x, t, cond, torch.zeros_like(ph)))


def test_rows_are_independent_of_batch():
    m = small_model()
    x, t, cond, ph = inputs(3, 15)
    together = m(x, t, cond, ph)
    alone = m(x[1:2], t[1:2], cond[1:2], ph[1:2])
    assert torch.allclose(together[1:2], alone, atol=1e-5)


def test_padding_mask_hides_padded_frames():
    """A padded row gives the same output on its real frames as the unpadded row."""
    m = small_model()
    x, t, cond, ph = inputs(1, 24)
    short = m(x[:, :17], t, cond[:, :17], ph[:, :17])
    pad = torch.arange(24)[None, :] < 17
    padded = m(x * pad[..., None], t, cond * pad[..., None], ph * pad, pad_mask=pad)
    assert torch.allclose(short, padded[:, :17], atol=1e-5)


def test_default_size_within_budget():
    n = count_parameters(VelocityNet(ModelConfig()))
    assert 3e6 < n <= 10e6
