"""A running business at day 0: the initial base drawn from a pre-history run.

A fresh initial base (every customer joining at day 0, as prospects do) is a cohort, not a
business: its high-churn customers (sBG theta) have not been weeded out yet, its over-priced
customers never chose to join, and their unhappy early departures sink the reputation. Month 0
is then a crisis that every variant shares and recovers from, and a change measured against it
is measured against a recovery.

So the day-0 customers are drawn from the customers active at the end of a pre-history: a World
run for `prehistory_years` under the variant's day-0 levers, from a fresh base, with marketing and
referrals as in the main run. Its survivors bring their traits (the survivors' mix of churn
propensities), tenure (their join day moves before day 0, so monthly reviews keep their cycle; the
pre-history's fresh base joined over the month before it began, so neither its reviews nor the
referrals made at them fall on one day a month), goodwill with its grievances and recent damage,
the complaint propensity they have learned, and their win-back state; the main run's reputation
starts where the pre-history left it, and the store's copies that were out and come back on their
own are still out. What a customer holds in this run's ledger (spend, rentals) starts at zero, as
do staff morale, a targeted discount's enrolment and anything else in flight (a late return with
its fee, a complaint's call-back).

Why a simulated pre-history rather than an analytical steady state: the steady mix of goodwill
and reputation depends on every mechanism (stockouts, queues, late fees, complaints), and the
model is the only place that knows them all. What it costs is bounded by
`prehistory_max_customers`: a larger base runs the pre-history scaled down (as quick mode
scales a business: marketing and titles alike, the desk's shifts serving more days) and draws
its customers with replacement. Several variants with the same day-0 levers in one process share one pre-history
per (seed, replication) through a small cache.

Common random numbers: the pre-history draws only from the "prehistory" stream namespace, keyed
by (seed, replication) and never by variant, and it sees only the levers (never a variant's
name or description): two variants with identical levers get identical day-0 customers.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable

import numpy as np

from sim.config.levers import Feedback, Variant
from sim.config.market import MarketConfig
from sim.config.scenario import Scenario
from sim.clock import DAYS_PER_YEAR, MONTH
from sim.model.customer import Customer
from sim.model.spec import RunSpec
from sim.rng import Streams

if TYPE_CHECKING:
    from sim.model.firm import Firm

NAMESPACE = "prehistory"
POOLS_KEPT = 8  # pre-histories cached per process: a few variants x replications in flight


@dataclass(frozen=True)
class Pool:
    """The end of a pre-history: its active customers, their clocks moved so that the end is day 0
    (read, never changed, by the runs that draw from it), and its reputation then."""

    customers: tuple[Customer, ...]
    reputation: float
    lent: tuple[tuple[int, float], ...]  # copies out at the end: (title, day it comes back)


def admit_steady_base(firm: "Firm", world: Callable[[RunSpec], Any]) -> None:
    """Admit `customers.initial` day-0 customers drawn from the pre-history's survivors (ids
    0..initial-1, as a fresh base has), and start the reputation where the pre-history ended.
    A pre-history that kept nobody (no marketing, everyone gone) leaves a fresh base instead.
    `world` makes the pre-history's World (handed down by sim.model.world, which imports this)."""
    spec = firm.spec
    pool = prehistory(firm.scenario.model_dump_json(), day0_levers(spec.variant).model_dump_json(),
                      spec.root_seed, spec.replication, world)
    if not pool.customers:
        firm.admit_fresh_base()
        return
    firm.reputation.value = pool.reputation
    shelf = firm.catalogue.shelf
    for title, back in pool.lent:
        if shelf[title] > 0:
            firm.catalogue.lend(title, back)
    rng = Streams(spec.root_seed, spec.replication, NAMESPACE).stream("initial_base")
    for cid, k in enumerate(draw(len(pool.customers), firm.scenario.customers.initial, rng)):
        past = pool.customers[k]
        firm.admit(cid, past.traits, "initial", past=past)


def day0_levers(variant: Variant) -> Variant:
    """The levers the pre-history runs under: the variant's, with no feedback programme (its fixes
    change levers as they come, and at day 0 it has made none), without its dated changes (they
    come after day 0), and with no name or description, which the pre-history must not depend on."""
    return variant.model_copy(update={"baseline": False, "description": "", "feedback": Feedback(), "changes": ()})


@lru_cache(maxsize=POOLS_KEPT)
def prehistory(scenario: str, levers: str, root_seed: int, replication: int,
               world: Callable[[RunSpec], Any]) -> Pool:
    """Run the pre-history of a scenario and levers (as JSON: the cache's key, since a menu's plans
    are a dict, which does not hash) and keep its active customers. Its world, left behind, is
    cyclic garbage (its parts refer back to it), and a run keeps the collector paused
    (sim.model.gc_pause): it is collected at once, while the main run holds little yet."""
    pool = run_prehistory(Scenario.model_validate_json(scenario), Variant.model_validate_json(levers),
                          root_seed, replication, world)
    gc.collect()
    return pool


def run_prehistory(scenario: Scenario, levers: Variant, root_seed: int, replication: int,
                   world: Callable[[RunSpec], Any]) -> Pool:
    """Our business alone under the day-0 levers from a fresh base, with its own streams, to its end."""
    cust = scenario.customers
    days = cust.prehistory_years * DAYS_PER_YEAR
    spec = RunSpec(prehistory_scenario(scenario), levers, root_seed, replication, days, stream_space=NAMESPACE,
                   cohort_joined_over_month=True)
    run = world(spec)
    run.start()
    run.env.run(until=days)
    firm = run.ours
    active = tuple(c for c in firm.customers if c.active)
    for c in active:
        firm.release_streams(c)
        move_clock(c, -days)
    same_titles = spec.scenario.catalogue == scenario.catalogue
    return Pool(active, firm.reputation.at(days), lent_copies(firm, days, same_titles))


def lent_copies(firm: "Firm", days: float, same_titles: bool) -> tuple[tuple[int, float], ...]:
    """The store's copies at customers' homes at the end of the pre-history that come back on their
    own, dated in the main run's days: a running store's shelves are not full at day 0. Only when
    the pre-history ran the main run's titles (not scaled down)."""
    if not same_titles:
        return ()
    return tuple((title, back - days) for title, due in firm.catalogue.due.items() for back in due if back > days)


def move_clock(c: Customer, days: float) -> None:
    """Move a customer's dates by `days`. A review due at the very end of the pre-history (not yet
    held) falls due at day 0, never a rounding error before it."""
    c.join_day = max(c.join_day + days, -(c.tenure_months + 1) * MONTH)
    c.goodwill.move_clock(days)


def prehistory_scenario(scenario: Scenario) -> Scenario:
    """The scenario of the pre-history: our business alone (no rivals; prospects by its marketing),
    a fresh base scaled down to at most `prehistory_max_customers` as quick mode scales a business
    (marketing and titles alike, each title standing for more popularity ranks, a desk shift
    serving more days)."""
    cust = scenario.customers
    factor = min(1.0, cust.prehistory_max_customers / cust.initial)
    update = {"initial_base": "fresh", "initial": max(1, round(cust.initial * factor)),
              "marketing_prospects_per_month": cust.marketing_prospects_per_month * factor}
    staff, catalogue = scenario.staff, scenario.catalogue
    return scenario.model_copy(update={
        "rivals": {},
        "market": MarketConfig(),
        "customers": cust.model_copy(update=update),
        "staff": staff.model_copy(update={"days_per_shift": staff.days_per_shift / factor}),
        "catalogue": catalogue.model_copy(update={"titles": max(1, round(catalogue.titles * factor)),
                                                  "ranks_per_title": catalogue.ranks_per_title / factor}),
    })


def draw(pool: int, n: int, rng: np.random.Generator) -> list[int]:
    """`n` indices into a pool: without replacement while the pool lasts, then every survivor
    once and the rest drawn with replacement, in a random order."""
    if pool >= n:
        return rng.permutation(pool)[:n].tolist()
    extra = rng.integers(0, pool, n - pool)
    return rng.permutation(np.concatenate([np.arange(pool), extra])).tolist()
