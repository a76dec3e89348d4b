"""Ranking and selection: the fully sequential procedure of Kim & Nelson (2001) with common random numbers.

Replications are taken one at a time from every surviving variant; a variant is eliminated as soon as
it trails another by more than a shrinking allowance W. The last survivor is the best, or within the
indifference zone `delta` of the best, with probability at least `confidence`. Common random numbers
enter through the variances of paired differences, which are small when variants share customers.
The procedure takes a sampler function, so it is tested on constructed variants without the simulator.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

Sampler = Callable[[Sequence[int], Sequence[int]], np.ndarray]
"""(replications, systems) -> observations of shape (len(replications), len(systems))."""


@dataclass(frozen=True)
class Elimination:
    """System `system` left after `replication` replications: it was worse than `by` by `gap`
    (in the direction of the goal), more than the allowance W."""

    system: int
    replication: int
    by: int
    gap: float
    allowance: float


@dataclass(frozen=True)
class Selection:
    """The chosen system, replications each needed, why the others left, and the sample means."""

    best: int
    replications: tuple[int, ...]
    eliminated: tuple[Elimination, ...]
    means: tuple[float, ...]
    guaranteed: bool


def eta(k: int, n0: int, confidence: float) -> float:
    """KN's constant: h^2 = 2 eta (n0 - 1) (Rinott-style, from the Bonferroni split of 1 - confidence)."""
    alpha = 1.0 - confidence
    return 0.5 * ((2.0 * alpha / (k - 1)) ** (-2.0 / (n0 - 1)) - 1.0)


def kn(sampler: Sampler, k: int, delta: float, confidence: float = 0.95, n0: int = 10,
       max_replications: int | None = None, maximize: bool = True, width: int = 1) -> Selection:
    """Run KN until one system survives (or the cap is reached: then the guarantee is lost).

    `width` is how many runs to ask the sampler for at once (a pool's tasks in flight): the next
    replications of every survivor are taken ahead in one batch, and screened one replication at a
    time as before, so the selection is the same whatever the width; runs of a system eliminated
    within the batch are wasted.
    """
    if k == 1:
        return Selection(0, (0,), (), (float("nan"),), True)
    sign = 1.0 if maximize else -1.0
    data = sign * np.asarray(sampler(range(n0), range(k)), dtype=float)
    h2 = 2.0 * eta(k, n0, confidence) * (n0 - 1)
    diffs = data[:, :, None] - data[:, None, :]
    s2 = diffs.var(axis=0, ddof=1)
    sums, counts = data.sum(axis=0), np.full(k, n0)
    alive, gone = list(range(k)), []
    ahead: dict[int, np.ndarray] = {}
    r = n0
    while True:
        alive, out = _screen(alive, sums / r, s2, h2, delta, r)
        gone.extend(out)
        if len(alive) == 1 or (max_replications is not None and r >= max_replications):
            break
        if r not in ahead:
            ahead = _take_ahead(sampler, alive, r, -(-width // len(alive)), max_replications, k)
        sums[alive] += sign * ahead.pop(r)[alive]
        r += 1
        counts[alive] = r
    means = sign * sums / counts
    best = max(alive, key=lambda i: sign * means[i])
    return Selection(best, tuple(int(c) for c in counts), tuple(gone), tuple(float(m) for m in means),
                     len(alive) == 1)


def _take_ahead(sampler: Sampler, alive: list[int], r: int, batch: int, cap: int | None,
                k: int) -> dict[int, np.ndarray]:
    """Replications r, r + 1, ... of the survivors in one call (never past the cap): row per replication."""
    n = batch if cap is None else min(batch, cap - r)
    rows = np.asarray(sampler(range(r, r + n), alive), dtype=float)
    out = {}
    for t in range(n):
        row = np.full(k, np.nan)
        row[alive] = rows[t]
        out[r + t] = row
    return out


def _screen(alive: list[int], means: np.ndarray, s2: np.ndarray, h2: float, delta: float,
            r: int) -> tuple[list[int], list[Elimination]]:
    """Keep i unless some survivor l has mean_l - mean_i > W_il(r) = max(0, delta/2r (h2 S2_il/delta^2 - r))."""
    keep, out = [], []
    for i in alive:
        worst = None
        for l in alive:  # noqa: E741  (KN's index l, as in the paper)
            if l == i:
                continue
            w = max(0.0, delta / (2 * r) * (h2 * s2[i, l] / delta**2 - r))
            gap = means[l] - means[i]
            if gap > w and (worst is None or gap - w > worst.gap - worst.allowance):
                worst = Elimination(i, r, l, float(gap), float(w))
        if worst is None:
            keep.append(i)
        else:
            out.append(worst)
    return keep, out


def fixed_sample_size(k: int, delta: float, sd_difference: float, confidence: float = 0.95) -> int:
    """Replications per system a one-shot comparison needs to separate the best by delta with the same
    confidence (Bonferroni over k - 1 paired differences, variance known): the benchmark KN beats."""
    z = float(norm.ppf(1.0 - (1.0 - confidence) / (k - 1)))
    return int(np.ceil((z * sd_difference / delta) ** 2))
