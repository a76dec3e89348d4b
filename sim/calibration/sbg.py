"""The shifted-beta-geometric (sBG) model of contract duration (Fader & Hardie 2007).

Each customer churns at the end of every period with a fixed probability theta; theta varies
across customers as Beta(alpha, beta). The simulator's monthly churn review with behaviour
effects off is exactly this model, so an sBG fit sets the simulator's churn heterogeneity.
"""

from __future__ import annotations

import numpy as np
from scipy.special import betaln

from sim.calibration.mle import Fit, fit_positive

START = np.array([1.0, 1.0])


def log_survival(alpha: float, beta: float, t: np.ndarray | float) -> np.ndarray:
    """log S(t) = log B(alpha, beta + t) - log B(alpha, beta): share still active after t periods."""
    return betaln(alpha, beta + np.asarray(t, dtype=float)) - betaln(alpha, beta)


def survival(alpha: float, beta: float, t: np.ndarray) -> np.ndarray:
    """S(t), the expected share of a cohort still active after t periods."""
    return np.exp(log_survival(alpha, beta, t))


def interval_log_probs(alpha: float, beta: float, n: int, step: int = 1) -> np.ndarray:
    """log P(churn in (step (k-1), step k]) for k = 1..n.

    `step` > 1 groups sBG periods into coarser observed ones (12 months into a year), which is
    how a monthly model is fitted to yearly data.
    """
    ends = step * np.arange(0, n + 1)
    logs = log_survival(alpha, beta, ends)
    return logs[:-1] + np.log1p(-np.exp(logs[1:] - logs[:-1]))


def loglik(alpha: float, beta: float, percent: np.ndarray, cohort_size: float, step: int = 1) -> float:
    """Log-likelihood of a survival curve in percent, read as counts of a cohort of `cohort_size`.

    percent[0] is the cohort at period 0 (100); the customers lost in each period are
    interval-censored churn times, the survivors at the end are right-censored.
    """
    counts = np.asarray(percent, dtype=float) * cohort_size / 100.0
    lost = counts[:-1] - counts[1:]
    n = len(lost)
    churned = interval_log_probs(alpha, beta, n, step)
    alive = log_survival(alpha, beta, step * n)
    terms = np.where(lost > 0, lost * churned, 0.0)
    return float(terms.sum() + (counts[-1] * alive if counts[-1] > 0 else 0.0))


def fit(percent: np.ndarray, cohort_size: float = 1000.0, step: int = 1) -> Fit:
    """Maximum-likelihood alpha, beta; standard errors scale as 1/sqrt(cohort_size)."""
    return fit_positive(lambda p: -loglik(p[0], p[1], percent, cohort_size, step), START)


def project(alpha: float, beta: float, last_period: int, n: int, step: int = 1) -> list[float]:
    """Survival in percent for the `n` periods after `last_period` (periods of `step` sBG periods)."""
    periods = np.arange(last_period + 1, last_period + n + 1) * step
    return [float(v) for v in 100.0 * survival(alpha, beta, periods)]
