"""A customer: traits drawn at joining, state that experiences change, and a flat record."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from sim.config.scenario import Segment
from sim.clock import DAYS_PER_YEAR, MONTH
from sim.model.goodwill import Goodwill


class Traits(NamedTuple):
    """What a prospect brings: drawn from its own stream, identical in every variant."""

    segment: str
    demand_per_day: float
    keep_mean: float
    keep_shape: float
    price_sensitivity: float
    complaint_propensity: float
    theta: float
    birthday: float
    join_draw: float


def draw_traits(rng: np.random.Generator, segments: tuple[Segment, ...], cumulative: list[float],
                sensitivity_scale: float) -> Traits:
    """Segment from the mixture, then gamma demand, beta churn, a birthday and the join draw; the
    segment's price sensitivity times the behaviour's shared scale (no draw, so it moves no stream)."""
    u = rng.random()
    seg = segments[min(sum(1 for c in cumulative if c <= u), len(segments) - 1)]
    demand_month = rng.gamma(seg.demand_shape, seg.demand_mean / seg.demand_shape)
    theta = rng.beta(seg.churn_alpha, seg.churn_beta)
    birthday = rng.random() * DAYS_PER_YEAR
    return Traits(
        segment=seg.name,
        demand_per_day=max(demand_month, 1e-6) / MONTH,
        keep_mean=seg.keep_days_mean,
        keep_shape=seg.keep_days_shape,
        price_sensitivity=seg.price_sensitivity * sensitivity_scale,
        complaint_propensity=seg.complaint_propensity,
        theta=float(theta),
        birthday=birthday,
        join_draw=rng.random(),
    )


class CustomerRecord(NamedTuple):
    """One customer's life in one run (a row of customers.csv.gz)."""

    customer_id: int
    segment: str
    channel: str
    join_day: float
    end_day: float
    churned: bool
    churn_reason: str
    tenure_months: int
    rentals: int
    spend: float
    goodwill_end: float


WINBACK_NEVER_LOW, WINBACK_LOW, WINBACK_RECOVERED = 0, 1, 2


class Customer:
    """An active or former customer of one run."""

    # What a store visit reads and writes comes first: a large run's customers do not fit the
    # processor's caches, and slots next to each other share a cache line.
    __slots__ = (
        "active", "visit_plan", "visit_slot", "visit_factor", "goodwill", "spend",
        "rentals", "charges_until_error", "streams", "complaint_propensity",
        "id", "traits", "channel", "join_day", "end_day", "churn_reason", "tenure_months",
        "behaviour", "churn_rng", "winback", "review_plan",
        "pricing", "reference_price", "price_news", "mail_loop", "visiting", "spell",
    )

    def __init__(self, cid: int, traits: Traits, channel: str, join_day: float, decay_days: float,
                 behaviour: np.random.Generator | None, churn_rng: np.random.Generator | None) -> None:
        self.id = cid
        self.traits = traits
        self.channel = channel
        self.join_day = join_day
        self.end_day = float("nan")
        self.active = True
        self.churn_reason = ""
        self.tenure_months = 0
        self.rentals = 0
        self.spend = 0.0
        self.goodwill = Goodwill(decay_days)
        self.goodwill.updated = join_day
        self.behaviour = behaviour
        self.churn_rng = churn_rng
        self.complaint_propensity = traits.complaint_propensity
        self.visit_factor = 1.0
        self.streams: dict[str, np.random.Generator] = {}
        self.winback = WINBACK_NEVER_LOW
        self.charges_until_error = 0  # 0: not drawn yet (Complaints.billing)
        self.visit_plan: Sequence[float] = ()  # draws of the next store visits (sim.model.plans)
        self.visit_slot = 0  # where the current visit's draws start in visit_plan
        self.review_plan: Sequence[float] = ()  # draws of the next monthly reviews
        self.pricing: Any = None  # the plan it is billed on (sim.model.pricing), set at admission
        self.reference_price = 0.0  # the monthly price it is used to (sim.model.prices)
        self.price_news = 0.0  # the new monthly price (as felt) its next bill is the first at; 0: none
        self.mail_loop = 0  # titles at home, in the mail or waiting for stock
        self.visiting = False  # a store visit is on the calendar
        self.spell = 0  # earlier spells of its household at this firm (sim.model.market: switching back)

    def record(self, horizon: float) -> CustomerRecord:
        """The flat record, censored at the horizon if still active."""
        end = horizon if self.active else self.end_day
        return CustomerRecord(
            self.id, self.traits.segment, self.channel, self.join_day, end, not self.active,
            self.churn_reason, self.tenure_months, self.rentals, round(self.spend, 6),
            round(self.goodwill.at(end), 6),
        )



def carry_over(c: Customer, past: Customer) -> None:
    """Give a day-0 customer the history of `past`, a survivor of a pre-history whose dates already
    read in this run's days (sim.model.prehistory): its join day and tenure (so monthly reviews
    keep their cycle), its goodwill (an independent copy: a survivor may be drawn more than once),
    the complaint propensity it has learned, its win-back state and the price it is used to. Spend
    and rentals count this run only."""
    c.join_day = past.join_day
    c.tenure_months = past.tenure_months
    c.goodwill = past.goodwill.copy()
    c.complaint_propensity = past.complaint_propensity
    c.winback = past.winback
    c.reference_price = past.reference_price
