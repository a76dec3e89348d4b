"""Complaints: whether a bad experience becomes one, what is asked, the policy's ruling, and what follows.

A customer complains about a bad experience with probability 1 - (1 - p)^s: p is its learned
propensity, s the experience's severity (larger when money is at stake). It asks for the money
in dispute, for a small credit when the business caused the trouble with nothing at stake, and,
if demanding, sometimes for a credit nothing justifies. The policy rules; what is granted is
given back (never revenue). The complaint takes staff time, and a hostile one wears the server
down. The customer hears the outcome at first contact or after a manager's call-back: a grant
raises its propensity to complain (entitlement is learned), a refusal lowers it; goodwill moves
by the outcome, and a grievance (TARP's problem) is put right the more, the sooner it is granted.
All draws come from the customer's own "complaints" and "billing" streams.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from sim.config.levers import ComplaintHandling
from sim.counter_names import (
    BILLING_ERRORS, COMPLAINTS, COMPLAINTS_ABANDONED, COMPLAINTS_GRANTED, COMPLAINTS_OF,
)

if TYPE_CHECKING:
    import numpy as np

    from sim.model.customer import Customer
    from sim.policies.view import FirmView


@dataclass(frozen=True)
class Demand:
    """What a complaining customer asks for."""

    kind: str
    business_fault: bool
    at_stake: float
    credit: float
    overclaim: float


@dataclass(frozen=True)
class Ruling:
    """A policy's answer: what is given back, and how the customer hears it."""

    at_stake: bool
    credit: float
    granted: bool
    explained: bool
    first_contact: bool


class Fair:
    """Grant what was the business's fault; explain the rest. Some need a manager's call-back."""

    name = "fair"

    def __init__(self, lever: ComplaintHandling) -> None:
        self.lever = lever

    def rule(self, d: Demand, always_grant: bool, rng: "np.random.Generator") -> Ruling:
        quick = rng.random() < self.lever.first_contact_resolution
        owed = d.business_fault or always_grant
        return Ruling(owed and d.at_stake > 0, d.credit if d.business_fault else 0.0, owed, True,
                      quick or always_grant)


class AlwaysRight(Fair):
    """Grant every demand, at once."""

    name = "always_right"

    def rule(self, d: Demand, always_grant: bool, rng: "np.random.Generator") -> Ruling:
        return Ruling(d.at_stake > 0, d.credit + d.overclaim, True, False, True)


class StrictPolicy(Fair):
    """Refuse everything, without explanation (a waive-on-request fee is still removed)."""

    name = "strict"

    def rule(self, d: Demand, always_grant: bool, rng: "np.random.Generator") -> Ruling:
        return Ruling(always_grant and d.at_stake > 0, 0.0, always_grant, False, True)


POLICIES: dict[str, Callable[[ComplaintHandling], Fair]] = {
    policy.name: policy for policy in (AlwaysRight, Fair, StrictPolicy)
}


class Complaints:
    """Complaint handling of one replication: customers' behaviour and the variant's policy."""

    def __init__(self, firm: "FirmView") -> None:
        self.firm = firm
        self.cfg = firm.scenario.complaints
        self.policy = POLICIES[firm.variant.complaints.policy](firm.variant.complaints)
        self.severity = self.cfg.severity.model_dump()
        self.demanding = frozenset(self.cfg.demanding_segments)

    def bad_experience(self, c: "Customer", kind: str, business_fault: bool, at_stake: float,
                       always_grant: bool) -> bool:
        """Maybe complain; True if the money at stake is to be given back (the caller does that)."""
        cfg = self.cfg
        if kind in cfg.problem_kinds:
            c.goodwill.grieve(kind, cfg.grievance)
        rng = self.firm.rng_for(c, "service")
        if rng.random() >= self.chance(c, kind, at_stake):
            return False
        server = self.firm.staff.call(c)
        if server < 0:
            self.firm.count(COMPLAINTS_ABANDONED)
            return False
        demand = self.demand(c, kind, business_fault, at_stake, rng)
        ruling = self.policy.rule(demand, always_grant, rng)
        self.settle(c, demand, ruling)
        unexplained = 0.0 if ruling.explained else cfg.hostile_unexplained
        refused = 0.0 if ruling.granted else cfg.hostile_refused + unexplained
        self.firm.staff.wear(server, rng.random() < cfg.hostile_base + (refused if ruling.first_contact else 0.0))
        if ruling.first_contact:
            self.heard(c, kind, ruling, 0.0)
        else:
            hostile_later = rng.random() < refused
            self.firm.after(cfg.escalation_days, self.call_back, c, kind, ruling, hostile_later)
        return ruling.at_stake

    def chance(self, c: "Customer", kind: str, at_stake: float) -> float:
        """1 - (1 - propensity)^severity, severity growing with the money at stake."""
        severity = self.severity.get(kind, self.severity["other"]) * (1.0 + at_stake / self.cfg.stake_scale)
        return 1.0 - (1.0 - c.complaint_propensity) ** severity

    def demand(self, c: "Customer", kind: str, business_fault: bool, at_stake: float,
               rng: "np.random.Generator") -> Demand:
        cfg = self.cfg
        credit = cfg.apology_credit if business_fault and at_stake <= 0 else 0.0
        over = c.traits.segment in self.demanding and rng.random() < cfg.overclaim_probability
        return Demand(kind, business_fault, at_stake, credit, cfg.overclaim_credit if over else 0.0)

    def settle(self, c: "Customer", d: Demand, ruling: Ruling) -> None:
        """Count the complaint and give back the credit granted (the caller gives back the stake)."""
        firm = self.firm
        firm.count(COMPLAINTS)
        firm.count(COMPLAINTS_OF + d.kind)
        if ruling.granted:
            firm.count(COMPLAINTS_GRANTED)
        if ruling.credit > 0:
            stream = "subscriptions" if c.pricing.channel == "mail" else "rental_fees"
            firm.ledger.refund(firm.env.now, stream, ruling.credit, kind="credits")
            c.spend -= ruling.credit

    def call_back(self, c: "Customer", kind: str, ruling: Ruling, hostile: bool) -> None:
        """A manager calls back with the outcome: staff time again, then the customer reacts."""
        self.firm.staff.wear(self.firm.staff.call_back(), hostile)
        self.heard(c, kind, ruling, self.cfg.escalation_days)

    def heard(self, c: "Customer", kind: str, ruling: Ruling, delay_days: float) -> None:
        """The customer learns the outcome: goodwill, grievance put right, propensity learned.

        A grant wins back at most what experiences of this kind cost lately: recovered customers
        are not made more loyal than if nothing had gone wrong (no recovery paradox, docs/design.md).
        """
        cfg = self.cfg
        p = c.complaint_propensity
        firm = self.firm
        if ruling.granted:
            c.goodwill.recover(firm.env.now, kind, firm.effects["complaint_granted"])
            c.goodwill.put_right(cfg.repair_quick * math.exp(-delay_days / cfg.repair_delay_days))
            c.complaint_propensity = p + cfg.learn_granted * (1.0 - p)
            return
        firm.experience(c, "complaint_refused_explained" if ruling.explained else "complaint_refused")
        c.goodwill.put_right(cfg.repair_refused_explained if ruling.explained else cfg.repair_refused)
        c.complaint_propensity = p - cfg.learn_refused * p

    def billing(self, c: "Customer", stream: str, amount: float) -> None:
        """Now and then a charge is billed twice: a small loss the business caused, refunded if granted.

        The charges until a customer's next error are drawn geometrically from its "billing"
        stream: one draw per error instead of one per charge.
        """
        rate = self.cfg.billing_error_rate
        if rate <= 0 or amount <= 0:
            return
        left = c.charges_until_error
        if not left:
            left = int(self.firm.rng_for(c, "service").geometric(rate))
        if left > 1:
            c.charges_until_error = left - 1
            return
        c.charges_until_error = int(self.firm.rng_for(c, "service").geometric(rate))
        self.billed_twice(c, stream, amount)

    def billed_twice(self, c: "Customer", stream: str, amount: float) -> None:
        firm = self.firm
        firm.ledger.earn(firm.env.now, stream, amount)
        c.spend += amount
        firm.count(BILLING_ERRORS)
        firm.experience(c, "billing_error")
        if self.bad_experience(c, "billing_error", business_fault=True, at_stake=amount, always_grant=False):
            firm.ledger.refund(firm.env.now, stream, amount)
            c.spend -= amount
