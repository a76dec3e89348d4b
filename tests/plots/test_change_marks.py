"""Dated changes on plots and in the report stay bounded whatever their number (issue 32): the
first few are labelled, the rest counted, so 10,000 changes never make an 8-minute plot or a
56 MB SVG."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from sim.config import parse_experiment
from sim.report.blocks import Table
from sim.report.changes import LISTED, changes

def test_the_report_lists_the_first_changes_and_counts_the_rest() -> None:
    lines = [("[experiment]\nname = \"many\"\nhorizon_days = 3650\n[variants.a]\nbaseline = true\n"
              "[variants.a.pricing]\nmodel = \"subscription\"\n")]
    lines += [f"[[variants.a.changes]]\nat_day = {i * 0.3:.1f}\nset = {{ \"pricing.monthly_fee\" = 12.0 }}\n"
              for i in range(1_000)]
    config = parse_experiment("".join(lines)).config
    tables = [b for b in changes(SimpleNamespace(baseline="a"), config) if isinstance(b, Table)]
    rows = tables[0].rows
    assert len(rows) == LISTED + 1
    assert rows[-1][:2] == ["...", f"{1_000 - LISTED:,} more changes"]


@pytest.mark.slow
def test_a_study_with_ten_thousand_changes_reports_in_bounded_time(tmp_path: Path) -> None:
    from sim.cli import main

    lines = [("[experiment]\nname = \"many\"\nreplications = 2\nhorizon_days = 60\n[scenario.customers]\n"
              "initial = 10\n[scenario.catalogue]\ntitles = 10\n[variants.a]\nbaseline = true\n"
              "[variants.b.pricing]\nmodel = \"subscription\"\n")]
    lines += [f"[[variants.b.changes]]\nat_day = {i * 59 / 10_000:.4f}\n"
              f"set = {{ \"pricing.monthly_fee\" = {10 + i % 50 / 10:.2f} }}\n" for i in range(10_000)]
    config = tmp_path / "many.toml"
    config.write_text("".join(lines))
    started = time.perf_counter()
    assert main(["run", str(config), "--out", str(tmp_path / "r"), "--workers", "1", "--no-progress"]) == 0
    assert time.perf_counter() - started < 300
    assert max(p.stat().st_size for p in (tmp_path / "r" / "plots").iterdir()) < 2_000_000
    assert (tmp_path / "r" / "report.md").stat().st_size < 200_000
