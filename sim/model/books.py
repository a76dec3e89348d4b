"""A firm's monthly books and what a replication leaves of it: the overhead of the channels in
use, the month's snapshots of goodwill, reputation and copies out, and the records read by the
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
from sim.model.pricing import stores_open
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
            firm.spend("overhead", overhead(firm))
        if firm.open and firm.scenario.catalogue.restock_monthly:
            firm.stock_up(firm.levers.pricing.copies_per_customer * firm.active_count)


def overhead(firm: "Firm") -> float:
    """A month's running costs of each channel in use (offered, or used by a customer; the stores'
    in proportion to those open), and the fixed content cost while anyone can stream."""
    plans = {*firm.pricing.plans, *(c.pricing for c in firm.recently_active)}  # the active, since snapshot()
    channels = {p.channel for p in plans}
    stores = max((stores_open(p) for p in plans if p.channel == "store"), default=1.0)
    running = {"store": firm.scenario.store.overhead_per_month * stores,
               "mail": firm.scenario.mail.overhead_per_month}
    content = firm.scenario.streaming.content_cost_per_month if any(p.streams for p in plans) else 0.0
    return sum(running.get(ch, 0.0) for ch in sorted(channels)) + content


def snapshot(firm: "Firm") -> None:
    """The month's snapshots, and the customers on each named plan; those who left since the last
    snapshot are dropped from the firm's recently active."""
    now = firm.env.now
    firm.recently_active = [c for c in firm.recently_active if c.active]
    active = [c.goodwill.at(now) for c in firm.recently_active]
    firm.snapshots["mean_goodwill"].append(sum(active) / len(active) if active else math.nan)
    firm.snapshots["reputation"].append(firm.reputation.at(now))
    firm.snapshots["copies_out"].append(float(firm.catalogue.copies_out(now)))
    on_plans = Counter(c.pricing.name for c in firm.recently_active if c.pricing.name)
    for name, n in on_plans.items():
        firm.count(PLAN_OF + name, n)
