"""The sampler on toy simulators with known answers: it finds the truth, repeats itself, and shows
parameters it cannot tell apart as correlated."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim.calibration import importance, study, summary
from sim.config import load_experiment
from sim.config.calibration import Prior
from sim.rng import generator
from tests.helpers.calibration_study import STUDY, write_study

LOG_PRIOR = Prior(low=0.1, high=10.0, distribution="loguniform")


def _product_model(units: np.ndarray, reps: int = 3) -> np.ndarray:
    """Figures that depend on a * b alone: three targets a*b*c with 2% replication noise."""
    a, b = LOG_PRIOR.quantile(units[:, 0]), LOG_PRIOR.quantile(units[:, 1])
    noise = generator(len(units)).normal(1.0, 0.02, size=(len(units), reps, 3))
    return (a * b)[:, None, None] * np.array([1.0, 2.0, 3.0]) * noise


@pytest.mark.parametrize("seed", [5, 6, 7])
def test_two_parameters_whose_product_alone_matters_are_reported_correlated(seed: int) -> None:
    """On the prior's (log) scale the posterior lies along log a + log b = 0: correlation near -1."""
    observed = np.array([1.0, 2.0, 3.0])
    found = importance.sample(90, 2, seed, observed, np.full(3, 0.05), np.ones(3), _product_model)
    corr = importance.weighted_correlation(found.units, found.weights)[0, 1]
    assert corr < -0.9
    assert importance.effective_sample_size(found.weights) > 3


def _shift_model(units: np.ndarray) -> np.ndarray:
    """One parameter on [0, 10]; each of 3 replications sees it with noise of sd 1 at 4 targets."""
    theta = 10 * units[:, 0]
    gen = generator(int(units.sum() * 1e6) % 2**31)
    return theta[:, None, None] + gen.normal(0, 1.0, size=(len(units), 3, 4))


@pytest.mark.parametrize("truth", [2.5, 7.0])
def test_a_point_parameter_is_recovered_within_its_interval(truth: float) -> None:
    """The posterior's 90% interval holds the truth and is much narrower than the prior."""
    observed = np.full(4, truth)
    found = importance.sample(60, 1, 9, observed, np.zeros(4), np.ones(4), _shift_model)
    low, high = 10 * importance.weighted_quantile(found.units[:, 0], found.weights, [0.05, 0.95])
    assert low <= truth <= high
    assert high - low < 5.0
    assert found.stages == [20] + [5] * 8


def test_the_same_seed_gives_the_same_sample_and_the_stages_adapt() -> None:
    observed = np.full(4, 3.0)
    first = importance.sample(60, 1, 9, observed, np.zeros(4), np.ones(4), _shift_model)
    again = importance.sample(60, 1, 9, observed, np.zeros(4), np.ones(4), _shift_model)
    assert first.units.tobytes() == again.units.tobytes() and first.weights.tobytes() == again.weights.tobytes()
    later = 10 * first.units[20:, 0]
    assert np.mean(np.abs(later - 3.0) < 2.0) > np.mean(np.abs(10 * first.units[:20, 0] - 3.0) < 2.0)


def test_weighted_quantiles_match_numpy() -> None:
    gen = generator(3)
    values, w = gen.normal(size=200), gen.random(200)
    q = [0.05, 0.25, 0.5, 0.75, 0.95]
    expected = np.quantile(values, q, weights=w, method="inverted_cdf")
    assert np.allclose(importance.weighted_quantile(values, w / w.sum(), q), expected)


def test_a_point_with_no_figure_gets_no_weight() -> None:
    sims = np.ones((3, 2, 2))
    sims[1, 0, 1] = np.nan
    loglik = importance.log_likelihood(sims, np.ones(2), np.full(2, 0.1), np.ones(2))
    assert np.isneginf(loglik[1]) and np.isfinite(loglik[[0, 2]]).all()
    w = importance.weights(loglik, np.full((3, 1), 0.5), [3], [importance.Proposal()])
    assert w[1] == 0 and w.sum() == pytest.approx(1.0)


def test_the_diagnostics_report_the_trade_off(tmp_path: Path) -> None:
    """diagnostics.json's correlations of a study's two parameters when only their product matters
    (the toy model stands in for the simulator)."""
    text = STUDY.replace('{ low = 0.2, high = 3.0 }', '{ low = 0.1, high = 10.0, distribution = "loguniform" }')
    text = text.replace("low = 2, high = 30,", "low = 0.1, high = 10.0,")
    s = study.setup(load_experiment(write_study(tmp_path, text)), None, 270, False)
    observed = np.array([o.value for o in s.targets])
    found = importance.sample(s.points, 2, 5, observed, np.full(2, 0.05), np.ones(2),
                              lambda u: _product_model(u, s.replications)[:, :, :2] * observed)
    post = study.Posterior(s, found.units, s.values(found.units), found.weights, found.sims, found.stages)
    d = summary.diagnostics(post, 1.0, 270)
    pair = "scenario.goodwill.kappa ~ scenario.customers.marketing_prospects_per_month"
    assert d["correlations"][pair] < -0.9
    assert d["runs_used"] == 270
    assert all(t["mc_error"] > 0 for t in d["targets"])


@pytest.mark.parametrize("low, high, cv", [(50.0, 150.0, 0.1), (99.0, 101.0, None)])
def test_the_pooled_variance_model_is_right_on_average_from_three_replications(low: float, high: float,
                                                                                cv: float | None) -> None:
    """1000 points of 3 replications: the variance model matches the true variance (log error within
    0.15, four standard errors; the log of a 2-degree-of-freedom variance alone is 0.58 short), both
    where the sd grows with the mean and where the means hardly differ, so the slope is pure noise
    (a slope cut to [0, 2] must not leave the intercept of the uncut one)."""
    gen = generator(4)
    mean = gen.uniform(low, high, size=(1000, 1))
    sd = cv * mean if cv is not None else np.full_like(mean, 5.0)
    sims = mean[:, None, :] + sd[:, None, :] * gen.normal(size=(1000, 3, 1))
    fitted = importance._variance_model(sims.mean(axis=1), sims.var(axis=1, ddof=1), mean, 2)
    assert abs(np.mean(np.log(fitted / sd ** 2))) < 0.15
