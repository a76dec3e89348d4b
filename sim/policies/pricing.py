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
    titles_at_home = 0  # no mail loop

    def __init__(self, cfg: PerRental) -> None:
        self.cfg = cfg
        self.enforcement = ENFORCEMENT[cfg.enforcement](cfg)

    def monthly_price(self, traits: "Traits") -> float:
        """What a customer pays a month: the fee times how often it rents."""
        return self.cfg.rental_fee * traits.demand_per_day * MONTH

    def start(self, world: "World", c: "Customer") -> None:
        self.switch_in(world, c)

    def switch_in(self, world: "World", c: "Customer") -> None:
        """Visits begin (unless a visit from before a switch away is still to come)."""
        if not c.visiting:
            c.visiting = True
            store.next_visit(world, c)

    def bill_month(self, world: "World", c: "Customer") -> None:
        """Nothing is billed monthly per rental."""


class SubscriptionPricing:
    """A flat monthly fee, k titles at home, no late fees."""

    channel = "mail"

    def __init__(self, cfg: Subscription) -> None:
        self.cfg = cfg
        self.titles_at_home = cfg.titles_at_home

    def monthly_price(self, traits: "Traits") -> float:
        return self.cfg.monthly_fee

    def start(self, world: "World", c: "Customer") -> None:
        self.bill_month(world, c)
        self.switch_in(world, c)

    def switch_in(self, world: "World", c: "Customer") -> None:
        """Titles go out up to the plan's k (the first bill comes at the next monthly review)."""
        mail.fill(world, c)

    def bill_month(self, world: "World", c: "Customer") -> None:
        world.charge(c, "subscriptions", self.cfg.monthly_fee)


Pricing = Union[PerRentalPricing, SubscriptionPricing]

PRICING: dict[str, Callable[..., Pricing]] = {
    "per_rental": PerRentalPricing,
    "subscription": SubscriptionPricing,
}
