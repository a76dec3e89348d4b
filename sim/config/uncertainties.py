"""Uncertainties: what the business does not know, as a range (or distribution) per parameter.

Exploratory modelling separates levers (variants) from uncertainties. A design maps points of the
unit hypercube to parameter values through each uncertainty's quantile function, so Latin
hypercube, Sobol' and Morris designs all work on [0, 1] and distributions stay in one place.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
from pydantic import model_validator

from sim.config.base import Strict, param

Distribution = Literal["uniform", "loguniform", "triangular"]


class Uncertainty(Strict):
    """One uncertain parameter: `[low, high]` or `{low, high, distribution, mode}`."""

    low: float = param(..., "Lowest plausible value.")
    high: float = param(..., "Highest plausible value.")
    distribution: Distribution = param("uniform", "uniform, loguniform (low > 0) or triangular (with mode).")
    mode: float | None = param(None, "Most likely value, for the triangular distribution.")

    @model_validator(mode="before")
    @classmethod
    def _from_pair(cls, data: Any) -> Any:
        if isinstance(data, (list, tuple)):
            if len(data) != 2:
                raise ValueError(f"a range is [low, high] (got {len(data)} values)")
            return {"low": data[0], "high": data[1]}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> "Uncertainty":
        if not self.low < self.high:
            raise ValueError(f"low ({self.low:g}) must be less than high ({self.high:g})")
        if self.distribution == "loguniform" and self.low <= 0:
            raise ValueError(f"loguniform needs low > 0 (got {self.low:g})")
        if self.distribution == "triangular":
            if self.mode is None or not self.low <= self.mode <= self.high:
                raise ValueError("triangular needs a mode between low and high")
        elif self.mode is not None:
            raise ValueError("mode is only for the triangular distribution")
        return self

    def quantile(self, u: np.ndarray) -> np.ndarray:
        """Parameter values at unit-interval points u (the inverse CDF)."""
        u = np.asarray(u, dtype=float)
        lo, hi = self.low, self.high
        if self.distribution == "loguniform":
            return np.exp(math.log(lo) + u * (math.log(hi) - math.log(lo)))
        if self.distribution == "triangular":
            assert self.mode is not None  # validated: a triangular distribution names its mode
            mode = float(self.mode)
            c = (mode - lo) / (hi - lo)
            left = lo + np.sqrt(u * (hi - lo) * (mode - lo))
            right = hi - np.sqrt((1 - u) * (hi - lo) * (hi - mode))
            return np.where(u < c, left, right)
        return lo * (1.0 - u) + hi * u
