"""The run laid over observed series: per observation, the simulated mean of the baseline variant
(history as run) in real units with its 95% interval over replications, and the error (none for a
row that asks for a simulated figure without an observed one).

`fit.csv` (and a copy of the observed rows as `observed.csv`) go into the results folder when the
experiment names an [observed] file; the report draws each observed series over its band.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.analysis.intervals import Interval, t_interval
from sim.analysis.results import Results, load_results
from sim.analysis.series import series_grid
from sim.config import LoadedExperiment
from sim.config.observed import (
    LEVELS, QUARTERS, RATES, SERIES, Observation, day_of, read_observed, resolve, series_of, window_of,
)
from sim.config.timeline import MONTH
from sim.results_folder import atomic_write, csv_bytes

FIT_COLUMNS = ["date", "firm", "kpi", "observed", "simulated_mean", "ci_low", "ci_high", "error", "relative_error"]


@dataclass(frozen=True)
class ObservationFit:
    """One observation beside the simulation."""

    observation: Observation
    simulated: Interval

    @property
    def error(self) -> float:
        return self.simulated.mean - self.observation.value

    @property
    def relative_error(self) -> float:
        return self.error / self.observation.value if self.observation.value else math.nan


def month_index(kpi: str, day: int, months: int) -> int:
    """A level's nearest month start, or the month that holds the day of a flow or rate."""
    m = round(day / MONTH) if kpi in LEVELS or kpi.startswith("plan_") else int(day / MONTH + 1e-9)
    return min(max(m, 0), months - 1)


def in_quarters(monthly: np.ndarray) -> np.ndarray:
    """A monthly flow (along the last axis) summed over each month and the two before it; the first
    two months, with no whole quarter behind them, are NaN."""
    out = np.full(monthly.shape, np.nan)
    out[..., 2:] = monthly[..., 2:] + monthly[..., 1:-1] + monthly[..., :-2]
    return out


def observed_grid(kpi: str, grid: np.ndarray) -> np.ndarray:
    """A kpi's monthly series (simulated, real units) as the observed figure reads it: a quarter's
    flow summed over its three months."""
    return in_quarters(grid) if kpi in QUARTERS else grid


def simulated(results: Results, obs: Observation, start: dt.date, scale: float) -> np.ndarray:
    """The baseline's value for an observation (of our firm or a rival) in each replication, in real units."""
    def grid(series: str) -> np.ndarray:
        return series_grid(results, series_of(obs.firm, series), results.baseline)

    active = grid("active_customers")
    m = month_index(obs.kpi, day_of(obs.date, start), active.shape[1])
    if obs.kpi in RATES:
        return grid("churned")[:, m] / active[:, m]
    return observed_grid(obs.kpi, grid(SERIES.get(obs.kpi, obs.kpi)))[:, m] * scale


def fits(results: Results, observations: list[Observation], start: dt.date, scale: float) -> list[ObservationFit]:
    return [ObservationFit(obs, t_interval(simulated(results, obs, start, scale))) for obs in observations]


def observations_of(loaded: LoadedExperiment) -> list[Observation]:
    """The experiment's observed rows, read and checked again (the file is named in the config)."""
    config = loaded.config
    assert config.observed is not None  # only a study with an [observed] table is fitted
    return read_observed(resolve(config.observed.file, loaded.source), window_of(config))


def write_fit(root: Path, loaded: LoadedExperiment) -> list[ObservationFit]:
    """observed.csv (the rows used) and fit.csv in the results folder."""
    observations = observations_of(loaded)
    meta = loaded.config.experiment
    results = load_results(root)
    assert meta.start_date is not None  # validated: an [observed] table needs day 0's date
    rows = fits(results, observations, meta.start_date, meta.scale)
    atomic_write(root / "observed.csv", csv_bytes(["date", "firm", "kpi", "value"],
                                                 ([o.date.isoformat(), o.firm, o.kpi, o.value] for o in observations)))
    atomic_write(root / "fit.csv", csv_bytes(FIT_COLUMNS, (
        [f.observation.date.isoformat(), f.observation.firm, f.observation.kpi, f.observation.value,
         f.simulated.mean, f.simulated.low, f.simulated.high, f.error, f.relative_error] for f in rows)))
    return rows
