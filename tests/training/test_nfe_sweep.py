"""The NFE sweep's bookkeeping (training/nfe_sweep.py) on made-up evaluation summaries: curves per
family and sampler, where each reaches its plateau, the markdown table and the plot."""
import pytest

import evaluate
from nfe_sweep import METRICS, markdown, plateau_calls, plot, shape, sweep_rows


def summary(rows: dict) -> dict:
    base = {"original": {"regionFound": 0.9, "speakerRatio": 1.0}, "resynthesis": {"regionFound": 0.8, "speakerRatio": 0.97, "l1": 0.1}}
    return {"test": {"utterances": 3, "rows": {**base, **rows}}}


def row(recall, l1):
    return {"regionFound": recall, "speakerRatio": 0.9, "l1": l1}


FLOW = summary({"midpoint-2": row(0.5, 0.9), "midpoint-8": row(0.80, 0.62), "midpoint-32": row(0.81, 0.60), "euler-1": row(0.2, 1.2)})
DIFF = summary({"ddim-1": row(0.1, 1.5), "ddim-8": row(0.5, 0.8), "ddim-32": row(0.78, 0.61), "ancestral-32": row(0.7, 0.7)})


def test_diffusion_samplers_count_one_call_a_step():
    assert evaluate.configs([1, 2, 8], ["midpoint", "heun", "ddim", "ancestral"]) == [
        ("midpoint", 2), ("midpoint", 8), ("heun", 2), ("heun", 8), ("ddim", 1), ("ddim", 2), ("ddim", 8),
        ("ancestral", 1), ("ancestral", 2), ("ancestral", 8)]


def test_curves_plateaus_and_the_families_shape():
    sweep = sweep_rows({"flow": {"summary": FLOW}, "diffusion": {"summary": DIFF}}, [1, 2, 8, 32])
    curves = sweep["test"]["curves"]
    assert set(curves) == {"flow midpoint", "flow euler", "diffusion ddim", "diffusion ancestral"}
    assert curves["flow midpoint"]["l1"] == {2: 0.9, 8: 0.62, 32: 0.60}
    assert sweep["test"]["original"]["l1"] is None and sweep["test"]["resynthesis"]["l1"] == 0.1
    assert plateau_calls({2: 0.9, 8: 0.62, 32: 0.60}, -1) == 8  # within 5 % of 0.60
    assert plateau_calls({1: 0.1, 8: 0.5, 32: 0.78}, +1) == 32
    assert plateau_calls({1: 0.0, 2: 0.0}, +1) is None
    sh = shape(sweep)["test"]
    assert sh["best"]["flow"]["l1"] == 0.60 and sh["best"]["diffusion"]["l1"] == 0.61
    assert sh["samplers"]["flow euler"]["l1"] is None  # never near the family's best
    assert sh["samplers"]["diffusion ancestral"]["l1"] is None
    assert sh["families"]["flow"]["l1"] == 8 and sh["families"]["diffusion"]["l1"] == 32  # Voicebox's shape, in made-up data


def test_markdown_and_plot(tmp_path):
    sweep = sweep_rows({"flow": {"summary": FLOW}, "diffusion": {"summary": DIFF}}, [1, 2, 8, 32])
    who = {"model": "m", "name": "n", "trainingSteps": 1}
    result = {"meta": {"date": "d", "command": "c", "n": 3, "seed": 1, "nfe": [1, 2, 8, 32], "flow": who, "diffusion": who},
              "sweep": sweep, "shape": shape(sweep)}
    md = markdown(result)
    assert "| flow midpoint | – | 0.900 | 0.620 | 0.600 | 8 |" in md
    assert "| diffusion ddim | 10 | – | 50 | 78 | 32 |" in md
    assert "log-mel L1 of the region: flow 8 (0.600), diffusion 32 (0.610)" in md
    pytest.importorskip("matplotlib")
    plot(result, tmp_path / "sweep.png")
    assert (tmp_path / "sweep.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(METRICS) == 3
