"""Calibrating a study: parameter sets consistent with its observed series, as a weighted sample.

`setup` reads what to fit from the [calibration] table (and --train-until, --budget); `calibrate`
spends the budget stage by stage (sim.calibration.importance), each run one replication of the
baseline at one parameter set, read at the training rows (sim.calibration.points). Runs already
done (a resumed calibration's, or a repeated point's) are not run again, and every number the
answer uses comes from the runs themselves, so a resumed calibration gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np

from sim.analysis.fit import observations_of
from sim.calibration import importance
from sim.calibration.points import Job, horizon_for, observe, run_jobs
from sim.config import LoadedExperiment
from sim.config.base import ConfigError
from sim.config.calibration import Prior
from sim.config.experiment import Experiment
from sim.config.load import check_path, check_targets
from sim.config.observed import Observation
from sim.config.quick import QUICK_SCALE
from sim.errors import UserError

Done = dict[str, list[float]]


@dataclass(frozen=True)
class Setup:
    """What one calibration fits, to what, and with how many runs."""

    config: Experiment
    priors: dict[str, Prior]
    integers: tuple[bool, ...]
    targets: tuple[Observation, ...]
    tolerance: np.ndarray
    weight: np.ndarray
    replications: int
    points: int
    horizon_days: float
    factor: float

    @property
    def names(self) -> list[str]:
        return list(self.priors)

    def values(self, units: np.ndarray) -> np.ndarray:
        """Unit-cube rows -> parameter values (integer parameters rounded)."""
        columns = [p.quantile(units[:, i]) for i, p in enumerate(self.priors.values())]
        out = np.column_stack(columns)
        for i, is_int in enumerate(self.integers):
            if is_int:
                out[:, i] = np.round(out[:, i])
        return out


@dataclass(frozen=True)
class Posterior:
    """Every parameter point run, its weight, and the replications' figures at the targets."""

    setup: Setup
    units: np.ndarray  # (points, parameters) on the prior's unit scale
    values: np.ndarray  # (points, parameters)
    weights: np.ndarray  # (points,), summing to 1
    sims: np.ndarray  # (points, replications, targets)
    stages: list[int]


def setup(loaded: LoadedExperiment, train_until: dt.date | None, budget: int | None, quick: bool) -> Setup:
    """What to fit, checked: a study with a [calibration] table, a budget of at least two points."""
    config = loaded.config
    calibration = config.calibration
    if calibration is None:
        raise ConfigError(loaded.source, "calibration", "no [calibration] table: name the parameters to fit "
                          "and their priors (docs/guides/calibration.md)")
    observations = observations_of(loaded)
    if train_until is not None:
        check_targets(config, observations, loaded.source, train_until, "--train-until")
    cut = train_until or calibration.train_until
    targets = tuple(o for o in observations if not o.asked and (cut is None or o.date <= cut))
    reps = calibration.replications
    runs = calibration.budget if budget is None else budget
    if runs < 2 * reps:
        raise UserError(f"--budget {runs} runs is less than two parameter points of {reps} replications")
    base = config.model_copy(update={"sweep": {}})
    dumped = base.model_dump()
    integers = tuple(isinstance(check_path(dumped, p, loaded.source, "calibration.parameters"), int)
                     for p in calibration.parameters)
    options = [calibration.options(o.firm, o.kpi) for o in targets]
    return Setup(base, dict(calibration.parameters), integers, targets,
                 np.array([float(o.tolerance or 0.0) for o in options]), np.array([o.weight for o in options]),
                 reps, runs // reps, horizon_for(config, targets), QUICK_SCALE if quick else 1.0)


def run_key(values: dict[str, float], replication: int) -> str:
    """A run's identity: equal parameter sets share their runs."""
    return json.dumps([values, replication], sort_keys=True)


def calibrate(s: Setup, pool: tuple[Executor | None, int], done: Done,
              record: Callable[[str, list[float]], None], planned: Callable[[int], None]) -> Posterior:
    """Spend the budget stage by stage; `done` holds runs already made, `record` files each new one."""
    observed = np.array([o.value for o in s.targets])

    def evaluate(units: np.ndarray) -> np.ndarray:
        return _simulate(s, s.values(units), pool, done, record, planned)

    found = importance.sample(s.points, len(s.priors), s.config.experiment.seed, observed, s.tolerance, s.weight,
                              evaluate)
    if found.weights.sum() == 0:
        raise UserError("no parameter set run gave a figure at every target (a churn rate of no customers?); "
                        "widen the priors or check the observed rows")
    return Posterior(s, found.units, s.values(found.units), found.weights, found.sims, found.stages)


def _simulate(s: Setup, values: np.ndarray, pool: tuple[Executor | None, int], done: Done,
              record: Callable[[str, list[float]], None], planned: Callable[[int], None]) -> np.ndarray:
    """Targets' figures of each point and replication (points x replications x targets)."""
    sets = [dict(zip(s.names, map(float, row))) for row in values]
    keys = [[run_key(v, r) for r in range(s.replications)] for v in sets]
    jobs = {}
    for v, row in zip(sets, keys):
        for r, key in enumerate(row):
            if key not in done and key not in jobs:
                jobs[key] = (s.config, Job(v, r, s.horizon_days, s.factor), s.targets)
    planned(len(jobs))

    def sink(key: str, figures: list[float]) -> None:
        done[key] = figures
        record(key, figures)

    run_jobs(pool, observe, list(jobs.items()), sink)
    return np.array([[done[key] for key in row] for row in keys], dtype=float)
