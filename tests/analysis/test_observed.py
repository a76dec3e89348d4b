"""Observed series: dates map to simulated days exactly, fit.csv is the hand computation, scale
turns simulated households into real ones, and a bad observed file is one line, exit 2."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

import sim
from sim.cli import main
from sim.analysis.fit import in_quarters, month_index
from sim.analysis.results import load_results
from sim.config.observed import day_of, read_observed, resolve, window_of
from sim.clock import MONTH
from sim.report.what_if import compact, what_if

CONFIG = """
[experiment]
name = "fit"
replications = {reps}
horizon_days = 400
start_date = 2000-01-01
scale = {scale}
[scenario.customers]
initial = {initial}
marketing_prospects_per_month = {marketing}
[variants.v]
baseline = true
pricing = {{ model = "streaming" }}
[observed]
file = "obs.csv"
"""
OBSERVED = """date,firm,kpi,value
2000-02-29,ours,customers,95000
2000-12-31,ours,customers,90000
2000-06-15,ours,revenue,1800000
2000-06-15,ours,monthly_churn_rate,0.05
"""


def write(tmp_path: Path, reps: int = 3, scale: float = 1000.0, initial: int = 100, marketing: float = 20.0,
          observed: str = OBSERVED) -> Path:
    (tmp_path / "obs.csv").write_text(observed, encoding="utf-8")
    path = tmp_path / "fit.toml"
    path.write_text(CONFIG.format(reps=reps, scale=scale, initial=initial, marketing=marketing), encoding="utf-8")
    return path


def test_dates_map_to_days_exactly() -> None:
    start = dt.date(2000, 1, 1)
    assert day_of(dt.date(2000, 2, 29), start) == 59  # 2000 is a leap year
    assert day_of(dt.date(2000, 3, 1), start) == 60
    assert day_of(dt.date(2000, 12, 31), start) == 365
    assert day_of(dt.date(2001, 3, 1), start) == 425  # 2001 is not
    assert day_of(dt.date(2004, 12, 31), start) == 5 * 365 + 1
    assert month_index("customers", 59, 20) == 2 and month_index("revenue", 59, 20) == 1  # nearest start / holding
    assert month_index("customers", 365, 20) == 12 and month_index("revenue", int(12 * MONTH), 20) == 12


def series(folder: Path, name: str, variant: str = "v") -> np.ndarray:
    """replications x months of one series of a variant, from timeseries.csv."""
    rows = [r for r in csv.DictReader((folder / "timeseries.csv").open())
            if r["series"] == name and r["variant"] == variant]
    reps, months = max(int(r["replication"]) for r in rows) + 1, max(int(r["month"]) for r in rows) + 1
    grid = np.zeros((reps, months))
    for r in rows:
        grid[int(r["replication"]), int(r["month"])] = float(r["value"])
    return grid


def test_fit_csv_is_the_hand_computation(tmp_path: Path) -> None:
    results = sim.run(write(tmp_path), out=tmp_path / "out", progress=False)
    active, churned, revenue = (series(results.folder, s) for s in ("active_customers", "churned", "revenue"))
    expected = [1000 * active[:, 2], 1000 * active[:, 12], 1000 * revenue[:, 5], churned[:, 5] / active[:, 5]]
    rows = list(csv.DictReader((results.folder / "fit.csv").open()))
    assert [r["kpi"] for r in rows] == ["customers", "customers", "revenue", "monthly_churn_rate"]
    for row, values in zip(rows, expected):
        mean = values.mean()
        half = stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values))
        assert float(row["simulated_mean"]) == pytest.approx(mean, rel=1e-12)
        assert float(row["ci_low"]) == pytest.approx(mean - half, rel=1e-9)
        assert float(row["error"]) == pytest.approx(mean - float(row["observed"]), rel=1e-12)
        assert float(row["relative_error"]) == pytest.approx((mean - float(row["observed"])) / float(row["observed"]))
    assert (results.folder / "observed.csv").read_text().count("\n") == 5


def test_a_quarters_flow_is_the_sum_of_its_three_months(tmp_path: Path) -> None:
    quarterly = "date,firm,kpi,value\n2000-09-30,ours,net_adds_in_quarter,-4000\n2000-09-30,ours,joined_in_quarter,\n"
    results = sim.run(write(tmp_path, observed=quarterly), out=tmp_path / "out", progress=False)
    joined, churned = series(results.folder, "joined"), series(results.folder, "churned")
    rows = list(csv.DictReader((results.folder / "fit.csv").open()))
    july_to_september = slice(6, 9)
    net = 1000 * (joined[:, july_to_september] - churned[:, july_to_september]).sum(axis=1)
    assert float(rows[0]["simulated_mean"]) == pytest.approx(net.mean(), rel=1e-12)
    assert float(rows[1]["simulated_mean"]) == pytest.approx(1000 * joined[:, july_to_september].sum(axis=1).mean())
    assert np.isnan(in_quarters(np.arange(5.0))[:2]).all() and in_quarters(np.arange(5.0))[4] == 2 + 3 + 4


@pytest.mark.slow
def test_doubling_scale_and_halving_the_market_gives_the_same_real_series(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    full = sim.run(write(tmp_path / "a", reps=8, scale=1.0, initial=400, marketing=80), out=tmp_path / "a/out",
                   progress=False)
    half = sim.run(write(tmp_path / "b", reps=8, scale=2.0, initial=200, marketing=40), out=tmp_path / "b/out",
                   progress=False)
    for a, b in zip(*(csv.DictReader((r.folder / "fit.csv").open()) for r in (full, half))):
        width = (float(a["ci_high"]) - float(a["ci_low"]) + float(b["ci_high"]) - float(b["ci_low"])) / 2
        assert abs(float(a["simulated_mean"]) - float(b["simulated_mean"])) <= width, (a, b)


def assert_refused(path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                   capsys: pytest.CaptureFixture[str], expected: str) -> None:
    """`run` refuses the config in one line naming the observed file and `expected`, and writes nothing."""
    monkeypatch.chdir(tmp_path)
    assert main(["run", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(tmp_path / "obs.csv") in err and expected in err, err
    assert not (tmp_path / "results").exists()


@pytest.mark.parametrize("observed, expected", [
    ("date,firm,kpi\n2000-02-01,ours,customers\n", "row 1: the header must be exactly date,firm,kpi,value"),
    ("date,firm,kpi,value\n", "row 2: no observations"),
    ("date,firm,kpi,value\n2000-13-01,ours,customers,5\n", "row 2.date: '2000-13-01' is not a date"),
    ("date,firm,kpi,value\n2003-01-01,ours,customers,5\n", "row 2.date: 2003-01-01 is outside the run"),
    ("date,firm,kpi,value\n1999-12-31,ours,customers,5\n", "is outside the run"),
    ("date,firm,kpi,value\n2000-02-01,netflix,customers,5\n", "row 2.firm: unknown firm 'netflix'; allowed: ours"),
    ("date,firm,kpi,value\n2000-02-01,ours,subscribers,5\n", "row 2.kpi: the model writes no monthly 'subscribers'"),
    ("date,firm,kpi,value\n2000-02-01,ours,customers,many\n", "row 2.value: 'many' is not a finite number"),
    ("date,firm,kpi,value\n2000-02-01,ours,customers,nan\n", "is not a finite number"),
    ("date,firm,kpi,value\n2000-02-01,ours,customers\n", "row 2: has 3 cells"),
])
def test_bad_observed_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                            observed: str, expected: str) -> None:
    """The error names the observed file and its row."""
    path = write(tmp_path, observed=observed)
    assert_refused(path, tmp_path, monkeypatch, capsys, expected)


def test_a_missing_observed_file_and_a_missing_calendar(config_error: Callable[..., None], tmp_path: Path) -> None:
    text = CONFIG.format(reps=2, scale=1.0, initial=50, marketing=5)
    config_error(text, "observed.file: ", command="run")
    config_error(text.replace("start_date = 2000-01-01\n", ""), "needs the calendar date of day 0", command="run")
    config_error(text.replace("scale = 1.0", "scale = 0"), "experiment.scale", command="run")


RIVAL = """
[scenario.market]
arrivals = "bass"
[scenario.market.diffusion]
potential = {potential}
[scenario.rivals.netflix]
initial_customers = {rival}
initial_awareness = 0.5
pricing = {{ model = "menu", plans.dvd_3 = {{ model = "subscription" }} }}
"""
RIVAL_OBSERVED = """date,firm,kpi,value
2000-12-31,netflix,customers,400000
2000-06-15,netflix,monthly_churn_rate,0.05
2000-07-01,netflix,plan_dvd_3,300000
2000-06-15,ours,revenue,1800000
2001-01-31,netflix,customers,
"""


def write_with_rival(tmp_path: Path, observed: str = RIVAL_OBSERVED, reps: int = 3, scale: float = 10_000.0,
                     size: int = 1) -> Path:
    """Our firm, a rival and a Bass market, `size` times the smallest."""
    path = write(tmp_path, reps=reps, scale=scale, initial=40 * size, marketing=0, observed=observed)
    path.write_text(path.read_text(encoding="utf-8") + RIVAL.format(potential=300 * size, rival=30 * size),
                    encoding="utf-8")
    return path


def test_fit_csv_of_a_rival_is_the_hand_computation(tmp_path: Path) -> None:
    """A rival's rows read its `netflix:` series; a row with no value gets the simulated figure alone."""
    results = sim.run(write_with_rival(tmp_path), out=tmp_path / "out", progress=False)
    active, churned, plan, revenue = (series(results.folder, s) for s in (
        "netflix:active_customers", "netflix:churned", "netflix:plan_dvd_3", "revenue"))
    expected = [1e4 * active[:, 12], churned[:, 5] / active[:, 5], 1e4 * plan[:, 6], 1e4 * revenue[:, 5],
                1e4 * active[:, 13]]
    rows = list(csv.DictReader((results.folder / "fit.csv").open()))
    assert [(r["firm"], r["kpi"]) for r in rows] == [("netflix", "customers"), ("netflix", "monthly_churn_rate"),
                                                    ("netflix", "plan_dvd_3"), ("ours", "revenue"),
                                                    ("netflix", "customers")]
    assert not np.allclose(expected[0], 1e4 * series(results.folder, "active_customers")[:, 12])  # not ours
    for row, values in zip(rows, expected):
        assert float(row["simulated_mean"]) == pytest.approx(values.mean(), rel=1e-12)
    asked = rows[-1]
    assert asked["observed"] == asked["error"] == asked["relative_error"] == "" and asked["ci_low"] != ""
    assert (results.folder / "observed.csv").read_text().splitlines()[-1] == "2001-01-31,netflix,customers,"


def test_the_what_if_headline_pairs_each_option_with_history_in_real_units(tmp_path: Path) -> None:
    path = write_with_rival(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + '[variants.store]\npricing = { model = "per_rental" }\n',
                    encoding="utf-8")
    results = sim.run(path, out=tmp_path / "out", progress=False)
    blocks = what_if(load_results(results.folder), sim.load(path).config)
    table = blocks[-1]
    assert table.header[:3] == ["", "ours customers at the end", "netflix customers at the end"]
    assert [row[0] for row in table.rows] == ["`v` (as run)", "`store` less `v`"]
    theirs = {v: series(results.folder, "netflix:active_customers", v)[:, -1] for v in ("v", "store")}
    difference = 1e4 * (theirs["store"] - theirs["v"]).mean()
    assert table.rows[1][2].startswith(compact(difference, signed=True) + " ("), (table.rows[1][2], difference)


@pytest.mark.slow
def test_scale_holds_for_a_rival_in_a_bass_market(tmp_path: Path) -> None:
    """Doubling `scale` and halving the market (households, both firms) gives the same real series."""
    runs = []
    for name, scale, size in (("full", 1.0, 4), ("half", 2.0, 2)):
        (tmp_path / name).mkdir()
        runs.append(sim.run(write_with_rival(tmp_path / name, reps=8, scale=scale, size=size),
                            out=tmp_path / name / "out", progress=False))
    for a, b in zip(*(csv.DictReader((r.folder / "fit.csv").open()) for r in runs)):
        width = (float(a["ci_high"]) - float(a["ci_low"]) + float(b["ci_high"]) - float(b["ci_low"])) / 2
        assert abs(float(a["simulated_mean"]) - float(b["simulated_mean"])) <= width, (a, b)


@pytest.mark.parametrize("observed, expected", [
    ("date,firm,kpi,value\n2000-02-01,hulu,customers,5\n", "row 2.firm: unknown firm 'hulu'; allowed: ours, netflix"),
    ("date,firm,kpi,value\n2000-02-01,netflix,plan_store,5\n", "row 2.kpi: the model writes no monthly 'plan_store' "
                                                               "of netflix"),
    ("date,firm,kpi,value\n2000-02-01,netflix,customers,-\n", "row 2.value: '-' is not a finite number"),
])
def test_bad_observed_rows_of_a_rival(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str], observed: str, expected: str) -> None:
    path = write_with_rival(tmp_path, observed=observed)
    assert_refused(path, tmp_path, monkeypatch, capsys, expected)


def test_the_replay_accepts_a_later_dated_observed_file(tmp_path: Path) -> None:
    """Another observed file, of later years, is taken by the history config as it is (no model change)."""
    shipped = Path(__file__).resolve().parents[2] / "configs" / "history_blockbuster_netflix.toml"
    (tmp_path / "later.csv").write_text(
        "date,firm,kpi,value\n2007-12-31,netflix,customers,7000000\n2009-06-30,netflix,monthly_churn_rate,0.04\n"
        "2009-12-31,ours,plan_online,1500000\n2008-03-31,netflix,plan_dvd_1,1000000\n", encoding="utf-8")
    text = shipped.read_text(encoding="utf-8")
    path = tmp_path / "history.toml"
    path.write_text(text.replace('file = "observed/blockbuster_netflix_2000_2004.csv"', 'file = "later.csv"'),
                    encoding="utf-8")
    loaded = sim.load(path)
    rows = read_observed(resolve(loaded.config.observed.file, str(path)), window_of(loaded.config))
    assert [(o.date.year, o.firm, o.kpi) for o in rows] == [
        (2007, "netflix", "customers"), (2009, "netflix", "monthly_churn_rate"), (2009, "ours", "plan_online"),
        (2008, "netflix", "plan_dvd_1")]


def test_the_replays_calendar_ends_on_the_last_day_of_2009() -> None:
    """2000 and 2004 and 2008 are leap years: 31 December 2009 is day 3652 of 3653, a year end's
    customers are read at the month start nearest it, and the run ends on 1 January 2010."""
    config = sim.load(Path(__file__).resolve().parents[2] / "configs" / "history_blockbuster_netflix.toml").config
    start, window = config.experiment.start_date, window_of(config)
    assert day_of(dt.date(2009, 12, 31), start) == 3652 and day_of(dt.date(2005, 1, 1), start) == 1827
    assert month_index("customers", day_of(dt.date(2004, 12, 31), start), 121) == 60  # 1 January 2005
    assert window.start + dt.timedelta(days=int(window.horizon_days)) == dt.date(2010, 1, 1)
