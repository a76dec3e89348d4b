"""The joint fit of the shared behaviour: its figures are the validation cases' documented ones,
a bad fit file is refused before anything runs, and (slow) a small fit writes a sample that a
run draws from."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sim.calibration.behaviour import CASES, FIGURES, mid
from sim.calibration.posterior import SHIPPED, named
from sim.cli import main
from sim.validation import netflix_2011, netflix_2014, netflix_2016, targets

GOOD = """[calibration]
replications = 2
budget = 4
seed = 3
[calibration.parameters]
"scenario.customers.price_sensitivity_scale" = { low = 0.3, high = 1.2 }
"""


def test_the_figures_are_the_documented_cases() -> None:
    by_case = {f.what: f for f in FIGURES}
    assert by_case[netflix_2014.CASE.what].value == netflix_2014.CASE.effect
    assert by_case[netflix_2016.CASE.what].value == netflix_2016.CASE.effect
    net, dvd = (f for f in FIGURES if f.case == netflix_2011.NAME)
    for figure, key in ((net, "net"), (dvd, "dvd")):
        lo, hi = netflix_2011.TARGETS[key]
        assert lo <= figure.value <= hi and lo <= figure.value * (1 + figure.tolerance) <= hi + 0.01
    (late_lo, late_hi), (churn_lo, churn_hi) = targets.TARGETS.values()
    assert mid(late_lo, late_hi) == pytest.approx((0.16, 0.25)) and mid(churn_lo, churn_hi)[0] == pytest.approx(0.055)
    assert len(FIGURES) == sum(len(c.figures) for c in CASES) == 6


@pytest.mark.parametrize("text, where, expected", [
    (GOOD.replace("budget = 4", "budgett = 4"), "calibration.budgett", "unknown key; allowed: replications"),
    (GOOD.replace("low = 0.3", "low = 2.0"), "calibration.parameters", "must be less than high"),
    (GOOD.replace("customers.price_sensitivity_scale", "customers.nope"),
     "calibration.parameters.scenario.customers.nope", "path does not exist"),
    (GOOD.replace("high = 1.2", "high = 30.0"), "calibration.parameters", "less than or equal to 20"),
    (GOOD.replace("[calibration]", "[calibration"), "", "cannot read it as TOML"),
    (GOOD.replace("replications = 2", "replications = 1"), "calibration.replications", "greater than or equal to 2"),
])
def test_a_bad_fit_file_is_refused_before_anything_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str], text: str, where: str,
                                                        expected: str) -> None:
    path = tmp_path / "fit.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["calibrate", "behaviour", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(path) in err and where in err and expected in err, err
    assert not (tmp_path / "out").exists() and not (tmp_path / "results").exists()


def test_a_missing_fit_file_and_a_shipped_sample_by_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calibrate", "behaviour", str(tmp_path / "none.toml")]) == 2
    assert "file not found" in capsys.readouterr().err
    assert named("behaviour") == SHIPPED["behaviour"] and named("my.csv") == "my.csv"


@pytest.mark.slow
def test_a_small_fit_writes_a_sample_a_run_draws_from(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "fit.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["calibrate", "behaviour", str(path), "--out", str(tmp_path / "fit"), "--workers", "2"]) == 0
    rows = list(csv.DictReader((tmp_path / "fit" / "posterior.csv").open()))
    assert rows and all(0.3 <= float(r["scenario.customers.price_sensitivity_scale"]) <= 1.2 for r in rows)
    assert sum(float(r["weight"]) for r in rows) == pytest.approx(1.0)
    assert {"behaviour.html", "documented.png", "diagnostics.json"} <= {p.name for p in (tmp_path / "fit").iterdir()}
    study = Path(__file__).parents[2] / "configs" / "netflix_2014.toml"
    assert main(["run", str(study), "--quick", "--posterior", str(tmp_path / "fit" / "posterior.csv"),
                 "--out", str(tmp_path / "run"), "--no-report", "--no-progress"]) == 0
    assert "parameter uncertainty" in capsys.readouterr().out
