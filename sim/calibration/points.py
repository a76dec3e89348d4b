"""Running a study's baseline at given parameter sets and reading it where it was observed.

This is what calibration and back-tests simulate: one replication of the baseline variant (history
as run) with parameters set by dotted path, read at each observed row's date in real units.
Replication r uses the streams of replication r whatever the parameters (common random numbers),
so points differ by their parameters, not by luck. A run may stop at the last month a fit needs:
streams are keyed by name, not drawn in sequence, so earlier months do not depend on the horizon.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, wait
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.analysis.fit import month_index, observed_grid
from sim.config.experiment import Experiment
from sim.config.load import with_values
from sim.config.observed import RATES, SERIES, Observation, day_of, series_of
from sim.config.quick import rule_for
from sim.config.timeline import MONTH
from sim.metrics import timeseries
from sim.model.world import RunSpec, simulate
from sim.runner import change_window


@dataclass(frozen=True)
class Job:
    """One replication of the baseline at one parameter set, read at `observations`."""

    values: dict[str, float]  # in the full study's units
    replication: int
    horizon_days: float
    factor: float = 1.0  # the business's size against the full study (quick mode: 0.25)

    def settings(self) -> dict[str, float]:
        """The values as the (possibly scaled) study takes them: totals scale like the study's own."""
        out = {}
        for path, value in self.values.items():
            rule = rule_for(path)
            out[path] = value if rule is None or self.factor == 1.0 else rule(value, self.factor)
        return out


def horizon_for(config: Experiment, observations: Sequence[Observation]) -> float:
    """Days enough to read every observation (at most the study's horizon)."""
    start = config.experiment.start_date
    assert start is not None
    months = int(config.experiment.horizon_days / MONTH) + 1
    last = max(month_index(o.kpi, day_of(o.date, start), months) for o in observations)
    return min(config.experiment.horizon_days, (last + 1) * MONTH + 1.0)


def monthly(rows: dict[str, list[float]], firm: str, kpi: str, scale: float) -> np.ndarray:
    """One observed kind of figure as a monthly series in real units: counts and money times the
    scale, a churn rate as churned over active at the month's start."""
    active = np.asarray(rows[series_of(firm, "active_customers")], dtype=float)
    if kpi in RATES:
        churned = np.asarray(rows[series_of(firm, "churned")], dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(active > 0, churned / np.where(active > 0, active, 1.0), np.nan)
    name = series_of(firm, SERIES.get(kpi, kpi))
    return observed_grid(kpi, np.asarray(rows.get(name, np.zeros_like(active)), dtype=float)) * scale


def read(rows: dict[str, list[float]], observations: Sequence[Observation], start: dt.date,
         scale: float) -> list[float]:
    """Each observation's simulated figure (the same reading as the run's fit.csv)."""
    out = []
    for obs in observations:
        series = monthly(rows, obs.firm, obs.kpi, scale)
        out.append(float(series[month_index(obs.kpi, day_of(obs.date, start), len(series))]))
    return out


def run_rows(config: Experiment, job: Job) -> dict[str, list[float]]:
    """The monthly series of one replication of the baseline at the job's parameters."""
    settings = job.settings()
    experiment = with_values(config, settings, "<calibration>", "calibration.parameters") if settings else config
    spec = RunSpec(scenario=experiment.scenario, variant=experiment.variants[experiment.baseline],
                   root_seed=experiment.experiment.seed, replication=job.replication,
                   horizon_days=job.horizon_days, warmup_days=0.0, change_window=change_window(experiment))
    rows: dict[str, list[float]] = {}
    for month, name, value in timeseries(simulate(spec)):
        series = rows.setdefault(name, [])
        series.extend([0.0] * (month + 1 - len(series)))
        series[month] = value
    return rows


def observe(config: Experiment, job: Job, observations: tuple[Observation, ...]) -> list[float]:
    """The figures of one run at the observations (top level, so a process pool can pickle it)."""
    meta = config.experiment
    assert meta.start_date is not None
    return read(run_rows(config, job), observations, meta.start_date, meta.scale)


def run_jobs(pool: tuple[Executor | None, int], fn: Callable[..., Any], jobs: Sequence[tuple[str, tuple[Any, ...]]],
             sink: Callable[[str, Any], None]) -> None:
    """Call fn(*args) for each (key, args), on the pool when there is one, handing (key, result) to
    `sink` as each finishes (the caller files results by key, so the order they come in is free)."""
    executor, in_flight = pool
    if executor is None:
        for key, args in jobs:
            sink(key, fn(*args))
        return
    for key, result in _stream(executor, fn, jobs, in_flight):
        sink(key, result)


def _stream(executor: Executor, fn: Callable[..., Any], jobs: Sequence[tuple[str, tuple[Any, ...]]],
            in_flight: int) -> Iterator[tuple[str, Any]]:
    pending = iter(jobs)
    running = {executor.submit(fn, *args): key for key, args in itertools.islice(pending, max(in_flight, 1))}
    while running:
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            key = running.pop(future)
            yield key, future.result()
            nxt = next(pending, None)
            if nxt is not None:
                running[executor.submit(fn, *nxt[1])] = nxt[0]
