"""The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV";
Fader & Hardie 2013, "The Gamma-Gamma model of monetary value").

A transaction's value is Gamma(p, nu) with nu ~ Gamma(q, gamma) across customers; a customer's
mean of x repeat transactions carries all the information, so only repeat buyers (x > 0) and
their mean repeat value enter the fit. Spend is independent of the purchase process.
"""

from __future__ import annotations

import numpy as np
from scipy.special import gammaln

from sim.calibration.mle import Fit, fit_positive

START = np.array([1.0, 1.0, 1.0])


def loglik_terms(params: np.ndarray, x: np.ndarray, mean_value: np.ndarray) -> np.ndarray:
    """Per-customer log density of the mean value m_x of x transactions (Fader & Hardie 2013, eq. 3)."""
    p, q, gamma = params
    px = p * x
    return (gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(gamma)
            + (px - 1) * np.log(mean_value) + px * np.log(x) - (px + q) * np.log(gamma + mean_value * x))


def fit(x: np.ndarray, mean_value: np.ndarray) -> Fit:
    """Maximum-likelihood p, q, gamma from customers with x > 0 and a positive mean value."""
    keep = (x > 0) & (mean_value > 0)
    xs, ms = x[keep], mean_value[keep]
    return fit_positive(lambda prm: -float(loglik_terms(prm, xs, ms).sum()), START)


def expected_mean_value(params: np.ndarray) -> float:
    """Population mean spend per transaction, p gamma / (q - 1) (infinite when q <= 1)."""
    p, q, gamma = params
    return float(p * gamma / (q - 1)) if q > 1 else float("inf")
