"""Where a paired difference changes sign inside the ranges: 1-D profiles and a 2-D map.

A workshop needs "subscription wins unless kappa is above 1.3", not only an index. Outputs at
the design points are averaged in bins of one parameter (the others vary over their ranges) and
the zero crossings of the binned means are interpolated; the top two parameters get a map.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BINS = 6


@dataclass(frozen=True)
class Profile:
    """Mean output in bins of one parameter: bin centres, means, and where the mean crosses zero."""

    name: str
    centres: np.ndarray
    means: np.ndarray
    crossings: tuple[float, ...]

    @property
    def swing(self) -> tuple[float, float]:
        """Mean output at the low end and at the high end of the range (the tornado bar)."""
        return float(self.means[0]), float(self.means[-1])


@dataclass(frozen=True)
class SignMap:
    """Mean output on a grid of the top two parameters (NaN where no design point fell)."""

    names: tuple[str, str]
    edges: tuple[np.ndarray, np.ndarray]
    means: np.ndarray


def _bins(x: np.ndarray, bins: int) -> np.ndarray:
    """Bin index per value: one bin per level when there are few levels (Morris, integers)."""
    levels = np.unique(x)
    if len(levels) <= bins:
        return np.searchsorted(levels, x)
    edges = np.quantile(x, np.linspace(0, 1, bins + 1)[1:-1])
    return np.searchsorted(edges, x, side="right")


def profile(name: str, x: np.ndarray, y: np.ndarray, bins: int = BINS) -> Profile:
    """Binned means of y along x, and the interpolated zero crossings between bins."""
    index = _bins(x, bins)
    used = np.unique(index)
    centres = np.array([x[index == b].mean() for b in used])
    means = np.array([y[index == b].mean() for b in used])
    return Profile(name, centres, means, zero_crossings(centres, means))


def zero_crossings(x: np.ndarray, y: np.ndarray) -> tuple[float, ...]:
    """x values where the piecewise-linear curve through (x, y) crosses zero."""
    out = []
    for i in range(len(x) - 1):
        if y[i] == 0.0 or np.sign(y[i]) != np.sign(y[i + 1]) and y[i + 1] != 0.0:
            out.append(float(x[i] + (x[i + 1] - x[i]) * y[i] / (y[i] - y[i + 1])))
    return tuple(out)


def sign_map(names: tuple[str, str], x1: np.ndarray, x2: np.ndarray, y: np.ndarray, bins: int = 4) -> SignMap:
    """Mean y on a bins x bins grid of two parameters (equal-width cells over the sampled range)."""
    e1 = np.linspace(x1.min(), x1.max(), bins + 1)
    e2 = np.linspace(x2.min(), x2.max(), bins + 1)
    i1 = np.clip(np.searchsorted(e1, x1, side="right") - 1, 0, bins - 1)
    i2 = np.clip(np.searchsorted(e2, x2, side="right") - 1, 0, bins - 1)
    sums, counts = np.zeros((bins, bins)), np.zeros((bins, bins))
    np.add.at(sums, (i2, i1), y)
    np.add.at(counts, (i2, i1), 1)
    with np.errstate(invalid="ignore"):
        return SignMap(names, (e1, e2), sums / np.where(counts > 0, counts, np.nan))


def describe(p: Profile, positive: str, negative: str) -> str:
    """One sentence: where along this parameter the difference is positive or negative."""
    if not p.crossings:
        side = positive if p.means.mean() > 0 else negative
        return f"`{p.name}`: no sign change over its range ({side} throughout on average)"
    first = positive if p.means[0] > 0 else negative
    if len(p.crossings) > 1:
        cuts = ", ".join(f"{c:.3g}" for c in p.crossings)
        return f"`{p.name}`: {first} at the low end; the sign changes at {cuts}"
    second = negative if first == positive else positive
    return f"`{p.name}`: {first} below {p.crossings[0]:.3g}, {second} above"
