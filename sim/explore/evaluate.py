"""Running design points through the simulator: points x replications x variants, KPIs back as arrays.

Every point and variant of replication r uses the streams of replication r (sim.runner), so the
KPI arrays are paired across points and variants: common random numbers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field

import numpy as np
from tqdm import tqdm

from sim.config import LoadedExperiment, SweepPoint, load_experiment
from sim.config.quick import quick_version
from sim.config.size import MAX_RUNS
from sim.errors import UserError
from sim.explore.folder import ExploreFolder
from sim.metrics import kpi_names
from sim.runner import Task, TaskResult, run_tasks


@dataclass(frozen=True)
class Runs:
    """KPIs of every (point, replication, variant): `values[variant][kpi]` has shape (points, reps)."""

    values: dict[str, dict[str, np.ndarray]]

    def kpi(self, kpi: str, variant: str, baseline: str | None = None) -> np.ndarray:
        """The KPI of a variant, or its paired difference from `baseline`, per point and replication."""
        out = self.values[variant][kpi]
        return out - self.values[baseline][kpi] if baseline else out


@dataclass
class RunLog:
    """Where finished runs go besides the KPI arrays: the progress bar, and the folder a killed study resumes from."""

    bar: tqdm | None = None
    folder: ExploreFolder | None = None
    done: dict[str, dict[str, float]] = field(default_factory=dict)

    def planned(self, runs: int) -> None:
        if self.bar is not None:
            self.bar.total += runs
            self.bar.refresh()

    def add(self, key: str, kpis: dict[str, float]) -> None:
        self.done[key] = kpis
        if self.folder is not None:
            self.folder.add(key, kpis)
        if self.bar is not None:
            self.bar.update(1)


def run_key(values: dict[str, float], replication: int, variant: str) -> str:
    """A run's identity: parameter values, replication, variant (the point's place in a design does not
    change what it simulates, so equal points share their runs)."""
    return json.dumps([values, replication, variant], sort_keys=True)


def run_points(loaded: LoadedExperiment, points: Sequence[SweepPoint], variants: Sequence[str],
               replications: Sequence[int], seed: int, pool: tuple[Executor | None, int] = (None, 1),
               log: RunLog | None = None) -> Runs:
    """Simulate each point for each variant and replication as one stream of tasks (on `pool` from
    sim.executors.executor_for); runs already in `log` are not run again."""
    log = log or RunLog()
    indexed = tuple(SweepPoint(i, p.values, p.experiment) for i, p in enumerate(points))
    experiment = LoadedExperiment(loaded.source, loaded.text, loaded.config, indexed)
    reps = list(replications)
    names = kpi_names(loaded.config.scenario)  # ours, and with rivals the market's and theirs
    values = {v: {k: np.full((len(indexed), len(reps)), np.nan) for k in names} for v in variants}
    slots: dict[str, list[tuple[str, int, int]]] = {}
    first: dict[str, Task] = {}
    for p in indexed:
        for j, r in enumerate(reps):
            for v in variants:
                key = run_key(p.values, r, v)
                slots.setdefault(key, []).append((v, p.index, j))
                first.setdefault(key, Task(p.index, r, v))

    def put(key: str, kpis: dict[str, float]) -> None:
        for v, i, j in slots[key]:
            for k in names:
                values[v][k][i, j] = kpis[k]

    todo = [task for key, task in first.items() if key not in log.done]
    for key in first.keys() & log.done.keys():
        put(key, log.done[key])

    def sink(result: TaskResult) -> None:
        task = result.task
        key = run_key(indexed[task.point].values, task.replication, task.variant)
        log.add(key, result.kpis)
        put(key, result.kpis)

    log.planned(len(todo))
    run_tasks(experiment, todo, seed, sink, *pool)
    return Runs(values)


def load(config: str, quick: bool) -> LoadedExperiment:
    """The experiment (in quick mode: a quarter of the customers)."""
    loaded = load_experiment(config)
    return quick_version(loaded) if quick else loaded


def check_kpi(kpi: str, loaded: LoadedExperiment) -> str:
    """A KPI the study writes (with rivals: market_share_end, '<rival>:profit' and so on)."""
    names = kpi_names(loaded.config.scenario)
    if kpi not in names:
        raise UserError(f"unknown KPI '{kpi}'; allowed: {', '.join(names)}")
    return kpi


def check_variant(loaded: LoadedExperiment, name: str) -> str:
    if name not in loaded.config.variants:
        raise UserError(f"{loaded.source}: no variant '{name}'; variants: {', '.join(loaded.config.variants)}")
    return name


def check_runs(runs: int, asked: str) -> None:
    """Refuse a design or search of more runs than a study may have, before any of it is built."""
    if runs > MAX_RUNS:
        raise UserError(f"{asked} makes {runs:,} runs; at most {MAX_RUNS:,}: ask for fewer")


def positive(value: int, flag: str) -> int:
    if value < 1:
        raise UserError(f"{flag} must be at least 1 (got {value})")
    return value
