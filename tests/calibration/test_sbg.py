"""sBG: the published fit on Fader & Hardie's regular cohort, its algebra, and recovery of known
parameters from simulated cohorts."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.calibration import sbg
from sim.calibration.retention import check_curve, read_curve_csv
from sim.errors import UserError
from sim.rng import generator

REGULAR = resources.files("sim") / "data" / "sbg_regular_cohort_years0-7.csv"


@pytest.fixture(scope="module")
def regular():
    return read_curve_csv(str(REGULAR))


def test_regular_cohort_reproduces_fader_hardie_2007(regular):
    fit = sbg.fit(regular.percent, cohort_size=1000)
    assert round(fit.params[0], 3) == 0.704
    assert round(fit.params[1], 3) == 1.182
    assert fit.loglik == pytest.approx(-1680.27, abs=0.01)
    assert regular.unit == "year"


def test_churn_probabilities_follow_the_recursion():
    """P(T=1) = a/(a+b); P(T=t) = P(T=t-1) (b+t-2)/(a+b+t-1) (Fader & Hardie 2007, eq. 7)."""
    a, b = 0.7, 1.2
    p = [a / (a + b)]
    for t in range(2, 10):
        p.append(p[-1] * (b + t - 2) / (a + b + t - 1))
    assert np.exp(sbg.interval_log_probs(a, b, 9)) == pytest.approx(p, rel=1e-12)


@given(st.floats(0.05, 20), st.floats(0.05, 50))
def test_survival_starts_at_one_and_falls(alpha, beta):
    s = sbg.survival(alpha, beta, np.arange(0, 30))
    assert s[0] == pytest.approx(1.0)
    assert np.all(np.diff(s) < 0) and np.all(s > 0)


def test_projection_starts_after_the_last_observed_period(regular):
    alpha, beta = sbg.fit(regular.percent).params
    proj = sbg.project(alpha, beta, last_period=7, n=3)
    assert proj == pytest.approx(100 * sbg.survival(alpha, beta, np.array([8, 9, 10])))
    assert proj[0] < regular.percent[-1]


def test_standard_errors_shrink_with_the_square_root_of_the_cohort(regular):
    small, large = sbg.fit(regular.percent, 1000), sbg.fit(regular.percent, 4000)
    assert large.params == pytest.approx(small.params, rel=1e-4)
    assert large.std_errors == pytest.approx(small.std_errors / 2, rel=1e-3)


def test_monthly_fit_to_exact_yearly_data_recovers_the_monthly_parameters():
    alpha, beta = 0.9, 11.0
    yearly = 100 * sbg.survival(alpha, beta, 12 * np.arange(6))
    fit = sbg.fit(yearly, cohort_size=1e6, step=12)
    assert fit.params == pytest.approx([alpha, beta], rel=1e-3)


def simulate_curve(alpha: float, beta: float, n: int, periods: int, seed: int) -> np.ndarray:
    """Percent of n customers alive after each period; theta ~ Beta, lifetimes geometric."""
    rng = generator(seed)
    lifetimes = rng.geometric(rng.beta(alpha, beta, size=n))
    return np.array([100.0 * np.mean(lifetimes > t) for t in range(periods + 1)])


@pytest.mark.parametrize("n", [2_000, 20_000])
def test_simulated_cohort_refits_to_its_parameters(n):
    """Within 4 standard errors: the tolerance shrinks as 1/sqrt(n)."""
    truth = np.array([0.8, 2.5])
    fit = sbg.fit(simulate_curve(*truth, n=n, periods=12, seed=n), cohort_size=n)
    assert np.all(np.abs(fit.params - truth) < 4 * fit.std_errors)


def test_recovery_error_shrinks_with_sample_size():
    """16 times the customers, a quarter of the standard error."""
    truth = np.array([0.8, 2.5])
    se = [sbg.fit(simulate_curve(*truth, n, 12, seed=7), cohort_size=n).std_errors for n in (1_000, 16_000)]
    assert se[1] == pytest.approx(se[0] / 4, rel=0.25)


@pytest.mark.parametrize("values, message", [
    ([100, 50], "at least 3"),
    ([100, 60, 70], "not monotone: period 2"),
    ([100, 120, 50], "outside 0-100"),
    ([100, 50, -1], "outside 0-100"),
    ([90, 50, 40], "period 0 must be 100"),
])
def test_curve_rules(values, message):
    with pytest.raises(UserError, match=message):
        check_curve(np.array(values, dtype=float), "curve.csv")
