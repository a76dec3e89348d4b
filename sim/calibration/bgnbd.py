"""The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005, "Counting your customers the
easy way").

While active, a customer buys as a Poisson process with rate lambda ~ Gamma(r, alpha); after
each purchase they drop out with probability p ~ Beta(a, b). The simulator's demand-rate
heterogeneity is the same gamma, so a fit sets its demand_shape and demand_mean.
"""

from __future__ import annotations

import numpy as np
from scipy.special import betaln, gammaln, hyp2f1

from sim.calibration.mle import Fit, fit_positive

START = np.array([1.0, 1.0, 1.0, 1.0])


def loglik_terms(params: np.ndarray, x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> np.ndarray:
    """Per-customer log-likelihood of (frequency x, recency t_x, age T); FHL 2005 equation 6.

    The second term is the chance the customer dropped out right after the last purchase, which
    only exists when there was a repeat purchase (x > 0).
    """
    r, alpha, a, b = params
    common = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    alive = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(alpha + T)
    xm = np.maximum(x, 1.0)
    gone = betaln(a + 1, b + xm - 1) - betaln(a, b) - (r + xm) * np.log(alpha + t_x)
    return common + np.where(x > 0, np.logaddexp(alive, gone), alive)


def fit(x: np.ndarray, t_x: np.ndarray, T: np.ndarray) -> Fit:
    """Maximum-likelihood r, alpha, a, b (in that order)."""
    return fit_positive(lambda p: -float(loglik_terms(p, x, t_x, T).sum()), START)


def expected_holdout(params: np.ndarray, x: np.ndarray, t_x: np.ndarray, T: np.ndarray,
                     t_star: float) -> np.ndarray:
    """E[repeat purchases in (T, T + t_star] | x, t_x, T]; FHL 2005 equation 10.

    This conditional expectation is what a holdout comparison checks: it uses each customer's
    own history, not just the population parameters.
    """
    r, alpha, a, b = params
    z = t_star / (alpha + T + t_star)
    tail = ((alpha + T) / (alpha + T + t_star)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z)
    numerator = (a + b + x - 1) / (a - 1) * (1 - tail)
    still_there = np.where(x > 0, a / (b + np.maximum(x, 1.0) - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x), 0.0)
    return numerator / (1 + still_there)
