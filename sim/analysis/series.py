"""Monthly series summarised over replications: mean and 95% t band per month."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from sim.analysis.results import Results


@dataclass(frozen=True)
class Band:
    """A monthly series of one variant: the mean over replications and its pointwise 95% band."""

    months: np.ndarray
    mean: np.ndarray
    low: np.ndarray
    high: np.ndarray


def series_names(results: Results) -> list[str]:
    """The series present in timeseries.csv, in first-seen order."""
    return list(dict.fromkeys(results.timeseries["series"]))


def series_grid(results: Results, series: str, variant: str, point: int = 0) -> np.ndarray:
    """One monthly series of one variant as replications x months (NaN where a replication lacks it)."""
    ts = results.timeseries
    mask = (ts["series"] == series) & (ts["variant"] == variant) & (ts["point"] == point)
    months, reps = ts["month"][mask].astype(int), ts["replication"][mask].astype(int)
    if months.size == 0:
        return np.empty((0, 0))
    grid = np.full((reps.max() + 1, months.max() + 1), np.nan)
    grid[reps, months] = ts["value"][mask]
    return grid


def column_stats(grid: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per column: the count of values, their mean and standard deviation (ddof 1), NaNs left out.

    A column with no value (a rate in a month without customers) has a NaN mean, and one with
    fewer than two a NaN deviation, as numpy's nanmean and nanstd give, but without their
    warnings: an undefined figure is n/a in a table, not a warning on the terminal.
    """
    n = np.sum(~np.isnan(grid), axis=0)
    mean = np.divide(np.nansum(grid, axis=0), n, out=np.full(n.shape, np.nan), where=n > 0)
    squares = np.nansum((grid - mean) ** 2, axis=0)
    sd = np.sqrt(np.divide(squares, n - 1, out=np.full(n.shape, np.nan), where=n > 1))
    return n, mean, sd


def monthly_band(results: Results, series: str, variant: str, point: int = 0, confidence: float = 0.95) -> Band:
    """Per month: the mean of the replications' values with a t interval (a band of width 0 for one replication)."""
    grid = series_grid(results, series, variant, point)
    if grid.size == 0:
        empty = np.empty(0)
        return Band(empty, empty, empty, empty)
    grid = grid[~np.all(np.isnan(grid), axis=1)]
    n, mean, sd = column_stats(grid)
    t = stats.t.ppf(0.5 + confidence / 2.0, np.maximum(n - 1, 1))
    half = np.where(n > 1, t * sd / np.sqrt(np.maximum(n, 1)), 0.0)
    return Band(np.arange(grid.shape[1]), mean, mean - half, mean + half)
