"""Sales styles at a store visit: friendly service, or an upsell attempt every time.

Friendly staff greet and leave the customer alone: a small goodwill bump per visit, smaller
when staff morale is low. Aggressive staff try to upsell at every visit: the pressure costs
goodwill, some attempts sell, and some sales end in buyer's remorse a few days later (a refund,
fewer visits for a while, and a chance of a complaint). Upsell draws come from the customer's own "sales" stream, so they never shift
the draws of visits, rentals or churn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from sim.config.levers import Sales

if TYPE_CHECKING:
    from sim.model.customer import Customer
    from sim.model.firm import Firm


class Friendly:
    """A greeting, then left alone: warm as the staff's mean morale (1 when rested)."""

    name = "friendly"

    def __init__(self, cfg: Sales) -> None:
        self.cfg = cfg

    def visit(self, world: "Firm", c: "Customer") -> None:
        world.experience(c, "friendly_visit", world.staff.mean_morale)


class Aggressive(Friendly):
    """An upsell attempt at every visit."""

    name = "aggressive"

    def visit(self, world: "Firm", c: "Customer") -> None:
        up = world.scenario.upselling
        rng = world.rng_for(c, "sales")
        world.count("upsell_attempts")
        world.experience(c, "pushy_visit")
        if rng.random() >= up.success_probability:
            return
        paid = world.charge(c, "upsell", up.price)
        world.count("upsells")
        if rng.random() < up.remorse_probability:
            world.after(up.remorse_delay_days, self.remorse, world, c, paid)

    def remorse(self, world: "Firm", c: "Customer", paid: float) -> None:
        """The upsell comes back: refunded, regretted, and the store visited less for a while."""
        up = world.scenario.upselling
        world.ledger.refund(world.env.now, "upsell", paid)
        c.spend -= paid
        world.count("upsell_refunds")
        world.experience(c, "buyers_remorse")
        world.bad_experience(c, "buyers_remorse", business_fault=True, at_stake=0.0)
        c.visit_factor *= up.remorse_visit_factor
        world.after(up.remorse_days, self.regret_fades, c, up.remorse_visit_factor)

    @staticmethod
    def regret_fades(c: "Customer", factor: float) -> None:
        c.visit_factor /= factor


SALES: dict[str, Callable[[Sales], Friendly]] = {style.name: style for style in (Friendly, Aggressive)}
