"""MSER-5 warm-up detection on a monthly series, reported beside the configured warm-up.

MSER (White 1997) truncates the first d observations that minimise the squared standard
error of the remaining mean, sum((y - mean)^2) / (n - d)^2; MSER-5 applies it to means of
batches of 5 to smooth noise. Searching only the first half avoids the spurious minima at the
end of a short series; a result at that limit means no steady state was found.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.analysis.results import Results

BATCH = 5


@dataclass(frozen=True)
class Warmup:
    """The truncation point MSER-5 chose, in observations (months for monthly series)."""

    variant: str
    series: str
    truncate: int
    length: int
    at_limit: bool


def mser(values: np.ndarray, batch: int = BATCH) -> tuple[int, bool]:
    """Observations to drop (a multiple of `batch`) and whether the search hit its limit."""
    y = np.asarray(values, dtype=float)
    k = y.size // batch
    if k < 4:
        return 0, False
    means = y[: k * batch].reshape(k, batch).mean(axis=1)
    limit = k // 2
    stats = [np.sum((means[d:] - means[d:].mean()) ** 2) / (k - d) ** 2 for d in range(limit + 1)]
    best = int(np.argmin(stats))
    return best * batch, best == limit and limit > 0


def mean_series(results: Results, series: str, variant: str, point: int = 0) -> np.ndarray:
    """The monthly series averaged over replications (MSER is applied to the cross-replication mean)."""
    ts = results.timeseries
    mask = (ts["series"] == series) & (ts["variant"] == variant) & (ts["point"] == point)
    months, values = ts["month"][mask].astype(int), ts["value"][mask]
    if months.size == 0:
        return np.empty(0)
    sums = np.bincount(months, weights=values)
    counts = np.bincount(months)
    return sums[counts > 0] / counts[counts > 0]


def detect_warmup(results: Results, series: str, point: int = 0) -> list[Warmup]:
    """MSER-5 truncation per variant for one monthly series."""
    out = []
    for variant in results.variants:
        y = mean_series(results, series, variant, point)
        truncate, at_limit = mser(y)
        out.append(Warmup(variant, series, truncate, int(y.size), at_limit))
    return out
