"""Waits at the desk per month, kept as counts in 0.1-minute bins.

Storing every wait grows with the visits (millions in a large run); bins keep the exact count and
mean, and the 95th percentile to within one bin, in memory that does not grow with the run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

RESOLUTION_MINUTES = 0.1


@dataclass
class MonthWaits:
    """One month's waits: how many, their sum, and counts per bin (bin k holds [k, k+1) x 0.1 min)."""

    count: int = 0
    total: float = 0.0
    bins: dict[int, int] = field(default_factory=dict)

    def add(self, minutes: float) -> None:
        self.count += 1
        self.total += minutes
        k = int(minutes / RESOLUTION_MINUTES)
        self.bins[k] = self.bins.get(k, 0) + 1


def combined(months: list[MonthWaits]) -> MonthWaits:
    """Several months as one."""
    out = MonthWaits()
    for m in months:
        out.count += m.count
        out.total += m.total
        for k, n in m.bins.items():
            out.bins[k] = out.bins.get(k, 0) + n
    return out


def mean(w: MonthWaits) -> float:
    return w.total / w.count if w.count else math.nan


def percentile(w: MonthWaits, q: float) -> float:
    """The q-quantile (nearest rank), as the upper edge of its bin (0 for waits of exactly 0)."""
    if not w.count:
        return math.nan
    rank = min(w.count, max(1, math.ceil(q * w.count)))
    seen = 0
    for k in sorted(w.bins):
        seen += w.bins[k]
        if seen >= rank:
            return 0.0 if k == 0 and w.total == 0 else (k + 1) * RESOLUTION_MINUTES
    return math.nan
