"""The staff desk against Erlang C: Poisson complaints, exponential handle times, c staff.

No checkouts, no morale effects, open around the clock (the desk's clock is then the model's).
Mean wait and the probability of waiting over independent replications must match the M/M/c
formulas within 4 standard errors.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import factorial

from sim.config import parse_experiment
from sim.model.staff import MINUTES_PER_DAY
from sim.model.world import RunSpec, World
from sim.rng import generator

C, MEAN_MINUTES, RHO = 3, 15.0, 0.8
LAMBDA = RHO * C / MEAN_MINUTES  # arrivals per minute
CONFIG = f"""
[scenario.customers]
initial = 0
marketing_prospects_per_month = 0
[scenario.staff]
on_shift = {C}
opening_hour = 0
open_hours = 24
distribution = "exponential"
complaint_minutes = {MEAN_MINUTES}
slowdown = 0
[variants.v]
baseline = true
"""


def erlang_c(c: int, offered: float) -> float:
    """P(wait > 0) in M/M/c with offered load a = lambda / mu, from its definition."""
    top = offered**c / factorial(c) * c / (c - offered)
    below = sum(offered**k / factorial(k) for k in range(c))
    return float(top / (below + top))


def one_replication(rep: int, arrivals: int, warmup: int) -> tuple[float, float]:
    """Mean wait (minutes) and share who waited, after a warm-up, in one run of the desk."""
    cfg = parse_experiment(CONFIG).config
    staff = World(RunSpec(cfg.scenario, cfg.variants["v"], 11, rep, 10_000.0)).staff
    gaps = generator(1000 + rep).exponential(1.0 / LAMBDA, arrivals) / MINUTES_PER_DAY
    waits = []
    for t in np.cumsum(gaps).tolist():
        i, start = staff.first_free(t)
        waits.append(staff.assign(i, start, t, MEAN_MINUTES, 0.0))
    kept = np.array(waits[warmup:])
    return float(kept.mean()), float((kept > 0).mean())


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
