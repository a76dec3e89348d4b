"""The report of a small synthetic results folder, and the report/compare commands."""

import base64
import csv
import json
import re

import pytest
from tests.helpers.results import write_results

from sim.cli import main
from sim.report import write_report

PNG = b"\x89PNG\r\n\x1a\n"
SECTIONS = ["The answer", "Headlines", "Key results", "Appendix: differences from", "Key plots",
            "Retention and customer lifetime value", "Why customers left", "Warm-up", "How many replications?",
            "Assumptions", "Reproducibility"]
CODE = r"(?:`|<code>)({})(?:`|</code>)"
HEADLINE = re.compile(CODE.format("subscription") + r" made \$([\d,]+) more profit than " + CODE.format("late_fees")
                      + r" \(95% CI \$([\d,]+) to \$([\d,]+)\)")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = write_results(tmp_path_factory.mktemp("results"))
    paths = write_report(folder)
    return folder, paths, (folder / "report.html").read_text(), (folder / "report.md").read_text()


@pytest.mark.slow
def test_report_files_are_written(report):
    folder, paths, _, _ = report
    assert folder / "report.html" in paths and folder / "report.md" in paths
    assert all(p.exists() for p in paths)
    assert all(p.parent == folder / "plots" for p in paths if p.suffix in (".png", ".svg"))


def test_report_contains_every_section(report):
    _, _, html, md = report
    for section in SECTIONS:
        assert re.search(rf"<h2[^>]*>{re.escape(section)}", html), section
        assert f"## {section}" in md, section


def test_html_is_self_contained_with_valid_embedded_pngs(report):
    _, paths, html, _ = report
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(images) == sum(p.suffix == ".png" for p in paths) >= 6
    for data in images:
        assert base64.b64decode(data, validate=True).startswith(PNG)
    assert not re.search(r'(src|href)="(?!data:|#)', html)


def test_headline_numbers_equal_comparisons_csv(report):
    folder, _, html, md = report
    with open(folder / "comparisons.csv", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["variant"] == "subscription" and r["kpi"] == "profit")
    expected = [float(row[k]) for k in ("mean_diff", "ci_low", "ci_high")]
    for text in (html, md):
        match = HEADLINE.search(text)
        assert match, "headline sentence missing"
        for shown, value in zip(match.group(2, 4, 5), expected):
            assert float(shown.replace(",", "")) == pytest.approx(value, abs=0.5 + 1e-9)


def test_no_clear_difference_when_the_interval_includes_zero(report):
    _, _, _, md = report
    assert "`no_late_fees` and `late_fees`: no clear difference in complaints" in md


def test_assumptions_and_reproducibility(report):
    folder, _, _, md = report
    assert "| `scenario.customers.initial` | 40 | 800 | assumption |" in md
    assert "Netflix DVD era" in md
    config_hash = json.loads((folder / "manifest.json").read_text())["config_hash"]
    assert f"config hash: {config_hash}" in md and "root seed: 7" in md and "command: policysim run" in md


@pytest.mark.parametrize("name, damage", [
    ("customers.csv.gz", None), ("timeseries.csv", None), ("manifest.json", None), ("config.toml", None),
    ("customers.csv.gz", b"\x1f\x8b broken"), ("runs.csv", b"point,replication\n0,0\n"),
])
def test_report_command_names_a_missing_or_corrupt_file_and_exits_2(tmp_path, capsys, name, damage):
    folder = write_results(tmp_path / "r")
    if damage is None:
        (folder / name).unlink()
    else:
        (folder / name).write_bytes(damage)
    assert main(["report", str(folder)]) == 2
    err = capsys.readouterr().err
    assert name in err and ("missing" in err if damage is None else "corrupt" in err)
    assert err.count("\n") == 1
    assert not (folder / "report.html").exists()


def test_compare_command_prints_paired_and_unpaired_for_any_baseline(tmp_path, capsys):
    folder = write_results(tmp_path / "r")
    assert main(["compare", str(folder), "--baseline", "subscription", "--kpi", "profit"]) == 0
    out = capsys.readouterr().out
    assert "difference from subscription" in out and "paired 95% CI" in out and "unpaired ±" in out
    assert "late_fees" in out and "no_late_fees" in out
    assert main(["compare", str(folder), "--baseline", "nobody"]) == 2
    assert "unknown baseline 'nobody'" in capsys.readouterr().err
