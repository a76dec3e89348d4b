"""Planned draws have the distributions the model asks for (the transformations are ours)."""

from __future__ import annotations

import math

import numpy as np

from sim.model.customer import Traits
from sim.model.plans import (
    CHURN, COMPLY, GAP, KEEP, PATIENCE, PICK, REFERRALS, REVIEW_FIELDS, SECOND_PICK, SUBSTITUTE,
    VISIT_FIELDS, plan_reviews, plan_visits,
)
from sim.rng import generator

TRAITS = Traits("regular", demand_per_day=0.2, keep_mean=3.0, keep_shape=2.0, price_sensitivity=1.0,
                complaint_propensity=0.1, theta=0.05, birthday=100.0, join_draw=0.5)


def within(values: np.ndarray, mean: float, sd: float, ses: float = 4.0) -> bool:
    return abs(values.mean() - mean) < ses * sd / math.sqrt(len(values))


def test_visit_plan_fields() -> None:
    rng = generator(7)
    rows = np.array([plan_visits(rng, TRAITS) for _ in range(1000)]).reshape(-1, VISIT_FIELDS)
    assert within(rows[:, GAP], 1 / 0.2, 1 / 0.2)  # exponential gaps at the demand rate
    assert within(rows[:, KEEP], 3.0, 3.0 / math.sqrt(2.0))  # gamma, mean 3, shape 2
    assert within(rows[:, PATIENCE], 1.0, 1.0)
    for field in (PICK, SUBSTITUTE, SECOND_PICK, COMPLY):
        u = rows[:, field]
        assert u.min() >= 0.0 and u.max() < 1.0 and within(u, 0.5, math.sqrt(1 / 12))
    assert abs(np.corrcoef(rows[:, PICK], rows[:, SECOND_PICK])[0, 1]) < 4 / math.sqrt(len(rows))


def test_review_plan_fields() -> None:
    rng = generator(8)
    rows = np.array([plan_reviews(rng, 0.3) for _ in range(2000)]).reshape(-1, REVIEW_FIELDS)
    assert within(rows[:, CHURN], 0.5, math.sqrt(1 / 12))
    assert within(rows[:, REFERRALS], 0.3, math.sqrt(0.3))
    assert np.all(rows[:, REFERRALS] == np.round(rows[:, REFERRALS]))
