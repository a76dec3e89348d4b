"""A customer's latent goodwill: moved by experiences, decaying toward the customer's baseline.

The baseline is 0, or below it for a customer who finds the price too high for what it uses
(value for money): that shortfall is reported as the churn reason `price` when it dominates.

Alongside the score it keeps the decayed damage per kind of bad experience, so a churn can be
attributed to the experience that cost the most goodwill recently. The damage is decayed only
when it is needed (a bad experience or a churn), so frequent good experiences stay cheap.

A grievance (a loss the business caused, TARP's 'problem') does not decay: it lowers goodwill
until a complaint puts some or all of it right, which is how one small problem can still decide
a customer's loyalty a year later.
"""

from __future__ import annotations

import copy
import math


class Goodwill:
    """Goodwill score and damage by kind, both decaying with one time constant."""

    __slots__ = ("value", "updated", "tau", "damage", "damage_updated", "grievances", "grievance", "baseline")

    def __init__(self, decay_days: float) -> None:
        self.value = 0.0
        self.updated = 0.0
        self.damage: dict[str, float] = {}
        self.damage_updated = 0.0
        self.tau = decay_days
        self.grievances: dict[str, float] = {}
        self.grievance = 0.0
        self.baseline = 0.0

    def copy(self) -> "Goodwill":
        """An independent copy: a customer carried over from a pre-history takes its goodwill along."""
        other = copy.copy(self)
        other.damage = dict(self.damage)
        other.grievances = dict(self.grievances)
        return other

    def move_clock(self, days: float) -> None:
        """Move the score's dates by `days` (a pre-history's end becomes the main run's day 0)."""
        self.updated += days
        self.damage_updated += days

    def _decay_to(self, t: float) -> None:
        if t != self.updated:
            self.value *= math.exp(-(t - self.updated) / self.tau)
            self.updated = t

    def _decay_damage_to(self, t: float) -> None:
        if self.damage and t != self.damage_updated:
            factor = math.exp(-(t - self.damage_updated) / self.tau)
            damage = self.damage
            for kind in damage:
                damage[kind] *= factor
        self.damage_updated = t

    def at(self, t: float) -> float:
        """The score at day t (t must not go backwards), grievances and baseline included."""
        if t != self.updated:  # _decay_to written out: every review passes here
            self.value *= math.exp(-(t - self.updated) / self.tau)
            self.updated = t
        return self.baseline + self.value - self.grievance

    def apply(self, t: float, kind: str, delta: float) -> None:
        """An experience moves the score; a negative one adds to that kind's damage."""
        if t != self.updated:  # _decay_to written out: nearly every visit passes here
            self.value *= math.exp(-(t - self.updated) / self.tau)
            self.updated = t
        self.value += delta
        if delta < 0:
            self._decay_damage_to(t)
            self.damage[kind] = self.damage.get(kind, 0.0) - delta

    def grieve(self, kind: str, amount: float) -> None:
        """A problem the business caused: `amount` of goodwill lost until it is put right."""
        self.grievances[kind] = self.grievances.get(kind, 0.0) + amount
        self.grievance += amount

    def put_right(self, share: float) -> None:
        """A complaint's outcome puts `share` of every open grievance right."""
        if self.grievances:
            self.grievances = {k: v * (1.0 - share) for k, v in self.grievances.items()}
            self.grievance *= 1.0 - share

    def recover(self, t: float, kind: str, most: float) -> None:
        """Win back up to `most` of what experiences of this kind cost lately, and no more."""
        self._decay_damage_to(t)
        gain = min(most, self.damage.get(kind, 0.0))
        if gain > 0:
            self._decay_to(t)
            self.value += gain
            self.damage[kind] -= gain

    def worst(self, t: float) -> tuple[str, float]:
        """The kind of experience that did the most (decayed) damage or open grievance, and the total."""
        self._decay_damage_to(t)
        damage = self.damage
        if self.grievances or self.baseline < 0:
            damage = dict(damage)
            for kind, amount in self.grievances.items():
                damage[kind] = damage.get(kind, 0.0) + amount
            if self.baseline < 0:
                damage["price"] = -self.baseline
        if not damage:
            return "baseline", 0.0
        kind = max(damage, key=damage.__getitem__)
        return kind, sum(damage.values())
