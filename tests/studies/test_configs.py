"""Every shipped config validates, and a shrunken version of each runs."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from sim.cli import main
from sim.config import load_experiment
from sim.runner import Task, execute

CONFIGS = sorted((Path(__file__).parents[2] / "configs").glob("*.toml"))


def test_there_are_configs() -> None:
    assert any(p.name == "blockbuster_vs_netflix.toml" for p in CONFIGS)


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_config_checks(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(path)]) == 0
    assert "ok" in capsys.readouterr().out


@pytest.mark.slow
@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_shrunken_config_runs(path: Path) -> None:
    loaded = load_experiment(path)
    cfg = loaded.points[0].experiment
    scenario = cfg.scenario.model_copy(update={
        "customers": cfg.scenario.customers.model_copy(
            update={"initial": min(cfg.scenario.customers.initial, 40), "marketing_prospects_per_month": 20.0}),
    })
    small = cfg.model_copy(update={
        "scenario": scenario,
        "experiment": cfg.experiment.model_copy(update={"horizon_days": 120.0, "warmup_days": 0.0}),
    })
    for name in cfg.variants:
        result = execute(small, Task(0, 0, name), seed=1)
        assert math.isfinite(result.kpis["profit"])
        assert result.kpis["customers_joined"] >= 1

