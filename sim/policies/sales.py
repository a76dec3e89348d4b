"""Sales styles at a store visit: friendly service, or an upsell attempt every time.

Friendly staff greet and leave the customer alone: a small goodwill bump per visit, smaller
when staff morale is low. Aggressive staff try to upsell at every visit: the pressure costs
goodwill, some attempts sell, and some sales end in buyer's remorse a few days later (a refund,
fewer visits for a while, and a chance of a complaint). Upsell draws come from the customer's own
"sales" stream, so they never shift
the draws of visits, rentals or churn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from sim.config.levers import Sales
from sim.counter_names import UPSELLS, UPSELL_ATTEMPTS, UPSELL_REFUNDS

if TYPE_CHECKING:
    from sim.model.customer import Customer
    from sim.policies.view import FirmView


class Friendly:
    """A greeting, then left alone: warm as the staff's mean morale (1 when rested)."""

    name = "friendly"

    def __init__(self, cfg: Sales) -> None:
        self.cfg = cfg

    def visit(self, firm: "FirmView", c: "Customer") -> None:
        firm.experience(c, "friendly_visit", firm.staff.mean_morale)


class Aggressive(Friendly):
    """An upsell attempt at every visit."""

    name = "aggressive"

    def visit(self, firm: "FirmView", c: "Customer") -> None:
        up = firm.scenario.upselling
        rng = firm.rng_for(c, "sales")
        firm.count(UPSELL_ATTEMPTS)
        firm.experience(c, "pushy_visit")
        if rng.random() >= up.success_probability:
            return
        paid = firm.charge(c, "upsell", up.price)
        firm.count(UPSELLS)
        if rng.random() < up.remorse_probability:
            firm.after(up.remorse_delay_days, self.remorse, firm, c, paid)

    def remorse(self, firm: "FirmView", c: "Customer", paid: float) -> None:
        """The upsell comes back: refunded, regretted, and the store visited less for a while."""
        up = firm.scenario.upselling
        firm.ledger.refund(firm.env.now, "upsell", paid)
        c.spend -= paid
        firm.count(UPSELL_REFUNDS)
        firm.experience(c, "buyers_remorse")
        firm.bad_experience(c, "buyers_remorse", business_fault=True, at_stake=0.0)
        c.visit_factor *= up.remorse_visit_factor
        firm.after(up.remorse_days, self.regret_fades, c, up.remorse_visit_factor)

    @staticmethod
    def regret_fades(c: "Customer", factor: float) -> None:
        c.visit_factor /= factor


SALES: dict[str, Callable[[Sales], Friendly]] = {style.name: style for style in (Friendly, Aggressive)}
