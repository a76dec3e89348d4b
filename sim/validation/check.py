"""One line of the validation table, and the intervals and tests the cases share.

Intervals are 99% (a table of some thirty lines at 95% would fail one line in most runs by
chance alone); over replications they are Student-t, over a large sample normal.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats

from sim.analysis.intervals import Sample, t_interval

CONFIDENCE = 0.99
Z = float(stats.norm.ppf(0.5 + CONFIDENCE / 2))


@dataclass(frozen=True)
class Check:
    """A case's expected value, what the model gave, its interval, and whether that passes."""

    case: str
    expected: str
    observed: str
    interval: str
    passed: bool
    how: str
    fitted: bool = True  # False: a documented case the behaviour is not fitted to yet: shown, not counted

    @property
    def counts_against(self) -> bool:
        """A failed check that fails the validation (one of a case not fitted yet does not)."""
        return self.fitted and not self.passed


def pct(x: float, digits: int = 1) -> str:
    return f"{100 * x:.{digits}f}%"


def num(x: float, digits: int = 3) -> str:
    return f"{x:.{digits}f}"


def span(low: float, high: float, fmt: str = "num", digits: int = 3) -> str:
    f = pct if fmt == "pct" else num
    return f"[{f(low, digits)}, {f(high, digits)}]"


def normal_interval(mean: float, se: float) -> tuple[float, float]:
    return mean - Z * se, mean + Z * se


def binomial_interval(share: float, n: int) -> tuple[float, float]:
    """Normal approximation to a binomial share (the cases use thousands of customers)."""
    return normal_interval(share, math.sqrt(max(share * (1 - share), 0.0) / n))


def replication_interval(values: Sample) -> tuple[float, float, float]:
    """Mean and 99% t interval over independent replications."""
    iv = t_interval(values, CONFIDENCE)
    return iv.mean, iv.low, iv.high


def point(case: str, expected: float, observed: float, low: float, high: float, how: str,
          fmt: str = "num", digits: int = 3) -> Check:
    """Pass when the expected value lies inside the observed interval."""
    f = pct if fmt == "pct" else num
    return Check(case, f(expected, digits), f(observed, digits), span(low, high, fmt, digits),
                 low <= expected <= high, how)
