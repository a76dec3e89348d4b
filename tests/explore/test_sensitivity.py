"""Sensitivity: analytical Sobol' indices of the Ishigami function, and the command end to end."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.cli import main
from sim.explore.sensitivity import run
from sim.explore.thresholds import profile, zero_crossings
from tests.helpers.configs import GOOD

salib = pytest.importorskip("SALib", reason="SALib is the optional extra policysim[sensitivity]")

# Ishigami with a = 7, b = 0.1 on [-pi, pi]^3 (Saltelli et al. 2008, Global Sensitivity Analysis).
A, B = 7.0, 0.1
VAR = A**2 / 8 + B * np.pi**4 / 5 + B**2 * np.pi**8 / 18 + 0.5
V1 = 0.5 * (1 + B * np.pi**4 / 5) ** 2
V2 = A**2 / 8
V13 = B**2 * np.pi**8 / 18 - B**2 * np.pi**8 / 50
S1 = np.array([V1, V2, 0.0]) / VAR
ST = np.array([V1 + V13, V2, V13]) / VAR


def test_ishigami_sobol_indices_within_bootstrap_intervals() -> None:
    from SALib.test_functions import Ishigami

    names = ["x1", "x2", "x3"]
    _, _, indices = run("sobol", names, lambda u: Ishigami.evaluate(-np.pi + 2 * np.pi * u, A, B), 2048, seed=11)
    for i, name in enumerate(names):
        row = indices.table[name]
        assert abs(row["S1"] - S1[i]) <= row["S1_conf"], (name, row, S1[i])
        assert abs(row["ST"] - ST[i]) <= row["ST_conf"], (name, row, ST[i])
    assert indices.rank[0] == "x1"


def test_zero_crossings_and_profiles() -> None:
    assert zero_crossings(np.array([0.0, 1.0, 2.0]), np.array([-1.0, 1.0, 3.0])) == (0.5,)
    x = np.linspace(0, 1, 60)
    p = profile("k", x, 2 * x - 1.4)
    assert p.crossings[0] == pytest.approx(0.7, abs=0.05)
    assert p.swing[0] < 0 < p.swing[1]


@pytest.mark.slow
def test_sensitivity_command_writes_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "good.toml"
    cfg.write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "sens"
    assert main(["sensitivity", str(cfg), "--kpi", "profit", "--difference", "subscription",
                 "--samples", "2", "--replications", "1", "--out", str(out)]) == 0
    for name in ("design.csv", "indices.csv", "tornado.png", "tornado.svg", "thresholds.png", "sign_map.png",
                 "sensitivity.md", "sensitivity.html"):
        assert (out / name).exists(), name
    md = (out / "sensitivity.md").read_text(encoding="utf-8")
    assert "Where the sign changes" in md and "scenario.goodwill.kappa" in md
    assert "mu_star" in capsys.readouterr().out
