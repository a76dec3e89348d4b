"""[uncertainties] in experiment files, and one-line errors for the explore commands' bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.cli import main
from sim.config import parse_experiment
from sim.config.uncertainties import Uncertainty
from tests.helpers.configs import GOOD, SMALL



def test_ranges_tables_nesting_and_list_items() -> None:
    config = parse_experiment(GOOD).config
    assert list(config.uncertainties) == ["scenario.goodwill.kappa", "scenario.customers.segments.0.price_sensitivity",
                                          "scenario.goodwill.effects.late_fee"]
    assert config.uncertainties["scenario.goodwill.effects.late_fee"].high == -0.05


@pytest.mark.parametrize("spec", [
    Uncertainty(low=1.0, high=3.0),
    Uncertainty(low=0.1, high=10.0, distribution="loguniform"),
    Uncertainty(low=0.0, high=4.0, distribution="triangular", mode=1.0),
])
def test_quantiles_stay_in_range_and_are_monotone(spec: Uncertainty) -> None:
    u = np.linspace(0.0, 1.0, 101)
    x = spec.quantile(u)
    assert x[0] == pytest.approx(spec.low) and x[-1] == pytest.approx(spec.high)
    assert np.all(np.diff(x) > 0)


BAD = {
    "missing_path": ('"scenario.goodwill.kapa" = [0.5, 1.5]',
                     "uncertainties.scenario.goodwill.kapa: path does not exist"),
    "low_not_below_high": ('"scenario.goodwill.kappa" = [1.5, 1.5]', "low (1.5) must be less than high (1.5)"),
    "list_index": ('"scenario.customers.segments.7.price_sensitivity" = [1, 2]', "allowed: an index 0..3"),
    "not_numeric": ('"scenario.customers.segments.0.name" = [1, 2]', "parameter is not numeric"),
    "loguniform_zero": ('"scenario.goodwill.kappa" = {low = 0, high = 1, distribution = "loguniform"}', "low > 0"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_uncertainty_is_one_line_exit_2(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    line, expected = BAD[name]
    path = tmp_path / "bad.toml"
    path.write_text(SMALL + "[uncertainties]\n" + line + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["sensitivity", str(path), "--kpi", "profit"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and expected in err, err
    assert not (tmp_path / "results").exists()


COMMANDS = {
    "sensitivity_kpi": (["sensitivity", "{cfg}", "--kpi", "proft"], "unknown KPI 'proft'"),
    "sensitivity_variant": (["sensitivity", "{cfg}", "--kpi", "profit", "--difference", "late_fees"],
                            "--difference needs a variant other than the baseline"),
    "select_delta": (["select", "{cfg}", "--kpi", "profit", "--delta", "0"], "--delta must be greater than 0"),
    "select_kpi": (["select", "{cfg}", "--kpi", "nope", "--delta", "1"], "unknown KPI 'nope'"),
    "optimize_range": (["optimize", "{cfg}", "--lever", "variants.subscription.pricing.monthly_fee",
                        "--range", "30:10", "--kpi", "profit"], "LOW (30) must be less than HIGH (10)"),
    "optimize_path": (["optimize", "{cfg}", "--lever", "variants.subscription.pricing.fee",
                       "--range", "10:30", "--kpi", "profit"], "path does not exist"),
    "optimize_variant": (["optimize", "{cfg}", "--lever", "pricing.monthly_fee", "--variant", "netflix",
                          "--range", "10:30", "--kpi", "profit"], "no variant 'netflix'"),
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_bad_flags_are_one_line_exit_2(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "good.toml"
    cfg.write_text(GOOD, encoding="utf-8")
    argv, expected = COMMANDS[name]
    monkeypatch.chdir(tmp_path)
    assert main([a.format(cfg=cfg) for a in argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and expected in err, err
    assert not (tmp_path / "results").exists()


def test_missing_salib_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    for name in [m for m in sys.modules if m == "SALib" or m.startswith("SALib.")] + ["SALib"]:
        monkeypatch.setitem(sys.modules, name, None)
    cfg = tmp_path / "good.toml"
    cfg.write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["sensitivity", str(cfg), "--kpi", "profit"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'policysim[sensitivity]'" in err
    assert not (tmp_path / "results").exists()
