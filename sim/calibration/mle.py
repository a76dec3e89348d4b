"""Maximum likelihood on the log scale of positive parameters, with standard errors.

All three customer-base models have strictly positive parameters; optimising their logarithms
removes the bounds and makes the likelihood surface closer to quadratic.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

NegLogLik = Callable[[np.ndarray], float]

# Every parameter is searched in [LOWER, UPPER]: far wider than any published estimate (CDNOW's
# largest is Gamma-Gamma's gamma = 15.4), so an estimate at either end means the likelihood kept
# improving towards 0 or infinity, i.e. the data do not identify that parameter.
LOWER, UPPER = 1e-6, 1e6
EDGE = 0.01  # an estimate within 1% (on the log scale, 0.01) of a bound is at the bound


@dataclass(frozen=True)
class Fit:
    """Estimates on the natural scale, their standard errors and the maximised log-likelihood."""

    params: np.ndarray
    std_errors: np.ndarray
    loglik: float


def fit_positive(neg_loglik: NegLogLik, start: np.ndarray) -> Fit:
    """Minimise `neg_loglik(params)` over params > 0, searching on log(params).

    Nelder-Mead is robust to the flat ridges these likelihoods have far from the optimum; a BFGS
    polish from its end point then reaches the optimum to many digits.
    """
    def on_log(z: np.ndarray) -> float:
        value = neg_loglik(np.exp(z))
        return float(value) if np.isfinite(value) else 1e300

    z0 = np.log(np.asarray(start, dtype=float))
    box = [(np.log(LOWER), np.log(UPPER))] * len(z0)
    rough = minimize(on_log, z0, method="Nelder-Mead", bounds=box,
                     options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 20_000, "maxfev": 40_000})
    fine = minimize(on_log, rough.x, method="L-BFGS-B", bounds=box, options={"gtol": 1e-8})
    best = fine if fine.fun <= rough.fun else rough
    return Fit(np.exp(best.x), log_scale_std_errors(on_log, best.x), -float(best.fun))


def log_scale_std_errors(on_log: Callable[[np.ndarray], float], z: np.ndarray) -> np.ndarray:
    """Standard errors of exp(z) from the inverse Hessian of the negative log-likelihood in z.

    The Hessian is taken numerically on the log scale (where the optimum was found), inverted
    to the covariance of log(params), then mapped by the delta method: se(theta) = theta se(z).
    NaN when the Hessian is not positive definite (the data do not identify the parameters).
    """
    hessian = numerical_hessian(on_log, z)
    try:
        cov = np.linalg.inv(hessian)
    except np.linalg.LinAlgError:
        return np.full(len(z), np.nan)
    var = np.diag(cov)
    if np.any(var <= 0) or not np.all(np.isfinite(var)):
        return np.full(len(z), np.nan)
    return np.exp(z) * np.sqrt(var)


def numerical_hessian(f: Callable[[np.ndarray], float], z: np.ndarray, step: float = 1e-4) -> np.ndarray:
    """Central-difference Hessian; on the log scale a fixed step is a fixed relative change."""
    n = len(z)
    h = np.zeros((n, n))
    eye = np.eye(n) * step
    for i in range(n):
        for j in range(i, n):
            h[i, j] = h[j, i] = (
                f(z + eye[i] + eye[j]) - f(z + eye[i] - eye[j])
                - f(z - eye[i] + eye[j]) + f(z - eye[i] - eye[j])
            ) / (4 * step * step)
    return h


def at_bound(fit: Fit) -> list[int]:
    """Indexes of the estimates that ran to the search box's edge: unidentified by the data."""
    z = np.log(fit.params)
    return [i for i, v in enumerate(z) if v < np.log(LOWER) + EDGE or v > np.log(UPPER) - EDGE]
