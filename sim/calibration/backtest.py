"""A back-test: the study run with a calibrated sample, scored on the observed rows it was not fitted to.

Replication r runs with the parameter set `run --posterior` gives it (Posterior.draw: by weight,
from the seed and r alone), so the predictive band carries what the fit left uncertain as well as
simulation noise. Each held-back row is scored by where its observed value falls in the band: the share of
rows inside the central 50% and 90% intervals (coverage), and the mean absolute percentage error
of the median.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.calibration.points import Job
from sim.calibration.posterior import Posterior
from sim.config.experiment import Experiment
from sim.config.observed import Observation

COLUMNS = ["date", "firm", "kpi", "observed", "median", "p05", "p25", "p75", "p95", "error", "relative_error"]
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


def jobs(config: Experiment, sample: Posterior, replications: int, factor: float) -> list[Job]:
    """One run per replication to the study's horizon, each with the set its replication draws."""
    seed, horizon = config.experiment.seed, config.experiment.horizon_days
    return [Job(sample.overrides(sample.draw(seed, r)), r, horizon, factor) for r in range(replications)]


@dataclass(frozen=True)
class Row:
    """One observed row and the quantiles (5, 25, 50, 75, 95%) of its figure over the replications."""

    observation: Observation
    quantiles: np.ndarray

    @property
    def error(self) -> float:
        return float(self.quantiles[2] - self.observation.value)

    @property
    def relative_error(self) -> float:
        return self.error / self.observation.value if self.observation.value else float("nan")

    def inside(self, low: int, high: int) -> bool:
        return bool(self.quantiles[low] <= self.observation.value <= self.quantiles[high])

    def cells(self) -> list[object]:
        o, q = self.observation, self.quantiles
        scored = not o.asked
        return [o.date.isoformat(), o.firm, o.kpi, o.value, *map(float, (q[2], q[0], q[1], q[3], q[4])),
                self.error if scored else float("nan"), self.relative_error if scored else float("nan")]


def rows(observations: list[Observation], figures: np.ndarray) -> list[Row]:
    """figures: (replications, observations) -> per observation its quantiles, read at the plotting
    positions q(n+1) of n draws (Weibull's): a new draw from the same distribution then falls
    between the 5% and 95% quantiles 90% of the time. numpy's default reads them at 1 + q(n-1), and
    the band of 20 draws then holds a new draw 81% of the time, not 90%."""
    return [Row(o, np.nanquantile(figures[:, k], QUANTILES, method="weibull")) for k, o in enumerate(observations)]


@dataclass(frozen=True)
class Score:
    """Coverage and error of one series' held-back rows."""

    firm: str
    kpi: str
    rows: int
    coverage_50: float
    coverage_90: float
    mape: float


def scores(held_back: list[Row]) -> list[Score]:
    """Per series (firm, kpi) with observed values after the cut-off."""
    out = []
    for firm, kpi in dict.fromkeys((r.observation.firm, r.observation.kpi) for r in held_back):
        mine = [r for r in held_back
                if (r.observation.firm, r.observation.kpi) == (firm, kpi) and not r.observation.asked]
        if mine:
            out.append(Score(firm, kpi, len(mine), float(np.mean([r.inside(1, 3) for r in mine])),
                             float(np.mean([r.inside(0, 4) for r in mine])),
                             float(np.mean([abs(r.relative_error) for r in mine]))))
    return out
