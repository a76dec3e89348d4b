"""A customer's latent goodwill: moved by experiences, decaying toward the baseline (0).

Alongside the score it keeps the decayed damage per kind of bad experience, so a churn can be
attributed to the experience that cost the most goodwill recently.
"""

from __future__ import annotations

import math


class Goodwill:
    """Goodwill score and damage by kind, both decaying with one time constant."""

    __slots__ = ("value", "updated", "damage", "tau")

    def __init__(self, decay_days: float) -> None:
        self.value = 0.0
        self.updated = 0.0
        self.damage: dict[str, float] = {}
        self.tau = decay_days

    def _decay_to(self, t: float) -> None:
        if t != self.updated:
            factor = math.exp(-(t - self.updated) / self.tau)
            self.value *= factor
            if self.damage:
                self.damage = {k: v * factor for k, v in self.damage.items()}
            self.updated = t

    def at(self, t: float) -> float:
        """The score at day t (t must not go backwards)."""
        self._decay_to(t)
        return self.value

    def apply(self, t: float, kind: str, delta: float) -> None:
        """An experience moves the score; a negative one adds to that kind's damage."""
        self._decay_to(t)
        self.value += delta
        if delta < 0:
            self.damage[kind] = self.damage.get(kind, 0.0) - delta

    def worst(self, t: float) -> tuple[str, float]:
        """The kind of experience that did the most (decayed) damage, and the total damage."""
        self._decay_to(t)
        if not self.damage:
            return "baseline", 0.0
        kind = max(self.damage, key=self.damage.__getitem__)
        return kind, sum(self.damage.values())
