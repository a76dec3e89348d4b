"""Purchase logs, BG/NBD and Gamma-Gamma: the published CDNOW fits, the summary conventions,
the holdout expectation, and recovery of known parameters from simulated customers."""

from __future__ import annotations

import math
from datetime import date
from importlib import resources

import numpy as np
import pytest

from sim.calibration import bgnbd, gamma_gamma
from sim.calibration.transactions import read_log, summarize
from sim.errors import UserError
from sim.rng import generator

CDNOW = str(resources.files("sim") / "data" / "CDNOW_sample.txt")
CALIBRATION_END = date(1997, 9, 30)


def same_to_significant_digits(value: float, published: float, digits: int) -> bool:
    """Within half a unit of the last significant digit of the published value."""
    unit = 10 ** (math.floor(math.log10(abs(published))) - digits + 1)
    return abs(value - published) <= unit / 2


@pytest.fixture(scope="module")
def cdnow():
    return summarize(read_log(CDNOW, "cdnow"), CALIBRATION_END, "week", CDNOW)


@pytest.fixture(scope="module")
def cdnow_bgnbd(cdnow):
    return bgnbd.fit(cdnow.x, cdnow.t_x, cdnow.T)


def test_cdnow_summary_matches_the_literature(cdnow):
    assert len(cdnow.customers) == 2357
    assert int(cdnow.x.sum()) == 2457 and int((cdnow.x > 0).sum()) == 946
    assert cdnow.T[0] == pytest.approx(272 / 7)  # first purchase 1997-01-01
    assert cdnow.holdout_length == 39
    assert int(cdnow.holdout.sum()) == 1882


def test_bgnbd_reproduces_fader_hardie_lee_2005(cdnow_bgnbd):
    published = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
    for value, (name, pub) in zip(cdnow_bgnbd.params, published.items()):
        assert same_to_significant_digits(value, pub, 3), name
        assert round(value, 3) == pub, name
    assert cdnow_bgnbd.loglik == pytest.approx(-9582.43, abs=0.01)


def test_gamma_gamma_reproduces_fader_hardie_2013(cdnow):
    """Their convention: the 946 calibration-period repeat buyers, mean repeat transaction value."""
    fit = gamma_gamma.fit(cdnow.x, cdnow.mean_value)
    for value, pub in zip(fit.params, (6.25, 3.74, 15.44)):
        assert same_to_significant_digits(value, pub, 2)
    assert fit.loglik == pytest.approx(-4055.92, abs=0.01)


def test_holdout_expectation_is_close_to_the_actual_total(cdnow, cdnow_bgnbd):
    expected = bgnbd.expected_holdout(cdnow_bgnbd.params, cdnow.x, cdnow.t_x, cdnow.T, cdnow.holdout_length)
    assert expected.sum() == pytest.approx(1653.4, abs=0.5)
    assert abs(expected.sum() / cdnow.holdout.sum() - 1) < 0.15


def test_holdout_expectation_starts_at_p_alive_times_the_posterior_rate():
    """For a short window E[Y(t)] / t -> P(alive) (r + x) / (alpha + T)."""
    r, alpha, a, b = params = np.array([0.3, 4.0, 0.8, 2.5])
    x, t_x, T = np.array([0.0, 2.0, 5.0]), np.array([0.0, 10.0, 30.0]), np.array([39.0, 39.0, 39.0])
    p_alive = 1 / (1 + np.where(x > 0, a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x), 0.0))
    slope = bgnbd.expected_holdout(params, x, t_x, T, 1e-6) / 1e-6
    assert slope == pytest.approx(p_alive * (r + x) / (alpha + T), rel=1e-4)


def write_csv(tmp_path, rows: list[str]) -> str:
    path = tmp_path / "log.csv"
    path.write_text("customer_id,date,amount\n" + "\n".join(rows) + "\n")
    return str(path)


def test_same_day_purchases_are_one_transaction_and_the_first_is_no_repeat(tmp_path):
    path = write_csv(tmp_path, ["a,2020-01-01,5", "a,2020-01-08,10", "a,2020-01-08,20",
                                "a,2020-01-15,6", "b,2020-01-22,7", "c,2020-03-01,1"])
    s = summarize(read_log(path, "csv"), date(2020, 1, 31), "week", path)
    assert s.customers == ("a", "b")  # c was not yet a customer at the calibration end
    assert s.x.tolist() == [2, 0] and s.t_x.tolist() == [2, 0]
    assert s.T == pytest.approx([30 / 7, 9 / 7])
    assert s.mean_value[0] == pytest.approx((30 + 6) / 2) and np.isnan(s.mean_value[1])
    assert s.holdout_length == pytest.approx(30 / 7)


def test_calibration_end_outside_the_data_is_refused(tmp_path):
    path = write_csv(tmp_path, ["a,2020-01-01,5", "a,2020-02-01,5"])
    with pytest.raises(UserError, match="outside the data"):
        summarize(read_log(path, "csv"), date(2021, 1, 1), "week", path)


def simulate_bgnbd(params: np.ndarray, T: np.ndarray, horizon: float, seed: int) -> tuple[np.ndarray, ...]:
    """Frequency, recency in (0, T] and repeat purchases in (T, T + horizon] for each customer."""
    r, alpha, a, b = params
    rng = generator(seed)
    n = len(T)
    lam, p = rng.gamma(r, 1 / alpha, size=n), rng.beta(a, b, size=n)
    t, x, t_x, later = np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)
    alive = np.ones(n, dtype=bool)
    while alive.any():
        t = np.where(alive, t + rng.exponential(1 / lam), t)
        alive &= t <= T + horizon
        in_cal = alive & (t <= T)
        x += in_cal
        t_x = np.where(in_cal, t, t_x)
        later += alive & (t > T)
        alive &= rng.random(n) >= p
    return x, t_x, later


@pytest.mark.slow
@pytest.mark.parametrize("n", [3_000, 12_000])
def test_simulated_customers_refit_to_their_bgnbd_parameters(n):
    truth = np.array([0.5, 6.0, 0.8, 2.5])
    T = generator(1).uniform(26, 39, size=n)
    x, t_x, _ = simulate_bgnbd(truth, T, 0.0, seed=n)
    fit = bgnbd.fit(x, t_x, T)
    assert np.all(np.abs(fit.params - truth) < 4 * fit.std_errors)


def test_holdout_expectation_matches_simulated_holdout():
    truth = np.array([0.5, 6.0, 0.8, 2.5])
    T = np.full(20_000, 39.0)
    x, t_x, later = simulate_bgnbd(truth, T, 39.0, seed=3)
    expected = bgnbd.expected_holdout(truth, x, t_x, T, 39.0)
    assert abs(expected.sum() - later.sum()) < 4 * later.std() * math.sqrt(len(T))


@pytest.mark.parametrize("n", [1_000, 10_000])
def test_simulated_spend_refits_to_its_gamma_gamma_parameters(n):
    p, q, gamma = truth = np.array([6.0, 4.0, 15.0])
    rng = generator(n)
    x = rng.integers(1, 8, size=n).astype(float)
    nu = rng.gamma(q, 1 / gamma, size=n)
    mean_value = rng.gamma(p * x, 1 / (x * nu))
    fit = gamma_gamma.fit(x, mean_value)
    assert np.all(np.abs(fit.params - truth) < 4 * fit.std_errors)
