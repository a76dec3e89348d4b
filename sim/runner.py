"""Experiments -> run specs (sweep point x replication x variant) -> results, in any order.

Each task is one replication of one variant at one sweep point; every variant of a replication
gets the same streams (common random numbers). Tasks run serially or on an executor (sim.executors)
and are handed to a sink as they finish; the sink (sim.results_folder) puts them back in canonical order.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, wait
from dataclasses import dataclass
from typing import Any

from sim.calibration.posterior import Posterior, with_set
from sim.config import Experiment, LoadedExperiment
from sim.metrics import kpis, timeseries
from sim.model.world import RunSpec, simulate


@dataclass(frozen=True)
class Task:
    """One replication of one variant at one sweep point."""

    point: int
    replication: int
    variant: str

    @property
    def key(self) -> str:
        return f"p{self.point:04d}-r{self.replication:05d}-{self.variant}"


@dataclass(frozen=True)
class TaskResult:
    """What a finished task hands back: KPIs, monthly rows and per-customer rows."""

    task: Task
    seed: int
    kpis: dict[str, float]
    series: list[tuple[int, str, float]]
    customers: list[tuple[Any, ...]]


def tasks(loaded: LoadedExperiment, replications: int) -> list[Task]:
    """Canonical order: point, replication, then variants in config order."""
    names = list(loaded.config.variants)
    return [
        Task(point.index, rep, name)
        for point in loaded.points
        for rep in range(replications)
        for name in names
    ]


def execute(experiment: Experiment, task: Task, seed: int) -> TaskResult:
    """Run one task (top-level so a process pool can pickle it)."""
    meta = experiment.experiment
    spec = RunSpec(
        scenario=experiment.scenario,
        variant=experiment.variants[task.variant],
        root_seed=seed,
        replication=task.replication,
        horizon_days=meta.horizon_days,
        warmup_days=meta.warmup_days,
        change_window=change_window(experiment),
    )
    records = simulate(spec)
    return TaskResult(task, seed, kpis(records), list(timeseries(records)), [tuple(c) for c in records.customers])


def change_window(experiment: Experiment) -> tuple[float, float] | None:
    """(announced, in force) of the study's first change, the same for every variant so that a
    change's effects are measured paired against a baseline that changes nothing."""
    changes = [c for v in experiment.variants.values() for c in v.changes]
    if not changes:
        return None
    first = min(changes, key=lambda c: (c.day, c.announced))
    return first.announced, first.day


def run_tasks(loaded: LoadedExperiment, todo: list[Task], seed: int, sink: Callable[[TaskResult], None],
              executor: Executor | None = None, in_flight: int = 1, posterior: Posterior | None = None) -> None:
    """Run tasks and give each result to `sink` as soon as it is done (serially without executor)."""
    study = studies(loaded, seed, posterior)
    if executor is None:
        for task in todo:
            sink(execute(study(task), task, seed))
        return
    for result in _stream(executor, study, todo, seed, in_flight):
        sink(result)


def studies(loaded: LoadedExperiment, seed: int, posterior: Posterior | None) -> Callable[[Task], Experiment]:
    """The experiment a task runs: its sweep point's, with the parameter set its replication draws
    from the posterior (the same for every variant and point of the replication)."""
    points = {p.index: p.experiment for p in loaded.points}
    if posterior is None:
        return lambda task: points[task.point]
    made: dict[tuple[int, int], Experiment] = {}

    def study(task: Task) -> Experiment:
        key = (task.point, posterior.draw(seed, task.replication))
        if key not in made:
            made[key] = with_set(points[task.point], posterior, key[1])
        return made[key]

    return study


def _stream(executor: Executor, study: Callable[[Task], Experiment], todo: list[Task], seed: int,
            in_flight: int) -> Iterator[TaskResult]:
    """Keep at most `in_flight` tasks submitted, so results stream out and memory stays flat."""
    pending = iter(todo)
    running = {executor.submit(execute, study(t), t, seed)
               for t in itertools.islice(pending, max(in_flight, 1))}
    while running:
        done, running = wait(running, return_when=FIRST_COMPLETED)
        for future in sorted(done, key=lambda f: f.result().task.key):
            yield future.result()
            nxt = next(pending, None)
            if nxt is not None:
                running.add(executor.submit(execute, study(nxt), nxt, seed))
