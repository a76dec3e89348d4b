"""How many replications a KPI needs for a chosen interval half-width.

The sample standard deviation of the replications run so far stands in for the true one; n is
the smallest with t(0.975, n-1) * s / sqrt(n) <= half-width. For a difference between variants
the relevant spread is that of the paired differences, which common random numbers keep small,
so the advice is given for both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from sim.analysis.intervals import Sample
from sim.analysis.results import Results

MAX_REPLICATIONS = 100_000
WINDOW = 64  # candidate replication counts tried at once


@dataclass(frozen=True)
class Advice:
    """Replications run and needed for a KPI's mean (and its paired difference) to reach a half-width."""

    kpi: str
    variant: str
    half_width: float
    run: int
    needed_mean: int
    needed_difference: int | None


def replications_needed(values: Sample, half_width: float, confidence: float = 0.95) -> int:
    """Smallest n whose t interval half-width is at most `half_width`, given the sample's spread
    (replications where the KPI is undefined, e.g. no wait at a desk nobody called, left out)."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    if half_width <= 0:
        raise ValueError("half_width must be positive")
    if x.size < 2:
        return int(x.size)
    s = float(x.std(ddof=1))
    if s == 0.0:
        return 2
    z = float(stats.norm.ppf(0.5 + confidence / 2.0))
    n = max(2, math.ceil((z * s / half_width) ** 2))
    while n < MAX_REPLICATIONS:  # the t quantile only adds a few; one vectorised quantile call per window
        window = np.arange(n, min(n + WINDOW, MAX_REPLICATIONS))
        fits = stats.t.ppf(0.5 + confidence / 2.0, window - 1) * s / np.sqrt(window) <= half_width
        if fits.any():
            return int(window[np.argmax(fits)])
        n = int(window[-1]) + 1
    return n


def advise(results: Results, relative: float = 0.05, point: int = 0) -> list[Advice]:
    """Per KPI and variant: replications for a half-width of `relative` x |baseline mean|
    (KPIs whose baseline mean is 0 have no relative target and are left out)."""
    out = []
    for kpi in results.kpis:
        base = results.kpi(kpi, results.baseline, point)
        target = relative * abs(float(np.mean(base)))
        if not target > 0:
            continue
        for variant in results.variants:
            values = results.kpi(kpi, variant, point)
            diff = None if variant == results.baseline else replications_needed(values - base, target)
            out.append(Advice(kpi, variant, target, int(values.size), replications_needed(values, target), diff))
    return out
