"""What a calibration's sample says: parameter intervals, correlations, the predictive band at each
target, and how much to trust it (effective sample size, acceptance, Monte Carlo error)."""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np

from sim.calibration.importance import (
    effective_sample_size, smoothed_quantile, weighted_correlation, weighted_quantile,
)
from sim.calibration.study import Posterior
from sim.config.calibration import Prior

class Priors(Protocol):
    """What a fit was over: its parameters' priors, by path."""

    @property
    def priors(self) -> dict[str, Prior]: ...

    @property
    def names(self) -> list[str]: ...

    @property
    def integers(self) -> tuple[bool, ...]: ...


class Fitted(Protocol):
    """A weighted sample of parameter points (a study's calibration, or the joint fit of the behaviour)."""

    @property
    def setup(self) -> Priors: ...

    @property
    def units(self) -> np.ndarray: ...

    @property
    def values(self) -> np.ndarray: ...

    @property
    def weights(self) -> np.ndarray: ...


QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
KEPT = 0.01  # a point "accepted": its weight is at least this share of the largest


def kept(w: np.ndarray) -> np.ndarray:
    """The points that carry weight in posterior.csv (the rest are ruled out)."""
    return w >= KEPT * w.max()


def predictive(sims: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Per target, QUANTILES of the figures over points and replications (each replication of a point
    weighs the point's weight shared): shape (targets, quantiles)."""
    reps = sims.shape[1]
    flat_w = np.repeat(w / reps, reps)
    return np.array([weighted_quantile(sims[:, :, k].ravel(), flat_w, QUANTILES) for k in range(sims.shape[2])])


def mc_error(sims: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Standard error of the weighted mean of each target that comes from sampling points and
    replications (importance-sampling delta method, replication noise added)."""
    means = sims.mean(axis=1)
    centre = np.average(means, axis=0, weights=w)
    within = sims.var(axis=1, ddof=1) / sims.shape[1]
    return np.sqrt(np.sum(w[:, None] ** 2 * ((means - centre) ** 2 + within), axis=0))


def parameters(post: Fitted) -> dict[str, dict[str, Any]]:
    """Per parameter: prior range, posterior mean and 5/50/95% quantiles (of the sample smoothed
    for its effective size, sim.calibration.importance.smoothed_quantile)."""
    out = {}
    for i, (name, prior) in enumerate(post.setup.priors.items()):
        q = prior.quantile(smoothed_quantile(post.units[:, i], post.weights, [0.05, 0.5, 0.95]))
        out[name] = {"prior_low": prior.low, "prior_high": prior.high, "distribution": prior.distribution,
                     "mean": float(np.average(post.values[:, i], weights=post.weights)),
                     "p05": float(q[0]), "median": float(q[1]), "p95": float(q[2])}
    return out


def correlations(post: Fitted) -> dict[str, float | None]:
    """Weighted correlation of each pair, on the prior's unit scale (log for a loguniform)."""
    names = post.setup.names
    corr = weighted_correlation(post.units, post.weights)
    return {f"{names[i]} ~ {names[j]}": _finite(corr[i, j])
            for i in range(len(names)) for j in range(i + 1, len(names))}


def diagnostics(post: Posterior, wall_seconds: float, runs_now: int) -> dict[str, Any]:
    """diagnostics.json: how far to trust the sample."""
    s = post.setup
    band = predictive(post.sims, post.weights)
    errors = mc_error(post.sims, post.weights)
    targets = [{"date": o.date.isoformat(), "firm": o.firm, "kpi": o.kpi, "observed": o.value,
                "mean": float(np.average(post.sims[:, :, k].mean(axis=1), weights=post.weights)),
                "mc_error": _finite(errors[k]),
                **{f"p{round(q * 100):02d}": _finite(v) for q, v in zip(QUANTILES, band[k])}}
               for k, o in enumerate(s.targets)]
    return {
        "method": "adaptive importance sampling, synthetic likelihood (sim/calibration/importance.py)",
        "runs_used": int(post.sims.shape[0] * post.sims.shape[1]), "runs_simulated_this_session": runs_now,
        "wall_time_seconds": round(wall_seconds, 1), "parameter_points": int(len(post.weights)),
        "replications_per_point": s.replications, "stages": post.stages,
        "effective_sample_size": effective_sample_size(post.weights),
        "acceptance": float(kept(post.weights).mean()),
        "acceptance_means": f"share of points with a weight of at least {KEPT:g} of the largest",
        "horizon_days": s.horizon_days, "quick": s.factor != 1.0,
        "parameters": parameters(post), "correlations": correlations(post), "targets": targets,
    }


def _finite(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None
