"""Business models: per-rental in the store, or a monthly subscription by mail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Union

from sim.config.levers import PerRental, Subscription
from sim.model import mail, store
from sim.model.clock import MONTH
from sim.policies.late_fees import ENFORCEMENT

if TYPE_CHECKING:
    from sim.model.customer import Customer, Traits
    from sim.model.world import World


class PerRentalPricing:
    """A fee per title in the store, with a late-fee enforcement mode."""

    channel = "store"

    def __init__(self, cfg: PerRental) -> None:
        self.cfg = cfg
        self.enforcement = ENFORCEMENT[cfg.enforcement](cfg)

    def expected_monthly_cost(self, traits: "Traits") -> float:
        """What a prospect expects to pay a month: the fee times how often it would rent."""
        return self.cfg.rental_fee * traits.demand_per_day * MONTH

    def start(self, world: "World", c: "Customer") -> None:
        store.next_visit(world, c)

    def bill_month(self, world: "World", c: "Customer") -> None:
        """Nothing is billed monthly per rental."""


class SubscriptionPricing:
    """A flat monthly fee, k titles at home, no late fees."""

    channel = "mail"

    def __init__(self, cfg: Subscription) -> None:
        self.cfg = cfg

    def expected_monthly_cost(self, traits: "Traits") -> float:
        return self.cfg.monthly_fee

    def start(self, world: "World", c: "Customer") -> None:
        """The first month billed at joining; a day-0 customer carried over from a pre-history
        (joined before now) paid at its last review and is billed at its next one."""
        if c.join_day == world.env.now:
            self.bill_month(world, c)
        for _ in range(self.cfg.titles_at_home):
            mail.ship_next(world, c)

    def bill_month(self, world: "World", c: "Customer") -> None:
        world.charge(c, "subscriptions", self.cfg.monthly_fee)


Pricing = Union[PerRentalPricing, SubscriptionPricing]

PRICING: dict[str, Callable[..., Pricing]] = {
    "per_rental": PerRentalPricing,
    "subscription": SubscriptionPricing,
}
