"""Customer lifetime value per variant, restricted to the simulated horizon.

Definition: CLV = (money a customer pays per month of tenure) x (expected months of tenure
within the horizon). The rate is a ratio estimator, total spend / total customer-months, so
censored customers count with the months they were seen; the expected tenure is the area under
the Kaplan-Meier curve up to the horizon (restricted mean survival time). It is undiscounted,
gross of the costs of serving the customer, and cannot include months beyond the horizon: a
like-for-like yardstick between variants rather than a valuation. Each replication gives one
value; the interval is the t interval over replications.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.analysis.intervals import Interval, t_interval
from sim.analysis.results import Results
from sim.analysis.survival import DAYS_PER_MONTH, Curve, joined_in_run, kaplan_meier, tenure


@dataclass(frozen=True)
class LifetimeValue:
    """CLV of one variant with its parts (means over replications)."""

    variant: str
    value: Interval
    spend_per_month: float
    expected_months: float


def restricted_mean(curve: Curve, horizon: float) -> float:
    """Area under the survival step function from 0 to `horizon` (same unit as the curve)."""
    days = np.concatenate(([0.0], curve.days[curve.days < horizon], [horizon]))
    levels = np.concatenate(([1.0], curve.survival[curve.days < horizon]))
    return float(np.sum(np.diff(days) * levels))


def lifetime_value(results: Results, variant: str, point: int = 0) -> LifetimeValue:
    """CLV of a variant: one estimate per replication, then a t interval over them."""
    c = results.customers
    days_all, churned_all = tenure(results, variant, point)
    mask = joined_in_run(results, variant, point)
    reps, spend = c["replication"][mask], c["spend"][mask]
    rates, months, values = [], [], []
    for rep in np.unique(reps):
        sel = reps == rep
        exposure = days_all[sel].sum() / DAYS_PER_MONTH
        if exposure <= 0:
            continue
        rate = float(spend[sel].sum() / exposure)
        expected = restricted_mean(kaplan_meier(days_all[sel], churned_all[sel]), results.horizon_days)
        rates.append(rate)
        months.append(expected / DAYS_PER_MONTH)
        values.append(rate * expected / DAYS_PER_MONTH)
    return LifetimeValue(variant, t_interval(values), float(np.mean(rates)) if rates else float("nan"),
                         float(np.mean(months)) if months else float("nan"))


def lifetime_values(results: Results, point: int = 0) -> list[LifetimeValue]:
    """CLV of every variant that has customer records."""
    return [lifetime_value(results, v, point) for v in results.variants]
