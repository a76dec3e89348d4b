"""TOML fragments that carry a fit into an experiment: one customer segment to paste in.

The simulator reviews churn monthly and counts demand per month, so every fit is converted to
those units here, and the fragment says in comments how.
"""

from __future__ import annotations

import numpy as np

from sim.calibration import sbg
from sim.calibration.mle import Fit
from sim.calibration.transactions import DAYS_PER_UNIT

MONTHS_PER_YEAR = 12


def sbg_segment(percent: np.ndarray, period: str, cohort_size: float, source: str, monthly: Fit) -> str:
    """A segment whose monthly churn heterogeneity reproduces the observed retention curve.

    `monthly` is the sBG fit with one period per month (`sbg.fit(..., step=12)` for yearly data).
    """
    step = MONTHS_PER_YEAR if period == "year" else 1
    alpha, beta = monthly.params
    comments = [f"sBG fit to {source} ({period}ly retention, cohort of {cohort_size:g})."]
    if step > 1:
        model = sbg.survival(alpha, beta, step * np.arange(len(percent))) * 100
        gap = float(np.max(np.abs(model - percent)))
        comments += [
            "The simulator reviews churn monthly: this is a monthly sBG fitted by maximum likelihood",
            "to the yearly counts (a customer lost in year k churned in one of its 12 monthly reviews),",
            f"so its survival at months 12, 24, ... matches the yearly curve (largest gap {gap:.2f} points).",
        ]
    return _segment(comments, {"churn_alpha": alpha, "churn_beta": beta})


def bgnbd_segment(params: np.ndarray, unit: str, mean_spend: float | None, source: str) -> str:
    """A segment whose demand heterogeneity is the BG/NBD purchase gamma, and dropout its beta."""
    r, alpha, a, b = params
    per_month = DAYS_PER_UNIT["month"] / DAYS_PER_UNIT[unit]
    comments = [
        f"BG/NBD fit to {source} (time unit: {unit}).",
        f"demand_shape = r; demand_mean = r / alpha = {r / alpha:.6g} per {unit},",
        f"times {per_month:.6g} {unit}s per month (a month is 365.25 / 12 days).",
        "churn_alpha, churn_beta = a, b: an approximation. BG/NBD drops a customer out after a",
        "purchase with probability p ~ Beta(a, b); the simulator reviews churn monthly, which is",
        "the same only for a customer who buys about once a month (lighter buyers churn faster here).",
    ]
    if mean_spend is not None:
        comments.append(f"Gamma-Gamma mean spend per transaction: {mean_spend:.2f} (no segment key takes it).")
    values = {"demand_shape": r, "demand_mean": r / alpha * per_month, "churn_alpha": a, "churn_beta": b}
    return _segment(comments, values)


def _segment(comments: list[str], values: dict[str, float]) -> str:
    lines = [f"# {c}" for c in comments]
    lines += ["[[scenario.customers.segments]]", 'name = "calibrated"', "share = 1.0"]
    lines += [f"{key} = {_toml_float(value)}" for key, value in values.items()]
    return "\n".join(lines) + "\n"


def _toml_float(value: float) -> str:
    """Six significant digits, always written as a TOML float."""
    text = f"{float(value):.6g}"
    return text if any(c in text for c in ".einf") else text + ".0"
