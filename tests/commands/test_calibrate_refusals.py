"""`policysim calibrate` never overwrites a user's file, refuses data that cannot identify its
model (saying what is needed), and sizes its work before starting it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.calibration import bgnbd, gamma_gamma, mle, transactions
from sim.cli import main
from tests.helpers.refusal import refused

CURVE = "100,63.1,46.8,38.2"


def log_file(folder: Path, customers: int, spends: tuple[float, ...] = (5.0, 7.0)) -> Path:
    """A CSV purchase log: each customer buys on three days, alternating between two spends."""
    rows = ["customer_id,date,amount"]
    for c in range(customers):
        spend = spends[c % len(spends)]
        rows += [f"c{c},2020-01-0{1 + c % 3},{spend}", f"c{c},2020-02-1{c % 7},{spend}",
                 f"c{c},2020-04-2{c % 5},{spend}"]
    path = folder / "log.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_sbg_never_overwrites_a_file_without_force(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "base.toml").write_text("[experiment]\nname = 'mine'\n", encoding="utf-8")
    refused(["calibrate", "sbg", "--survival", CURVE, "--write-config", "base.toml"], tmp_path, capsys,
            "base.toml already exists", "--force")


def test_transactions_never_overwrites_a_file_without_force(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    log_file(tmp_path, 12)
    (tmp_path / "base.toml").write_text("[experiment]\nname = 'mine'\n", encoding="utf-8")
    refused(["calibrate", "transactions", "log.csv", "--write-config", "base.toml"], tmp_path, capsys,
            "base.toml already exists")


def test_force_replaces_the_file_whole(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "segment.toml"
    target.write_text("old", encoding="utf-8")
    assert main(["calibrate", "sbg", "--survival", CURVE, "--write-config", "segment.toml", "--force"]) == 0
    assert target.read_text().count("churn_alpha") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["segment.toml"]  # no temporary left


@pytest.mark.parametrize(("curve", "expected"), [
    ("100,50,0", "falls to 0 at period 2"),
    ("100,100,100", "no customer was lost"),
    ("100,50,50,50", "do not identify the model (alpha -> 0, beta -> 0"),
])
def test_sbg_refuses_a_curve_that_cannot_identify_it(curve, expected, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    refused(["calibrate", "sbg", "--survival", curve, "--write-config", "new.toml"], tmp_path, capsys,
            "--survival", expected, "needed")


def test_sbg_project_has_a_stated_limit(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    refused(["calibrate", "sbg", "--survival", CURVE, "--project", "100000000"], tmp_path, capsys,
            "--project", "limit of 1,000", "--force")


def test_one_customer_is_too_few(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    log_file(tmp_path, 1)
    refused(["calibrate", "transactions", "log.csv", "--write-config", "new.toml"], tmp_path, capsys,
            "log.csv: 1 customer(s)", "at least 10")


def test_one_spend_for_everyone_cannot_fit_gamma_gamma(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    log_file(tmp_path, 12, spends=(5.0,))
    refused(["calibrate", "transactions", "log.csv"], tmp_path, capsys, "every repeat buyer spends the same")


def test_a_big_log_is_refused_before_it_is_read(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(transactions, "MAX_LOG_ROWS", 20)
    log_file(tmp_path, 12)
    refused(["calibrate", "transactions", "log.csv"], tmp_path, capsys, "over 20 lines", "--force")


def test_an_estimate_at_the_optimisers_bound_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(mle, "UPPER", 1.0)  # the fitted beta of CURVE is 1.33
    refused(["calibrate", "sbg", "--survival", CURVE, "--write-config", "new.toml"], tmp_path, capsys,
            "do not identify the model (beta -> infinity")


def test_a_fragment_check_would_refuse_is_not_written(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    log_file(tmp_path, 12)
    shapeless = mle.Fit(np.array([0.05, 1.0, 1.0, 1.0]), np.full(4, np.nan), -10.0)  # r below 0.1
    monkeypatch.setattr(bgnbd, "fit", lambda *_: shapeless)
    monkeypatch.setattr(gamma_gamma, "fit", lambda *_: mle.Fit(np.ones(3) * 2, np.full(3, np.nan), -10.0))
    refused(["calibrate", "transactions", "log.csv", "--write-config", "new.toml"], tmp_path, capsys,
            "log.csv: the fit cannot be written as a segment", "demand_shape")
