"""The example studies run once per test session: their claims and quick mode's faithfulness are
checked on the same runs (the full studies are the slow part)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from sim.config import LoadedExperiment, load_experiment
from sim.config.load import with_values
from sim.config.quick import quick_version
from sim.executors import ExecutorSettings, executor_for
from sim.explore.evaluate import Runs, run_points

CONFIGS = sorted((Path(__file__).parents[2] / "configs").glob("*.toml"))
FULL = 5  # replications of each full study: few, so a claim must be clear to pass
QUICK = 16  # replications of the quick-scale business: about four full replications' customers

Assumption = tuple[str, Any] | None


def per_study() -> list[Any]:
    """Each example study as a test parameter in an xdist group of its own (pytest --dist loadgroup):
    a study's tests share its runs on one worker, computed once, while the studies spread over the
    workers (one group for them all made CI as long as the studies run one after another)."""
    return [pytest.param(p, id=p.stem, marks=pytest.mark.xdist_group(f"study-{p.stem}")) for p in CONFIGS]


@lru_cache(maxsize=None)
def study(path: Path, quick: bool = False, assumption: Assumption = None) -> LoadedExperiment:
    """The example study, with one parameter set by dotted path, or its quick-mode miniature."""
    loaded = load_experiment(path)
    if assumption is not None:
        config = with_values(loaded.config, dict([assumption]), loaded.source, "claim")
        loaded = LoadedExperiment(loaded.source, loaded.text, config)
    return quick_version(loaded) if quick else loaded


@lru_cache(maxsize=None)
def runs(path: Path, quick: bool = False, assumption: Assumption = None,
         variants: tuple[str, ...] | None = None) -> Runs:
    """KPIs of the variants (default all) at every sweep point and replication (FULL, or QUICK in
    the miniature)."""
    loaded = study(path, quick, assumption)
    names = list(variants or loaded.config.variants)
    with executor_for(ExecutorSettings(workers=2)) as pool:
        return run_points(loaded, loaded.points, names, range(QUICK if quick else FULL),
                          loaded.config.experiment.seed, pool)
