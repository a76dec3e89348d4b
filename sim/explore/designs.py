"""Designs over the uncertainties: unit-hypercube samples, then parameter values, then experiments.

All designs work on [0, 1]^d and are seeded through sim.rng.generator, so the same seed gives the
same design. Each design point becomes an experiment; the runner gives every point and variant the
same replication streams (common random numbers), so differences between points come from the
parameters, not from luck.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.stats import qmc

from sim.config import LoadedExperiment, SweepPoint
from sim.config.load import check_path, with_values
from sim.config.uncertainties import Uncertainty
from sim.errors import UserError
from sim.rng import generator


def latin_hypercube(n: int, d: int, seed: int) -> np.ndarray:
    """n points, each of the d columns stratified into n equal slices."""
    return qmc.LatinHypercube(d, seed=generator(seed)).random(n)


def sobol_sequence(n: int, d: int, seed: int) -> np.ndarray:
    """A scrambled Sobol' sequence; n is rounded up to a power of two to keep its balance."""
    m = max(0, math.ceil(math.log2(max(n, 1))))
    return qmc.Sobol(d, scramble=True, seed=generator(seed)).random_base2(m)


def saltelli(n: int, d: int, seed: int) -> np.ndarray:
    """Saltelli's cross-sampling for first-order and total indices: n(d + 2) rows in SALib's order
    (for each base row: A, A with column i from B for each i, then B)."""
    base = sobol_sequence(n, 2 * d, seed)
    a, b = base[:, :d], base[:, d:]
    blocks = [a]
    for i in range(d):
        ab = a.copy()
        ab[:, i] = b[:, i]
        blocks.append(ab)
    blocks.append(b)
    return np.stack(blocks, axis=1).reshape(-1, d)


def morris(trajectories: int, d: int, levels: int, seed: int) -> np.ndarray:
    """Morris one-at-a-time trajectories on a grid of `levels` (SALib's sampler, our generator)."""
    from sim.explore.salib import salib

    sample = salib("sample.morris")
    problem = {"num_vars": d, "names": [f"x{i}" for i in range(d)], "bounds": [[0.0, 1.0]] * d}
    return sample.sample(problem, trajectories, num_levels=levels, seed=generator(seed))


def values(unit: np.ndarray, uncertainties: dict[str, Uncertainty]) -> np.ndarray:
    """Unit-hypercube rows -> parameter values, column by column through each quantile function."""
    columns = [u.quantile(unit[:, i]) for i, u in enumerate(uncertainties.values())]
    return np.column_stack(columns) if columns else np.empty((len(unit), 0))


def design_points(loaded: LoadedExperiment, matrix: np.ndarray) -> tuple[SweepPoint, ...]:
    """One experiment per row of parameter values (integer parameters rounded)."""
    config = loaded.config
    if not config.uncertainties:
        raise UserError(f"{loaded.source}: no [uncertainties] table: give ranges of the parameters to explore")
    base = config.model_copy(update={"sweep": {}})
    dumped = base.model_dump()
    integers = [isinstance(check_path(dumped, p, loaded.source, "uncertainties"), int) for p in config.uncertainties]
    points = []
    for index, row in enumerate(matrix):
        setting = {p: (round(float(v)) if is_int else float(v))
                   for p, v, is_int in zip(config.uncertainties, row, integers)}
        points.append(SweepPoint(index, setting, with_values(base, setting, loaded.source, "uncertainties")))
    return tuple(points)

