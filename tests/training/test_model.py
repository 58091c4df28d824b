"""Velocity network shapes, conditioning paths and padding behaviour (voicefill.model)."""
import pytest
import torch

from voicefill.model import ModelConfig, VelocityNet, count_parameters

SMALL = ModelConfig(dim=32, layers=3, heads=2, ff_mult=2.0, phone_dim=8, conv_kernel=7, patch=1)
PATCHED = ModelConfig(dim=32, layers=3, heads=2, ff_mult=2.0, phone_dim=8, conv_kernel=7, patch=2)


def small_model(seed=0, cfg=SMALL):
    torch.manual_seed(seed)
    m = VelocityNet(cfg)
    with torch.no_grad():  # un-zero the adaLN-Zero / output layers so every path matters
        for p in m.parameters():
            if p.dim() == 2 and not p.any():
                p.normal_(0, 0.05)
    return m.eval()


def inputs(B, T, seed=0):
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(B, T, 80, generator=g), torch.rand(B, generator=g),
            torch.randn(B, T, 80, generator=g), torch.randint(0, 41, (B, T), generator=g))


@pytest.mark.parametrize("cfg", [SMALL, PATCHED], ids=["patch1", "patch2"])
@pytest.mark.parametrize("B,T", [(1, 1), (2, 37), (3, 193)])
def test_forward_shapes_any_length(B, T, cfg):
    v = small_model(cfg=cfg)(*inputs(B, T))
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


@pytest.mark.parametrize("cfg", [SMALL, PATCHED], ids=["patch1", "patch2"])
def test_padding_mask_hides_padded_frames(cfg):
    """A padded row gives the same output on its real frames as the unpadded row (17 frames: with
    patch 2 the last token is half padding, exactly as the graph pads an odd-length window)."""
    m = small_model(cfg=cfg)
    x, t, cond, ph = inputs(1, 24)
    short = m(x[:, :17], t, cond[:, :17], ph[:, :17])
    pad = torch.arange(24)[None, :] < 17
    padded = m(x * pad[..., None], t, cond * pad[..., None], ph * pad, pad_mask=pad)
    assert torch.allclose(short, padded[:, :17], atol=1e-5)


def test_default_size_within_budget():
    n = count_parameters(VelocityNet(ModelConfig()))
    assert 3e6 < n <= 10e6


def test_patched_model_folds_frames_into_tokens():
    """patch 2: each output frame depends on its token's partner frame, and T need not be even."""
    m = small_model(cfg=PATCHED)
    x, t, cond, ph = inputs(1, 9)
    base = m(x, t, cond, ph)
    x2 = x.clone()
    x2[0, 4] += 1.0  # frame 4 shares a token with frame 5
    moved = m(x2, t, cond, ph)
    assert not torch.allclose(base[0, 5], moved[0, 5])
    assert base.shape == (1, 9, 80)


def test_patch2_halves_the_tokens_the_blocks_see():
    seen = []
    m = small_model(cfg=PATCHED)
    m.blocks[0].register_forward_hook(lambda mod, inp, out: seen.append(out.shape[1]))
    m(*inputs(2, 37))
    assert seen == [19]


def test_configs_saved_before_patching_load_as_one_frame_per_token():
    old = {k: v for k, v in ModelConfig().to_dict().items() if k != "patch"}
    assert ModelConfig.from_dict(old).patch == 1
    assert ModelConfig.from_dict(ModelConfig(patch=2).to_dict()).patch == 2
