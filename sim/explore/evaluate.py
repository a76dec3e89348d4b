"""Running design points through the simulator: points x replications x variants, KPIs back as arrays.

Every point and variant of replication r uses the streams of replication r (sim.runner), so the
KPI arrays are paired across points and variants: common random numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np

from sim.config import LoadedExperiment, SweepPoint, load_experiment
from sim.config.quick import quick_version
from sim.errors import UserError
from sim.metrics import KPIS
from sim.runner import Task, TaskResult, run_tasks


@dataclass(frozen=True)
class Runs:
    """KPIs of every (point, replication, variant): `values[variant][kpi]` has shape (points, reps)."""

    values: dict[str, dict[str, np.ndarray]]

    def kpi(self, kpi: str, variant: str, baseline: str | None = None) -> np.ndarray:
        """The KPI of a variant, or its paired difference from `baseline`, per point and replication."""
        out = self.values[variant][kpi]
        return out - self.values[baseline][kpi] if baseline else out


def run_points(loaded: LoadedExperiment, points: Sequence[SweepPoint], variants: Sequence[str],
               replications: Sequence[int], seed: int, pool: tuple[Executor | None, int] = (None, 1)) -> Runs:
    """Simulate each point for each variant and replication (on `pool` from sim.executors.executor_for)."""
    indexed = tuple(SweepPoint(i, p.values, p.experiment) for i, p in enumerate(points))
    experiment = LoadedExperiment(loaded.source, loaded.text, loaded.config, indexed)
    reps = list(replications)
    shape = (len(indexed), len(reps))
    values = {v: {k: np.full(shape, np.nan) for k in KPIS} for v in variants}
    todo = [Task(p.index, r, v) for p in indexed for r in reps for v in variants]

    def sink(result: TaskResult) -> None:
        task = result.task
        for k, x in result.kpis.items():
            values[task.variant][k][task.point, reps.index(task.replication)] = x

    run_tasks(experiment, todo, seed, sink, *pool)
    return Runs(values)


def load(config: str, quick: bool) -> LoadedExperiment:
    """The experiment (in quick mode: a quarter of the customers)."""
    loaded = load_experiment(config)
    return quick_version(loaded) if quick else loaded


def check_kpi(kpi: str) -> str:
    if kpi not in KPIS:
        raise UserError(f"unknown KPI '{kpi}'; allowed: {', '.join(KPIS)}")
    return kpi


def check_variant(loaded: LoadedExperiment, name: str) -> str:
    if name not in loaded.config.variants:
        raise UserError(f"{loaded.source}: no variant '{name}'; variants: {', '.join(loaded.config.variants)}")
    return name


def positive(value: int, flag: str) -> int:
    if value < 1:
        raise UserError(f"{flag} must be at least 1 (got {value})")
    return value
