"""The staff desk against Erlang C: Poisson complaints, exponential handle times, c staff.

No checkouts, no morale effects, open around the clock (the desk's clock is then the model's).
Mean wait and the probability of waiting over independent replications must match the M/M/c
formulas within 4 standard errors.
"""

from __future__ import annotations

import math

import numpy as np

from sim.validation.erlang_c import C, LAMBDA, MEAN_MINUTES, erlang_c, one_replication


def test_erlang_c_formula_sanity() -> None:
    assert erlang_c(1, 0.5) == 0.5  # M/M/1: P(wait) = rho
    assert math.isclose(erlang_c(2, 1.0), 1 / 3)


def test_desk_matches_erlang_c() -> None:
    offered = LAMBDA * MEAN_MINUTES
    p_wait = erlang_c(C, offered)
    mean_wait = p_wait / (C / MEAN_MINUTES - LAMBDA)
    runs = np.array([one_replication(rep, 30_000, 2_000) for rep in range(12)])
    se = runs.std(axis=0, ddof=1) / math.sqrt(len(runs))
    got = runs.mean(axis=0)
    assert abs(got[0] - mean_wait) < 4 * se[0], (got[0], mean_wait, se[0])
    assert abs(got[1] - p_wait) < 4 * se[1], (got[1], p_wait, se[1])
