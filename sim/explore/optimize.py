"""Optimising one numeric lever under common random numbers: a grid, a finer grid, a quadratic vertex.

Every value of the lever is run with the same replication streams, so the mean curve is smooth
(the noise is shared) and neighbouring values are compared paired. The optimum is the vertex of
a quadratic fitted around the best grid value; its interval comes from a bootstrap over
replications (whole replications are resampled, keeping the pairing).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from sim.analysis.intervals import paired_difference, t_interval
from sim.rng import generator

Evaluator = Callable[[np.ndarray, Sequence[int]], np.ndarray]
"""(lever values, replications) -> KPI of shape (len(values), len(replications))."""

BOOTSTRAP = 400


@dataclass(frozen=True)
class Optimum:
    """The best lever value with its bootstrap interval, the curve, and the values not significantly worse."""

    best: float
    interval: tuple[float, float]
    x: np.ndarray
    y: np.ndarray
    near: tuple[float, float]

    def band(self, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Pointwise mean and t interval of the KPI at each evaluated value."""
        ivs = [t_interval(row, confidence) for row in self.y]
        return tuple(np.array([getattr(iv, a) for iv in ivs]) for a in ("mean", "low", "high"))  # type: ignore[return-value]


def grid(low: float, high: float, points: int, integer: bool) -> np.ndarray:
    """Evenly spaced values (distinct integers for an integer lever)."""
    values = np.linspace(low, high, points)
    return np.unique(np.round(values)) if integer else values


def optimize(evaluate: Evaluator, low: float, high: float, points: int, replications: Sequence[int],
             integer: bool = False, maximize: bool = True, seed: int = 0, confidence: float = 0.95) -> Optimum:
    """Coarse grid, then a finer grid between the neighbours of the best coarse value, then the vertex."""
    reps = list(replications)
    coarse = grid(low, high, points, integer)
    y_coarse = np.asarray(evaluate(coarse, reps), dtype=float)
    i = int(np.argmax(_signed(y_coarse.mean(axis=1), maximize)))
    lo, hi = coarse[max(i - 1, 0)], coarse[min(i + 1, len(coarse) - 1)]
    fine = np.setdiff1d(grid(lo, hi, points, integer), coarse)
    y_fine = np.asarray(evaluate(fine, reps), dtype=float) if len(fine) else np.empty((0, len(reps)))
    x = np.concatenate([coarse, fine])
    y = np.concatenate([y_coarse, y_fine])
    order = np.argsort(x)
    x, y = x[order], y[order]
    window = (x >= lo) & (x <= hi)
    best = _vertex(x[window], _signed(y[window].mean(axis=1), maximize), integer)
    boots = _bootstrap(x[window], _signed(y[window], maximize), integer, seed)
    alpha = (1.0 - confidence) / 2.0
    interval = (float(np.quantile(boots, alpha)), float(np.quantile(boots, 1.0 - alpha)))
    return Optimum(best, interval, x, y, _not_worse(x, _signed(y, maximize), confidence))


def _signed(y: np.ndarray, maximize: bool) -> np.ndarray:
    return y if maximize else -y


def _vertex(x: np.ndarray, m: np.ndarray, integer: bool) -> float:
    """Vertex of the least-squares quadratic when it is concave with its top inside; else the best point."""
    best = float(x[int(np.argmax(m))])
    if len(x) >= 3:
        a, b, _ = np.polyfit(x, m, 2)
        if a < 0 and x[0] <= -b / (2 * a) <= x[-1]:
            best = float(-b / (2 * a))
    return float(round(best)) if integer else best


def _bootstrap(x: np.ndarray, y: np.ndarray, integer: bool, seed: int) -> np.ndarray:
    """Vertices of curves from replications drawn with replacement (each draw keeps a whole replication)."""
    rng = generator(seed)
    n = y.shape[1]
    return np.array([_vertex(x, y[:, rng.integers(0, n, n)].mean(axis=1), integer) for _ in range(BOOTSTRAP)])


def _not_worse(x: np.ndarray, y: np.ndarray, confidence: float) -> tuple[float, float]:
    """Range of evaluated values whose paired difference from the best evaluated value is not significant."""
    top = int(np.argmax(y.mean(axis=1)))
    keep = [float(x[j]) for j in range(len(x))
            if j == top or not paired_difference(y[j], y[top], confidence).high < 0.0]
    return min(keep), max(keep)
