"""Commands check every argument before they create anything: a refusal is one short line, exit 2,
and leaves the folder as it was (issue 32, "Refuse before writing")."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.configs import SMALL
from tests.helpers.refusal import refused
from tests.helpers.results import write_results

OPTIMIZE = ["optimize", "small.toml", "--lever", "pricing.late_fee_per_day", "--kpi", "profit",
            "--out", "opt", "--workers", "1", "--quick"]


@pytest.fixture
def study(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """SMALL as small.toml in the working folder."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "small.toml"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.mark.parametrize("table", ["", "\n[uncertainties]\n"], ids=["missing", "empty"])
@pytest.mark.parametrize("method", ["morris", "sobol"])
def test_sensitivity_without_uncertainties_says_how_to_write_them(table, method, study, tmp_path, capsys):
    study.write_text(SMALL + table, encoding="utf-8")
    refused(["sensitivity", "small.toml", "--kpi", "profit", "--method", method, "--out", "sens"], tmp_path,
            capsys, "small.toml: uncertainties: the table is missing or empty", '= [0.7, 1.3]')


@pytest.mark.parametrize(("span", "expected"), [
    ("-5:10", "--range: LOW = -5 is not a value variants.late_fees.pricing.late_fee_per_day allows"),
    ("1:5000", "--range: HIGH = 5000 is not a value"),
    ("1e308:1e309", "--range: LOW and HIGH must be finite numbers (got '1e308:1e309')"),
    ("nan:3", "must be finite"),
])
def test_optimize_range_outside_the_lever_creates_nothing(span, expected, study, tmp_path, capsys):
    refused([*OPTIMIZE, f"--range={span}"], tmp_path, capsys, expected)
    assert not (tmp_path / "opt").exists()


def test_optimize_long_range_text_is_quoted_short(study, tmp_path, capsys):
    err = refused([*OPTIMIZE, "--range=" + "9" * 5000], tmp_path, capsys, "--range must be LOW:HIGH", "...")
    assert "9" * 81 not in err


@pytest.mark.parametrize("point", [7, -1])
def test_compare_refuses_a_point_the_folder_lacks(point, tmp_path, capsys):
    folder = write_results(tmp_path / "res")
    refused(["compare", str(folder), "--point", str(point)], tmp_path, capsys,
            f"no sweep point {point}; the folder has point 0 only")


def test_compare_names_the_points_of_a_sweep(tmp_path, capsys):
    folder = write_results(tmp_path / "res", {"scenario.catalogue.titles": [30, 40, 50]})
    refused(["compare", str(folder), "--point", "3"], tmp_path, capsys, "the folder has points 0 to 2")


@pytest.mark.parametrize("where", ["key", "top"])
def test_arrays_nested_1000_deep_are_one_line(where, study, tmp_path, capsys):
    deep = "[" * 1000 + "]" * 1000
    nested = SMALL.replace("baseline = true", f"baseline = true\nx = {deep}")
    text = f"x = {deep}\n{SMALL}" if where == "top" else nested
    study.write_text(text, encoding="utf-8")
    refused(["check", "small.toml"], tmp_path, capsys, "small.toml: arrays or tables nested too deeply")


def test_nesting_the_parser_accepts_is_still_bounded(study, tmp_path, capsys):
    study.write_text(SMALL.replace("baseline = true", "baseline = true\nx = " + "[" * 100 + "]" * 100),
                     encoding="utf-8")
    refused(["check", "small.toml"], tmp_path, capsys, "small.toml: variants.late_fees.x.0.0", "at most 32")


def test_a_1_mb_label_is_quoted_to_80_characters(study, tmp_path, capsys):
    change = '\n[[variants.subscription.changes]]\nday = 30\nset = { "pricing.monthly_fee" = 9.99 }\nlabel = "'
    study.write_text(SMALL + change + "x" * 1_000_000 + '"\n', encoding="utf-8")
    err = refused(["check", "small.toml"], tmp_path, capsys, "variants.subscription.changes.0.label",
                  "at most 80 characters", "... (1,000,002 characters)")
    assert len(err) < 300


def test_optimize_refuses_a_search_too_big_to_run(study, tmp_path, capsys):
    refused([*OPTIMIZE, "--range=1:5", "--points", "1000000000"], tmp_path, capsys,
            "--points 1,000,000,000 (a coarse and a fine grid) with 10 replications makes 20,000,000,000 runs",
            "at most 100,000")
    assert not (tmp_path / "opt").exists()


def test_sensitivity_refuses_a_design_too_big_to_run(study, tmp_path, capsys):
    study.write_text(SMALL + '\n[uncertainties]\n"scenario.goodwill.kappa" = [0.7, 1.3]\n', encoding="utf-8")
    refused(["sensitivity", "small.toml", "--kpi", "profit", "--samples", "1000000000", "--out", "sens"],
            tmp_path, capsys, "--samples 1,000,000,000 of 1 uncertainties, 3 replications and 1 variant(s) "
            "makes 6,000,000,000 runs")
