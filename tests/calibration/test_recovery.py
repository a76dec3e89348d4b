"""Recovery from a known truth: observed series simulated from a small study at known parameter
values (goodwill `kappa`, the segment's price sensitivity), calibrated with priors several times
wider than the truth, and back-tested on the months the fit did not see.

Each repeat's observed history is a replication no calibration run uses (1000 + repeat), so common
random numbers cannot hand the fit the answer. Over the repeats, the posterior's 90% intervals
must hold the truth and the back-test's 90% bands at least 80% of the held-back points.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from sim.calibration.points import Job, observe
from sim.cli import main
from sim.config.load import parse_experiment
from sim.config.observed import Observation

TRUTH = {"scenario.goodwill.kappa": 1.0, "scenario.customers.segments.0.price_sensitivity": 1.5}
STUDY = """
[experiment]
name = "recovery"
seed = 3
horizon_days = 366
start_date = 2020-01-01

[observed]
file = "obs.csv"

[scenario.customers]
initial = 60
marketing_prospects_per_month = 25
segments = [{ name = "all", share = 1.0, price_sensitivity = 1.0 }]

[scenario.catalogue]
titles = 30

[variants.late_fees]
baseline = true

[calibration]
replications = 3
budget = 90
tolerance = 0.02
[calibration.parameters]
"scenario.goodwill.kappa" = { low = 0.2, high = 5.0 }
"scenario.customers.segments.0.price_sensitivity" = { low = 0.3, high = 6.0, distribution = "loguniform" }
"""
DATES = [dt.date(2020, m, 28) for m in range(2, 13)]
KPIS = ("customers", "joined")
CUT = "2020-06-30"
REPEATS = 4


def _history(repeat: int) -> str:
    """The observed file: one replication at the truth, read like any observed series."""
    config = parse_experiment(STUDY).config
    rows = tuple(Observation(d, "ours", k, 0.0) for d in DATES for k in KPIS)
    values = observe(config, Job(dict(TRUTH), 1000 + repeat, config.experiment.horizon_days), rows)
    return "date,firm,kpi,value\n" + "".join(f"{o.date},ours,{o.kpi},{v}\n" for o, v in zip(rows, values))


@pytest.mark.slow
def test_calibration_recovers_the_truth_and_its_backtest_covers_the_held_back_months(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    covered, intervals, inside, held_back = 0, 0, 0, 0
    for repeat in range(REPEATS):
        folder = tmp_path / f"r{repeat}"
        folder.mkdir()
        (folder / "obs.csv").write_text(_history(repeat), encoding="utf-8")
        (folder / "study.toml").write_text(STUDY.replace("seed = 3", f"seed = {3 + repeat}"), encoding="utf-8")
        assert main(["backtest", str(folder / "study.toml"), "--train-until", CUT, "--replications", "20",
                     "--workers", "2", "--out", str(folder / "bt")]) == 0, capsys.readouterr().err
        diagnostics = json.loads((folder / "bt" / "calibration" / "diagnostics.json").read_text())
        for path, truth in TRUTH.items():
            p = diagnostics["parameters"][path]
            intervals += 1
            covered += p["p05"] <= truth <= p["p95"]
        with (folder / "bt" / "backtest.csv").open(newline="") as fh:
            for row in csv.DictReader(fh):
                held_back += 1
                inside += float(row["p05"]) <= float(row["observed"]) <= float(row["p95"])
    print(f"parameters covered {covered}/{intervals}; held-back points inside 90% bands {inside}/{held_back}")
    # Right 90% intervals fail this with probability 0.04 (fewer than 6 of 8 covered, binomial).
    assert covered >= 6, f"{covered}/{intervals}"
    # A right predictive band holds a held-back point with probability 0.9 (sim.calibration.backtest
    # reads it at Weibull's positions): fewer than 80% of 48 independent points has probability
    # 0.02; the months of one history move together, which makes it somewhat larger.
    assert inside >= 0.8 * held_back, f"{inside}/{held_back}"
