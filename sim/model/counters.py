"""Monthly counters of events (joins, churns, stockouts, returns, ...) and churn reasons."""

from __future__ import annotations

from sim.clock import MONTH


class Counters:
    """Named event counts per month; a name appears the first time it is counted (World.count)."""

    __slots__ = ("months", "counts")

    def __init__(self, months: int) -> None:
        self.months = months
        self.counts: dict[str, list[float]] = {}

    def add(self, month: int, name: str, n: float = 1.0) -> None:
        """Add to `name` in a given month (for what is known ahead, like a lent copy's return)."""
        row = self.counts.get(name)
        if row is None:
            row = self.counts[name] = [0.0] * self.months
        row[month if month < self.months else self.months - 1] += n

    def add_all(self, day: float, counts: tuple[tuple[str, float], ...]) -> None:
        """Add several (name, n) in the month of `day`: one call for what happens together (a copy's
        return, now or known ahead)."""
        month = int(day / MONTH + 1e-9)  # month_of written out: most rentals pass here
        month = month if month < self.months else self.months - 1
        for name, n in counts:
            row = self.counts.get(name)
            if row is None:
                row = self.counts[name] = [0.0] * self.months
            row[month] += n

    def series(self, name: str) -> list[float]:
        """The monthly counts of `name` (zeros if it never happened)."""
        return self.counts.get(name, [0.0] * self.months)

