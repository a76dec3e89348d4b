"""Plots of the synthetic results: every figure is written as a valid PNG and an SVG."""

import pytest
from tests.helpers.results import ONE_SWEEP, TWO_SWEEPS, write_results

from sim.analysis.results import load_results
from sim.plots import write_plots
from sim.plots.labels import axis_label, percent

PNG = b"\x89PNG\r\n\x1a\n"
EXPECTED = {"kpi_bars", "forest", "monthly_overview", "monthly_money", "retention", "waterfall"}


def check(paths):
    for path in paths:
        data = path.read_bytes()
        assert len(data) > 1000, path
        assert data.startswith(PNG) if path.suffix == ".png" else b"<svg" in data[:2000]


@pytest.mark.slow
def test_every_plot_is_written_as_png_and_svg(tmp_path):
    folder = write_results(tmp_path / "r")
    paths = write_plots(load_results(folder), folder / "plots")
    assert {p.stem for p in paths} == EXPECTED
    assert sorted(p.suffix for p in paths) == [".png"] * 6 + [".svg"] * 6
    check(paths)


@pytest.mark.slow
@pytest.mark.parametrize("sweep", [ONE_SWEEP, TWO_SWEEPS], ids=["line", "heatmap"])
def test_sweeps_get_a_sweep_plot(tmp_path, sweep):
    folder = write_results(tmp_path / "r", sweep)
    paths = [p for p in write_plots(load_results(folder), folder / "plots") if p.stem == "sweep_profit"]
    assert len(paths) == 2
    check(paths)


def test_labels_carry_units():
    assert axis_label("profit") == "Profit ($)"
    assert axis_label("monthly_churn_rate") == "Monthly churn rate (% per month)"
    assert axis_label("complaints", "per month") == "Complaints (complaints per month)"
    assert percent(-0.0004) == "0.0%" and percent(0.18, signed=True) == "+18%"
