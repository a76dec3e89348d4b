"""Kaplan-Meier from right-censored exponential lifetimes recovers the exact survival curve."""

import numpy as np
import pytest

from sim.analysis.lifetime_value import restricted_mean
from sim.analysis.survival import kaplan_meier
from sim.rng import generator

RATE, HORIZON = 1 / 200.0, 365.0


def censored_sample(seed: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Exponential lifetimes after staggered joins, censored at the horizon."""
    rng = generator(seed)
    joins = rng.uniform(0.0, 200.0, n)
    ends = joins + rng.exponential(1 / RATE, n)
    return np.minimum(ends, HORIZON) - joins, ends < HORIZON


def test_km_matches_exact_exponential_survival_within_its_band():
    days, churned = censored_sample(3, 2000)
    curve = kaplan_meier(days, churned)
    assert 0 < churned.sum() < days.size
    for t in (10.0, 50.0, 100.0, 150.0, 200.0, 250.0):
        estimate, low, high = curve.at(t)
        assert low <= np.exp(-RATE * t) <= high
        assert low <= estimate <= high


def test_band_stays_in_unit_interval_and_narrows_with_more_data():
    small = kaplan_meier(*censored_sample(5, 200))
    large = kaplan_meier(*censored_sample(5, 5000))
    assert np.all((small.low >= 0) & (small.high <= 1))
    width = lambda c: c.at(100.0)[2] - c.at(100.0)[1]  # noqa: E731
    assert width(large) < width(small) / 3


def test_restricted_mean_of_a_known_step_function():
    days, churned = np.array([1.0, 2.0, 3.0, 4.0]), np.array([True, True, True, True])
    # survival 1, .75, .5, .25, 0 on unit steps: area 2.5
    assert restricted_mean(kaplan_meier(days, churned), 10.0) == pytest.approx(2.5)


def test_km_band_covers_the_exact_survival_about_95_percent_of_the_time():
    trials = 1000
    hits = 0
    for seed in range(trials):
        _, low, high = kaplan_meier(*censored_sample(1000 + seed, 300)).at(150.0)
        hits += low <= np.exp(-RATE * 150.0) <= high
    assert 0.93 <= hits / trials <= 0.97
