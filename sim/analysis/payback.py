"""What a change costs and when it pays back: the cumulative paired profit difference against the
baseline, month by month from the variant's first change.

Replication r of the variant and of the baseline meet the same customers, so the monthly profit
differences are paired; their running sum from the change's month is the money the change has
made (or lost) so far. The transition cost is the deepest point of the mean running sum; the
payback month is the first month after which the mean stays at or above zero to the horizon.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.analysis.intervals import Interval, t_interval
from sim.analysis.results import Results
from sim.analysis.series import series_grid
from sim.config.levers import Variant
from sim.config.timeline import MONTH


@dataclass(frozen=True)
class Payback:
    """One variant's change against the baseline, in months since the start of the run."""

    variant: str
    change_month: int
    cost: Interval  # the mean running sum at its lowest (negative: the transition cost)
    cost_month: int
    payback_month: int | None  # None: not paid back within the horizon
    at_horizon: Interval  # the running sum at the horizon
    months: np.ndarray
    mean: np.ndarray  # the mean running sum per month from change_month
    low: np.ndarray  # its 95% t band over replications
    high: np.ndarray


def payback(results: Results, variant: str, change_month: int, point: int = 0) -> Payback:
    """The running paired profit difference of `variant` from `change_month` on."""
    diff = series_grid(results, "profit", variant, point) - series_grid(results, "profit", results.baseline, point)
    running = np.cumsum(diff[:, change_month:], axis=1)
    mean = running.mean(axis=0)
    low = int(np.argmin(mean))
    paid = next((change_month + m for m in range(len(mean)) if (mean[m:] >= 0).all()), None)
    band = [t_interval(running[:, m]) for m in range(running.shape[1])]
    return Payback(variant, change_month, t_interval(running[:, low]), change_month + low, paid,
                   t_interval(running[:, -1]), np.arange(change_month, change_month + len(mean)), mean,
                   np.array([b.low for b in band]), np.array([b.high for b in band]))


def first_change_month(variant: Variant) -> int | None:
    """The month of a variant's first change or announcement (its effects start then)."""
    days = [min(c.day, c.announced) for c in variant.changes]
    return int(math.floor(min(days) / MONTH + 1e-9)) if days else None
