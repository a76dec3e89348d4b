"""The store channel: visits at the customer's demand rate, stockouts, rentals and returns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.model.plans import (
    COMPLY, GAP, KEEP, PATIENCE, PICK, SECOND_PICK, SUBSTITUTE, VISIT_FIELDS, plan_visits,
)
from sim.counter_names import RENTALS, STOCKOUTS, TITLE_REQUESTS

if TYPE_CHECKING:
    from sim.model.customer import Customer
    from sim.model.firm import Firm


def next_visit(firm: "Firm", c: "Customer") -> None:
    """Schedule a customer's next store visit: Poisson at its demand rate until it churns. Each
    visit schedules the next (a chain of deeds, cheaper than a process per customer) and takes
    the next slot of the customer's visit plan (sim.model.plans)."""
    at = c.visit_slot + VISIT_FIELDS
    if at >= len(c.visit_plan):
        assert c.behaviour is not None  # visits stop when a customer leaves and its streams go
        c.visit_plan = plan_visits(c.behaviour, c.traits)
        at = 0
    c.visit_slot = at
    firm.env.after(c.visit_plan[at + GAP] / c.visit_factor, visit, (firm, c))


def visit(firm: "Firm", c: "Customer") -> None:
    """One visit: the desk, a rental if the title is there, the greeting; then the next visit.
    A customer who has left since the visit was scheduled does not come, nor one who has moved
    to a plan without store visits."""
    if not c.active:
        return
    if c.pricing.channel != "store":
        c.visiting = False
        return
    if firm.staff.checkout(c, c.visit_plan[c.visit_slot + PATIENCE]):
        try_rent(firm, c)
        firm.sales.visit(firm, c)
        sell_merchandise(firm, c)
    next_visit(firm, c)


def try_rent(firm: "Firm", c: "Customer") -> None:
    """Look for a wanted title, on a stockout maybe take another; then rent it: charge the fee, and
    let the enforcement mode check the copy out and settle its return."""
    plan = c.visit_plan
    at = c.visit_slot
    cat = firm.catalogue
    now = firm.env.now
    title = cat.pick(plan[at + PICK])
    firm.count(TITLE_REQUESTS)
    if not cat.available(title, now):
        firm.count(STOCKOUTS)
        firm.experience(c, "stockout")
        firm.bad_experience(c, "stockout", business_fault=True, at_stake=0.0)
        if plan[at + SUBSTITUTE] >= firm.scenario.store.substitute_probability:
            return
        title = cat.pick(plan[at + SECOND_PICK])
        if not cat.available(title, now):
            return
    pricing = c.pricing
    on_time = firm.scenario.store.on_time_probability
    kept = pricing.enforcement.keep_days(plan[at + KEEP], plan[at + COMPLY], on_time)
    c.rentals += 1
    firm.count(RENTALS)
    firm.charge(c, "rental_fees", pricing.cfg.rental_fee)
    pricing.enforcement.settle(firm, c, title, kept)


def sell_merchandise(firm: "Firm", c: "Customer") -> None:
    """A served visitor's average merchandise besides its rental, and the goods' cost: a store's
    revenue is not rentals alone (no draw, no complaint: it moves no customer)."""
    cfg = firm.scenario.store
    if cfg.merchandise_per_visit:
        firm.ledger.earn(firm.env.now, "merchandise", cfg.merchandise_per_visit)
        firm.spend("merchandise", cfg.merchandise_per_visit * cfg.merchandise_cost_share)
        c.spend += cfg.merchandise_per_visit
