"""Retention tactics: nothing, a birthday postcard, or a discount off every charge.

A tactic hooks into three moments of a customer's life: joining (`start`), each monthly review
(`monthly`) and each charge (`discount_off`, asked only when `discounts` is True, so the default
path pays nothing for it). A targeted tactic reaches only customers whose goodwill is below the
threshold; the discount's targeting enrolls a customer for good the first time that happens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from sim.config.levers import Retention
from sim.clock import DAYS_PER_YEAR
from sim.counter_names import DISCOUNTS_OFFERED, POSTCARDS

if TYPE_CHECKING:
    from sim.model.customer import Customer
    from sim.policies.view import FirmView


class NoTactic:
    """No retention tactic."""

    name = "none"
    discounts = False

    def __init__(self, cfg: Retention) -> None:
        self.cfg = cfg

    def start(self, firm: "FirmView", c: "Customer") -> None:
        """Nothing to schedule for a new customer."""

    def monthly(self, firm: "FirmView", c: "Customer") -> None:
        """Nothing to do at a monthly review."""

    def discount_off(self, c: "Customer", amount: float) -> float:
        return 0.0

    def reaches(self, firm: "FirmView", c: "Customer") -> bool:
        """Whether the tactic is for this customer now (everyone, unless targeted)."""
        return not self.cfg.targeted or c.goodwill.at(firm.env.now) < self.cfg.goodwill_threshold


class Postcard(NoTactic):
    """A card on each birthday while the customer is active: a cost per card, a small bump."""

    name = "postcard"

    def start(self, firm: "FirmView", c: "Customer") -> None:
        wait = (c.traits.birthday - firm.env.now) % DAYS_PER_YEAR
        firm.after(wait, self.birthday, firm, c)

    def birthday(self, firm: "FirmView", c: "Customer") -> None:
        if not c.active or firm.retention is not self:
            return
        if self.reaches(firm, c):
            firm.spend("postcards", self.cfg.postcard_cost)
            firm.count(POSTCARDS)
            firm.experience(c, "postcard")
        firm.after(DAYS_PER_YEAR, self.birthday, firm, c)


class Discount(NoTactic):
    """A percentage off every charge: revenue forgone (given back), felt by the price-sensitive."""

    name = "discount"
    discounts = True

    def __init__(self, cfg: Retention) -> None:
        super().__init__(cfg)
        self.rate = cfg.discount_percent / 100.0
        self.enrolled: set[int] = set()

    def start(self, firm: "FirmView", c: "Customer") -> None:
        if not self.cfg.targeted:
            self.enrolled.add(c.id)

    def monthly(self, firm: "FirmView", c: "Customer") -> None:
        """Enroll a newly unhappy customer (targeted); every enrolled customer feels the month's discount."""
        if c.id not in self.enrolled:
            if not self.reaches(firm, c):
                return
            self.enrolled.add(c.id)
            firm.count(DISCOUNTS_OFFERED)
        firm.experience(c, "discount", c.traits.price_sensitivity * self.cfg.discount_percent)

    def discount_off(self, c: "Customer", amount: float) -> float:
        """The part of a charge not charged."""
        return amount * self.rate if c.id in self.enrolled else 0.0


RETENTION: dict[str, Callable[[Retention], NoTactic]] = {
    tactic.name: tactic for tactic in (NoTactic, Postcard, Discount)
}
