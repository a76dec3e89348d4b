"""Global sensitivity: which uncertainties move a KPI (or a paired difference) and by how much.

Morris screening (mu*, sigma: cheap, ranks many parameters) and Sobol' indices (first-order and
total shares of variance, with bootstrap intervals) come from SALib, run on designs over the unit
hypercube (sim.explore.designs), so the analysis is the same for a test function and the simulator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sim.explore import designs
from sim.explore.salib import salib
from sim.rng import generator

METHODS = ("morris", "sobol")
LEVELS = 4


@dataclass(frozen=True)
class Indices:
    """Sensitivity indices per parameter: `table[name][stat]`; `rank` orders by importance."""

    method: str
    table: dict[str, dict[str, float]]

    @property
    def key(self) -> str:
        return "mu_star" if self.method == "morris" else "ST"

    @property
    def rank(self) -> list[str]:
        return sorted(self.table, key=lambda n: -self.table[n][self.key])


def design(method: str, samples: int, d: int, seed: int) -> np.ndarray:
    """Unit-hypercube design: `samples` Morris trajectories, or `samples` Saltelli base rows."""
    salib("analyze")
    if method == "morris":
        return designs.morris(samples, d, LEVELS, seed)
    return designs.saltelli(samples, d, seed)


def analyze(method: str, names: list[str], unit: np.ndarray, y: np.ndarray, seed: int,
            confidence: float = 0.95) -> Indices:
    """Indices from a design and its outputs; intervals by bootstrap (seeded from `seed`)."""
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    if method == "morris":
        res = salib("analyze.morris").analyze(problem, unit, y, num_levels=LEVELS, conf_level=confidence,
                                               seed=generator(seed))
        stats = ("mu_star", "mu_star_conf", "sigma", "mu")
    else:
        boot_seed = int(generator(seed).integers(1, 2**31 - 1))
        res = salib("analyze.sobol").analyze(problem, y, calc_second_order=False, conf_level=confidence,
                                             seed=boot_seed)
        stats = ("S1", "S1_conf", "ST", "ST_conf")
    return Indices(method, {n: {s: float(res[s][i]) for s in stats} for i, n in enumerate(names)})


def run(method: str, names: list[str], model: Callable[[np.ndarray], np.ndarray], samples: int,
        seed: int) -> tuple[np.ndarray, np.ndarray, Indices]:
    """Design, evaluate `model` on the unit design, analyse: (unit design, outputs, indices)."""
    unit = design(method, samples, len(names), seed)
    y = np.asarray(model(unit), dtype=float)
    return unit, y, analyze(method, names, unit, y, seed)
