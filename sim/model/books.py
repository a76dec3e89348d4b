"""A firm's monthly books and what a replication leaves of it: the overhead of the stores open
and the subscribers by mail, the month's snapshots of goodwill, reputation and copies out, and the records read by the
metrics (sim.metrics)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sim.clock import MONTH
from sim.model.customer import CustomerRecord
from sim.model.waits import MonthWaits
from sim.model.pricing import Plan, stores_open
from sim.counter_names import PLAN_OF

if TYPE_CHECKING:
    from sim.model.firm import Firm


@dataclass(frozen=True)
class RunRecords:
    """What a replication leaves behind of one firm: money, counts, monthly snapshots, customers
    (and, for our firm in a market with rivals, the market's: sim.model.market.MarketRecords)."""

    horizon_days: float
    warmup_days: float
    months: int
    revenue: dict[str, list[float]]
    given_back: dict[str, list[float]]
    costs: dict[str, list[float]]
    counts: dict[str, list[float]]
    snapshots: dict[str, list[float]]
    customers: list[CustomerRecord]
    channel: str
    copies_consistent: bool
    waits: list[MonthWaits] = field(default_factory=list)
    change_window: tuple[float, float] | None = None
    market: Any = None


def months_ticking(firm: "Firm") -> Generator[Any, Any, None]:
    """Monthly overhead and snapshots of goodwill, reputation and copies out (a rival's from day
    0, with nothing to count before it opens), and copies bought to keep up with the customers
    where the scenario restocks monthly."""
    for m in range(firm.months):
        yield firm.env.timeout(m * MONTH - firm.env.now)
        snapshot(firm)
        if firm.open:
            firm.stores_now = stores_in_use(firm)
            firm.spend("overhead", overhead(firm))
        if firm.open and firm.scenario.catalogue.restock_monthly:
            firm.restock()


def plans_in_use(firm: "Firm") -> set[Plan]:
    """The plans offered, and those a customer active since the last snapshot is on."""
    return {*firm.pricing.plans, *(c.pricing for c in firm.recently_active)}


def stores_in_use(firm: "Firm") -> float:
    """Stores open (simulated units): the chain's stores times the largest share open of the store
    plans in use; none for a firm without store customers or a store plan on offer."""
    shares = [stores_open(p) for p in plans_in_use(firm) if p.channel == "store"]
    return firm.scenario.store.stores * max(shares) if shares else 0.0


def overhead(firm: "Firm") -> float:
    """A month's running costs that grow with the business: each store open, each subscriber by
    mail; and the fixed content cost while anyone can stream."""
    plans = plans_in_use(firm)
    subscribers = sum(1 for c in firm.recently_active if c.active and c.pricing.channel == "mail")
    stores = firm.scenario.store.overhead_per_month * firm.stores_now
    mail = firm.scenario.mail.overhead_per_subscriber_month * subscribers
    content = firm.scenario.streaming.content_cost_per_month if any(p.streams for p in plans) else 0.0
    return stores + mail + content


def snapshot(firm: "Firm") -> None:
    """The month's snapshots, and the customers on each named plan; those who left since the last
    snapshot are dropped from the firm's recently active."""
    now = firm.env.now
    firm.recently_active = [c for c in firm.recently_active if c.active]
    active = [c.goodwill.at(now) for c in firm.recently_active]
    firm.snapshots["mean_goodwill"].append(sum(active) / len(active) if active else math.nan)
    firm.snapshots["reputation"].append(firm.reputation.at(now))
    firm.snapshots["copies_out"].append(float(sum(stock.copies_out(now) for stock in firm.stocks())))
    on_plans = Counter(c.pricing.name for c in firm.recently_active if c.pricing.name)
    for name, n in on_plans.items():
        firm.count(PLAN_OF + name, n)
