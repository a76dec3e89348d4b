"""Cost per retained customer-month: extra retention spend over extra customer-months, paired.

A tactic's cost only means something against what it keeps: with common random numbers,
replication r of the variant and of the baseline meet the same customers, so the ratio of the
mean paired differences (extra `retention_spend` / extra `customer_months`) is the cost of one
customer-month the tactic kept. Its interval comes from the delta method over replications.
Undefined (nan) when the tactic keeps no customer-months on average.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats

from sim.analysis.intervals import Interval


def cost_per_retained_customer_month(spend: Sequence[float], spend_base: Sequence[float],
                                     months: Sequence[float], months_base: Sequence[float],
                                     confidence: float = 0.95) -> Interval:
    """Ratio of mean paired differences with a delta-method t interval."""
    ds = np.asarray(spend, dtype=float) - np.asarray(spend_base, dtype=float)
    dm = np.asarray(months, dtype=float) - np.asarray(months_base, dtype=float)
    n = int(ds.size)
    if n == 0 or dm.mean() <= 0:
        return Interval(math.nan, math.nan, math.nan, n)
    ratio = float(ds.mean() / dm.mean())
    if n == 1:
        return Interval(ratio, math.nan, math.nan, 1)
    residual = ds - ratio * dm
    se = float(residual.std(ddof=1)) / math.sqrt(n) / float(dm.mean())
    half = float(stats.t.ppf(0.5 + confidence / 2.0, n - 1)) * se
    return Interval(ratio, ratio - half, ratio + half, n)
