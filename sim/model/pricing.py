"""Business models: per-rental in the store, a subscription by mail, streaming, both (hybrid),
or a menu of several (sim.model.menu). Each customer is billed on one plan (Customer.pricing)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Union

from sim.config.levers import Hybrid, PerRental, Streaming, Subscription
from sim.model import mail, store
from sim.clock import MONTH
from sim.model.late_fees import ENFORCEMENT
from sim.counter_names import TITLES_STREAMED

if TYPE_CHECKING:
    from sim.model.customer import Customer, Traits
    from sim.model.firm import Firm


class OnePlan:
    """A single plan: the offer of its own (a menu's offer is its plans)."""

    @property
    def plans(self) -> tuple["Plan", ...]:
        # built when asked: a stored tuple holding itself would be a reference cycle
        return (self,)  # type: ignore[return-value]  # every OnePlan is one of Plan's members


class PerRentalPricing(OnePlan):
    """A fee per title in the store, with a late-fee enforcement mode."""

    channel = "store"
    titles_at_home = 0  # no mail loop
    streams = False

    def __init__(self, cfg: PerRental, name: str = "") -> None:
        self.cfg = cfg
        self.name = name  # its name on a menu
        self.enforcement = ENFORCEMENT[cfg.enforcement](cfg)

    def monthly_price(self, traits: "Traits") -> float:
        """What a customer pays a month: the fee times how often it rents."""
        return self.cfg.rental_fee * traits.demand_per_day * MONTH

    def start(self, firm: "Firm", c: "Customer") -> None:
        self.switch_in(firm, c)

    def switch_in(self, firm: "Firm", c: "Customer") -> None:
        """Visits begin (unless a visit from before a switch away is still to come)."""
        if not c.visiting:
            c.visiting = True
            store.next_visit(firm, c)

    def bill_month(self, firm: "Firm", c: "Customer") -> None:
        """Nothing is billed monthly per rental."""


class SubscriptionPricing(OnePlan):
    """A flat monthly fee, k titles at home, no late fees."""

    channel = "mail"
    streams = False

    def __init__(self, cfg: Subscription, name: str = "") -> None:
        self.cfg = cfg
        self.name = name
        self.titles_at_home = cfg.titles_at_home

    def monthly_price(self, traits: "Traits") -> float:
        return self.cfg.monthly_fee

    def start(self, firm: "Firm", c: "Customer") -> None:
        """The first month billed and k titles shipped at joining. A day-0 customer carried over
        from a pre-history (joined before now) paid at its last review and is billed at its next
        one, and has its k titles at home already (a running business's loop, not a day-0 rush)."""
        if c.join_day < firm.env.now:
            mail.settle_in(firm, c)
            return
        self.bill_month(firm, c)
        self.switch_in(firm, c)

    def switch_in(self, firm: "Firm", c: "Customer") -> None:
        """Titles go out up to the plan's k (the first bill comes at the next monthly review)."""
        mail.fill(firm, c)

    def bill_month(self, firm: "Firm", c: "Customer") -> None:
        firm.charge(c, "subscriptions", self.cfg.monthly_fee)


class HybridPricing(SubscriptionPricing):
    """k titles by mail and streaming for one fee: the mail loop plus a streaming licence."""

    streams = True

    def __init__(self, cfg: Hybrid, name: str = "") -> None:
        super().__init__(cfg, name)

    def bill_month(self, firm: "Firm", c: "Customer") -> None:
        super().bill_month(firm, c)
        stream_month(firm, c)


class StreamingPricing(OnePlan):
    """Titles watched at once: no copies and no mail, a licence per subscriber-month."""

    channel = "streaming"
    titles_at_home = 0
    streams = True

    def __init__(self, cfg: Streaming, name: str = "") -> None:
        self.cfg = cfg
        self.name = name

    def monthly_price(self, traits: "Traits") -> float:
        return self.cfg.monthly_fee

    def start(self, firm: "Firm", c: "Customer") -> None:
        self.bill_month(firm, c)

    def switch_in(self, firm: "Firm", c: "Customer") -> None:
        """Nothing to send: the first bill comes at the next monthly review."""

    def bill_month(self, firm: "Firm", c: "Customer") -> None:
        firm.charge(c, "subscriptions", self.cfg.monthly_fee)
        stream_month(firm, c)


def stream_month(firm: "Firm", c: "Customer") -> None:
    """A month of streaming: the licence paid, the titles watched counted (their expected number)."""
    cfg = firm.scenario.streaming
    firm.spend("content", cfg.licence_per_subscriber_month)
    firm.count(TITLES_STREAMED, c.traits.demand_per_day * MONTH * cfg.catalogue_share)


Plan = Union[PerRentalPricing, SubscriptionPricing, HybridPricing, StreamingPricing]

PLANS: dict[str, Callable[..., Plan]] = {
    "per_rental": PerRentalPricing,
    "subscription": SubscriptionPricing,
    "hybrid": HybridPricing,
    "streaming": StreamingPricing,
}


def stores_open(plan: Plan) -> float:
    """The share of the chain's stores a store plan has open (1 for any other plan)."""
    return getattr(plan.cfg, "stores_open", 1.0) if plan.channel == "store" else 1.0
