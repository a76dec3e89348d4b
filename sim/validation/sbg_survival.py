"""With kappa = 0 and nothing else going on, a cohort's survival is the sBG curve.

Expected: S(t) = B(alpha, beta + t) / B(alpha, beta) after t monthly reviews (Fader & Hardie
2007). Observed: the share of one simulated cohort still active; 99% binomial interval.
"""

from __future__ import annotations

import numpy as np

from sim.calibration import sbg
from sim.validation.check import Check, binomial_interval, point
from sim.validation.recovery import simulated_survival
from sim.validation.work import SERIAL, Work

NAME = "sBG survival (kappa = 0)"
ALPHA, BETA = 0.9, 6.0
SEED = 2024


def run(quick: bool, alpha: float = ALPHA, beta: float = BETA, work: Work = SERIAL) -> list[Check]:
    """Survival at a few months of a cohort simulated with Beta(ALPHA, BETA) churn; `alpha` and
    `beta` are the parameters the expectation is computed from."""
    n, months = (3_000, 12) if quick else (10_000, 24)
    observed = work.submit(simulated_survival, ALPHA, BETA, n, months, SEED).result() / 100.0
    checks = []
    for t in sorted({1, 6, 12, months}):
        expected = float(sbg.survival(alpha, beta, np.array([t]))[0])
        low, high = binomial_interval(float(observed[t]), n)
        checks.append(point(f"{NAME}: S({t})", expected, float(observed[t]), low, high,
                            f"B(a, b + t) / B(a, b), a = {alpha:g}, b = {beta:g}; cohort of {n:,}, "
                            "99% binomial interval", fmt="pct", digits=1))
    return checks
