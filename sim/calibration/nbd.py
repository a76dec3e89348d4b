"""The NBD model of purchase counts (Ehrenberg 1959): the purchase part of BG/NBD on its own.

A customer buys as a Poisson process with rate lambda ~ Gamma(r, alpha) across customers, so the
number bought in a period of length T is negative binomial. With no dropout, BG/NBD's (a, b) are
not identified; this fit recovers (r, alpha) alone, which is what the simulator's gamma demand
rates set.
"""

from __future__ import annotations

import numpy as np
from scipy.special import gammaln

from sim.calibration.mle import Fit, fit_positive

START = np.array([1.0, 1.0])


def loglik_terms(params: np.ndarray, x: np.ndarray, T: np.ndarray) -> np.ndarray:
    """Per-customer log P(x purchases in (0, T]) = log NB(x; r, alpha / (alpha + T))."""
    r, alpha = params
    return (gammaln(r + x) - gammaln(r) - gammaln(x + 1.0)
            + r * np.log(alpha / (alpha + T)) + x * np.log(T / (alpha + T)))


def fit(x: np.ndarray, T: np.ndarray) -> Fit:
    """Maximum-likelihood r, alpha (alpha in the unit of T)."""
    return fit_positive(lambda p: -float(loglik_terms(p, x, T).sum()), START)
