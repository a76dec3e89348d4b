"""t intervals cover at their nominal rate; pairing narrows intervals on correlated data."""

import numpy as np
import pytest
from scipy import stats

from sim.analysis.intervals import paired_difference, t_interval, welch_difference
from sim.rng import generator


def test_t_interval_covers_the_true_mean_95_percent_of_the_time():
    rng = generator(2024)
    true_mean, trials = 3.0, 2000
    samples = rng.normal(true_mean, 2.0, size=(trials, 10))
    covered = sum(iv.low <= true_mean <= iv.high for iv in map(t_interval, samples))
    assert 0.93 <= covered / trials <= 0.97


def test_paired_interval_is_narrower_than_unpaired_on_positively_correlated_data():
    rng = generator(7)
    shared = rng.normal(100.0, 20.0, size=10)
    baseline = shared + rng.normal(0.0, 2.0, size=10)
    variant = shared + 5.0 + rng.normal(0.0, 2.0, size=10)
    paired, unpaired = paired_difference(variant, baseline), welch_difference(variant, baseline)
    assert paired.mean == pytest.approx(unpaired.mean)
    assert paired.half_width < unpaired.half_width / 3
    assert paired.excludes_zero() and not unpaired.excludes_zero()


def test_welch_interval_matches_scipy():
    rng = generator(11)
    a, b = rng.normal(1.0, 1.0, 8), rng.normal(0.0, 3.0, 12)
    ours = welch_difference(a, b)
    ci = stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95)
    assert (ours.low, ours.high) == pytest.approx((ci.low, ci.high))


def test_degenerate_samples():
    assert np.isnan(t_interval([1.0]).low)
    assert t_interval([]).n == 0
    assert np.isnan(welch_difference([1.0], [2.0]).low)
