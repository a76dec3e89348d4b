"""Draws made ahead, in blocks: a customer's next store visits and next monthly reviews.

A visit needs up to seven random numbers (the gap to it, the title, a substitute and its title,
complying with the due date, the keep time, the patience at the desk) and a review two (churn,
referrals). Drawn one numpy call at a time from the customer's generator, they cost a call each
and, in a large run, the cache misses of a generator that has sat untouched for weeks. Here one
call per kind fills the next sixteen visits or twelve reviews into a flat array of doubles, read
by index.

Every visit and review has fixed slots, whether or not it uses them (a visit that finds its
title takes no substitute; an unhappy customer makes no referrals). So the k-th visit and the
m-th review of a customer see the same numbers in every variant, and a lever that changes how
many draws one visit uses never shifts the draws of the next: common random numbers hold
visit by visit, not only stream by stream.
"""

from __future__ import annotations

from array import array

import numpy as np

from sim.model.customer import Traits

VISITS_PER_PLAN = 16
VISIT_FIELDS = 7
GAP, PICK, SUBSTITUTE, SECOND_PICK, COMPLY, KEEP, PATIENCE = range(VISIT_FIELDS)

REVIEWS_PER_PLAN = 12
REVIEW_FIELDS = 2
CHURN, REFERRALS = range(REVIEW_FIELDS)


def doubles(rows: np.ndarray) -> array:
    """A compact copy of `rows`: one buffer of doubles, indexed without numpy's overhead."""
    block = array("d")
    block.frombytes(rows.tobytes())
    return block


def plan_visits(rng: np.random.Generator, traits: Traits) -> array:
    """The next VISITS_PER_PLAN visits, VISIT_FIELDS doubles each: the gap before the visit in
    days at the customer's usual demand, uniforms for the title, a substitute and its title
    and complying with the due date, the natural keep time in days, and a unit patience."""
    n = VISITS_PER_PLAN
    rows = np.empty((n, VISIT_FIELDS))
    rows[:, GAP] = rng.standard_exponential(n) / traits.demand_per_day
    rows[:, PICK:KEEP] = rng.random((n, KEEP - PICK))
    rows[:, KEEP] = rng.standard_gamma(traits.keep_shape, n) * (traits.keep_mean / traits.keep_shape)
    rows[:, PATIENCE] = rng.standard_exponential(n)
    return doubles(rows)


def plan_reviews(rng: np.random.Generator, referrals_per_month: float) -> array:
    """The next REVIEWS_PER_PLAN monthly reviews: a churn uniform and a Poisson referral count."""
    n = REVIEWS_PER_PLAN
    rows = np.empty((n, REVIEW_FIELDS))
    rows[:, CHURN] = rng.random(n)
    rows[:, REFERRALS] = rng.poisson(referrals_per_month, n)
    return doubles(rows)
