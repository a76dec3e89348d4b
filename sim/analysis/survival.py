"""Kaplan-Meier retention curves per variant from the per-customer records.

Tenure runs from a customer's join day to the churn day; customers still active at the
horizon are right-censored there. Only customers who joined within the run count (a steady
day-0 base joined before it). Replications of a variant are pooled (they are independent
samples of the same world), so the band is the pointwise exponential-Greenwood (log-log)
interval of the pooled estimate.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import stats

from sim.analysis.results import Results

DAYS_PER_MONTH = 365.0 / 12.0


@dataclass(frozen=True)
class Curve:
    """A survival step function (value after each time in `days`) with its pointwise band."""

    days: np.ndarray
    survival: np.ndarray
    low: np.ndarray
    high: np.ndarray
    n: int
    events: int

    def at(self, day: float) -> tuple[float, float, float]:
        """Survival and band at a day (1 before the first event)."""
        i = int(np.searchsorted(self.days, day, side="right")) - 1
        if i < 0:
            return 1.0, 1.0, 1.0
        return float(self.survival[i]), float(self.low[i]), float(self.high[i])


def kaplan_meier(durations: np.ndarray, churned: np.ndarray, confidence: float = 0.95) -> Curve:
    """Kaplan-Meier estimate of tenure with a log-log band (stays inside [0, 1])."""
    durations = np.asarray(durations, dtype=float)
    observed = np.asarray(churned, dtype=bool)
    data = stats.CensoredData(uncensored=durations[observed], right=durations[~observed])
    sf = stats.ecdf(data).sf
    with warnings.catch_warnings():
        # log-log is undefined where survival is 1 (no event yet) or 0; those points fall back below.
        warnings.simplefilter("ignore", RuntimeWarning)
        band = sf.confidence_interval(confidence, method="log-log")
    low = np.where(np.isnan(band.low.probabilities), sf.probabilities, band.low.probabilities)
    high = np.where(np.isnan(band.high.probabilities), sf.probabilities, band.high.probabilities)
    return Curve(sf.quantiles, sf.probabilities, low, high, int(durations.size), int(observed.sum()))


def joined_in_run(results: Results, variant: str, point: int = 0) -> np.ndarray:
    """Mask of a variant's customers who joined within the run. A running business's day-0
    customers joined before it (sim.model.prehistory): seen only since day 0, they are survivors
    (left-truncated), and counted from their join day they would lift the curve."""
    c = results.customers
    return (c["variant"] == variant) & (c["point"] == point) & (c["join_day"] >= 0)


def tenure(results: Results, variant: str, point: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Days from joining to churn or to the horizon, and whether each customer churned, for the
    customers who joined within the run."""
    c = results.customers
    mask = joined_in_run(results, variant, point)
    end = np.minimum(c["end_day"][mask], results.horizon_days)
    churned = (c["churned"][mask] > 0) & (c["end_day"][mask] <= results.horizon_days)
    return np.maximum(end - c["join_day"][mask], 0.0), churned


def retention_curves(results: Results, point: int = 0) -> dict[str, Curve]:
    """One Kaplan-Meier curve per variant that has customers."""
    curves = {}
    for variant in results.variants:
        days, churned = tenure(results, variant, point)
        if days.size:
            curves[variant] = kaplan_meier(days, churned)
    return curves
