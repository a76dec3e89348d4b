"""The lever optimiser finds the known optimum of a noisy concave KPI, with an interval around it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.cli import main
from sim.explore.optimize import optimize
from sim.rng import generator
from tests.helpers.configs import GOOD

OPTIMUM = 3.7


def _kpi(seed: int):
    """-(x - 3.7)^2 plus a large shared per-replication term (CRN) and a small independent one."""
    rng = generator(seed)
    shared = rng.normal(0.0, 5.0, 100)

    def evaluate(values, replications) -> np.ndarray:
        return np.array([[-(v - OPTIMUM) ** 2 + shared[r] + rng.normal(0.0, 0.5) for r in replications]
                         for v in values])

    return evaluate


@pytest.mark.parametrize("seed", range(5))
def test_finds_the_optimum_of_a_noisy_concave_kpi(seed: int) -> None:
    best = optimize(_kpi(seed), 0.0, 10.0, 9, range(20), seed=seed)
    assert best.best == pytest.approx(OPTIMUM, abs=0.15)
    assert best.interval[0] - 0.05 <= OPTIMUM <= best.interval[1] + 0.05
    assert best.near[0] - 0.5 <= best.best <= best.near[1] + 0.5  # the grid values not significantly worse


def test_minimising_and_integer_levers() -> None:
    def convex(values, replications):
        return np.array([[(v - 6.2) ** 2 for _ in replications] for v in values])

    assert optimize(convex, 0, 20, 6, range(3), integer=True, maximize=False).best == 6.0


def test_optimize_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = tmp_path / "good.toml"
    cfg.write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "opt"
    assert main(["optimize", str(cfg), "--lever", "pricing.monthly_fee", "--variant", "subscription",
                 "--range", "10:40", "--kpi", "profit", "--points", "3", "--replications", "2",
                 "--out", str(out)]) == 0
    assert (out / "curve.csv").exists() and (out / "optimum.png").exists()
    assert "best value:" in capsys.readouterr().out
