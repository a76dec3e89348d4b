"""The reputation prospects see: lowered by unhappy leavers, recovering toward neutral (0)."""

from __future__ import annotations

import math


class Reputation:
    """A score <= 0 in practice; each unhappy leaver lowers it, and it decays back to 0."""

    __slots__ = ("value", "updated", "tau")

    def __init__(self, recovery_days: float) -> None:
        self.value = 0.0
        self.updated = 0.0
        self.tau = recovery_days

    def at(self, t: float) -> float:
        if t != self.updated:
            self.value *= math.exp(-(t - self.updated) / self.tau)
            self.updated = t
        return self.value

    def hit(self, t: float, amount: float) -> None:
        self.value = self.at(t) - amount
