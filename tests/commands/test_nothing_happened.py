"""A study in which nothing happens (no customer at day 0, none reached by marketing) is valid:
it gets its table and a report that says so, and no warning (issue 32)."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

import sim
from sim.analysis.results import load_results
from sim.analysis.series import column_stats, monthly_band
from sim.cli import main
from sim.report import build_blocks, stored_config
from sim.report.markdown import render_markdown
from tests.helpers.results import write_results

EMPTY = {
    "experiment": {"name": "empty", "replications": 2, "seed": 7, "horizon_days": 62.0},
    "scenario": {"customers": {"initial": 0, "marketing_prospects_per_month": 0.0}, "catalogue": {"titles": 10}},
    "variants": {"a": {"baseline": True}, "b": {"pricing": {"model": "subscription"}}},
}


@pytest.fixture
def empty_run(tmp_path: Path) -> Path:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sim.run(EMPTY, out=tmp_path / "run", workers=1, progress=False)
    return tmp_path / "run"


def test_the_report_says_nothing_happened_without_a_warning(empty_run):
    results = load_results(empty_run)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        text = render_markdown(build_blocks(results, stored_config(results), []), empty_run)
        bands = [monthly_band(results, "revenue_per_customer", v) for v in results.variants]
    assert "Nothing happened: no run had a single customer" in text
    assert "| Monthly churn rate | n/a | n/a |" in text
    assert all(b.mean.size and np.all(np.isnan(b.mean)) for b in bands)


def test_a_study_with_customers_has_no_such_note(tmp_path):
    results = load_results(write_results(tmp_path / "run"))
    assert "Nothing happened" not in render_markdown(build_blocks(results, stored_config(results), []), tmp_path)


def test_undefined_columns_are_nan_silently():
    grid = np.array([[1.0, np.nan, np.nan], [3.0, 5.0, np.nan]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        n, mean, sd = column_stats(grid)
    assert n.tolist() == [2, 1, 0]
    assert mean[0] == 2.0 and mean[1] == 5.0 and np.isnan(mean[2])
    assert sd[0] == pytest.approx(np.std([1.0, 3.0], ddof=1)) and np.isnan(sd[1]) and np.isnan(sd[2])


@pytest.mark.slow
def test_run_and_report_of_an_empty_study_end_to_end(tmp_path, monkeypatch, capsys):
    """The whole command, plots included (about 15 s): exit 0, no warning, the note in the report."""
    from sim.workshop.toml_out import dumps

    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty.toml").write_text(dumps(EMPTY), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert main(["run", "empty.toml", "--out", "run", "--workers", "1"]) == 0
        assert main(["report", "run"]) == 0
    assert "Nothing happened" in (tmp_path / "run" / "report.md").read_text(encoding="utf-8")
    assert "Warning" not in capsys.readouterr().err
