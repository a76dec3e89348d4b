"""Replication advice: the smallest n whose t interval reaches the target half-width."""

import math

import pytest
from scipy import stats

from sim.analysis.advice import replications_needed
from sim.rng import generator


def test_needed_replications_reach_the_half_width_and_one_fewer_does_not():
    values = generator(4).normal(50.0, 10.0, 12)
    s = values.std(ddof=1)
    n = replications_needed(values, 2.0)
    half = lambda k: stats.t.ppf(0.975, k - 1) * s / math.sqrt(k)  # noqa: E731
    assert half(n) <= 2.0 < half(n - 1)


def test_advice_edge_cases():
    assert replications_needed([1.0, 1.0, 1.0], 0.1) == 2
    with pytest.raises(ValueError):
        replications_needed([1.0, 2.0], 0.0)


def test_a_replication_where_the_kpi_is_undefined_is_left_out():
    values = generator(5).normal(50.0, 10.0, 12)
    assert replications_needed([*values, math.nan], 2.0) == replications_needed(values, 2.0)
