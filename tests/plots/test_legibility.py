"""Every plot of every example study, in quick mode, holds up at 1280 x 720 and on a 16:9 slide:
no overlapping text, nothing below the minimum font size, no colour twice in a legend, the
waterfall's bars inside their axes. Each study runs once for the whole module."""

from pathlib import Path

import pytest

from sim.api import run
from sim.plots.style import DPI, WIDE
from tests.helpers.legibility import (bars_outside_axes, overlaps, repeated_legend_colours, small_texts,
                                    texts_off_the_figure)

CONFIGS = sorted((Path(__file__).parents[2] / "configs").glob("*.toml"))
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    """{study: {plot: figure}}, each study run once in quick mode."""
    out = {}
    for config in CONFIGS:
        folder = tmp_path_factory.mktemp(config.stem)
        results = run(config, quick=True, workers=1, out=folder / "run", progress=False)
        out[config.stem] = results.plots()
    return out


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.stem)
def test_every_plot_is_legible(figures, config):
    problems = {}
    for name, fig in figures[config.stem].items():
        found = {"overlapping text": overlaps(fig), "text below the minimum size": small_texts(fig),
                 "text cut off at the figure's edge": texts_off_the_figure(fig),
                 "a colour twice in a legend": repeated_legend_colours(fig),
                 "bars outside their axes": bars_outside_axes(fig) if name == "waterfall" else []}
        found = {k: v for k, v in found.items() if v}
        if found:
            problems[name] = found
    assert not problems, problems


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.stem)
def test_every_plot_is_16_9_at_1280_pixels(figures, config):
    for name, fig in figures[config.stem].items():
        assert tuple(fig.get_size_inches()) == pytest.approx(WIDE), name
        assert fig.get_size_inches()[0] * DPI == pytest.approx(1280), name
