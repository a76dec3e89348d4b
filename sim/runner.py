"""Experiments -> run specs (sweep point x replication x variant) -> results, in any order.

Each task is one replication of one variant at one sweep point; every variant of a replication
gets the same streams (common random numbers). Tasks run serially or in a process pool and are
handed to a sink as they finish; the sink (sim.store) puts them back in canonical order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

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
    )
    records = simulate(spec)
    return TaskResult(task, seed, kpis(records), list(timeseries(records)), [tuple(c) for c in records.customers])


def run_tasks(loaded: LoadedExperiment, todo: list[Task], seed: int, workers: int,
              sink: Callable[[TaskResult], None]) -> None:
    """Run tasks and give each result to `sink` as soon as it is done."""
    experiments = {p.index: p.experiment for p in loaded.points}
    if workers <= 1:
        for task in todo:
            sink(execute(experiments[task.point], task, seed))
        return
    for result in _pool(experiments, todo, seed, workers):
        sink(result)


def _pool(experiments: dict[int, Experiment], todo: list[Task], seed: int, workers: int) -> Iterator[TaskResult]:
    """Keep at most 2 x workers tasks in flight, so results stream out and memory stays flat."""
    pending = iter(todo)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        running = set()
        for task in pending:
            running.add(pool.submit(execute, experiments[task.point], task, seed))
            if len(running) >= 2 * workers:
                break
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
                nxt = next(pending, None)
                if nxt is not None:
                    running.add(pool.submit(execute, experiments[nxt.point], nxt, seed))
