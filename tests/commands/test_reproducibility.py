"""Same config and seed -> the same bytes, whatever the worker count."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.cli import main

FILES = ("runs.csv", "summary.csv", "comparisons.csv", "timeseries.csv", "customers.csv.gz")


def _run(config: Path, out: Path, workers: int) -> None:
    assert main(["run", str(config), "--out", str(out), "--workers", str(workers), "--no-progress", "--no-report"]) == 0


@pytest.mark.slow
def test_same_bytes_with_one_and_two_workers(small_config: Path, tmp_path: Path) -> None:
    _run(small_config, tmp_path / "w1", 1)
    _run(small_config, tmp_path / "w2", 2)
    for name in FILES:
        assert (tmp_path / "w1" / name).read_bytes() == (tmp_path / "w2" / name).read_bytes(), name


def test_another_seed_changes_results(small_config: Path, tmp_path: Path) -> None:
    _run(small_config, tmp_path / "a", 1)
    assert main(["run", str(small_config), "--out", str(tmp_path / "b"), "--seed", "8",
                 "--no-progress", "--no-report"]) == 0
    assert (tmp_path / "a" / "runs.csv").read_bytes() != (tmp_path / "b" / "runs.csv").read_bytes()


def test_results_folder_layout(small_config: Path, tmp_path: Path) -> None:
    out = tmp_path / "r"
    _run(small_config, out, 1)
    for name in (*FILES, "config.toml", "manifest.json"):
        assert (out / name).is_file(), name
    assert not (out / "parts").exists()
    header = (out / "summary.csv").read_text().splitlines()[0]
    assert header == "variant,kpi,mean,ci_low,ci_high,n"
    rows = (out / "runs.csv").read_text().splitlines()
    assert len(rows) == 1 + 3 * 2


@pytest.mark.slow
def test_sweep_runs_every_point_with_the_same_streams(small_config: Path, tmp_path: Path) -> None:
    text = small_config.read_text() + '\n[sweep]\n"variants.subscription.pricing.monthly_fee" = [9.99, 19.95]\n'
    config = tmp_path / "sweep.toml"
    config.write_text(text)
    out = tmp_path / "s"
    _run(config, out, 1)
    rows = (out / "runs.csv").read_text().splitlines()
    assert rows[0].startswith("point,replication,variant,seed,variants.subscription.pricing.monthly_fee,")
    assert len(rows) == 1 + 2 * 3 * 2
    baseline_rows = [r.split(",") for r in rows[1:] if ",late_fees," in r]
    by_point = {}
    for r in baseline_rows:
        by_point.setdefault(r[1], []).append(r[5:])
    # the baseline does not depend on the swept subscription fee: identical at both points
    assert all(len({tuple(v) for v in vals}) == 1 for vals in by_point.values())
    assert (out / "summary.csv").read_text().startswith("point,variant,kpi,")
