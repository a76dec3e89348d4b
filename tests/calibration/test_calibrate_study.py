"""`policysim calibrate study` and `backtest` end to end on a small study: the folder, bad input,
a killed calibration resumed to the same bytes, and runs cut at the last month a fit needs."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sim.analysis.fit import observations_of
from sim.calibration.points import Job, horizon_for, observe
from sim.cli import main
from sim.config import load_experiment
from sim.explore.folder import PARTS
from tests.helpers.calibration_study import STUDY, write_study

SMALL_BUDGET = STUDY.replace("budget = 40", "budget = 24")


def test_a_run_cut_at_the_last_target_reads_the_same_figures(tmp_path: Path) -> None:
    """Streams are keyed by name, so the months a fit reads do not depend on the horizon."""
    loaded = load_experiment(write_study(tmp_path))
    rows = tuple(o for o in observations_of(loaded) if not o.asked)[:2]
    short = horizon_for(loaded.config, rows)
    assert short < loaded.config.experiment.horizon_days
    values = {"scenario.goodwill.kappa": 1.7}
    cut = observe(loaded.config, Job(values, 1, short), rows)
    whole = observe(loaded.config, Job(values, 1, loaded.config.experiment.horizon_days), rows)
    assert cut == whole


@pytest.mark.parametrize("argv, expected", [
    (["--train-until", "2020-13-01"], "--train-until: cannot parse date '2020-13-01'"),
    (["--train-until", "2020-02-01"], "--train-until: no observed row with a value on or before 2020-02-01"),
    (["--budget", "3"], "--budget 3 runs is less than two parameter points of 2 replications"),
    (["--workers", "0"], "--workers must be at least 1"),
])
def test_bad_flags_are_one_line_and_write_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str], argv: list[str],
                                                  expected: str) -> None:
    path = write_study(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["calibrate", "study", str(path), *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err, err
    assert not (tmp_path / "results").exists()


def test_a_study_without_a_calibration_table_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = write_study(tmp_path, STUDY[:STUDY.index("[calibration]")])
    monkeypatch.chdir(tmp_path)
    assert main(["backtest", str(path), "--train-until", "2020-06-30"]) == 2
    err = capsys.readouterr().err
    assert f"{path}: calibration: no [calibration] table" in err and err.count("\n") == 1
    assert not (tmp_path / "results").exists()


def _finished_lines(parts: Path) -> int:
    return parts.read_bytes().count(b"\n") - 1 if parts.exists() else 0


@pytest.mark.slow
def test_a_killed_calibration_resumes_to_the_same_posterior(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Killed part-way (SIGKILL, a half-written last line), resumed: posterior.csv byte for byte,
    and the folder holds what an uninterrupted calibration's does."""
    path = write_study(tmp_path, SMALL_BUDGET)
    monkeypatch.chdir(tmp_path)
    argv = ["calibrate", "study", str(path), "--workers", "1"]
    assert main([*argv, "--out", str(tmp_path / "whole")]) == 0
    killed = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-m", "sim", *argv, "--out", str(killed)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and _finished_lines(killed / PARTS) < 10:
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 10 <= _finished_lines(killed / PARTS) < 24, "killed part-way through 24 runs"
    with (killed / PARTS).open("a", encoding="utf-8") as fh:
        fh.write('["a line cut by the kill", [1.0, 2')
    assert main([*argv, "--resume", str(killed)]) == 0, capsys.readouterr().err
    whole = tmp_path / "whole"
    assert (killed / "posterior.csv").read_bytes() == (whole / "posterior.csv").read_bytes()
    assert sorted(p.name for p in killed.iterdir()) == sorted(p.name for p in whole.iterdir())
    assert json.loads((killed / "diagnostics.json").read_text())["runs_simulated_this_session"] < 24


@pytest.mark.slow
def test_the_folder_of_a_calibration_and_of_a_backtest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = write_study(tmp_path, SMALL_BUDGET)
    monkeypatch.chdir(tmp_path)
    assert main(["calibrate", "study", str(path), "--workers", "1", "--out", "cal"]) == 0
    with (tmp_path / "cal" / "posterior.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["set", "weight", "scenario.goodwill.kappa",
                             "scenario.customers.marketing_prospects_per_month"]
    assert sum(float(r["weight"]) for r in rows) == pytest.approx(1.0)
    assert all(0.2 <= float(r["scenario.goodwill.kappa"]) <= 3.0 for r in rows)
    d = json.loads((tmp_path / "cal" / "diagnostics.json").read_text())
    assert d["runs_used"] == 24 and d["effective_sample_size"] >= 1 and len(d["targets"]) == 2
    assert all(t["mc_error"] is not None for t in d["targets"])
    calibrated = load_experiment(tmp_path / "cal" / "calibrated.toml").config
    assert calibrated.calibration is not None and calibrated.calibration.posterior == "posterior.csv"
    assert main(["run", str(tmp_path / "cal" / "calibrated.toml"), "--replications", "1", "--workers", "1",
                 "--out", str(tmp_path / "run")]) == 0
    capsys.readouterr()
    assert main(["backtest", str(path), "--train-until", "2020-03-31", "--replications", "8", "--workers", "1",
                 "--out", "bt"]) == 0
    printed = capsys.readouterr().out
    assert "ours:customers" in printed and "50% covered" in printed
    with (tmp_path / "bt" / "backtest.csv").open(newline="") as fh:
        scored = list(csv.DictReader(fh))
    assert [r["date"] for r in scored] == ["2020-06-30", "2020-09-30", "2020-12-01"]
    assert scored[-1]["observed"] == "" and scored[-1]["error"] == "" and scored[-1]["p95"] != ""
    assert float(scored[0]["p05"]) <= float(scored[0]["median"]) <= float(scored[0]["p95"])
    assert (tmp_path / "bt" / "calibration" / "posterior.csv").is_file()
    assert (tmp_path / "bt" / "backtest.png").is_file()
