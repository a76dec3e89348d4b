"""`policysim calibrate`: JSON output, config fragments that validate, and one-line errors."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pytest

from sim.calibration import sbg
from sim.cli import main
from sim.config import parse_experiment

DATA = resources.files("sim") / "data"
REGULAR = str(DATA / "sbg_regular_cohort_years0-7.csv")
CDNOW = str(DATA / "CDNOW_sample.txt")
BASELINE = "[variants.x]\nbaseline = true\n"


def run_json(capsys, *argv: str) -> dict:
    assert main(["calibrate", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def pasted_segment(path) -> object:
    """The fragment pasted into a minimal experiment, validated by the config loader."""
    (segment,) = parse_experiment(BASELINE + path.read_text(), str(path)).config.scenario.customers.segments
    return segment


def test_sbg_json_has_the_published_fit_and_a_projection(capsys):
    out = run_json(capsys, "sbg", REGULAR, "--project", "4")
    assert round(out["alpha"], 3) == 0.704 and round(out["beta"], 3) == 1.182
    assert out["loglik"] == pytest.approx(-1680.27, abs=0.01)
    assert out["projection"] == pytest.approx(sbg.project(out["alpha"], out["beta"], 7, 4))
    assert out["period"] == "year"


def test_sbg_survival_flag_equals_the_file(capsys):
    from_file = run_json(capsys, "sbg", REGULAR)
    listed = run_json(capsys, "sbg", "--survival", "100,63.1,46.8,38.2,32.6,28.9,26.2,24.1")
    assert listed["alpha"] == pytest.approx(from_file["alpha"]) and listed["beta"] == pytest.approx(from_file["beta"])


def test_sbg_text_output(capsys):
    assert main(["calibrate", "sbg", REGULAR, "--project", "2"]) == 0
    out = capsys.readouterr().out
    assert "0.7041" in out and "1.1820" in out and "year 8:" in out and "year 9:" in out


def test_yearly_fragment_is_a_monthly_churn_that_matches_the_yearly_curve(tmp_path, capsys):
    target = tmp_path / "segment.toml"
    assert main(["calibrate", "sbg", REGULAR, "--write-config", str(target)]) == 0
    text = target.read_text()
    assert "monthly" in text and "12" in text
    seg = pasted_segment(target)
    yearly = np.array([100.0, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1])
    model = 100 * sbg.survival(seg.churn_alpha, seg.churn_beta, 12 * np.arange(8))
    assert np.max(np.abs(model - yearly)) < 1.0


def test_monthly_fragment_is_the_fit_itself(tmp_path, capsys):
    target = tmp_path / "segment.toml"
    out = run_json(capsys, "sbg", "--survival", "100,90,82,76,71", "--period", "month", "--write-config", str(target))
    seg = pasted_segment(target)
    assert seg.churn_alpha == pytest.approx(out["alpha"], rel=1e-5)
    assert seg.churn_beta == pytest.approx(out["beta"], rel=1e-5)


@pytest.fixture(scope="module")
def cdnow_run(tmp_path_factory):
    target = tmp_path_factory.mktemp("fragment") / "segment.toml"
    argv = ["calibrate", "transactions", CDNOW, "--format", "cdnow", "--calibration-end", "1997-09-30",
            "--json", "--write-config", str(target), "--force"]
    return argv, target


def test_transactions_json(cdnow_run, capsys):
    argv, _ = cdnow_run
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert [round(out["bgnbd"][k], 3) for k in ("r", "alpha", "a", "b")] == [0.243, 4.414, 0.793, 2.426]
    assert [round(out["gamma_gamma"][k], 2) for k in ("p", "q", "gamma")] == [6.25, 3.74, 15.44]
    assert out["holdout"]["actual"] == 1882
    assert out["holdout"]["predicted"] == pytest.approx(1653.4, abs=0.5)
    assert (out["holdout"]["start"], out["holdout"]["end"]) == ("1997-10-01", "1998-06-30")


def test_transactions_fragment_converts_demand_to_months(cdnow_run, capsys):
    argv, target = cdnow_run
    assert main(argv) == 0
    fit = json.loads(capsys.readouterr().out)["bgnbd"]
    seg = pasted_segment(target)
    assert seg.demand_shape == pytest.approx(fit["r"], rel=1e-5)
    assert seg.demand_mean == pytest.approx(fit["r"] / fit["alpha"] * (365.25 / 12) / 7, rel=1e-5)
    assert (seg.churn_alpha, seg.churn_beta) == pytest.approx((fit["a"], fit["b"]), rel=1e-5)
    assert "approximation" in target.read_text()


def test_csv_log_gives_the_same_fit_as_the_cdnow_layout(tmp_path, capsys):
    rows = ["customer_id,date,amount"]
    for line in open(CDNOW, encoding="utf-8"):
        _, cid, day, _, amount = line.split()
        rows.append(f"{cid},{day[:4]}-{day[4:6]}-{day[6:]},{amount}")
    path = tmp_path / "log.csv"
    path.write_text("\n".join(rows) + "\n")
    out = run_json(capsys, "transactions", str(path), "--calibration-end", "1997-09-30")
    assert round(out["bgnbd"]["r"], 3) == 0.243 and out["holdout"]["actual"] == 1882


def test_transactions_without_a_calibration_end_has_no_holdout(capsys):
    out = run_json(capsys, "transactions", CDNOW, "--format", "cdnow", "--time-unit", "month")
    assert out["holdout"] is None and out["calibration_end"] == "1998-06-30"


def bad(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


BAD_CASES = {
    "empty survival file": (["sbg", "{f}"], "curve.csv", "", "is empty"),
    "non-monotone survival": (["sbg", "{f}"], "curve.csv", "period,percent\n0,100\n1,60\n2,70\n", "not monotone"),
    "percent above 100": (["sbg", "{f}"], "curve.csv", "period,percent\n0,100\n1,120\n2,50\n", "outside 0-100"),
    "percent below 0": (["sbg", "--survival", "100,50,-3"], None, "", "outside 0-100"),
    "first not 100": (["sbg", "--survival", "95,50,30"], None, "", "period 0 must be 100"),
    "no data": (["sbg"], None, "", "exactly one of DATA or --survival"),
    "missing file": (["sbg", "{f}"], "absent.csv", None, "file not found"),
    "empty log": (["transactions", "{f}"], "log.csv", "\n", "is empty"),
    "unparsable date": (["transactions", "{f}"], "log.csv",
                        "customer_id,date,amount\na,2020-01-01,5\na,01/02/2020,5\n", "line 3: cannot parse date"),
    "unparsable cdnow date": (["transactions", "{f}", "--format", "cdnow"], "log.txt",
                              " 1 1 19970101 1 5.0\n 1 1 1997-13-01 1 5.0\n", "line 2: cannot parse date"),
    "negative spend": (["transactions", "{f}"], "log.csv",
                       "customer_id,date,amount\na,2020-01-01,5\nb,2020-01-02,-4\n", "customer b has negative"),
    "end after the data": (["transactions", "{f}", "--calibration-end", "2021-01-01"], "log.csv",
                           "customer_id,date,amount\na,2020-01-01,5\na,2020-02-01,5\n", "outside the data"),
    "end before the data": (["transactions", "{f}", "--calibration-end", "2019-01-01"], "log.csv",
                            "customer_id,date,amount\na,2020-01-01,5\na,2020-02-01,5\n", "outside the data"),
    "unparsable end": (["transactions", "{f}", "--calibration-end", "soon"], "log.csv",
                       "customer_id,date,amount\na,2020-01-01,5\n", "--calibration-end: cannot parse"),
    "missing column": (["transactions", "{f}"], "log.csv", "customer_id,day,amount\na,2020-01-01,5\n", "lacks column"),
    "no repeat purchases": (["transactions", "{f}"], "log.csv",
                            "customer_id,date,amount\na,2020-01-01,5\nb,2020-02-01,5\n", "no repeat purchase"),
}


@pytest.mark.parametrize("case", list(BAD_CASES), ids=list(BAD_CASES))
def test_bad_data_is_one_line_and_exit_2(case, tmp_path, capsys):
    argv, name, text, message = BAD_CASES[case]
    path = str(tmp_path / name) if name else ""
    if name and text is not None:
        bad(tmp_path, name, text)
    code = main(["calibrate", *(a.replace("{f}", path) for a in argv)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("policysim: error: ") and "Traceback" not in err
    assert message in err
    if name:
        assert name in err or "--" in message
