"""The loop closed: known sBG and NBD parameters, pushed through the simulator's customer process
with behaviour effects off, refit to themselves within 4 standard errors of the refit, and the
standard errors shrink as 1/sqrt(n). What is refit and why: sim/validation/recovery.py."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.validation.recovery import recover_nbd, recover_sbg

SBG_TRUTH = (0.9, 6.0)
NBD_TRUTH = (0.8, 0.5)  # r, alpha per month: mean demand 1.6 rentals a month


def assert_recovered(rec) -> None:
    assert np.all(np.isfinite(rec.fit.std_errors)), rec
    assert np.all(np.abs(rec.z_scores()) < 4), (rec.model, rec.n, rec.fit.params, rec.fit.std_errors)


@pytest.mark.parametrize("n", [1_000, 4_000])
def test_simulated_cohort_refits_to_its_sbg_parameters(n):
    assert_recovered(recover_sbg(*SBG_TRUTH, n=n, months=18, seed=n))


@pytest.mark.parametrize("n", [1_000, 4_000])
def test_simulated_store_visits_refit_to_their_nbd_parameters(n):
    assert_recovered(recover_nbd(*NBD_TRUTH, n=n, months=6, seed=n))


@pytest.mark.slow
def test_standard_errors_shrink_with_the_sample():
    small, large = recover_sbg(*SBG_TRUTH, 1_000, 18, 7), recover_sbg(*SBG_TRUTH, 16_000, 18, 7)
    ratio = small.fit.std_errors / large.fit.std_errors
    assert np.all(np.abs(ratio / math.sqrt(16) - 1) < 0.3), ratio


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_large_cohort_refits_to_its_sbg_parameters(seed):
    assert_recovered(recover_sbg(*SBG_TRUTH, n=50_000, months=24, seed=seed))


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_large_population_refits_to_its_nbd_parameters(seed):
    assert_recovered(recover_nbd(*NBD_TRUTH, n=20_000, months=6, seed=seed))
