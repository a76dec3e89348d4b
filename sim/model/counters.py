"""Monthly counters of events (joins, churns, stockouts, returns, ...) and churn reasons."""

from __future__ import annotations


class Counters:
    """Named event counts per month; a name appears the first time it is counted (World.count)."""

    __slots__ = ("months", "counts")

    def __init__(self, months: int) -> None:
        self.months = months
        self.counts: dict[str, list[float]] = {}

    def series(self, name: str) -> list[float]:
        """The monthly counts of `name` (zeros if it never happened)."""
        return self.counts.get(name, [0.0] * self.months)

