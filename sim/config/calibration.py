"""The [calibration] table: which parameters to fit (dotted paths with priors), to which observed
rows (those with a value dated on or before `train_until`), with how many replications per point.

A prior is uniform or loguniform over [low, high]; the fit works on the unit cube through each
prior's quantile function, so both kinds are handled alike. Targets are the [observed] rows; a
series (`firm:kpi`, e.g. `netflix:customers`) may carry a weight and a relative tolerance (the
model error allowed beside simulation noise). `posterior` names a posterior.csv
(`set,weight,<path>...`) that runs draw their parameter sets from.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Literal

import numpy as np
from pydantic import Field, model_validator

from sim.config.base import Strict, param

MAX_REPLICATIONS = 1_000
MAX_BUDGET = 1_000_000


class Prior(Strict):
    """One parameter's prior: `{ low, high }`, uniform unless `distribution = "loguniform"`."""

    low: float = param(..., "Lowest value the fit may try.")
    high: float = param(..., "Highest value the fit may try.")
    distribution: Literal["uniform", "loguniform"] = param("uniform", "uniform, or loguniform (low > 0).")

    @model_validator(mode="after")
    def _consistent(self) -> "Prior":
        if not self.low < self.high:
            raise ValueError(f"low ({self.low:g}) must be less than high ({self.high:g})")
        if self.distribution == "loguniform" and self.low <= 0:
            raise ValueError(f"loguniform needs low > 0 (got {self.low:g})")
        return self

    def quantile(self, u: np.ndarray) -> np.ndarray:
        """Parameter values at unit-interval points u."""
        u = np.asarray(u, dtype=float)
        if self.distribution == "loguniform":
            return np.exp(math.log(self.low) + u * (math.log(self.high) - math.log(self.low)))
        return self.low + u * (self.high - self.low)

    def unit(self, x: np.ndarray) -> np.ndarray:
        """The inverse of `quantile`: where values sit on the prior's unit scale."""
        x = np.asarray(x, dtype=float)
        if self.distribution == "loguniform":
            return (np.log(x) - math.log(self.low)) / (math.log(self.high) - math.log(self.low))
        return (x - self.low) / (self.high - self.low)


class TargetOptions(Strict):
    """How much one observed series counts: `[calibration.targets."FIRM:KPI"]`."""

    weight: float = param(1.0, "Weight of the series' log-likelihood (2 counts it twice).", gt=0.0, le=1e6)
    tolerance: float | None = param(
        None, "Relative model error allowed for the series (default: calibration.tolerance).", ge=0.0, le=10.0)


class Calibration(Strict):
    """The [calibration] table."""

    train_until: dt.date | None = param(
        None, "Last date of the observed rows to fit (YYYY-MM-DD); default: every observed row with a value.")
    replications: int = param(4, "Replications per parameter point (common random numbers across points).",
                              ge=2, le=MAX_REPLICATIONS)
    budget: int = param(400, "Runs (points x replications) a calibration may spend (--budget overrides it).",
                        ge=1, le=MAX_BUDGET)
    tolerance: float = param(
        0.05, "Relative model error allowed for every target beside simulation noise (0.05: 5% of the observed "
        "value as one standard deviation).", ge=0.0, le=10.0)
    parameters: dict[str, Prior] = Field(
        min_length=1, description="Priors by dotted parameter path, e.g. \"scenario.goodwill.kappa\" = { low, high }.")
    targets: dict[str, TargetOptions] = Field(
        default_factory=dict, description="Weight or tolerance per observed series, keyed \"firm:kpi\".")
    posterior: str | None = param(
        None, "posterior.csv (set,weight,<path>...) that runs draw their parameter sets from, relative to the "
        "experiment file.", min_length=1, max_length=4096)

    def options(self, firm: str, kpi: str) -> TargetOptions:
        """A series' weight and tolerance (the table's defaults where it names none)."""
        chosen = self.targets.get(f"{firm}:{kpi}", TargetOptions())
        tolerance = self.tolerance if chosen.tolerance is None else chosen.tolerance
        return TargetOptions(weight=chosen.weight, tolerance=tolerance)


def flatten_parameters(table: Any) -> Any:
    """[calibration.parameters] written nested (scenario.goodwill.kappa = {...}) or with quoted dotted
    keys: {dotted path: prior}; anything that is not a table is left for validation to reject."""
    if not isinstance(table, dict):
        return table
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict) and value and not {"low", "high", "distribution"} & set(value):
            flat.update({f"{key}.{k}": v for k, v in flatten_parameters(value).items()})
        else:
            flat[key] = value
    return flat
