"""Confidence intervals over replications: t intervals and paired differences."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence, Union

import numpy as np
from scipy import stats

Sample = Union[Sequence[float], np.ndarray]  # replications' values: a list, or a column of a results table


@dataclass(frozen=True)
class Interval:
    """A mean with its two-sided confidence interval over n observations."""

    mean: float
    low: float
    high: float
    n: int

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2.0

    def excludes_zero(self) -> bool:
        return self.low > 0.0 or self.high < 0.0


def t_interval(values: Sample, confidence: float = 0.95) -> Interval:
    """Student-t interval for the mean; a single value gives a degenerate (nan-width) interval."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    n = int(x.size)
    if n == 0:
        return Interval(math.nan, math.nan, math.nan, 0)
    mean = float(x.mean())
    if n == 1:
        return Interval(mean, math.nan, math.nan, 1)
    sem = float(x.std(ddof=1)) / math.sqrt(n)
    half = float(stats.t.ppf(0.5 + confidence / 2.0, n - 1)) * sem
    return Interval(mean, mean - half, mean + half, n)


def paired_difference(variant: Sample, baseline: Sample, confidence: float = 0.95) -> Interval:
    """Interval of the mean of per-replication differences (common random numbers pair them)."""
    v = np.asarray(variant, dtype=float)
    b = np.asarray(baseline, dtype=float)
    if v.shape != b.shape:
        raise ValueError(f"paired samples differ in size: {v.shape} vs {b.shape}")
    return t_interval(v - b, confidence)


def welch_difference(variant: Sample, baseline: Sample, confidence: float = 0.95) -> Interval:
    """Unpaired (Welch) interval of a difference of means: what the comparison would be without
    common random numbers, shown beside the paired one to make the gain from pairing visible."""
    v = np.asarray(variant, dtype=float)
    b = np.asarray(baseline, dtype=float)
    v, b = v[~np.isnan(v)], b[~np.isnan(b)]
    n = int(min(v.size, b.size))
    if n == 0:
        return Interval(math.nan, math.nan, math.nan, 0)
    diff = float(v.mean() - b.mean())
    if v.size < 2 or b.size < 2:
        return Interval(diff, math.nan, math.nan, n)
    sv, sb = float(v.var(ddof=1)) / v.size, float(b.var(ddof=1)) / b.size
    se2 = sv + sb
    if se2 == 0.0:
        return Interval(diff, diff, diff, n)
    dof = se2**2 / (sv**2 / (v.size - 1) + sb**2 / (b.size - 1))
    half = float(stats.t.ppf(0.5 + confidence / 2.0, dof)) * math.sqrt(se2)
    return Interval(diff, diff - half, diff + half, n)
